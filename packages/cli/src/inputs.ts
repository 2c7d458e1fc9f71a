// The inputs of a command, read the same way by every command: manifests from files, directories and
// stdin; the objects the command wants parsed with @metallb-ts/api's parseObject (defaults applied,
// unknown fields dropped); and every problem as one line naming the source, the object, the field and
// the rule, e.g. `pools.yaml#2: IPAddressPool metallb-system/a: spec.addresses[0]: ...`.
import { formatIssue, kinds, parseObject, type KindName, type KindObject, type ParseResult } from "@metallb-ts/api";
import type { CliIO } from "./io.js";
import { ManifestError, readManifests, type Manifest } from "./manifests.js";

/** An object parseObject accepted: `type` names its kind and version, `object` is typed accordingly. */
export type ParsedObject = Extract<ParseResult, { ok: true }>;

export interface ParsedInput {
  /** Where the object was read: "path#doc" or "<stdin>#n" (with `.items[i]` for List members). */
  readonly source: string;
  readonly parsed: ParsedObject;
  readonly name: string;
  /** metadata.namespace, or the command's default for namespaced kinds; undefined for cluster-scoped ones. */
  readonly namespace: string | undefined;
}

export interface ReadInputsOptions {
  /** Whether the command reads this raw object; the rest are skipped (a directory may hold anything). */
  readonly wanted: (manifest: Manifest) => boolean;
  /**
   * The namespace a namespaced object without one is taken to be in (like `kubectl apply -n`). It is
   * written into the object before parsing, so messages and duplicate checks use it. Undefined keeps it absent.
   */
  readonly defaultNamespace?: (type: KindName) => string | undefined;
}

export interface Inputs {
  /** In input order. */
  readonly objects: readonly ParsedInput[];
  readonly problems: readonly string[];
}

/** metadata.name and metadata.namespace of a raw (not yet parsed) object, for `wanted` filters and notes. */
export function rawMetadata(object: Readonly<Record<string, unknown>>): { name: string; namespace: string | undefined } {
  const meta = object["metadata"];
  const fields = (typeof meta === "object" && meta !== null ? meta : {}) as Record<string, unknown>;
  return {
    name: typeof fields["name"] === "string" ? fields["name"] : "",
    namespace: typeof fields["namespace"] === "string" ? fields["namespace"] : undefined,
  };
}

/** The raw object with the command's default namespace filled in, when its kind is namespaced and names none. */
function withDefaultNamespace(object: Readonly<Record<string, unknown>>, options: ReadInputsOptions): Readonly<Record<string, unknown>> {
  const entry = kinds.find((k) => k.resource.apiVersion === object["apiVersion"] && k.resource.kind === object["kind"]);
  const meta = object["metadata"];
  // A metadata that is not a mapping is left for the schema to report.
  if (!entry?.resource.namespaced || typeof meta !== "object" || meta === null || Array.isArray(meta)) return object;
  if (rawMetadata(object).namespace !== undefined) return object;
  const namespace = options.defaultNamespace?.(entry.type);
  return namespace === undefined ? object : { ...object, metadata: { ...meta, namespace } };
}

/**
 * Reads every PATH and parses the wanted objects. Unreadable or non-YAML input, schema violations,
 * objects without metadata.name and the same object given twice are all problems; the objects that
 * parsed are returned either way so a command can report everything at once.
 */
export function readInputs(paths: readonly string[], readStdin: () => string, options: ReadInputsOptions): Inputs {
  let manifests;
  try {
    manifests = readManifests(paths, readStdin);
  } catch (err) {
    if (err instanceof ManifestError) return { objects: [], problems: [err.message] };
    throw err;
  }
  const objects: ParsedInput[] = [];
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const manifest of manifests) {
    if (!options.wanted(manifest)) continue;
    const { object, source } = manifest;
    // Defaulted before parsing, so schema problems name the object as config errors later would.
    const result = parseObject(withDefaultNamespace(object, options));
    if (!result.ok) {
      problems.push(...result.errors.map((e) => `${source}: ${e.message}`));
      continue;
    }
    const { kind } = result;
    const { name = "", namespace } = result.object.metadata;
    if (name === "") {
      problems.push(`${source}: ${formatIssue({ kind, namespace: undefined, name, path: "metadata.name", detail: "required field is missing" })}`);
      continue;
    }
    // v1beta1 and v1beta2 BGPPeers are one object: the key uses the kind, not the version.
    const key = `${kind} ${namespace ?? ""}/${name}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      problems.push(`${source}: ${formatIssue({ kind, namespace, name, path: "metadata.name", detail: `duplicate object (also in ${earlier})` })}`);
      continue;
    }
    seen.set(key, source);
    objects.push({ source, parsed: result, name, namespace });
  }
  return { objects, problems };
}

/** A parsed object whose metadata.name is known to be set (readInputs rejects objects without one). */
export type NamedObject<K extends KindName> = KindObject<K> & { metadata: { name: string } };

/** The objects of one kind and version, in input order, typed for that kind. */
export function objectsOfType<K extends KindName>(objects: readonly ParsedInput[], type: K): NamedObject<K>[] {
  // `parsed.type === type` is what ties the object to KindObject<K>; TS cannot narrow a generic union.
  return objects.flatMap(({ parsed, name }) =>
    parsed.type === type ? [{ ...parsed.object, metadata: { ...parsed.object.metadata, name } } as NamedObject<K>] : [],
  );
}

/** `metallb-ts <command>: invalid input:` and one indented line per problem. */
export function reportInvalidInput(io: CliIO, command: string, problems: readonly string[]): void {
  io.stderr(`metallb-ts ${command}: invalid input:\n${problems.map((p) => `  ${p}\n`).join("")}`);
}

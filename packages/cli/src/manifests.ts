// Reading Kubernetes manifests from files, directories and stdin, the same way for every command.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";

/** One object read from input, with where it came from for error messages. */
export interface Manifest {
  readonly object: Record<string, unknown>;
  /** "path#doc-index" (1-based) or "<stdin>#n". */
  readonly source: string;
}

export class ManifestError extends Error {
  override readonly name = "ManifestError";
}

/** The YAML engine recurses per nesting level: a stack overflow means the input nests too deeply. */
function tooDeep(err: unknown): boolean {
  return err instanceof RangeError && /call stack/i.test(err.message);
}

const MANIFEST_EXTENSIONS = [".yaml", ".yml", ".json"];

/** Expands a directory to every manifest file below it, sorted so results do not depend on readdir order. */
function expandPath(path: string): string[] {
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st) throw new ManifestError(`${path}: no such file or directory`);
  if (!st.isDirectory()) return [path];
  const out: string[] = [];
  for (const entry of readdirSync(path).sort()) {
    const child = join(path, entry);
    const cst = statSync(child);
    if (cst.isDirectory()) out.push(...expandPath(child));
    else if (MANIFEST_EXTENSIONS.some((ext) => entry.endsWith(ext))) out.push(child);
  }
  return out;
}

/** Parses YAML/JSON text holding one or more documents; `kind: List` items are flattened. */
export function parseManifests(text: string, origin: string): Manifest[] {
  const out: Manifest[] = [];
  // maxAliasCount guards against alias ("billion laughs") bombs; uniqueKeys rejects duplicate keys.
  let docs: ReturnType<typeof parseAllDocuments>;
  try {
    docs = parseAllDocuments(text, { uniqueKeys: true, prettyErrors: false });
  } catch (err) {
    throw new ManifestError(`${origin}: invalid YAML: ${tooDeep(err) ? "nested too deeply" : (err as Error).message}`);
  }
  const list = Array.isArray(docs) ? docs : [docs];
  list.forEach((doc, i) => {
    const where = `${origin}#${i + 1}`;
    if (doc.errors.length > 0) {
      const message = doc.errors[0]?.message ?? "parse error";
      throw new ManifestError(`${where}: invalid YAML: ${/call stack/i.test(message) ? "nested too deeply" : message}`);
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (err) {
      throw new ManifestError(`${where}: invalid YAML: ${tooDeep(err) ? "nested too deeply" : (err as Error).message}`);
    }
    if (value === null || value === undefined) return; // empty document between "---"
    if (typeof value !== "object" || Array.isArray(value)) {
      throw new ManifestError(`${where}: expected a Kubernetes object (a mapping), got ${Array.isArray(value) ? "a list" : typeof value}`);
    }
    const obj = value as Record<string, unknown>;
    if (typeof obj["kind"] === "string" && obj["kind"].endsWith("List") && Array.isArray(obj["items"])) {
      (obj["items"] as unknown[]).forEach((item, j) => {
        if (item === null || typeof item !== "object" || Array.isArray(item)) {
          throw new ManifestError(`${where}: items[${j}]: expected a Kubernetes object`);
        }
        out.push({ object: item as Record<string, unknown>, source: `${where}.items[${j}]` });
      });
      return;
    }
    out.push({ object: obj, source: where });
  });
  return out;
}

/** Reads every PATH ("-" is stdin) in order; the order of objects is the order of the inputs. */
export function readManifests(paths: readonly string[], readStdin: () => string): Manifest[] {
  if (paths.length === 0) throw new ManifestError("no input: pass -f PATH (a file, a directory, or - for stdin)");
  const out: Manifest[] = [];
  for (const p of paths) {
    if (p === "-") {
      out.push(...parseManifests(readStdin(), "<stdin>"));
      continue;
    }
    for (const file of expandPath(p)) {
      let text: string;
      try {
        text = readFileSync(file, "utf8");
      } catch (err) {
        throw new ManifestError(`${file}: cannot read: ${(err as Error).message}`);
      }
      out.push(...parseManifests(text, file));
    }
  }
  return out;
}

// parseObject: validate any object we know by apiVersion + kind, with errors that name the object, the
// field path and the rule.
import type { z } from "zod";
import { kinds } from "./registry.js";
import type { KindName, KindObject } from "./registry.js";
import { ruleParam } from "./schema-helpers.js";

export interface ApiIssue {
  /** Kind of the object (as written in it, or "Object" when missing). */
  kind: string;
  namespace: string | undefined;
  /** metadata.name, else metadata.generateName, else "". */
  name: string;
  /** Field path like `spec.addresses[2]`; "" for the object itself. */
  path: string;
  /** Short rule name: required, type, enum, minimum, maximum, minItems, pattern, format:<f>, cel:<name>, ... */
  rule: string;
  /** What is wrong, without the object and path prefix. */
  detail: string;
  /** Everything above in one line: `IPAddressPool ns/name: spec.addresses[2]: <detail>`. */
  message: string;
}

export type ParseResult =
  | { [K in KindName]: { ok: true; type: K; kind: KindObject<K>["kind"]; object: KindObject<K> } }[KindName]
  | { ok: false; errors: ApiIssue[] };

/** `Kind ns/name: path: detail` (the namespace part is left out for cluster-scoped or namespace-less objects). */
export function formatIssue(issue: Pick<ApiIssue, "kind" | "namespace" | "name" | "path" | "detail">): string {
  const who = issue.namespace === undefined || issue.namespace === "" ? issue.name : `${issue.namespace}/${issue.name}`;
  return [who === "" ? issue.kind : `${issue.kind} ${who}`, ...(issue.path === "" ? [] : [issue.path]), issue.detail].join(": ");
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (typeof segment === "string" && /^[A-Za-z_$][\w$]*$/.test(segment)) out += out === "" ? segment : `.${segment}`;
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out;
}

function describe(value: unknown): string {
  if (value === undefined) return "undefined";
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value === "object" ? "object" : JSON.stringify(value);
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

function ruleAndDetail(issue: z.core.$ZodIssue): { rule: string; detail: string } {
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case "invalid_type":
      if (input === undefined) return { rule: "required", detail: "required field is missing" };
      // Scalars are shown with their value ("got string \"64512\""); containers and null by kind only.
      return { rule: "type", detail: input !== null && typeof input !== "object" ? `expected ${issue.expected}, got ${typeName(input)} ${describe(input)}` : `expected ${issue.expected}, got ${typeName(input)}` };
    case "too_small":
    case "too_big": {
      const small = issue.code === "too_small";
      const bound = small ? (issue as { minimum: number | bigint }).minimum : (issue as { maximum: number | bigint }).maximum;
      const op = small ? ">=" : "<=";
      if (issue.origin === "array" || issue.origin === "set") {
        return { rule: small ? "minItems" : "maxItems", detail: `has ${(input as unknown[] | undefined)?.length ?? "?"} items, must have ${small ? "at least" : "at most"} ${bound}` };
      }
      if (issue.origin === "string") {
        return { rule: small ? "minLength" : "maxLength", detail: `${describe(input)} is ${small ? "too short" : "too long"}: length must be ${op} ${bound}` };
      }
      return { rule: small ? "minimum" : "maximum", detail: `${describe(input)} is out of range: must be ${op} ${bound}` };
    }
    case "invalid_value":
      return { rule: "enum", detail: `${describe(input)} is not one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}` };
    case "invalid_format":
      return issue.format === "regex"
        ? { rule: "pattern", detail: `${describe(input)} does not match ${(issue as { pattern?: string }).pattern ?? "the pattern"}` }
        : { rule: `format:${issue.format}`, detail: `${describe(input)} is not a valid ${issue.format}` };
    case "unrecognized_keys":
      return { rule: "unknown-field", detail: `unknown fields ${issue.keys.join(", ")}` };
    case "custom": {
      const rule = (issue.params as Record<string, unknown> | undefined)?.[ruleParam];
      return { rule: typeof rule === "string" ? rule : "custom", detail: issue.message };
    }
    default:
      return { rule: issue.code, detail: issue.message };
  }
}

interface ObjectIdentity {
  kind: string;
  namespace: string | undefined;
  name: string;
}

function identityOf(obj: unknown): ObjectIdentity {
  const record = (typeof obj === "object" && obj !== null ? obj : {}) as Record<string, unknown>;
  const metadata = (typeof record["metadata"] === "object" && record["metadata"] !== null ? record["metadata"] : {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === "string" ? v : undefined);
  return {
    kind: str(record["kind"]) ?? "Object",
    namespace: str(metadata["namespace"]),
    name: str(metadata["name"]) ?? str(metadata["generateName"]) ?? "",
  };
}

function issue(identity: ObjectIdentity, path: string, rule: string, detail: string): ApiIssue {
  const parts = { ...identity, path, rule, detail };
  return { ...parts, message: formatIssue(parts) };
}

export interface ParseOptions {
  /**
   * Report fields the schema does not know (rule `unknown-field`), as `kubectl apply` does with its
   * default strict field validation. Off by default: like the API server's pruning, unknown fields are
   * then dropped silently, which keeps readers tolerant of newer upstream CRDs.
   */
  strict?: boolean;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Paths of keys present in `input` but dropped from `output` by parsing: the fields no schema knows. */
function droppedFields(input: unknown, output: unknown, path: PropertyKey[] = []): PropertyKey[][] {
  if (Array.isArray(input) && Array.isArray(output)) {
    return input.flatMap((item, i) => droppedFields(item, output[i], [...path, i]));
  }
  if (!isPlainObject(input) || !isPlainObject(output)) return [];
  return Object.keys(input).flatMap((key) =>
    Object.hasOwn(output, key) ? droppedFields(input[key], output[key], [...path, key]) : [[...path, key]],
  );
}

/** Validates `obj` with `schema`, reporting issues against the object's identity. */
export function parseWithSchema<S extends z.ZodType>(
  schema: S,
  obj: unknown,
  options: ParseOptions = {},
): { ok: true; object: z.output<S> } | { ok: false; errors: ApiIssue[] } {
  const result = schema.safeParse(obj, { reportInput: true });
  const identity = identityOf(obj);
  if (result.success) {
    const unknown = options.strict === true ? droppedFields(obj, result.data) : [];
    if (unknown.length === 0) return { ok: true, object: result.data };
    return {
      ok: false,
      errors: unknown.map((path) => issue(identity, formatPath(path), "unknown-field", `unknown field ${JSON.stringify(String(path.at(-1)))}`)),
    };
  }
  return {
    ok: false,
    errors: result.error.issues.map((zodIssue) => {
      const { rule, detail } = ruleAndDetail(zodIssue);
      return issue(identity, formatPath(zodIssue.path), rule, detail);
    }),
  };
}

/** Dispatches on apiVersion + kind to the matching schema; unknown kinds are an error. */
export function parseObject(obj: unknown, options: ParseOptions = {}): ParseResult {
  const identity = identityOf(obj);
  const record = (typeof obj === "object" && obj !== null ? obj : {}) as Record<string, unknown>;
  const apiVersion = record["apiVersion"];
  const entry = kinds.find((k) => k.resource.apiVersion === apiVersion && k.resource.kind === record["kind"]);
  if (entry === undefined) {
    const detail =
      typeof obj !== "object" || obj === null || Array.isArray(obj)
        ? `expected a Kubernetes object, got ${typeName(obj)}`
        : `unknown apiVersion/kind ${JSON.stringify(apiVersion)}/${JSON.stringify(record["kind"])}`;
    return { ok: false, errors: [issue(identity, "", "kind", detail)] };
  }
  const result = parseWithSchema(entry.schema, obj, options);
  if (!result.ok) return result;
  return { ok: true, type: entry.type, kind: entry.resource.kind, object: result.object } as ParseResult;
}

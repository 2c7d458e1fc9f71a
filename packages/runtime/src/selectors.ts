// Label and field selector strings (the API server's query syntax), parsed so in-memory code (the fake
// client) filters exactly like the server does for the forms we use.

export type LabelRequirement =
  | { readonly op: "=" | "!="; readonly key: string; readonly value: string }
  | { readonly op: "in" | "notin"; readonly key: string; readonly values: readonly string[] }
  | { readonly op: "exists" | "!exists"; readonly key: string };

export class SelectorSyntaxError extends Error {
  override name = "SelectorSyntaxError";
  readonly kind = "selector-syntax" as const;
}

/** Splits on commas that are not inside parentheses: "a in (x,y),b" -> ["a in (x,y)", "b"]. */
function splitTopLevel(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = "";
  for (const ch of selector) {
    if (ch === "(") depth++;
    if (ch === ")") depth--;
    if (ch === "," && depth === 0) {
      parts.push(current);
      current = "";
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p !== "");
}

const setRequirement = /^([^\s!=()]+)\s+(in|notin)\s+\(([^)]*)\)$/;
const equalityRequirement = /^([^\s!=()]+)\s*(==|=|!=)\s*([^\s,()]*)$/;
const existsRequirement = /^(!?)([^\s!=()]+)$/;

export function parseLabelSelector(selector: string): LabelRequirement[] {
  return splitTopLevel(selector).map((part) => {
    const set = setRequirement.exec(part);
    if (set) {
      const values = (set[3] ?? "").split(",").map((v) => v.trim()).filter((v) => v !== "");
      return { op: set[2] as "in" | "notin", key: set[1] as string, values };
    }
    const eq = equalityRequirement.exec(part);
    if (eq) return { op: eq[2] === "!=" ? "!=" : "=", key: eq[1] as string, value: eq[3] ?? "" };
    const exists = existsRequirement.exec(part);
    if (exists) return { op: exists[1] === "!" ? "!exists" : "exists", key: exists[2] as string };
    throw new SelectorSyntaxError(`invalid label selector requirement "${part}" in "${selector}"`);
  });
}

export function matchesLabelRequirements(requirements: readonly LabelRequirement[], labels: Readonly<Record<string, string>> | undefined): boolean {
  const l = labels ?? {};
  return requirements.every((r) => {
    const has = Object.hasOwn(l, r.key);
    const value = l[r.key];
    switch (r.op) {
      case "=":
        return has && value === r.value;
      case "!=":
        return !has || value !== r.value;
      case "in":
        return has && r.values.includes(value as string);
      case "notin":
        return !has || !r.values.includes(value as string);
      case "exists":
        return has;
      case "!exists":
        return !has;
    }
  });
}

export interface FieldRequirement {
  readonly op: "=" | "!=";
  /** Dotted path into the object: "metadata.name", "spec.nodeName". */
  readonly field: string;
  readonly value: string;
}

export function parseFieldSelector(selector: string): FieldRequirement[] {
  return splitTopLevel(selector).map((part) => {
    const eq = equalityRequirement.exec(part);
    if (!eq) throw new SelectorSyntaxError(`invalid field selector requirement "${part}" in "${selector}"`);
    return { op: eq[2] === "!=" ? "!=" : "=", field: eq[1] as string, value: eq[3] ?? "" };
  });
}

function fieldValue(obj: unknown, path: string): string {
  let cur: unknown = obj;
  for (const segment of path.split(".")) {
    if (cur === null || typeof cur !== "object") return "";
    cur = (cur as Record<string, unknown>)[segment];
  }
  return cur === undefined || cur === null ? "" : String(cur);
}

/** Field selectors compare the string form of a field; a missing field is "" (as the server does). */
export function matchesFieldRequirements(requirements: readonly FieldRequirement[], obj: unknown): boolean {
  return requirements.every((r) => (fieldValue(obj, r.field) === r.value) === (r.op === "="));
}

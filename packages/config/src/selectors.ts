// Kubernetes label selectors: matching, validation (as metav1.LabelSelectorAsSelector does) and
// the duplicate checks MetalLB applies to every selector list.
// TODO(api): use matchesLabelSelector from @metallb-ts/api once it exists.
import type { LabelSelector, LabelSelectorRequirement } from "./resources.js";

export type Labels = Readonly<Record<string, string>> | undefined;

function requirementMatches(req: LabelSelectorRequirement, labels: Labels): boolean {
  const has = labels !== undefined && Object.prototype.hasOwnProperty.call(labels, req.key);
  const value = has ? labels[req.key] : undefined;
  const values = req.values ?? [];
  switch (req.operator) {
    case "In":
      return has && values.includes(value as string);
    case "NotIn":
      return !has || !values.includes(value as string);
    case "Exists":
      return has;
    case "DoesNotExist":
      return !has;
    default:
      return false;
  }
}

/** matchLabels AND every matchExpression; the empty selector matches everything. */
export function matchesLabelSelector(selector: LabelSelector, labels: Labels): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
    if (labels?.[k] !== v) return false;
  }
  return (selector.matchExpressions ?? []).every((r) => requirementMatches(r, labels));
}

/** MetalLB's OR over a selector list; an empty list matches everything. */
export function matchesAnySelector(selectors: readonly LabelSelector[] | undefined, labels: Labels): boolean {
  if (!selectors || selectors.length === 0) return true;
  return selectors.some((s) => matchesLabelSelector(s, labels));
}

const OPERATORS = new Set(["In", "NotIn", "Exists", "DoesNotExist"]);

/** Returns why the selector cannot be converted to a label selector, or undefined when it can. */
export function selectorProblem(selector: LabelSelector): string | undefined {
  for (const r of selector.matchExpressions ?? []) {
    if (!OPERATORS.has(r.operator)) return `${JSON.stringify(r.operator)} is not a valid label selector operator`;
    const n = r.values?.length ?? 0;
    if ((r.operator === "In" || r.operator === "NotIn") && n === 0) {
      return `values: for 'In', 'NotIn' operators, values set can't be empty (key ${JSON.stringify(r.key)})`;
    }
    if ((r.operator === "Exists" || r.operator === "DoesNotExist") && n > 0) {
      return `values: values set must be empty for 'Exists', 'DoesNotExist' (key ${JSON.stringify(r.key)})`;
    }
  }
  return undefined;
}

/** A canonical text for a selector: equal selectors (up to value order) give equal texts. */
export function selectorText(selector: LabelSelector): string {
  const labels = Object.entries(selector.matchLabels ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`);
  const exprs = (selector.matchExpressions ?? []).map(requirementText);
  return `{${[...labels, ...exprs].join(",")}}`;
}

function requirementText(r: LabelSelectorRequirement): string {
  const values = [...(r.values ?? [])].sort();
  return values.length > 0 ? `${r.key} ${r.operator} (${values.join(",")})` : `${r.key} ${r.operator}`;
}

/**
 * The selector-list hygiene every MetalLB kind applies: no duplicate selector in the list, no
 * duplicate expression inside a selector, no duplicate value inside an expression, and every
 * selector valid. Returns the first problem, already phrased.
 */
export function selectorListProblem(selectors: readonly LabelSelector[] | undefined, listName: string): string | undefined {
  const seen = new Set<string>();
  for (const sel of selectors ?? []) {
    const exprSeen = new Set<string>();
    for (const r of sel.matchExpressions ?? []) {
      const dupValue = firstDuplicate(r.values ?? []);
      if (dupValue !== undefined) {
        return `duplicate definition of match expression value in label selector ${JSON.stringify(dupValue)}`;
      }
      const t = requirementText(r);
      if (exprSeen.has(t)) return `duplicate definition of match expressions ${JSON.stringify(t)}`;
      exprSeen.add(t);
    }
    const text = selectorText(sel);
    if (seen.has(text)) return `duplicate definition of ${listName} ${JSON.stringify(text)}`;
    seen.add(text);
    const problem = selectorProblem(sel);
    if (problem) return `invalid ${listName} ${text}: ${problem}`;
  }
  return undefined;
}

export function firstDuplicate(values: readonly string[]): string | undefined {
  const seen = new Set<string>();
  for (const v of values) {
    if (seen.has(v)) return v;
    seen.add(v);
  }
  return undefined;
}

/** Names of the objects matching any selector; with no selectors, every object. */
export function selectNames<T extends { metadata: { name: string; labels?: Labels } }>(
  objects: readonly T[],
  selectors: readonly LabelSelector[] | undefined,
): Set<string> {
  return new Set(objects.filter((o) => matchesAnySelector(selectors, o.metadata.labels)).map((o) => o.metadata.name));
}

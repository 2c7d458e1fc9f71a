// Kubernetes label selectors as MetalLB uses them: matching (@metallb-ts/api), the operator/values
// rules of metav1.LabelSelectorAsSelector (@metallb-ts/allocator, shared with pool parsing), and the
// duplicate checks MetalLB applies to every selector list.
import { labelSelectorProblem } from "@metallb-ts/allocator";
import {
  formatLabelSelector,
  matchesAnySelector as apiMatchesAnySelector,
  matchesLabelSelector as apiMatchesLabelSelector,
  type LabelSelector as ApiLabelSelector,
} from "@metallb-ts/api";
import type { LabelSelector, LabelSelectorRequirement } from "./resources.js";

export type Labels = Readonly<Record<string, string>> | undefined;

/**
 * Config's views hold read-only arrays; the api's zod type declares mutable ones. The shapes are
 * otherwise the same, and the api and allocator functions fed through here only read the selector.
 */
function asApiSelector(selector: LabelSelector): ApiLabelSelector {
  return selector as ApiLabelSelector;
}

function asApiSelectors(selectors: readonly LabelSelector[] | undefined): readonly ApiLabelSelector[] | undefined {
  return selectors as readonly ApiLabelSelector[] | undefined;
}

/** matchLabels AND every matchExpression; the empty selector matches everything, an invalid one nothing. */
export function matchesLabelSelector(selector: LabelSelector, labels: Labels): boolean {
  return apiMatchesLabelSelector(asApiSelector(selector), labels);
}

/** MetalLB's OR over a selector list; an empty list matches everything. */
export function matchesAnySelector(selectors: readonly LabelSelector[] | undefined, labels: Labels): boolean {
  return apiMatchesAnySelector(asApiSelectors(selectors), labels);
}

/** Returns why the selector cannot be converted to a label selector, or undefined when it can. */
export function selectorProblem(selector: LabelSelector): string | undefined {
  return labelSelectorProblem(asApiSelector(selector));
}

/** A canonical text for a selector (kubectl's form): equal selectors (up to order) give equal texts. */
export function selectorText(selector: LabelSelector): string {
  return formatLabelSelector(asApiSelector(selector));
}

function requirementText(r: LabelSelectorRequirement): string {
  return selectorText({ matchExpressions: [r] });
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
    if (problem) return `invalid ${listName} ${JSON.stringify(text)}: ${problem}`;
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

// Label selectors: @metallb-ts/api owns the type and the matcher; pools built without the api schema
// (tests, other callers) still get their operator/values rules checked here.
import type { LabelSelector } from "@metallb-ts/api";

export type { LabelSelector };
export type Labels = Readonly<Record<string, string>>;

/** Why a selector cannot be built (operator/values rules of metav1.LabelSelectorAsSelector), or undefined. */
export function labelSelectorProblem(selector: LabelSelector): string | undefined {
  for (const { key, operator, values = [] } of selector.matchExpressions ?? []) {
    if (operator === "In" || operator === "NotIn") {
      if (values.length === 0) return `matchExpressions key ${JSON.stringify(key)}: operator ${operator} needs at least one value`;
    } else if (operator === "Exists" || operator === "DoesNotExist") {
      if (values.length > 0) return `matchExpressions key ${JSON.stringify(key)}: operator ${operator} takes no values`;
    } else {
      return `matchExpressions key ${JSON.stringify(key)}: ${JSON.stringify(operator)} is not a valid operator`;
    }
  }
  return undefined;
}

// Label selectors as the allocator needs them: the structural shape of metav1.LabelSelector plus a matcher.
// TEMPORARY: @metallb-ts/api is to export `LabelSelector` and `matchesLabelSelector`; switch to those
// once its index exports them.

export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>> | undefined;
  readonly matchExpressions?:
    | readonly { readonly key: string; readonly operator: string; readonly values?: readonly string[] | undefined }[]
    | undefined;
}

export type Labels = Readonly<Record<string, string>>;

/** AND of all matchLabels and matchExpressions; an invalid requirement matches nothing. */
export function matchesLabelSelector(selector: LabelSelector, labels: Labels): boolean {
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[key] !== value) return false;
  }
  for (const { key, operator, values = [] } of selector.matchExpressions ?? []) {
    const present = Object.hasOwn(labels, key);
    const value = labels[key] ?? "";
    switch (operator) {
      case "In":
        if (values.length === 0 || !present || !values.includes(value)) return false;
        break;
      case "NotIn":
        if (values.length === 0 || (present && values.includes(value))) return false;
        break;
      case "Exists":
        if (values.length > 0 || !present) return false;
        break;
      case "DoesNotExist":
        if (values.length > 0 || present) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

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

/** A canonical text for duplicate detection and messages: `k=v,k2 in (a,b)`, sorted. */
export function selectorText(selector: LabelSelector): string {
  const parts = Object.entries(selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const { key, operator, values = [] } of selector.matchExpressions ?? []) {
    parts.push(`${key} ${operator} (${[...values].sort().join(",")})`);
  }
  return parts.sort().join(",");
}

// Which FRRConfigurations apply to a node: the ones whose spec.nodeSelector matches its labels.
// An absent or empty selector selects every node. A selector Kubernetes would refuse to build is
// an error for that configuration (upstream fails the whole reconcile).
import { ConfigError } from "./errors.js";
import type { FRRConfigurationInput, LabelSelectorInput, NodeInput } from "./resources.js";

function selectorProblem(selector: LabelSelectorInput): string | undefined {
  for (const req of selector.matchExpressions ?? []) {
    const values = req.values ?? [];
    switch (req.operator) {
      case "In":
      case "NotIn":
        if (values.length === 0) return `values: Invalid value: []: for 'in', 'notin' operators, values set can't be empty (key ${req.key})`;
        break;
      case "Exists":
      case "DoesNotExist":
        if (values.length > 0) return `values: Invalid value: for 'exists', 'doesnotexist' operators, values set must be empty (key ${req.key})`;
        break;
      default:
        return `"${req.operator}" is not a valid label selector operator (key ${req.key})`;
    }
  }
  return undefined;
}

function matches(selector: LabelSelectorInput, labels: Readonly<Record<string, string>>): boolean {
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[key] !== value) return false;
  }
  return (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
    const present = Object.hasOwn(labels, key);
    switch (operator) {
      case "In":
        return present && values.includes(labels[key] as string);
      case "NotIn":
        return !present || !values.includes(labels[key] as string);
      case "Exists":
        return present;
      default:
        return !present; // DoesNotExist; other operators were rejected by selectorProblem
    }
  });
}

export interface NodeSelection<T extends FRRConfigurationInput> {
  readonly selected: T[];
  /** One per configuration whose nodeSelector is invalid. */
  readonly errors: ConfigError[];
}

/** The configurations selecting `node`, in input order. */
export function configurationsForNode<T extends FRRConfigurationInput>(configs: readonly T[], node: NodeInput): NodeSelection<T> {
  const selected: T[] = [];
  const errors: ConfigError[] = [];
  const labels = node.labels ?? {};
  for (const cfg of configs) {
    const selector = cfg.spec?.nodeSelector ?? {};
    const problem = selectorProblem(selector);
    const ns = cfg.metadata.namespace ?? "";
    const name = cfg.metadata.name ?? "";
    if (problem !== undefined) {
      errors.push(new ConfigError({ namespace: ns, name, path: "spec.nodeSelector" }, `could not parse nodeSelector for FRRConfiguration ${ns}/${name}, err: ${problem}`));
      continue;
    }
    if (matches(selector, labels)) selected.push(cfg);
  }
  return { selected, errors };
}

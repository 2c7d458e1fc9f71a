// Shared Kubernetes object parts: ObjectMeta, LabelSelector (+ matching), Condition, SecretReference.
import { z } from "zod";
import { ruleParam } from "./schema-helpers.js";

const stringMap = () => z.record(z.string(), z.string());

export const OwnerReferenceSchema = z.looseObject({
  apiVersion: z.string(),
  kind: z.string(),
  name: z.string(),
  uid: z.string(),
  controller: z.boolean().optional(),
  blockOwnerDeletion: z.boolean().optional(),
});
export type OwnerReference = z.infer<typeof OwnerReferenceSchema>;

/** The metadata fields MetalLB and frr-k8s read; unknown fields (managedFields, ...) pass through. */
export const ObjectMetaSchema = z.looseObject({
  name: z.string().optional(),
  generateName: z.string().optional(),
  namespace: z.string().optional(),
  uid: z.string().optional(),
  resourceVersion: z.string().optional(),
  generation: z.number().int().optional(),
  creationTimestamp: z.string().optional(),
  deletionTimestamp: z.string().optional(),
  labels: stringMap().optional(),
  annotations: stringMap().optional(),
  ownerReferences: z.array(OwnerReferenceSchema).optional(),
  finalizers: z.array(z.string()).optional(),
});
export type ObjectMeta = z.infer<typeof ObjectMetaSchema>;

/** apiVersion, kind and metadata of a kind's object schema. */
export function objectFields<A extends string, K extends string>(apiVersion: A, kind: K) {
  return { apiVersion: z.literal(apiVersion), kind: z.literal(kind), metadata: ObjectMetaSchema };
}

/** Status (or spec) objects upstream declares without fields. */
export const EmptyObjectSchema = z.object({});

export const LabelSelectorOperator = {
  In: "In",
  NotIn: "NotIn",
  Exists: "Exists",
  DoesNotExist: "DoesNotExist",
} as const;
export type LabelSelectorOperator = (typeof LabelSelectorOperator)[keyof typeof LabelSelectorOperator];
const operators: readonly string[] = Object.values(LabelSelectorOperator);

/** Rules metav1.LabelSelectorAsSelector enforces; the CRDs (like upstream's) leave `operator` a free string. */
function requirementProblem(operator: string, values: readonly string[] | undefined): string | undefined {
  if (!operators.includes(operator)) return `${JSON.stringify(operator)} is not a valid label selector operator (In, NotIn, Exists, DoesNotExist)`;
  const count = values?.length ?? 0;
  if ((operator === "In" || operator === "NotIn") && count === 0) return `operator ${operator} needs at least one value`;
  if ((operator === "Exists" || operator === "DoesNotExist") && count > 0) return `operator ${operator} takes no values`;
  return undefined;
}

export const LabelSelectorRequirementSchema = z
  .object({
    key: z.string(),
    operator: z.string(),
    values: z.array(z.string()).meta({ "x-kubernetes-list-type": "atomic" }).optional(),
  })
  .superRefine((req, ctx) => {
    const why = requirementProblem(req.operator, req.values);
    if (why !== undefined) ctx.addIssue({ code: "custom", message: why, path: ["operator"], input: req, params: { [ruleParam]: "label-selector" } });
  });
export type LabelSelectorRequirement = z.infer<typeof LabelSelectorRequirementSchema>;

export const LabelSelectorSchema = z
  .object({
    matchLabels: stringMap().optional(),
    matchExpressions: z.array(LabelSelectorRequirementSchema).meta({ "x-kubernetes-list-type": "atomic" }).optional(),
  })
  .meta({ "x-kubernetes-map-type": "atomic" });
export type LabelSelector = z.infer<typeof LabelSelectorSchema>;

/**
 * v1beta1 BGPPeer's own selector type: same shape, but in the CRD `key`, `operator` and `values` are all
 * required and `values` needs at least one item, whatever the operator.
 */
export const LegacyNodeSelectorSchema = z.object({
  matchLabels: stringMap().optional(),
  matchExpressions: z
    .array(
      z.object({
        key: z.string(),
        operator: z.string(),
        values: z.array(z.string()).min(1),
      }),
    )
    .optional(),
});
export type LegacyNodeSelector = z.infer<typeof LegacyNodeSelectorSchema>;

/**
 * Whether `labels` satisfy `selector`: every matchLabels pair and every matchExpressions requirement
 * (AND). An empty selector matches everything. An absent selector is treated like an empty one, which is
 * what every single-selector field in MetalLB and frr-k8s means (e.g. FRRConfiguration
 * `spec.nodeSelector`, L2Advertisement `preferredNodeSelectors[].preference`). A requirement with an
 * unknown operator or a wrong number of values matches nothing (upstream refuses to build the selector).
 */
export function matchesLabelSelector(
  selector: Pick<LabelSelector, "matchLabels" | "matchExpressions"> | undefined,
  labels: Readonly<Record<string, string>> | undefined,
): boolean {
  if (selector === undefined) return true;
  const have = labels ?? {};
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (have[key] !== value) return false;
  }
  for (const { key, operator, values } of selector.matchExpressions ?? []) {
    if (requirementProblem(operator, values) !== undefined) return false;
    const present = Object.hasOwn(have, key);
    const value = have[key];
    switch (operator) {
      case "In":
        if (!present || !(values ?? []).includes(value ?? "")) return false;
        break;
      case "NotIn":
        if (present && (values ?? []).includes(value ?? "")) return false;
        break;
      case "Exists":
        if (!present) return false;
        break;
      case "DoesNotExist":
        if (present) return false;
        break;
    }
  }
  return true;
}

/**
 * MetalLB's list-of-selectors semantics: an absent or empty list matches everything; otherwise the
 * labels must match at least one selector (OR), and an empty selector `{}` in the list matches everything.
 */
export function matchesAnySelector(
  selectors: readonly Pick<LabelSelector, "matchLabels" | "matchExpressions">[] | undefined,
  labels: Readonly<Record<string, string>> | undefined,
): boolean {
  if (selectors === undefined || selectors.length === 0) return true;
  return selectors.some((selector) => matchesLabelSelector(selector, labels));
}

/** The selector in kubectl's string form (`a=b,c in (x,y),!d`), keys sorted; `""` for the empty selector. */
export function formatLabelSelector(selector: Pick<LabelSelector, "matchLabels" | "matchExpressions">): string {
  const parts: { key: string; text: string }[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) parts.push({ key, text: `${key}=${value}` });
  for (const { key, operator, values } of selector.matchExpressions ?? []) {
    const list = [...(values ?? [])].sort().join(",");
    const text =
      operator === "In" ? `${key} in (${list})` :
      operator === "NotIn" ? `${key} notin (${list})` :
      operator === "Exists" ? key :
      operator === "DoesNotExist" ? `!${key}` : `${key} ${operator} (${list})`;
    parts.push({ key, text });
  }
  return parts
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.text < b.text ? -1 : a.text > b.text ? 1 : 0))
    .map((p) => p.text)
    .join(",");
}

/** metav1.Condition, as written by ConfigurationState reporters. */
export const ConditionSchema = z.object({
  type: z
    .string()
    .max(316)
    .regex(/^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$/),
  status: z.enum(["True", "False", "Unknown"]),
  observedGeneration: z.number().int().min(0).meta({ format: "int64" }).optional(),
  lastTransitionTime: z.string().meta({ format: "date-time" }),
  reason: z
    .string()
    .min(1)
    .max(1024)
    .regex(/^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$/),
  message: z.string().max(32768),
});
export type Condition = z.infer<typeof ConditionSchema>;

/** core/v1 SecretReference; an atomic map in the CRDs. */
export const SecretReferenceSchema = z
  .object({ name: z.string().optional(), namespace: z.string().optional() })
  .meta({ "x-kubernetes-map-type": "atomic" });
export type SecretReference = z.infer<typeof SecretReferenceSchema>;

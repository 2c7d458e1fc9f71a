// The metallb.io admission rules (spec/metallb.md §5.2-5.3): decode the candidate, put it in the
// list of its kind (replacing the stored version), and run @metallb-ts/config's admissionErrors, the
// same configFor the controller and speakers run, with transient fields blanked. Pure: the lists of
// existing objects are handed in by the caller (read from the API, not from a cache).
//
// One deliberate difference from upstream: a request is denied only for the errors it introduces.
// Errors the stored configuration already had (for instance objects created while the webhook was
// down) are returned as warnings, so an unrelated object can still be created or a broken one fixed.
import {
  BFDProfileSchema,
  BGPAdvertisementSchema,
  BGPPeerSchema,
  BGPPeerV1beta1Schema,
  CommunitySchema,
  IPAddressPoolSchema,
  L2AdvertisementSchema,
  convertBGPPeerV1beta1ToV1beta2,
  parseWithSchema,
  type BGPPeer,
} from "@metallb-ts/api";
import { admissionErrors, formatConfigError, type ClusterResources, type ConfigError, type ValidationMode } from "@metallb-ts/config";
import type { z } from "zod";
import { AdmissionOperation, allow, badRequest, deny, type AdmissionRequest, type Verdict } from "./admission.js";

/** The lists of ClusterResources a webhook may need, named as in ClusterResources. */
export type MetalLBList = "pools" | "peers" | "bgpAdvertisements" | "l2Advertisements" | "communities" | "nodes";

/** Existing objects by list (only the lists the kind needs are read). */
export type ExistingObjects = Partial<Record<MetalLBList, readonly unknown[]>>;

export interface MetalLBValidationOptions {
  /** The metallb namespace: objects must be created there, and only its objects are listed. */
  readonly namespace: string;
  /** From the controller's METALLB_BGP_TYPE (validationModeForBGPType). */
  readonly validation: ValidationMode;
}

export const MetalLBWebhookKind = {
  IPAddressPool: "IPAddressPool",
  BGPPeerV1beta2: "BGPPeer/v1beta2",
  BGPPeerV1beta1: "BGPPeer/v1beta1",
  BGPAdvertisement: "BGPAdvertisement",
  L2Advertisement: "L2Advertisement",
  Community: "Community",
  BFDProfile: "BFDProfile",
} as const;
export type MetalLBWebhookKind = (typeof MetalLBWebhookKind)[keyof typeof MetalLBWebhookKind];

interface KindRule {
  readonly kind: string;
  readonly schema: z.ZodType;
  /** Where the candidate goes; undefined: the kind is not part of configFor's input (BFDProfile). */
  readonly list: MetalLBList | undefined;
  /** Other lists handed to configFor with it (upstream's choice per webhook, §5.1). */
  readonly context: readonly MetalLBList[];
}

const RULES: Record<MetalLBWebhookKind, KindRule> = {
  [MetalLBWebhookKind.IPAddressPool]: { kind: "IPAddressPool", schema: IPAddressPoolSchema, list: "pools", context: [] },
  [MetalLBWebhookKind.BGPPeerV1beta2]: { kind: "BGPPeer", schema: BGPPeerSchema, list: "peers", context: ["nodes"] },
  [MetalLBWebhookKind.BGPPeerV1beta1]: { kind: "BGPPeer", schema: BGPPeerV1beta1Schema, list: "peers", context: ["nodes"] },
  [MetalLBWebhookKind.BGPAdvertisement]: { kind: "BGPAdvertisement", schema: BGPAdvertisementSchema, list: "bgpAdvertisements", context: ["pools", "nodes"] },
  [MetalLBWebhookKind.L2Advertisement]: { kind: "L2Advertisement", schema: L2AdvertisementSchema, list: "l2Advertisements", context: ["pools", "nodes"] },
  [MetalLBWebhookKind.Community]: { kind: "Community", schema: CommunitySchema, list: "communities", context: [] },
  [MetalLBWebhookKind.BFDProfile]: { kind: "BFDProfile", schema: BFDProfileSchema, list: undefined, context: [] },
};

/** Which existing lists validating `kind` for `operation` needs (the handler reads exactly these). */
export function listsNeeded(kind: MetalLBWebhookKind, operation: AdmissionOperation): MetalLBList[] {
  const rule = RULES[kind];
  if (kind === MetalLBWebhookKind.BFDProfile) return operation === AdmissionOperation.Delete ? ["peers"] : [];
  return rule.list === undefined ? [] : [rule.list, ...rule.context];
}

export const DISABLE_MP_WARNING = "disable mp is deprecated and has no effect since it's the default behavior now";

/** One line per error: `Kind ns/name: field: message (rule: id)`. */
export function describeConfigError(e: ConfigError): string {
  return `${formatConfigError(e)} (rule: ${e.rule})`;
}

interface Named {
  metadata: { name: string; namespace?: string | undefined; [k: string]: unknown };
}

/** The object with a metadata.name (generateName objects have none yet on CREATE). */
function named(obj: Record<string, unknown>, fallback: string): Named {
  const metadata = (obj["metadata"] ?? {}) as Record<string, unknown>;
  const name = typeof metadata["name"] === "string" && metadata["name"] !== "" ? metadata["name"] : fallback;
  return { ...obj, metadata: { ...metadata, name } } as Named;
}

function identity(request: AdmissionRequest, kind: string, obj: Record<string, unknown> | undefined): { name: string; namespace: string; ref: string } {
  const metadata = (obj?.["metadata"] ?? {}) as Record<string, unknown>;
  const name = request.name || (typeof metadata["name"] === "string" ? metadata["name"] : "") || (typeof metadata["generateName"] === "string" ? `${metadata["generateName"]}<generated>` : "");
  const namespace = request.namespace ?? (typeof metadata["namespace"] === "string" ? metadata["namespace"] : "");
  return { name, namespace, ref: `${kind} ${namespace ? `${namespace}/` : ""}${name}` };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Existing objects of the metallb namespace, normalised so configFor can read them. */
function existingOf(list: readonly unknown[] | undefined, namespace: string | undefined): Named[] {
  return (list ?? [])
    .filter(isRecord)
    .map((o) => named(o, ""))
    .filter((o) => o.metadata.name !== "" && (namespace === undefined || o.metadata.namespace === namespace));
}

function withSpec(o: Named): Named {
  return { spec: {}, ...o } as Named;
}

function resourcesOf(lists: Partial<Record<MetalLBList, Named[]>>): ClusterResources {
  // The views of @metallb-ts/config are structural slices of these JSON objects.
  return {
    pools: lists.pools?.map(withSpec),
    peers: lists.peers?.map(withSpec),
    bgpAdvertisements: lists.bgpAdvertisements,
    l2Advertisements: lists.l2Advertisements,
    communities: lists.communities,
    nodes: lists.nodes,
  } as unknown as ClusterResources;
}

function errorKey(e: ConfigError): string {
  return formatConfigError(e);
}

/**
 * Validates one metallb.io admission request. `existing` holds the lists `listsNeeded` named, as read
 * from the API (objects outside the metallb namespace are ignored; Nodes are cluster-wide).
 */
export function validateMetalLB(kind: MetalLBWebhookKind, request: AdmissionRequest, existing: ExistingObjects, options: MetalLBValidationOptions): Verdict {
  const rule = RULES[kind];
  const isDelete = request.operation === AdmissionOperation.Delete;
  const raw = isDelete ? request.oldObject : request.object;
  if (!isRecord(raw)) return badRequest(`${rule.kind}: the request carries no object to validate`);
  const who = identity(request, rule.kind, raw);

  if (isDelete) {
    return kind === MetalLBWebhookKind.BFDProfile ? validateBFDProfileDelete(who, existing, options) : allow();
  }
  if (request.operation === AdmissionOperation.Create && who.namespace !== options.namespace) {
    return deny(`${who.ref}: metadata.namespace: resource must be created in ${options.namespace} namespace (rule: namespace)`);
  }

  const parsed = parseWithSchema(rule.schema, raw);
  if (!parsed.ok) return deny(parsed.errors.map((e) => `${e.message} (rule: ${e.rule})`).join("\n"));
  let candidate = named(parsed.object as Record<string, unknown>, who.name);
  const warnings: string[] = [];
  if (kind === MetalLBWebhookKind.BGPPeerV1beta1) {
    candidate = named(convertBGPPeerV1beta1ToV1beta2(parsed.object as never) as unknown as Record<string, unknown>, who.name);
  }
  if ((kind === MetalLBWebhookKind.BGPPeerV1beta2 || kind === MetalLBWebhookKind.BGPPeerV1beta1) && request.operation === AdmissionOperation.Create) {
    // Upstream returns early with this warning and skips every other check; we still validate.
    if ((candidate as unknown as BGPPeer).spec?.disableMP === true) warnings.push(DISABLE_MP_WARNING);
  }
  if (rule.list === undefined) return allow(warnings); // BFDProfile CREATE: namespace only (ranges are CRD schema)

  const lists: Partial<Record<MetalLBList, Named[]>> = {};
  for (const list of [rule.list, ...rule.context]) lists[list] = existingOf(existing[list], list === "nodes" ? undefined : options.namespace);
  const stored = lists[rule.list] ?? [];
  const others = stored.filter((o) => o.metadata.name !== candidate.metadata.name);
  const before = admissionErrors(resourcesOf(lists), { validation: options.validation });
  const after = admissionErrors(resourcesOf({ ...lists, [rule.list]: [...others, candidate] }), { validation: options.validation });

  const known = new Set(before.map(errorKey));
  const introduced = after.filter((e) => !known.has(errorKey(e)));
  const inherited = after.filter((e) => known.has(errorKey(e)));
  if (inherited.length > 0) {
    warnings.push(`the stored configuration already has errors this change does not cause: ${inherited.map(describeConfigError).join("; ")}`);
  }
  if (introduced.length > 0) return deny(introduced.map(describeConfigError).join("\n"), warnings);
  return allow(warnings);
}

function validateBFDProfileDelete(who: { name: string; ref: string }, existing: ExistingObjects, options: MetalLBValidationOptions): Verdict {
  const users = existingOf(existing.peers, options.namespace)
    .filter((p) => (p as unknown as BGPPeer).spec?.bfdProfile === who.name)
    .map((p) => p.metadata.name)
    .sort();
  if (users.length === 0) return allow();
  return deny(`${who.ref}: failed to delete BFDProfile ${who.name}, used by BGPPeer ${users.join(", ")} (rule: in-use)`);
}

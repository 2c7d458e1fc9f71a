// metallb.io/v1beta1 kinds (BGPPeer lives in bgp-peer.ts). Field names, defaults, ranges and CEL rules
// follow the upstream CRDs (spec/metallb.md §1); checks upstream makes only when parsing the config
// (duplicates, cross-object references) belong to @metallb-ts/config.
import { z } from "zod";
import { poolAddressProblem } from "./formats.js";
import { ConditionSchema, EmptyObjectSchema, LabelSelectorSchema, objectFields as typeFields } from "./meta.js";
import { checkedString, immutable, int, uint32, withCel } from "./schema-helpers.js";

export const metallbV1beta1 = "metallb.io/v1beta1";

const strings = () => z.array(z.string());
const selectors = () => z.array(LabelSelectorSchema);
const int32 = () => int(-2147483648, 2147483647, "int32");
const int64 = () => int(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, "int64");
const EmptyStatusSchema = EmptyObjectSchema;
const objectFields = <K extends string>(kind: K) => typeFields(metallbV1beta1, kind);

// ---- IPAddressPool ---------------------------------------------------------------------------------

export const ServiceAllocationSchema = z.object({
  priority: z.number().int().optional(),
  namespaces: strings().optional(),
  namespaceSelectors: selectors().optional(),
  serviceSelectors: selectors().optional(),
});
export type ServiceAllocation = z.infer<typeof ServiceAllocationSchema>;

export const IPAddressPoolSpecSchema = z.object({
  addresses: z.array(checkedString("ip-range", poolAddressProblem)),
  autoAssign: z.boolean().default(true),
  avoidBuggyIPs: z.boolean().default(false),
  serviceAllocation: ServiceAllocationSchema.optional(),
});
export type IPAddressPoolSpec = z.infer<typeof IPAddressPoolSpecSchema>;

export const IPAddressPoolStatusSchema = z.object({
  assignedIPv4: int64(),
  assignedIPv6: int64(),
  availableIPv4: int64(),
  availableIPv6: int64(),
});
export type IPAddressPoolStatus = z.infer<typeof IPAddressPoolStatusSchema>;

export const IPAddressPoolSchema = z.object({
  ...objectFields("IPAddressPool"),
  spec: IPAddressPoolSpecSchema,
  status: IPAddressPoolStatusSchema.optional(),
});
export type IPAddressPool = z.infer<typeof IPAddressPoolSchema>;

// ---- BGPAdvertisement ------------------------------------------------------------------------------

export const aggregationLengthRuleMessage =
  "serviceSelectors and aggregationLength are mutually exclusive, can only be used together with default aggregationLength (32) and aggregationLengthV6 (128)";

export const BGPAdvertisementSpecSchema = withCel(
  z.object({
    aggregationLength: int(1, 2147483647, "int32").default(32),
    aggregationLengthV6: int32().default(128),
    localPref: uint32().optional(),
    communities: strings().optional(),
    ipAddressPools: strings().optional(),
    ipAddressPoolSelectors: selectors().optional(),
    nodeSelectors: selectors().optional(),
    peers: strings().optional(),
    serviceSelectors: selectors().optional(),
  }),
  [
    {
      name: "service-selectors-aggregation",
      message: aggregationLengthRuleMessage,
      rule:
        "!has(self.serviceSelectors) || size(self.serviceSelectors) == 0 || " +
        "((!has(self.aggregationLength) || self.aggregationLength == 32) && (!has(self.aggregationLengthV6) || self.aggregationLengthV6 == 128))",
      check: (spec) =>
        (spec.serviceSelectors ?? []).length === 0 || (spec.aggregationLength === 32 && spec.aggregationLengthV6 === 128),
    },
  ],
);
export type BGPAdvertisementSpec = z.infer<typeof BGPAdvertisementSpecSchema>;

export type BGPAdvertisementStatus = z.infer<typeof EmptyStatusSchema>;

export const BGPAdvertisementSchema = z.object({
  ...objectFields("BGPAdvertisement"),
  spec: BGPAdvertisementSpecSchema.optional(),
  status: EmptyStatusSchema.optional(),
});
export type BGPAdvertisement = z.infer<typeof BGPAdvertisementSchema>;

// ---- L2Advertisement ----------------------------------------------------------------------------

export const PreferredNodeSelectorSchema = z.object({
  weight: int(1, 100, "int32"),
  preference: LabelSelectorSchema,
});
export type PreferredNodeSelector = z.infer<typeof PreferredNodeSelectorSchema>;

export const L2AdvertisementSpecSchema = z.object({
  ipAddressPools: strings().optional(),
  ipAddressPoolSelectors: selectors().optional(),
  nodeSelectors: selectors().optional(),
  interfaces: strings().optional(),
  serviceSelectors: selectors().optional(),
  preferredNodeSelectors: z.array(PreferredNodeSelectorSchema).optional(),
});
export type L2AdvertisementSpec = z.infer<typeof L2AdvertisementSpecSchema>;

export type L2AdvertisementStatus = z.infer<typeof EmptyStatusSchema>;

export const L2AdvertisementSchema = z.object({
  ...objectFields("L2Advertisement"),
  spec: L2AdvertisementSpecSchema.optional(),
  status: EmptyStatusSchema.optional(),
});
export type L2Advertisement = z.infer<typeof L2AdvertisementSchema>;

// ---- BFDProfile ---------------------------------------------------------------------------------

/** Shared with FRRConfiguration `spec.bgp.bfdProfiles[]`; FRR applies the documented defaults, not the API. */
export const bfdProfileFields = {
  receiveInterval: uint32("int32", 10).max(60000).optional(),
  transmitInterval: uint32("int32", 10).max(60000).optional(),
  detectMultiplier: uint32("int32", 2).max(255).optional(),
  echoInterval: uint32("int32", 10).max(60000).optional(),
  echoMode: z.boolean().optional(),
  passiveMode: z.boolean().optional(),
  minimumTtl: uint32("int32", 1).max(254).optional(),
};

export const BFDProfileSpecSchema = z.object(bfdProfileFields);
export type BFDProfileSpec = z.infer<typeof BFDProfileSpecSchema>;

export type BFDProfileStatus = z.infer<typeof EmptyStatusSchema>;

export const BFDProfileSchema = z.object({
  ...objectFields("BFDProfile"),
  spec: BFDProfileSpecSchema.optional(),
  status: EmptyStatusSchema.optional(),
});
export type BFDProfile = z.infer<typeof BFDProfileSchema>;

// ---- Community ----------------------------------------------------------------------------------

export const CommunityAliasSchema = z.object({ name: z.string().optional(), value: z.string().optional() });
export type CommunityAlias = z.infer<typeof CommunityAliasSchema>;

export const CommunitySpecSchema = z.object({ communities: z.array(CommunityAliasSchema).optional() });
export type CommunitySpec = z.infer<typeof CommunitySpecSchema>;

export type CommunityStatus = z.infer<typeof EmptyStatusSchema>;

export const CommunitySchema = z.object({
  ...objectFields("Community"),
  spec: CommunitySpecSchema.optional(),
  status: EmptyStatusSchema.optional(),
});
export type Community = z.infer<typeof CommunitySchema>;

// ---- ServiceBGPStatus / ServiceL2Status ---------------------------------------------------------

const immutableValue = () => immutable(z.string(), "Value is immutable");

const serviceStatusFields = {
  node: immutableValue().optional(),
  serviceName: immutableValue().optional(),
  serviceNamespace: immutableValue().optional(),
};

export const ServiceBGPStatusSpecSchema = z.object({});
export type ServiceBGPStatusSpec = z.infer<typeof ServiceBGPStatusSpecSchema>;

export const ServiceBGPStatusStatusSchema = z.object({
  ...serviceStatusFields,
  /** Sorted BGPPeer names the Service's prefixes are configured to reach from this node. */
  peers: strings().optional(),
});
export type ServiceBGPStatusStatus = z.infer<typeof ServiceBGPStatusStatusSchema>;

export const ServiceBGPStatusSchema = z.object({
  ...objectFields("ServiceBGPStatus"),
  spec: ServiceBGPStatusSpecSchema.optional(),
  status: ServiceBGPStatusStatusSchema.optional(),
});
export type ServiceBGPStatus = z.infer<typeof ServiceBGPStatusSchema>;

export const ServiceL2StatusSpecSchema = z.object({});
export type ServiceL2StatusSpec = z.infer<typeof ServiceL2StatusSpecSchema>;

export const ServiceL2StatusStatusSchema = z.object({
  ...serviceStatusFields,
  /** Omitted when the IP is announced on all interfaces. */
  interfaces: z.array(z.object({ name: z.string().optional() })).optional(),
});
export type ServiceL2StatusStatus = z.infer<typeof ServiceL2StatusStatusSchema>;

export const ServiceL2StatusSchema = z.object({
  ...objectFields("ServiceL2Status"),
  spec: ServiceL2StatusSpecSchema.optional(),
  status: ServiceL2StatusStatusSchema.optional(),
});
export type ServiceL2Status = z.infer<typeof ServiceL2StatusSchema>;

// ---- ConfigurationState -------------------------------------------------------------------------

export const ConfigurationResult = { valid: "Valid", invalid: "Invalid", unknown: "Unknown" } as const;
export type ConfigurationResult = (typeof ConfigurationResult)[keyof typeof ConfigurationResult];

/** Status-only kind: upstream defines no spec. `ConfigurationStateSpec` is kept as an empty type for symmetry. */
export const ConfigurationStateSpecSchema = z.object({});
export type ConfigurationStateSpec = z.infer<typeof ConfigurationStateSpecSchema>;

export const ConfigurationStateStatusSchema = z.object({
  result: z.enum(["Valid", "Invalid", "Unknown"]).optional(),
  errorSummary: z.string().optional(),
  conditions: z
    .array(ConditionSchema)
    .meta({ "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["type"] })
    .optional(),
});
export type ConfigurationStateStatus = z.infer<typeof ConfigurationStateStatusSchema>;

export const ConfigurationStateSchema = z.object({
  ...objectFields("ConfigurationState"),
  status: ConfigurationStateStatusSchema.optional(),
});
export type ConfigurationState = z.infer<typeof ConfigurationStateSchema>;

// frrk8s.metallb.io/v1beta1 kinds (spec/frr-k8s.md §1 and §4.1).
import { z } from "zod";
import { cidrProblem, isIPv4, isIPv6 } from "./formats.js";
import { connectTime } from "./bgp-peer.js";
import { bfdProfileFields } from "./metallb.js";
import { EmptyObjectSchema, LabelSelectorSchema, SecretReferenceSchema, objectFields as typeFields } from "./meta.js";
import { checkedString, duration, int, uint32, withCel } from "./schema-helpers.js";
import type { CelRule } from "./schema-helpers.js";

export const frrk8sV1beta1 = "frrk8s.metallb.io/v1beta1";

const objectFields = <K extends string>(kind: K) => typeFields(frrk8sV1beta1, kind);
const EmptyStatusSchema = EmptyObjectSchema;
const asn = () => uint32("int64");

/** A string with an OpenAPI `format` the API server checks, checked the same way here. */
function formatted(format: "ipv4" | "ipv6" | "cidr") {
  const problem: (value: string) => string | undefined =
    format === "cidr"
      ? (value) => (cidrProblem(value) === undefined ? undefined : `is not a valid CIDR: ${cidrProblem(value)}`)
      : (value) => ((format === "ipv4" ? isIPv4 : isIPv6)(value) ? undefined : `is not a valid ${format} address`);
  return checkedString(`format:${format}`, problem).meta({ format });
}

// ---- Route distinguishers and route targets (CEL) ------------------------------------------------

const ipv4Pattern =
  "((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])";
const numberPattern = "[0-9]+";

/** `value` is a decimal number ≤ max (at most 10 digits, so CEL's int() cannot overflow). */
const atMost = (value: string, max: number) => value.length <= 10 && Number(value) <= max;
const matches = (value: string, pattern: string) => new RegExp(`^(${pattern})$`).test(value);

/**
 * The RD / RT rule set: "<global>:<local>" where global is an IPv4 address or an ASN (and `*` for import
 * RTs). The upper bound of a 4-byte global ASN itself is not checked, like upstream.
 */
function administratorRules(label: "RD" | "RT", wildcard: boolean): CelRule<string>[] {
  // The rules run for up to 50 routers x 10 VNIs x 100 RTs, so their estimated cost has to stay small
  // for the API server to accept the CRD: IPv4 is checked with the Kubernetes CEL isIP() (the global part
  // has no ':' so any IP there is IPv4), not a long regex.
  const g = "self.split(':')[0]";
  const l = "self.split(':')[1]";
  const notTwo = "self.split(':').size() != 2";
  const isNum = (x: string) => `${x}.matches('^${numberPattern}$')`;
  const le = (x: string, max: number) => `(size(${x}) <= 10 && int(${x}) <= ${max})`;
  const globalPattern = wildcard ? `\\*|${numberPattern}|${ipv4Pattern}` : `${numberPattern}|${ipv4Pattern}`;
  const split = (value: string): [string, string] | undefined => {
    const parts = value.split(":");
    return parts.length === 2 ? [parts[0] ?? "", parts[1] ?? ""] : undefined;
  };
  const rules: CelRule<string>[] = [
    {
      name: `${label.toLowerCase()}-one-colon`,
      message: `${label} must contain exactly one colon`,
      rule: "self.split(':').size() == 2",
      check: (v) => split(v) !== undefined,
    },
    {
      name: `${label.toLowerCase()}-global-administrator`,
      message: wildcard
        ? `${label} global administrator must be either '*', an IPv4 address, or a number`
        : `${label} global administrator must be either an IPv4 address or a number`,
      rule: `${notTwo} || ${wildcard ? `${g} == '*' || ` : ""}${isNum(g)} || isIP(${g})`,
      check: (v) => {
        const parts = split(v);
        return parts === undefined || matches(parts[0], globalPattern);
      },
    },
    {
      name: `${label.toLowerCase()}-local-administrator`,
      message: `${label} local administrator must be a number`,
      rule: `${notTwo} || ${isNum(l)}`,
      check: (v) => {
        const parts = split(v);
        return parts === undefined || matches(parts[1], numberPattern);
      },
    },
    {
      name: `${label.toLowerCase()}-ipv4-global`,
      message: `${label} with IPv4 global administrator must have format A.B.C.D:MN where MN <= 65535`,
      rule: `${notTwo} || !${g}.contains('.') || !${isNum(l)} || ${le(l, 65535)}`,
      check: (v) => {
        const parts = split(v);
        return parts === undefined || !parts[0].includes(".") || !matches(parts[1], numberPattern) || atMost(parts[1], 65535);
      },
    },
    {
      name: `${label.toLowerCase()}-4-byte-asn`,
      message: `${label} with 4-byte ASN global administrator must have format GHJK:MN where GHJK <= 4294967295 and MN <= 65535`,
      rule: `${notTwo} || !${isNum(g)} || !${isNum(l)} || ${le(g, 65535)} || ${le(l, 65535)}`,
      check: (v) => {
        const parts = split(v);
        return (
          parts === undefined || !matches(parts[0], numberPattern) || !matches(parts[1], numberPattern) ||
          atMost(parts[0], 65535) || atMost(parts[1], 65535)
        );
      },
    },
    {
      name: `${label.toLowerCase()}-2-byte-asn`,
      message: `${label} with 2-byte ASN global administrator must have format EF:OPQR where EF <= 65535 and OPQR <= 4294967295`,
      rule: `${notTwo} || !${isNum(g)} || !${isNum(l)} || !${le(g, 65535)} || ${le(l, 4294967295)}`,
      check: (v) => {
        const parts = split(v);
        return (
          parts === undefined || !matches(parts[0], numberPattern) || !matches(parts[1], numberPattern) ||
          !atMost(parts[0], 65535) || atMost(parts[1], 4294967295)
        );
      },
    },
  ];
  if (wildcard) {
    rules.push({
      name: "rt-wildcard",
      message: "RT with wildcard global administrator must have format *:OPQR where OPQR <= 4294967295",
      rule: `${notTwo} || ${g} != '*' || !${isNum(l)} || ${le(l, 4294967295)}`,
      check: (v) => {
        const parts = split(v);
        return parts === undefined || parts[0] !== "*" || !matches(parts[1], numberPattern) || atMost(parts[1], 4294967295);
      },
    });
  }
  return rules;
}

export const RouteDistinguisherSchema = withCel(z.string().max(21), administratorRules("RD", false));
export const ExportRouteTargetSchema = withCel(z.string().max(21), administratorRules("RT", false));
export const ImportRouteTargetSchema = withCel(z.string().max(21), administratorRules("RT", true));

// ---- Neighbor -----------------------------------------------------------------------------------

export const AllowMode = { all: "all", filtered: "filtered" } as const;
export type AllowMode = (typeof AllowMode)[keyof typeof AllowMode];
const allowMode = () => z.enum(["all", "filtered"]).default("filtered");

/** `format: cidr` sits on the array upstream, so the API server does not check the items; neither do we. */
const prefixList = () => z.array(z.string()).min(1).meta({ format: "cidr" });

export const AdvertiseSchema = z.object({
  allowed: z.object({ mode: allowMode(), prefixes: z.array(z.string()).optional() }).optional(),
  nextHop: z.object({ ipv4: formatted("ipv4").optional(), ipv6: formatted("ipv6").optional() }).optional(),
  withLocalPref: z.array(z.object({ prefixes: prefixList().optional(), localPref: uint32().optional() })).optional(),
  withCommunity: z.array(z.object({ prefixes: prefixList().optional(), community: z.string().optional() })).optional(),
});
export type Advertise = z.infer<typeof AdvertiseSchema>;

export const PrefixSelectorSchema = z.object({
  prefix: formatted("cidr").optional(),
  le: uint32("int32", 1).max(128).optional(),
  ge: uint32("int32", 1).max(128).optional(),
});
export type PrefixSelector = z.infer<typeof PrefixSelectorSchema>;

export const ReceiveSchema = z.object({
  allowed: z.object({ mode: allowMode(), prefixes: z.array(PrefixSelectorSchema).optional() }).optional(),
});
export type Receive = z.infer<typeof ReceiveSchema>;

export const AddressFamily = { unicast: "unicast", evpn: "evpn" } as const;
export type AddressFamily = (typeof AddressFamily)[keyof typeof AddressFamily];

export const NeighborSchema = z.object({
  asn: asn().optional(),
  dynamicASN: z.enum(["internal", "external"]).optional(),
  /** All lower-case, as upstream's JSON tag has it. */
  sourceaddress: z.string().optional(),
  address: z.string().optional(),
  interface: z.string().optional(),
  port: int(0, 16384).optional(),
  password: z.string().optional(),
  passwordSecret: SecretReferenceSchema.optional(),
  holdTime: duration().optional(),
  keepaliveTime: duration().optional(),
  connectTime: connectTime().optional(),
  ebgpMultiHop: z.boolean().optional(),
  bfdProfile: z.string().optional(),
  enableGracefulRestart: z.boolean().optional(),
  toAdvertise: AdvertiseSchema.optional(),
  toReceive: ReceiveSchema.optional(),
  disableMP: z.boolean().default(false),
  dualStackAddressFamily: z.boolean().default(false),
  localASN: uint32("int64", 1).optional(),
  addressFamilies: z.array(z.enum(["unicast", "evpn"])).max(2).default(["unicast"]),
});
export type Neighbor = z.infer<typeof NeighborSchema>;

// ---- EVPN / Router / BFD ------------------------------------------------------------------------

const vni = () => uint32("int32", 1).max(16777215);

export const L2VNISchema = z.object({
  vni: vni(),
  rd: RouteDistinguisherSchema.optional(),
  importRTs: z.array(ImportRouteTargetSchema).max(100).optional(),
  exportRTs: z.array(ExportRouteTargetSchema).max(100).optional(),
});
export type L2VNI = z.infer<typeof L2VNISchema>;

export const L3VNISchema = z.object({
  vni: vni(),
  rd: RouteDistinguisherSchema.optional(),
  importRTs: z.array(ImportRouteTargetSchema).max(100).optional(),
  exportRTs: z.array(ExportRouteTargetSchema).max(100).optional(),
  advertisePrefixes: z.array(z.enum(["unicast"])).min(1).max(1),
});
export type L3VNI = z.infer<typeof L3VNISchema>;

export const EVPNConfigSchema = z.object({
  advertiseVNIs: z.enum(["Disabled", "All"]).optional(),
  advertiseSVI: z.boolean().optional(),
  l2vnis: z.array(L2VNISchema).max(10).optional(),
  l3vni: L3VNISchema.optional(),
});
export type EVPNConfig = z.infer<typeof EVPNConfigSchema>;

export const RouterSchema = z.object({
  asn: asn(),
  id: z.string().optional(),
  vrf: z.string().optional(),
  neighbors: z.array(NeighborSchema).optional(),
  prefixes: z.array(z.string()).optional(),
  imports: z.array(z.object({ vrf: z.string().optional() })).optional(),
  evpn: EVPNConfigSchema.optional(),
});
export type Router = z.infer<typeof RouterSchema>;

export const FRRBFDProfileSchema = z.object({ name: z.string(), ...bfdProfileFields });
export type FRRBFDProfile = z.infer<typeof FRRBFDProfileSchema>;

export const BGPConfigSchema = z.object({
  routers: z.array(RouterSchema).max(50).optional(),
  bfdProfiles: z.array(FRRBFDProfileSchema).optional(),
});
export type BGPConfig = z.infer<typeof BGPConfigSchema>;

export const RawConfigSchema = z.object({
  priority: z.number().int().optional(),
  rawConfig: z.string().optional(),
});
export type RawConfig = z.infer<typeof RawConfigSchema>;

// ---- FRRConfiguration ---------------------------------------------------------------------------

export const FRRConfigurationSpecSchema = z.object({
  bgp: BGPConfigSchema.optional(),
  raw: RawConfigSchema.optional(),
  nodeSelector: LabelSelectorSchema.optional(),
});
export type FRRConfigurationSpec = z.infer<typeof FRRConfigurationSpecSchema>;

export const FRRConfigurationStatusSchema = EmptyStatusSchema;
export type FRRConfigurationStatus = z.infer<typeof FRRConfigurationStatusSchema>;

export const FRRConfigurationSchema = z.object({
  ...objectFields("FRRConfiguration"),
  spec: FRRConfigurationSpecSchema.optional(),
  status: FRRConfigurationStatusSchema.optional(),
});
export type FRRConfiguration = z.infer<typeof FRRConfigurationSchema>;

// ---- FRRNodeState (cluster-scoped) --------------------------------------------------------------

export const FRRNodeStateSpecSchema = z.object({});
export type FRRNodeStateSpec = z.infer<typeof FRRNodeStateSpecSchema>;

export const FRRNodeStateStatusSchema = z.object({
  runningConfig: z.string().optional(),
  lastConversionResult: z.string().optional(),
  lastReloadResult: z.string().optional(),
});
export type FRRNodeStateStatus = z.infer<typeof FRRNodeStateStatusSchema>;

export const FRRNodeStateSchema = z.object({
  ...objectFields("FRRNodeState"),
  spec: FRRNodeStateSpecSchema.optional(),
  status: FRRNodeStateStatusSchema.optional(),
});
export type FRRNodeState = z.infer<typeof FRRNodeStateSchema>;

// ---- BGPSessionState ----------------------------------------------------------------------------

export const BGPSessionStateSpecSchema = z.object({});
export type BGPSessionStateSpec = z.infer<typeof BGPSessionStateSpecSchema>;

export const BGPSessionStateStatusSchema = z.object({
  bgpStatus: z.string().optional(),
  bfdStatus: z.string().optional(),
  node: z.string().optional(),
  peer: z.string().optional(),
  vrf: z.string().optional(),
});
export type BGPSessionStateStatus = z.infer<typeof BGPSessionStateStatusSchema>;

export const BGPSessionStateSchema = z.object({
  ...objectFields("BGPSessionState"),
  spec: BGPSessionStateSpecSchema.optional(),
  status: BGPSessionStateStatusSchema.optional(),
});
export type BGPSessionState = z.infer<typeof BGPSessionStateSchema>;

// ---- FRRK8sConfiguration ------------------------------------------------------------------------

export const FRRK8sLogLevel = { all: "all", debug: "debug", info: "info", warn: "warn", error: "error", none: "none" } as const;
export type FRRK8sLogLevel = (typeof FRRK8sLogLevel)[keyof typeof FRRK8sLogLevel];

export const FRRK8sConfigurationSpecSchema = z.object({
  logLevel: z.enum(["all", "debug", "info", "warn", "error", "none"]).optional(),
});
export type FRRK8sConfigurationSpec = z.infer<typeof FRRK8sConfigurationSpecSchema>;

export const FRRK8sConfigurationStatusSchema = EmptyStatusSchema;
export type FRRK8sConfigurationStatus = z.infer<typeof FRRK8sConfigurationStatusSchema>;

export const FRRK8sConfigurationSchema = z.object({
  ...objectFields("FRRK8sConfiguration"),
  spec: FRRK8sConfigurationSpecSchema.optional(),
  status: FRRK8sConfigurationStatusSchema.optional(),
});
export type FRRK8sConfiguration = z.infer<typeof FRRK8sConfigurationSchema>;

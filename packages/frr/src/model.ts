// The FRR model: what one node's FRR should run (upstream frr-k8s `frr.Config`). It is a plain,
// JSON-serialisable value, already normalised (sorted, de-duplicated, defaults erased) by apiToFRR,
// so two equal configurations are deep-equal and render to the same bytes.

/** IP family of a neighbor or a prefix, as upstream spells it (it appears in prefix-list names). */
export const IPFamily = { ipv4: "ipv4", ipv6: "ipv6", dual: "dual" } as const;
export type IPFamily = (typeof IPFamily)[keyof typeof IPFamily];

/** The family of one prefix; a neighbor may be dual, a prefix never is. */
export type PrefixFamily = typeof IPFamily.ipv4 | typeof IPFamily.ipv6;

/** FRR's `log stdout <level>` names. */
export const FRRLogLevel = {
  debugging: "debugging",
  informational: "informational",
  warnings: "warnings",
  errors: "errors",
  emergencies: "emergencies",
} as const;
export type FRRLogLevel = (typeof FRRLogLevel)[keyof typeof FRRLogLevel];

/** Address families a neighbor can be activated in (`addressFamilies` in the CRD). */
export const AddressFamily = { unicast: "unicast", evpn: "evpn" } as const;
export type AddressFamily = (typeof AddressFamily)[keyof typeof AddressFamily];

/** Values that mean "unset": after normalisation a field equal to its default is left out. */
export const NeighborDefaults = { port: 179, holdTime: 180, keepaliveTime: 60, connectTime: 60 } as const;

export interface FRRConfig {
  readonly logLevel: FRRLogLevel;
  readonly hostname: string;
  /** Sorted by VRF name, the default VRF ("") first. */
  readonly routers: readonly RouterConfig[];
  /** Sorted by name; every profile of every selected configuration, referenced or not. */
  readonly bfdProfiles: readonly BFDProfile[];
  /** Raw snippets joined in (priority, configuration name) order, each ending with "\n"; "" when none. */
  readonly extraConfig: string;
}

export interface RouterConfig {
  readonly myASN: number;
  /** "" when not set. */
  readonly routerID: string;
  /** "" is the default VRF. */
  readonly vrf: string;
  /** Sorted by neighbor ID (byte-wise). */
  readonly neighbors: readonly NeighborConfig[];
  /** The router's own prefixes (`network` statements), byte-wise sorted. */
  readonly ipv4Prefixes: readonly string[];
  readonly ipv6Prefixes: readonly string[];
  /** VRFs leaked into this router (`import vrf`), sorted; may contain the literal "default". */
  readonly importVRFs: readonly string[];
}

export interface NeighborConfig {
  /** `<asn>@<address|interface>`: only used in messages. */
  readonly name: string;
  /** `<address|interface>[-<vrf>]`: the merge key and the stem of every FRR object name. */
  readonly id: string;
  /** Decimal ASN, or "internal" / "external" for a dynamic ASN. */
  readonly asn: string;
  /** "" for an unnumbered neighbor. */
  readonly address: string;
  /** "" unless the neighbor is unnumbered (BGP over this interface). */
  readonly iface: string;
  readonly ipFamily: IPFamily;
  readonly vrf: string;
  /** Absent when it equals its default (NeighborDefaults). */
  readonly port?: number;
  readonly holdTime?: number;
  readonly keepaliveTime?: number;
  readonly connectTime?: number;
  /** Absent when not set. */
  readonly localASN?: number;
  readonly srcAddr: string;
  /** Resolved clear-text password; "" when none. */
  readonly password: string;
  readonly ebgpMultiHop: boolean;
  /** "" when the neighbor does not use BFD. */
  readonly bfdProfile: string;
  readonly gracefulRestart: boolean;
  /** Sorted; empty means unicast only. */
  readonly addressFamilies: readonly AddressFamily[];
  readonly outgoing: AllowedOut;
  readonly incoming: AllowedIn;
  /** The node-wide always-block list, as deny filters (canonical CIDR, le 32|128). */
  readonly alwaysBlock: readonly IncomingFilter[];
}

export interface AllowedOut {
  readonly prefixesV4: readonly string[];
  readonly prefixesV6: readonly string[];
  /** "" when the next hop is not rewritten. */
  readonly nextHopV4: string;
  readonly nextHopV6: string;
  readonly localPrefModifiers: readonly LocalPrefModifier[];
  readonly communityModifiers: readonly CommunityModifier[];
}

export interface LocalPrefModifier {
  readonly localPref: number;
  readonly ipFamily: PrefixFamily;
  /** Sorted, de-duplicated. */
  readonly prefixes: readonly string[];
}

export interface CommunityModifier {
  /** Normalised: `A:B` or `large:X:Y:Z`. */
  readonly community: string;
  readonly ipFamily: PrefixFamily;
  readonly prefixes: readonly string[];
}

export interface AllowedIn {
  /** Accept every route; the filter lists are then empty. */
  readonly all: boolean;
  readonly prefixesV4: readonly IncomingFilter[];
  readonly prefixesV6: readonly IncomingFilter[];
}

export interface IncomingFilter {
  readonly ipFamily: PrefixFamily;
  /** As written by the user (upstream compares prefixes as strings). */
  readonly prefix: string;
  /** 0 when not set. */
  readonly le: number;
  readonly ge: number;
}

export interface BFDProfile {
  readonly name: string;
  readonly receiveInterval?: number;
  readonly transmitInterval?: number;
  readonly detectMultiplier?: number;
  readonly echoInterval?: number;
  readonly echoMode: boolean;
  readonly passiveMode: boolean;
  readonly minimumTtl?: number;
}

/** The configuration FRR runs when nothing selects the node: globals only. */
export function emptyFRRConfig(hostname: string, logLevel: FRRLogLevel = FRRLogLevel.informational): FRRConfig {
  return { logLevel, hostname, routers: [], bfdProfiles: [], extraConfig: "" };
}

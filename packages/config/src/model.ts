// The validated configuration: what controller, speaker and webhooks work from.
import type { BGPCommunity } from "./community.js";
import type { Cidr } from "./ip.js";
import type { LabelSelector } from "./resources.js";

export const DynamicASNMode = { Internal: "internal", External: "external" } as const;
export type DynamicASNMode = (typeof DynamicASNMode)[keyof typeof DynamicASNMode];

export interface SecretRef {
  readonly name: string;
  readonly namespace?: string | undefined;
}

/** One BGPPeer, parsed. Durations are integer nanoseconds. */
export interface PeerConfig {
  readonly name: string;
  readonly namespace?: string | undefined;
  readonly myASN: number;
  /** Set iff dynamicASN is not. */
  readonly peerASN?: number | undefined;
  readonly dynamicASN?: DynamicASNMode | undefined;
  /** The peer address as written (frr-k8s renders it verbatim). Set iff `interface` is not. */
  readonly address?: string | undefined;
  readonly addressFamily?: 4 | 6 | undefined;
  readonly interface?: string | undefined;
  readonly sourceAddress?: string | undefined;
  readonly port: number;
  readonly holdTime?: number | undefined;
  readonly keepaliveTime?: number | undefined;
  readonly connectTime?: number | undefined;
  readonly routerID?: string | undefined;
  /** Empty means every node. */
  readonly nodeSelectors: readonly LabelSelector[];
  readonly password?: string | undefined;
  /** The resolved secret value (not set with secret pass-through). */
  readonly secretPassword?: string | undefined;
  readonly passwordSecret?: SecretRef | undefined;
  readonly bfdProfile?: string | undefined;
  readonly enableGracefulRestart: boolean;
  readonly ebgpMultiHop: boolean;
  readonly vrf?: string | undefined;
  readonly disableMP: boolean;
  readonly dualStackAddressFamily: boolean;
  readonly localASN?: number | undefined;
}

export interface BFDProfileConfig {
  readonly name: string;
  readonly receiveInterval?: number | undefined;
  readonly transmitInterval?: number | undefined;
  readonly detectMultiplier?: number | undefined;
  readonly echoInterval?: number | undefined;
  readonly echoMode: boolean;
  readonly passiveMode: boolean;
  readonly minimumTtl?: number | undefined;
}

export interface BGPAdvertisementConfig {
  readonly name: string;
  readonly aggregationLength: number;
  readonly aggregationLengthV6: number;
  /** 0 means not set. */
  readonly localPref: number;
  /** De-duplicated by value, in upstream's community order. */
  readonly communities: readonly BGPCommunity[];
  /** Nodes allowed to announce (resolved against the Nodes of the snapshot). */
  readonly nodes: ReadonlySet<string>;
  /** BGPPeer names; empty means every peer. */
  readonly peers: readonly string[];
  /** Empty means every Service of the pool. */
  readonly serviceSelectors: readonly LabelSelector[];
}

export interface L2AdvertisementConfig {
  readonly name: string;
  readonly nodes: ReadonlySet<string>;
  readonly interfaces: readonly string[];
  readonly allInterfaces: boolean;
  readonly serviceSelectors: readonly LabelSelector[];
  /** Eligible node -> summed preferred-node weight; missing nodes score 0. */
  readonly preferredNodes: ReadonlyMap<string, number>;
}

export interface PoolAddressEntry {
  /** The `spec.addresses` item as written. */
  readonly entry: string;
  readonly cidrs: readonly Cidr[];
}

export interface ServiceAllocationConfig {
  readonly priority: number;
  /** `namespaces` plus the names matched by `namespaceSelectors`, sorted. */
  readonly namespaces: readonly string[];
  /** Empty `serviceAllocation` yields one match-all selector, as upstream. */
  readonly serviceSelectors: readonly LabelSelector[];
}

export interface PoolConfig {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly addresses: readonly PoolAddressEntry[];
  readonly cidrs: readonly Cidr[];
  readonly hasIPv4: boolean;
  readonly hasIPv6: boolean;
  readonly avoidBuggyIPs: boolean;
  readonly autoAssign: boolean;
  readonly serviceAllocation?: ServiceAllocationConfig | undefined;
  readonly bgpAdvertisements: readonly BGPAdvertisementConfig[];
  readonly l2Advertisements: readonly L2AdvertisementConfig[];
}

/** Maps iterate in name order. */
export interface Config {
  readonly peers: ReadonlyMap<string, PeerConfig>;
  readonly pools: ReadonlyMap<string, PoolConfig>;
  readonly bfdProfiles: ReadonlyMap<string, BFDProfileConfig>;
  /** Community aliases defined by Community CRs. */
  readonly communityAliases: ReadonlyMap<string, BGPCommunity>;
  readonly bgpExtras: string;
}

// What one FRRConfiguration contributes to a node's FRR model, before merging. Every part keeps
// the field reference it came from, so merge conflicts can name both objects.
import type { FieldRef } from "./errors.js";
import type { AddressFamily, BFDProfile, IncomingFilter, IPFamily, PrefixFamily } from "./model.js";

export interface LocalPrefContribution {
  readonly localPref: number;
  readonly ipFamily: PrefixFamily;
  readonly prefixes: readonly string[];
  readonly ref: FieldRef;
}

export interface CommunityContribution {
  readonly community: string;
  readonly ipFamily: PrefixFamily;
  readonly prefixes: readonly string[];
}

export interface NeighborContribution {
  /** Points at the neighbor: `spec.bgp.routers[i].neighbors[j]`. */
  readonly ref: FieldRef;
  readonly name: string;
  readonly id: string;
  readonly asn: string;
  readonly address: string;
  readonly iface: string;
  readonly ipFamily: IPFamily;
  readonly vrf: string;
  readonly port?: number;
  readonly holdTime?: number;
  readonly keepaliveTime?: number;
  readonly connectTime?: number;
  readonly localASN?: number;
  readonly srcAddr: string;
  readonly password: string;
  /** How the password was given, for messages that must not print it: `none`, `cleartext`, `secret "x"`. */
  readonly passwordOrigin: string;
  readonly ebgpMultiHop: boolean;
  readonly bfdProfile: string;
  readonly gracefulRestart: boolean;
  readonly addressFamilies: readonly AddressFamily[];
  readonly prefixesV4: readonly string[];
  readonly prefixesV6: readonly string[];
  readonly nextHopV4: string;
  readonly nextHopV6: string;
  readonly localPrefs: readonly LocalPrefContribution[];
  readonly communities: readonly CommunityContribution[];
  readonly receiveAll: boolean;
  readonly receiveFilters: readonly IncomingFilter[];
  readonly alwaysBlock: readonly IncomingFilter[];
}

export interface RouterContribution {
  /** Points at the router: `spec.bgp.routers[i]`. */
  readonly ref: FieldRef;
  readonly myASN: number;
  readonly routerID: string;
  readonly vrf: string;
  readonly ipv4Prefixes: readonly string[];
  readonly ipv6Prefixes: readonly string[];
  readonly importVRFs: readonly string[];
  readonly neighbors: readonly NeighborContribution[];
}

export interface BFDProfileContribution {
  readonly profile: BFDProfile;
  readonly ref: FieldRef;
}

export interface RawContribution {
  readonly priority: number;
  readonly namespace: string;
  readonly name: string;
  readonly text: string;
}

export interface ConfigurationContribution {
  readonly routers: readonly RouterContribution[];
  readonly bfdProfiles: readonly BFDProfileContribution[];
  readonly raw?: RawContribution;
}

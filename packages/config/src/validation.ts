// Backend-specific checks run on the raw resources before parsing (upstream's Validate presets),
// and the cross-kind check run on the parsed config at the end.
import { parseCommunity } from "./community.js";
import { parseDuration } from "./duration.js";
import { ConfigObjectKind, ConfigRule, configError, type ConfigError } from "./errors.js";
import { formatCidr, parsePoolEntry } from "./ip.js";
import type { Config } from "./model.js";
import { peerRef } from "./peers.js";
import type { BGPPeerView, ClusterResources, NodeView } from "./resources.js";
import { matchesAnySelector, matchesLabelSelector, selectorProblem } from "./selectors.js";

/** Which BGP implementation the configuration is meant for. */
export const ValidationMode = {
  /** Native Go-style speaker: rejects FRR-only options, IPv6 BGP pools and large communities. */
  Native: "native",
  /** FRR sidecar mode: peers sharing a node need one router ID, unique addresses per VRF, one myASN per VRF. */
  FRR: "frr",
  /** frr-k8s mode: the FRR rules, and no bgpextras. */
  FRRK8s: "frr-k8s",
  /** Parse-time rules only. */
  None: "none",
} as const;
export type ValidationMode = (typeof ValidationMode)[keyof typeof ValidationMode];

/** Upstream's mapping of METALLB_BGP_TYPE (unset means native) to a validation preset. */
export function validationModeForBGPType(bgpType: string | undefined): ValidationMode {
  switch (bgpType ?? "native") {
    case "":
    case "native":
      return ValidationMode.Native;
    case "frr":
      return ValidationMode.FRR;
    case "frr-k8s":
      return ValidationMode.FRRK8s;
    default:
      return ValidationMode.None;
  }
}

const NATIVE_PEER_CHECKS: readonly [field: string, has: (s: BGPPeerView["spec"]) => boolean, what: string][] = [
  ["spec.bfdProfile", (s) => !!s.bfdProfile, "bfd-profile"],
  ["spec.keepaliveTime", (s) => s.keepaliveTime !== undefined && parseDuration(s.keepaliveTime) !== 0, "keepalive-time"],
  ["spec.vrf", (s) => !!s.vrf, "vrf"],
  ["spec.connectTime", (s) => s.connectTime !== undefined, "connect time"],
  ["spec.enableGracefulRestart", (s) => !!s.enableGracefulRestart, "EnableGracefulRestart flag"],
  ["spec.disableMP", (s) => !!s.disableMP, "disable MP flag"],
  ["spec.dualStackAddressFamily", (s) => !!s.dualStackAddressFamily, "dualstackaddressfamily flag"],
  ["spec.dynamicASN", (s) => !!s.dynamicASN, "dynamicASN"],
  ["spec.interface", (s) => !!s.interface, "interface"],
  ["spec.localASN", (s) => !!s.localASN, "localASN"],
];

function nativeModeErrors(r: ClusterResources, peers: readonly BGPPeerView[]): ConfigError[] {
  const errors: ConfigError[] = [];
  for (const p of peers) {
    const hit = NATIVE_PEER_CHECKS.find(([, has]) => has(p.spec));
    if (hit) errors.push(configError(peerRef(p), hit[0], ConfigRule.BackendMode, `peer ${p.spec.peerAddress ?? ""} has ${hit[2]} set on native bgp mode`));
  }
  const firstProfile = r.bfdProfiles?.[0];
  if (firstProfile) {
    errors.push(configError({ kind: ConfigObjectKind.BFDProfile, namespace: firstProfile.metadata.namespace, name: firstProfile.metadata.name }, "", ConfigRule.BackendMode, "bfd profiles section set"));
  }
  errors.push(...nativeIPv6PoolErrors(r));
  for (const adv of r.bgpAdvertisements ?? []) {
    for (const [i, text] of (adv.spec?.communities ?? []).entries()) {
      const c = parseCommunity(text);
      if (c.ok && c.community.kind === "large") {
        errors.push(
          configError({ kind: ConfigObjectKind.BGPAdvertisement, namespace: adv.metadata.namespace, name: adv.metadata.name }, `spec.communities[${i}]`, ConfigRule.BackendMode, `native BGP mode only supports legacy communities, BGP advertisement ${JSON.stringify(adv.metadata.name)} has non legacy community ${JSON.stringify(text)}`),
        );
      }
    }
  }
  for (const cr of r.communities ?? []) {
    for (const [i, alias] of (cr.spec?.communities ?? []).entries()) {
      const c = parseCommunity(alias.value ?? "");
      if (c.ok && c.community.kind === "large") {
        errors.push(
          configError({ kind: ConfigObjectKind.Community, namespace: cr.metadata.namespace, name: cr.metadata.name }, `spec.communities[${i}].value`, ConfigRule.BackendMode, `native BGP mode only supports legacy communities, BGP community CR ${JSON.stringify(cr.metadata.name)} has non legacy community ${JSON.stringify(alias.name ?? "")}`),
        );
      }
    }
  }
  return errors;
}

/** Native BGP is IPv4-only: no pool selected by any BGPAdvertisement may hold an IPv6 CIDR. */
function nativeIPv6PoolErrors(r: ClusterResources): ConfigError[] {
  const advs = r.bgpAdvertisements ?? [];
  if (advs.length === 0) return [];
  const selectsAll = advs.some((a) => (a.spec?.ipAddressPools ?? []).length === 0 && (a.spec?.ipAddressPoolSelectors ?? []).length === 0);
  const errors: ConfigError[] = [];
  for (const pool of r.pools ?? []) {
    const selected =
      selectsAll ||
      advs.some((a) => (a.spec?.ipAddressPools ?? []).includes(pool.metadata.name) || (a.spec?.ipAddressPoolSelectors ?? []).some((s) => matchesLabelSelector(s, pool.metadata.labels)));
    if (!selected) continue;
    for (const [i, entry] of (pool.spec.addresses ?? []).entries()) {
      const parsed = parsePoolEntry(entry);
      const v6 = parsed.ok ? parsed.cidrs.find((c) => c.family === 6) : undefined;
      if (v6) {
        errors.push(
          configError({ kind: ConfigObjectKind.IPAddressPool, namespace: pool.metadata.namespace, name: pool.metadata.name }, `spec.addresses[${i}]`, ConfigRule.BackendMode, `pool ${JSON.stringify(pool.metadata.name)} has ipv6 CIDR ${formatCidr(v6)}, native bgp mode does not support ipv6`),
        );
        break;
      }
    }
  }
  return errors;
}

function peerIdentifier(s: BGPPeerView["spec"]): string {
  const id = s.peerAddress || s.interface || "";
  return s.vrf ? `${id}-${s.vrf}` : id;
}

function nodesOf(p: BGPPeerView, nodes: readonly NodeView[]): Set<string> {
  const valid = (p.spec.nodeSelectors ?? []).every((s) => selectorProblem(s) === undefined);
  return new Set(nodes.filter((n) => !valid || matchesAnySelector(p.spec.nodeSelectors, n.metadata.labels)).map((n) => n.metadata.name));
}

/** FRR renders one router per VRF per node: peers that can meet on a node must agree. */
function frrModeErrors(peers: readonly BGPPeerView[], nodes: readonly NodeView[]): ConfigError[] {
  const nodeSets = peers.map((p) => nodesOf(p, nodes));
  const shareNode = (i: number, j: number): boolean => {
    if (nodes.length === 0) return true;
    const a = nodeSets[i] as Set<string>;
    for (const n of nodeSets[j] as Set<string>) if (a.has(n)) return true;
    return false;
  };
  const errors: ConfigError[] = [];
  for (let j = 1; j < peers.length; j++) {
    const b = peers[j] as BGPPeerView;
    for (let i = 0; i < j; i++) {
      const a = peers[i] as BGPPeerView;
      if (!shareNode(i, j)) continue;
      const problem = frrPairProblem(a, b);
      if (problem) {
        errors.push(configError(peerRef(b), problem.field, ConfigRule.BackendMode, `${problem.message} (conflicts with BGPPeer ${a.metadata.name})`));
        break;
      }
    }
  }
  return errors;
}

function frrPairProblem(a: BGPPeerView, b: BGPPeerView): { field: string; message: string } | undefined {
  if ((a.spec.routerID ?? "") !== (b.spec.routerID ?? "")) {
    return {
      field: "spec.routerID",
      message: `peer ${b.spec.routerID ?? ""} has RouterID different from ${a.spec.routerID ?? ""}, in FRR mode peers selecting the same node must all have the same RouterID`,
    };
  }
  if (peerIdentifier(a.spec) === peerIdentifier(b.spec)) {
    return { field: b.spec.interface ? "spec.interface" : "spec.peerAddress", message: `peer ${peerIdentifier(b.spec)} already exists, FRR mode doesn't support duplicate BGPPeers selecting the same node` };
  }
  if ((a.spec.vrf ?? "") === (b.spec.vrf ?? "") && a.spec.myASN !== b.spec.myASN) {
    return {
      field: "spec.myASN",
      message: `peer ${peerIdentifier(b.spec)} has myAsn different from ${peerIdentifier(a.spec)}, in FRR mode peers selecting the same node must have the same myAsn within the same VRF`,
    };
  }
  return undefined;
}

export function backendModeErrors(mode: ValidationMode, r: ClusterResources, peers: readonly BGPPeerView[]): ConfigError[] {
  const errors: ConfigError[] = [];
  if (mode === ValidationMode.Native) errors.push(...nativeModeErrors(r, peers));
  if (mode === ValidationMode.FRR || mode === ValidationMode.FRRK8s) errors.push(...frrModeErrors(peers, r.nodes ?? []));
  if ((mode === ValidationMode.Native || mode === ValidationMode.FRRK8s) && r.bgpExtras) {
    errors.push(configError({ kind: ConfigObjectKind.ConfigMap, name: "bgpextras" }, "data.extras", ConfigRule.BackendMode, `extra info not supported in ${mode} mode`));
  }
  return errors;
}

/** BFD echo mode cannot work for IPv6: no advertisement of a pool with IPv6 may reach a peer with an echo profile. */
export function crossKindErrors(cfg: Config): ConfigError[] {
  const errors: ConfigError[] = [];
  const echoPeer = (name: string): boolean => {
    const profile = cfg.bfdProfiles.get(cfg.peers.get(name)?.bfdProfile ?? "");
    return profile?.echoMode ?? false;
  };
  for (const pool of cfg.pools.values()) {
    if (!pool.hasIPv6) continue;
    for (const adv of pool.bgpAdvertisements) {
      const reached = adv.peers.length === 0 ? [...cfg.peers.keys()] : adv.peers.filter((p) => cfg.peers.has(p));
      const peer = reached.find(echoPeer);
      if (peer !== undefined) {
        errors.push(
          configError({ kind: ConfigObjectKind.IPAddressPool, name: pool.name }, "", ConfigRule.BFDEcho, `pool ${pool.name} has bgpadvertisement ${adv.name} which references peer ${peer} which has bfd echo enabled, which is not possible`),
        );
      }
    }
  }
  return errors;
}

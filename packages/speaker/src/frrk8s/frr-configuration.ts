// The FRRConfiguration `metallb-<node>` that the speaker owns in frr-k8s mode, built field by field
// from the node's sessions. Everything is sorted so that equal inputs give byte-identical output.
// Better than upstream: the peer's sourceAddress and localASN are rendered, and the BFD profiles are
// always exactly the current ones (an empty set clears them).
import { communityText, formatDuration, formatIP, parseIP, type BFDProfileConfig, type PeerConfig } from "@metallb-ts/config";
import type { BGPAnnouncement } from "../core/announce.js";
import type { SessionPlan } from "../core/plan.js";
import { HOSTNAME_LABEL } from "../core/views.js";

export const FRR_CONFIGURATION_API_VERSION = "frrk8s.metallb.io/v1beta1";
export const FRR_CONFIGURATION_KIND = "FRRConfiguration";

export interface FRRNeighbor {
  asn?: number;
  dynamicASN?: string;
  localASN?: number;
  sourceaddress?: string;
  address?: string;
  interface?: string;
  port: number;
  password?: string;
  passwordSecret: { name?: string; namespace?: string };
  holdTime?: string;
  keepaliveTime?: string;
  connectTime?: string;
  ebgpMultiHop?: boolean;
  bfdProfile?: string;
  enableGracefulRestart?: boolean;
  toAdvertise: {
    allowed: { prefixes?: string[] };
    withLocalPref?: { localPref: number; prefixes: string[] }[];
    withCommunity?: { community: string; prefixes: string[] }[];
  };
  disableMP?: boolean;
  dualStackAddressFamily?: boolean;
}

export interface FRRRouter {
  asn: number;
  id?: string;
  vrf?: string;
  neighbors: FRRNeighbor[];
  prefixes?: string[];
}

export interface FRRBFDProfile {
  name: string;
  receiveInterval?: number;
  transmitInterval?: number;
  detectMultiplier?: number;
  echoInterval?: number;
  echoMode: boolean;
  passiveMode: boolean;
  minimumTtl?: number;
}

export interface FRRConfigurationObject {
  apiVersion: typeof FRR_CONFIGURATION_API_VERSION;
  kind: typeof FRR_CONFIGURATION_KIND;
  metadata: { name: string; namespace: string };
  spec: {
    nodeSelector: { matchLabels: Record<string, string> };
    bgp: { routers: FRRRouter[]; bfdProfiles?: FRRBFDProfile[] };
  };
}

/**
 * How a BGPPeer's passwordSecret reaches frr-k8s: `passthrough` copies the reference verbatim (frr-k8s
 * reads the Secret itself); `convert` writes the resolved value as a plain password.
 */
export type PasswordSecretMode = "passthrough" | "convert";

/** Pass-through when frr-k8s runs in the metallb namespace or `--frrk8s-secret-passthrough` is set. */
export function passwordSecretModeFor(metallbNamespace: string, frrK8sNamespace: string, secretPassthroughFlag = false): PasswordSecretMode {
  return secretPassthroughFlag || metallbNamespace === frrK8sNamespace ? "passthrough" : "convert";
}

export interface FRRConfigurationOptions {
  readonly nodeName: string;
  /** The frr-k8s namespace the object lives in. */
  readonly namespace: string;
  readonly passwordSecretMode: PasswordSecretMode;
}

export function frrConfigurationName(nodeName: string): string {
  return `metallb-${nodeName}`;
}

/** Go's net.IP.String() of a textual IP, or `<nil>` when unset. */
function ipKeyText(ip: string | undefined): string {
  if (!ip) return "<nil>";
  const parsed = parseIP(ip);
  return parsed ? formatIP(parsed) : ip;
}

/** `<myASN>@<routerID|<nil>>@<vrf>`; routers sort by this key as plain strings. */
export function routerKey(peer: PeerConfig): string {
  return `${peer.myASN}@${ipKeyText(peer.routerID)}@${peer.vrf ?? ""}`;
}

/** `<peerASN|dynamicASN>@<address|interface>-<myASN>@<source|<nil>>[/<vrf>]`; equal keys collapse into one neighbor. */
export function sessionKey(peer: PeerConfig): string {
  const remote = peer.peerASN !== undefined ? String(peer.peerASN) : (peer.dynamicASN ?? "");
  const base = `${remote}@${peer.address ?? peer.interface ?? ""}-${peer.myASN}@${ipKeyText(peer.sourceAddress)}`;
  return peer.vrf ? `${base}/${peer.vrf}` : base;
}

/** A neighbor carries prefixes of its address family, or both for unnumbered / dualStackAddressFamily. */
export function neighborAcceptsFamily(peer: PeerConfig, family: 4 | 6): boolean {
  if (peer.interface !== undefined || peer.dualStackAddressFamily) return true;
  return peer.addressFamily === family;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(cmp);
}

function passwordFields(peer: PeerConfig, mode: PasswordSecretMode): Pick<FRRNeighbor, "password" | "passwordSecret"> {
  if (peer.password) return { password: peer.password, passwordSecret: {} };
  if (peer.passwordSecret && mode === "passthrough") {
    const ref: { name?: string; namespace?: string } = { name: peer.passwordSecret.name };
    if (peer.passwordSecret.namespace) ref.namespace = peer.passwordSecret.namespace;
    return { passwordSecret: ref };
  }
  if (peer.secretPassword !== undefined) return { password: peer.secretPassword, passwordSecret: {} };
  return { passwordSecret: {} };
}

function toAdvertise(announcements: readonly BGPAnnouncement[]): FRRNeighbor["toAdvertise"] {
  const prefixes = sortedUnique(announcements.map((a) => a.prefix));
  const byLocalPref = new Map<number, string[]>();
  const byCommunity = new Map<string, string[]>();
  for (const a of announcements) {
    if (a.localPref !== 0) byLocalPref.set(a.localPref, [...(byLocalPref.get(a.localPref) ?? []), a.prefix]);
    for (const c of a.communities) {
      const text = communityText(c);
      byCommunity.set(text, [...(byCommunity.get(text) ?? []), a.prefix]);
    }
  }
  const out: FRRNeighbor["toAdvertise"] = { allowed: prefixes.length > 0 ? { prefixes } : {} };
  if (byLocalPref.size > 0) {
    out.withLocalPref = [...byLocalPref.entries()].sort(([a], [b]) => a - b).map(([localPref, p]) => ({ localPref, prefixes: sortedUnique(p) }));
  }
  if (byCommunity.size > 0) {
    out.withCommunity = [...byCommunity.entries()].sort(([a], [b]) => cmp(a, b)).map(([community, p]) => ({ community, prefixes: sortedUnique(p) }));
  }
  return out;
}

export function neighborFor(session: SessionPlan, mode: PasswordSecretMode): FRRNeighbor {
  const p = session.peer;
  const n: FRRNeighbor = { port: p.port, passwordSecret: {}, toAdvertise: { allowed: {} } };
  if (p.peerASN !== undefined) n.asn = p.peerASN;
  if (p.dynamicASN !== undefined) n.dynamicASN = p.dynamicASN;
  if (p.localASN !== undefined) n.localASN = p.localASN;
  if (p.sourceAddress !== undefined) n.sourceaddress = p.sourceAddress;
  if (p.address !== undefined) n.address = p.address;
  if (p.interface !== undefined) n.interface = p.interface;
  Object.assign(n, passwordFields(p, mode));
  if (p.holdTime !== undefined) n.holdTime = formatDuration(p.holdTime);
  if (p.keepaliveTime !== undefined) n.keepaliveTime = formatDuration(p.keepaliveTime);
  if (p.connectTime !== undefined) n.connectTime = formatDuration(p.connectTime);
  if (p.ebgpMultiHop) n.ebgpMultiHop = true;
  if (p.bfdProfile !== undefined) n.bfdProfile = p.bfdProfile;
  if (p.enableGracefulRestart) n.enableGracefulRestart = true;
  n.toAdvertise = toAdvertise(session.announcements.filter((a) => neighborAcceptsFamily(p, a.family)));
  if (p.disableMP) n.disableMP = true;
  if (p.dualStackAddressFamily) n.dualStackAddressFamily = true;
  // Re-insert in a fixed key order so YAML/JSON output reads the same for every neighbor.
  return orderKeys(n, NEIGHBOR_KEY_ORDER);
}

const NEIGHBOR_KEY_ORDER: readonly (keyof FRRNeighbor)[] = [
  "asn", "dynamicASN", "localASN", "sourceaddress", "address", "interface", "port", "password", "passwordSecret",
  "holdTime", "keepaliveTime", "connectTime", "ebgpMultiHop", "bfdProfile", "enableGracefulRestart", "toAdvertise",
  "disableMP", "dualStackAddressFamily",
];

function orderKeys<T extends object>(obj: T, order: readonly (keyof T)[]): T {
  const out = {} as T;
  for (const k of order) if (obj[k] !== undefined) out[k] = obj[k];
  return out;
}

export function bfdProfileToFRR(p: BFDProfileConfig): FRRBFDProfile {
  const out: FRRBFDProfile = { name: p.name, echoMode: p.echoMode, passiveMode: p.passiveMode };
  if (p.receiveInterval !== undefined) out.receiveInterval = p.receiveInterval;
  if (p.transmitInterval !== undefined) out.transmitInterval = p.transmitInterval;
  if (p.detectMultiplier !== undefined) out.detectMultiplier = p.detectMultiplier;
  if (p.echoInterval !== undefined) out.echoInterval = p.echoInterval;
  if (p.minimumTtl !== undefined) out.minimumTtl = p.minimumTtl;
  return orderKeys(out, ["name", "receiveInterval", "transmitInterval", "detectMultiplier", "echoInterval", "echoMode", "passiveMode", "minimumTtl"]);
}

/**
 * Builds the whole object from scratch. Sessions whose peers share a session key collapse into one
 * neighbor; the one whose BGPPeer name sorts last wins, as a later-created session does upstream.
 */
export function buildFRRConfiguration(
  sessions: readonly SessionPlan[],
  bfdProfiles: Iterable<BFDProfileConfig>,
  opts: FRRConfigurationOptions,
): FRRConfigurationObject {
  const routers = new Map<string, { peer: PeerConfig; neighbors: Map<string, FRRNeighbor> }>();
  const ordered = [...sessions].sort((a, b) => cmp(a.peer.name, b.peer.name));
  for (const s of ordered) {
    const rk = routerKey(s.peer);
    const router = routers.get(rk) ?? { peer: s.peer, neighbors: new Map<string, FRRNeighbor>() };
    router.neighbors.set(sessionKey(s.peer), neighborFor(s, opts.passwordSecretMode));
    routers.set(rk, router);
  }
  const routerList: FRRRouter[] = [...routers.entries()]
    .sort(([a], [b]) => cmp(a, b))
    .map(([, r]) => {
      const neighbors = [...r.neighbors.entries()].sort(([a], [b]) => cmp(a, b)).map(([, n]) => n);
      const prefixes = sortedUnique(neighbors.flatMap((n) => n.toAdvertise.allowed.prefixes ?? []));
      const out: FRRRouter = { asn: r.peer.myASN, neighbors };
      if (r.peer.routerID) out.id = ipKeyText(r.peer.routerID);
      if (r.peer.vrf) out.vrf = r.peer.vrf;
      if (prefixes.length > 0) out.prefixes = prefixes;
      return orderKeys(out, ["asn", "id", "vrf", "neighbors", "prefixes"]);
    });
  const profiles = [...bfdProfiles].sort((a, b) => cmp(a.name, b.name)).map(bfdProfileToFRR);
  const bgp: FRRConfigurationObject["spec"]["bgp"] = { routers: routerList };
  if (profiles.length > 0) bgp.bfdProfiles = profiles;
  return {
    apiVersion: FRR_CONFIGURATION_API_VERSION,
    kind: FRR_CONFIGURATION_KIND,
    metadata: { name: frrConfigurationName(opts.nodeName), namespace: opts.namespace },
    spec: { nodeSelector: { matchLabels: { [HOSTNAME_LABEL]: opts.nodeName } }, bgp },
  };
}

// One node's BGP picture: which Services it announces, what each of its sessions is sent, and which
// (Service, peer) pairs result (for ServiceBGPStatus and metrics).
import {
  communityText,
  matchesAnySelector,
  type BGPAdvertisementView,
  type BGPPeerV1beta1View,
  type BGPPeerView,
  type ClusterResources,
  type Config,
  type PeerConfig,
} from "@metallb-ts/config";
import { bgpDecisionFor, type AnnounceOptions, type BGPAnnouncement, type ServiceBGPDecision } from "./announce.js";
import { indexSlices } from "./endpoints.js";
import { serviceKey, type EndpointSliceView, type NodeView, type ServiceView } from "./views.js";

/** Upstream's max number of communities a session accepts on one advertisement. */
export const MAX_COMMUNITIES = 63;

function appliesToNode(selectors: BGPPeerView["spec"]["nodeSelectors"], node: NodeView): boolean {
  return matchesAnySelector(selectors, node.metadata.labels);
}

/**
 * The speaker drops BGPPeers and BGPAdvertisements that do not select its node before parsing, so an
 * invalid object aimed at other nodes cannot invalidate this node's configuration.
 */
export function resourcesForNode(r: ClusterResources, node: NodeView): ClusterResources {
  const keepPeer = (p: BGPPeerView): boolean => appliesToNode(p.spec.nodeSelectors, node);
  const keepV1 = (p: BGPPeerV1beta1View): boolean => {
    const sels = p.spec.nodeSelectors ?? [];
    return sels.length === 0 || sels.some((s) => appliesToNode([s], node));
  };
  const keepAdv = (a: BGPAdvertisementView): boolean => appliesToNode(a.spec?.nodeSelectors, node);
  return {
    ...r,
    peers: r.peers?.filter(keepPeer),
    peersV1beta1: r.peersV1beta1?.filter(keepV1),
    bgpAdvertisements: r.bgpAdvertisements?.filter(keepAdv),
  };
}

/** What one BGP session (one BGPPeer) is asked to advertise. */
export interface SessionPlan {
  readonly peer: PeerConfig;
  /** De-duplicated, sorted by prefix then attributes. */
  readonly announcements: readonly BGPAnnouncement[];
  /** Set when the session refuses its advertisement set (it then advertises nothing). */
  readonly error?: string | undefined;
}

export interface ServicePeers {
  readonly service: string;
  /** Sorted BGPPeer names the Service's prefixes are configured to be sent to from this node. */
  readonly peers: readonly string[];
}

export interface NodeBGPPlan {
  readonly node: string;
  /** Every Service, sorted by ns/name. */
  readonly services: readonly ServiceBGPDecision[];
  /** Sessions this node runs, sorted by peer name. */
  readonly sessions: readonly SessionPlan[];
  /** Services with a non-empty peer set, sorted by ns/name. */
  readonly servicePeers: readonly ServicePeers[];
}

function announcementKey(a: BGPAnnouncement): string {
  return `${a.prefix}|${a.localPref}|${a.communities.map(communityText).join(",")}`;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface PlanInput {
  readonly config: Config;
  readonly node: NodeView;
  readonly services: readonly ServiceView[];
  readonly endpointSlices: readonly EndpointSliceView[];
  readonly options?: AnnounceOptions | undefined;
  /** Decisions of the previous plan, reused for Services whose inputs did not change. */
  readonly memo?: DecisionMemo | undefined;
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * Every change makes the speaker plan all Services again (as upstream does); deciding for 10,000
 * Services on every one of a stream of changes made hundreds of MB of garbage per second. A decision
 * depends only on the Service, its EndpointSlices, the configuration, the node and the options, and
 * informer caches hand out the same object until it changes: a decision whose inputs are the very
 * same objects as last time is reused.
 */
export class DecisionMemo {
  #context: readonly unknown[] = [];
  // Entries are updated in place and swept by generation: a plan that reuses every decision
  // allocates nothing here (per-plan garbage that lives until the next plan ends up in V8's old space).
  readonly #entries = new Map<string, { svc: ServiceView; slices: readonly EndpointSliceView[]; decision: ServiceBGPDecision; seen: number }>();
  #generation = 0;

  /** Starts a plan; a different configuration, node or options object forgets every decision. */
  begin(context: readonly unknown[]): void {
    if (!sameItems(context, this.#context)) this.#entries.clear();
    this.#context = context;
    this.#generation++;
  }

  decide(key: string, svc: ServiceView, slices: readonly EndpointSliceView[], compute: () => ServiceBGPDecision): ServiceBGPDecision {
    const entry = this.#entries.get(key);
    if (!entry) {
      const decision = compute();
      this.#entries.set(key, { svc, slices, decision, seen: this.#generation });
      return decision;
    }
    entry.seen = this.#generation;
    const sameSlices = sameItems(entry.slices, slices);
    if (entry.svc === svc && sameSlices) return entry.decision;
    entry.svc = svc;
    if (!sameSlices) entry.slices = slices;
    entry.decision = compute();
    return entry.decision;
  }

  /** Ends a plan: only the Services of this plan are remembered. */
  end(): void {
    for (const [key, entry] of this.#entries) if (entry.seen !== this.#generation) this.#entries.delete(key);
  }

  get size(): number {
    return this.#entries.size;
  }
}

export function planNode(input: PlanInput): NodeBGPPlan {
  const { config, node } = input;
  const slices = indexSlices(input.endpointSlices);
  const memo = input.memo;
  memo?.begin([config, node, input.options]);
  const decide = (svc: ServiceView, key: string): ServiceBGPDecision => {
    const own = slices.get(key) ?? [];
    const compute = () => bgpDecisionFor(config, node, svc, own, input.options, key);
    return memo ? memo.decide(key, svc, own, compute) : compute();
  };
  const services = [...input.services]
    .map((svc) => ({ svc, key: serviceKey(svc) }))
    .sort((a, b) => cmp(a.key, b.key))
    .map(({ svc, key }) => decide(svc, key));
  memo?.end();

  const sessions: SessionPlan[] = [];
  for (const peer of config.peers.values()) {
    if (!appliesToNode(peer.nodeSelectors, node)) continue;
    const unique = new Map<string, BGPAnnouncement>();
    for (const d of services) {
      if (!d.announce) continue;
      for (const a of d.announcements) {
        if (a.peers.length === 0 || a.peers.includes(peer.name)) unique.set(announcementKey(a), a);
      }
    }
    const announcements = [...unique.entries()].sort(([a], [b]) => cmp(a, b)).map(([, a]) => a);
    const tooMany = announcements.find((a) => a.communities.length > MAX_COMMUNITIES);
    sessions.push(
      tooMany
        ? { peer, announcements: [], error: `max supported communities is ${MAX_COMMUNITIES}, got ${tooMany.communities.length}` }
        : { peer, announcements },
    );
  }

  return { node: node.metadata.name, services, sessions, servicePeers: servicePeersFor(services, sessions) };
}

/** Every Service contributing to a prefix gets the peers that prefix was sent to (aggregation shares them). */
function servicePeersFor(services: readonly ServiceBGPDecision[], sessions: readonly SessionPlan[]): ServicePeers[] {
  const peersByPrefix = new Map<string, Set<string>>();
  for (const s of sessions) {
    for (const a of s.announcements) {
      const set = peersByPrefix.get(a.prefix) ?? new Set<string>();
      set.add(s.peer.name);
      peersByPrefix.set(a.prefix, set);
    }
  }
  const out: ServicePeers[] = [];
  for (const d of services) {
    if (!d.announce) continue;
    const peers = new Set<string>();
    for (const a of d.announcements) for (const p of peersByPrefix.get(a.prefix) ?? []) peers.add(p);
    if (peers.size > 0) out.push({ service: d.service, peers: [...peers].sort() });
  }
  return out;
}

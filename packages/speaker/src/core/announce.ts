// Whether this node announces a Service over BGP, and with which advertisements: upstream's
// checks in upstream's order, the first failing one being the withdraw reason.
import {
  advertisementMatchesService,
  bgpAdvertisementsHaveCompatibleLocalPref,
  cidrContains,
  cidrOf,
  formatCidr,
  parseIP,
  type BGPAdvertisementConfig,
  type BGPCommunity,
  type Config,
  type IPAddress,
  type PoolConfig,
} from "@metallb-ts/config";
import { hasUsableEndpoint } from "./endpoints.js";
import { EXCLUDE_LB_LABEL, NETWORK_UNAVAILABLE_CONDITION, type EndpointSliceView, type NodeView, type ServiceView } from "./views.js";

export const WithdrawReason = {
  NotLoadBalancer: "notLoadBalancer",
  LoadBalancerClassMismatch: "loadBalancerClassMismatch",
  NoIPAllocated: "noIPAllocated",
  InvalidIP: "invalidIP",
  NoPoolForIP: "noPoolForIP",
  NotOwner: "notOwner",
  NoMatchingAdvertisement: "noMatchingAdvertisement",
  ConflictingAdvertisements: "conflictingAdvertisements",
  NodeNetworkUnavailable: "nodeNetworkUnavailable",
  NodeLabeledExcludeBalancers: "nodeLabeledExcludeBalancers",
  NoLocalEndpoints: "noLocalEndpoints",
  NoEndpoints: "noEndpoints",
} as const;
export type WithdrawReason = (typeof WithdrawReason)[keyof typeof WithdrawReason];

/** One prefix a Service asks to be sent, with its attributes and peer filter. */
export interface BGPAnnouncement {
  /** Masked prefix text, e.g. `10.20.0.0/24`. */
  readonly prefix: string;
  readonly family: 4 | 6;
  /** 0 means not set. */
  readonly localPref: number;
  readonly communities: readonly BGPCommunity[];
  /** BGPPeer names; empty means every peer. */
  readonly peers: readonly string[];
  /** The BGPAdvertisement this came from. */
  readonly advertisement: string;
}

export type ServiceBGPDecision =
  | {
      readonly service: string;
      readonly announce: true;
      readonly pool: string;
      readonly ips: readonly string[];
      readonly announcements: readonly BGPAnnouncement[];
    }
  | { readonly service: string; readonly announce: false; readonly reason: WithdrawReason; readonly detail?: string | undefined };

export interface AnnounceOptions {
  /** `--lb-class`: only Services of this class; unset means only Services without a class. */
  readonly loadBalancerClass?: string | undefined;
  /** `--ignore-exclude-lb`. */
  readonly ignoreExcludeLB?: boolean | undefined;
}

/** The pool holding all of the Service's IPs (pools never overlap, so it is unique). */
export function poolForIPs(config: Config, ips: readonly IPAddress[]): PoolConfig | undefined {
  for (const pool of config.pools.values()) {
    if (ips.every((ip) => pool.cidrs.some((c) => cidrContains(c, ip)))) return pool;
  }
  return undefined;
}

export function nodeNetworkUnavailable(node: NodeView): boolean {
  return (node.status?.conditions ?? []).some((c) => c.type === NETWORK_UNAVAILABLE_CONDITION && c.status === "True");
}

function conflictingLocalPref(ads: readonly BGPAdvertisementConfig[], pool: PoolConfig): string | undefined {
  for (let j = 1; j < ads.length; j++) {
    for (let i = 0; i < j; i++) {
      const a = ads[i] as BGPAdvertisementConfig;
      const b = ads[j] as BGPAdvertisementConfig;
      if (!bgpAdvertisementsHaveCompatibleLocalPref(b, a, pool)) {
        return `advertisements '${a.name}' and '${b.name}' have conflicting LOCAL_PREF (${a.localPref} vs ${b.localPref})`;
      }
    }
  }
  return undefined;
}

/** Withdraw reasons about the Service itself, before any BGP-specific gate. */
function serviceIPs(svc: ServiceView, opts: AnnounceOptions): { ips: IPAddress[] } | { reason: WithdrawReason; detail?: string } {
  if (svc.spec?.type !== "LoadBalancer") return { reason: WithdrawReason.NotLoadBalancer };
  if ((svc.spec.loadBalancerClass ?? undefined) !== opts.loadBalancerClass) return { reason: WithdrawReason.LoadBalancerClassMismatch };
  const ingress = svc.status?.loadBalancer?.ingress ?? [];
  if (ingress.length === 0) return { reason: WithdrawReason.NoIPAllocated };
  const ips: IPAddress[] = [];
  for (const ing of ingress) {
    const ip = parseIP(ing.ip ?? "");
    if (!ip) return { reason: WithdrawReason.InvalidIP, detail: `invalid ingress IP ${JSON.stringify(ing.ip ?? ing.hostname ?? "")}` };
    ips.push(ip);
  }
  return { ips };
}

/** Decides for one Service on one node; `slices` are the Service's EndpointSlices. */
export function bgpDecisionFor(
  config: Config,
  node: NodeView,
  svc: ServiceView,
  slices: readonly EndpointSliceView[],
  opts: AnnounceOptions = {},
  service = `${svc.metadata.namespace ?? "default"}/${svc.metadata.name}`,
): ServiceBGPDecision {
  const withdraw = (reason: WithdrawReason, detail?: string): ServiceBGPDecision => ({ service, announce: false, reason, detail });
  const parsed = serviceIPs(svc, opts);
  if ("reason" in parsed) return withdraw(parsed.reason, parsed.detail);
  const pool = poolForIPs(config, parsed.ips);
  if (!pool) return withdraw(WithdrawReason.NoPoolForIP);

  const nodeName = node.metadata.name;
  const forNode = pool.bgpAdvertisements.filter((a) => a.nodes.has(nodeName));
  if (forNode.length === 0) return withdraw(WithdrawReason.NotOwner);
  const matching = forNode.filter((a) => advertisementMatchesService(a, svc.metadata.labels));
  if (matching.length === 0) return withdraw(WithdrawReason.NoMatchingAdvertisement);
  const conflict = conflictingLocalPref(matching, pool);
  if (conflict) return withdraw(WithdrawReason.ConflictingAdvertisements, conflict);
  if (nodeNetworkUnavailable(node)) return withdraw(WithdrawReason.NodeNetworkUnavailable);
  if (!opts.ignoreExcludeLB && node.metadata.labels?.[EXCLUDE_LB_LABEL] !== undefined) return withdraw(WithdrawReason.NodeLabeledExcludeBalancers);
  if (svc.spec?.externalTrafficPolicy === "Local") {
    if (!hasUsableEndpoint(slices, nodeName)) return withdraw(WithdrawReason.NoLocalEndpoints);
  } else if (!hasUsableEndpoint(slices)) {
    return withdraw(WithdrawReason.NoEndpoints);
  }

  const announcements: BGPAnnouncement[] = [];
  for (const ip of parsed.ips) {
    for (const adv of matching) {
      const length = ip.family === 4 ? adv.aggregationLength : adv.aggregationLengthV6;
      announcements.push({
        prefix: formatCidr(cidrOf(ip, length)),
        family: ip.family,
        localPref: adv.localPref,
        communities: adv.communities,
        peers: adv.peers,
        advertisement: adv.name,
      });
    }
  }
  return { service, announce: true, pool: pool.name, ips: svc.status?.loadBalancer?.ingress?.map((i) => i.ip ?? "") ?? [], announcements };
}

import { describe, expect, test } from "vitest";
import type { ClusterResources } from "@metallb-ts/config";
import { EXCLUDE_LB_LABEL } from "./views.js";
import { WithdrawReason, bgpDecisionFor, type AnnounceOptions } from "./announce.js";
import { bgpAdv, mustConfig, node, peer, pool, service, slice, type EndpointOptions, type ServiceOptions } from "../testdata/scenario.js";

const ME = "worker-1";
const OTHER = "worker-2";

interface GateCase {
  name: string;
  svc?: ServiceOptions;
  endpoints?: EndpointOptions[];
  me?: { labels?: Record<string, string>; networkUnavailable?: boolean };
  advs?: ClusterResources["bgpAdvertisements"];
  options?: AnnounceOptions;
  want: WithdrawReason | "announce";
}

const readyHere: EndpointOptions[] = [{ node: ME, ready: true }];

const cases: GateCase[] = [
  { name: "a ready endpoint anywhere", endpoints: [{ node: OTHER, ready: true }], want: "announce" },
  { name: "not a LoadBalancer", svc: { type: "ClusterIP" }, want: WithdrawReason.NotLoadBalancer },
  { name: "no ingress IP yet", svc: { ips: [] }, want: WithdrawReason.NoIPAllocated },
  { name: "an ingress IP that does not parse", svc: { ips: ["not-an-ip"] }, want: WithdrawReason.InvalidIP },
  { name: "an IP outside every pool", svc: { ips: ["198.51.100.77"] }, want: WithdrawReason.NoPoolForIP },
  { name: "IPs split across two pools", svc: { ips: ["203.0.113.7", "198.51.100.7"] }, want: WithdrawReason.NoPoolForIP },
  { name: "the pool's advertisement excludes this node", advs: [bgpAdv("a", { nodeSelectors: [{ matchLabels: { rack: "9" } }] })], want: WithdrawReason.NotOwner },
  { name: "no advertisement at all", advs: [], want: WithdrawReason.NotOwner },
  { name: "service selectors do not match", advs: [bgpAdv("a", { serviceSelectors: [{ matchLabels: { app: "db" } }] })], svc: { labels: { app: "web" } }, want: WithdrawReason.NoMatchingAdvertisement },
  {
    name: "service selectors match",
    advs: [bgpAdv("a", { serviceSelectors: [{ matchLabels: { app: "web" } }] })],
    svc: { labels: { app: "web" } },
    endpoints: readyHere,
    want: "announce",
  },
  {
    name: "two matching advertisements with conflicting LOCAL_PREF",
    advs: [bgpAdv("a", { localPref: 100, serviceSelectors: [{ matchLabels: { app: "web" } }] }), bgpAdv("b", { localPref: 200, serviceSelectors: [{ matchExpressions: [{ key: "app", operator: "Exists" }] }] })],
    svc: { labels: { app: "web" } },
    endpoints: readyHere,
    want: WithdrawReason.ConflictingAdvertisements,
  },
  {
    name: "conflicting LOCAL_PREF but only one matches this Service",
    advs: [bgpAdv("a", { localPref: 100, serviceSelectors: [{ matchLabels: { app: "web" } }] }), bgpAdv("b", { localPref: 200, serviceSelectors: [{ matchLabels: { app: "db" } }] })],
    svc: { labels: { app: "web" } },
    endpoints: readyHere,
    want: "announce",
  },
  { name: "NetworkUnavailable (checked before endpoints)", me: { networkUnavailable: true }, endpoints: [], want: WithdrawReason.NodeNetworkUnavailable },
  { name: "exclude-from-external-load-balancers label (any value)", me: { labels: { [EXCLUDE_LB_LABEL]: "" } }, endpoints: readyHere, want: WithdrawReason.NodeLabeledExcludeBalancers },
  { name: "exclusion label ignored with --ignore-exclude-lb", me: { labels: { [EXCLUDE_LB_LABEL]: "true" } }, endpoints: readyHere, options: { ignoreExcludeLB: true }, want: "announce" },
  { name: "Local: only an endpoint on another node", svc: { etp: "Local" }, endpoints: [{ node: OTHER, ready: true }], want: WithdrawReason.NoLocalEndpoints },
  { name: "Local: endpoint without nodeName", svc: { etp: "Local" }, endpoints: [{ ready: true }], want: WithdrawReason.NoLocalEndpoints },
  { name: "Local: a ready endpoint here", svc: { etp: "Local" }, endpoints: [{ node: OTHER, ready: true }, { node: ME, ready: true }], want: "announce" },
  { name: "Local: terminating but serving here", svc: { etp: "Local" }, endpoints: [{ node: ME, ready: false, serving: true, terminating: true }], want: "announce" },
  { name: "Cluster: no endpoints", endpoints: [], want: WithdrawReason.NoEndpoints },
  { name: "Cluster: not ready and not serving", endpoints: [{ node: OTHER, ready: false, serving: false }], want: WithdrawReason.NoEndpoints },
  { name: "Cluster: ready not reported counts as ready", endpoints: [{ node: OTHER, ready: null }], want: "announce" },
  { name: "Cluster: an endpoint without addresses does not count", endpoints: [{ node: OTHER, ready: true, addresses: [] }], want: WithdrawReason.NoEndpoints },
  { name: "LB class set on the Service, speaker without class", svc: {}, endpoints: readyHere, options: { loadBalancerClass: "other" }, want: WithdrawReason.LoadBalancerClassMismatch },
];

describe("BGP announce gating, in upstream order", () => {
  test.for(cases)("$name", (c) => {
    const me = node(ME, { rack: "1", ...c.me?.labels }, c.me?.networkUnavailable ?? false);
    const config = mustConfig(
      {
        nodes: [me, node(OTHER, { rack: "2" })],
        peers: [peer("uplink")],
        pools: [pool("public", ["203.0.113.0/24"]), pool("other", ["198.51.100.0/28"])],
        bgpAdvertisements: c.advs ?? [bgpAdv("a", { ipAddressPools: ["public"] })],
      },
      me,
    );
    const svc = service("web", { ips: ["203.0.113.7"], ...c.svc });
    const d = bgpDecisionFor(config, me, svc, [slice("web", c.endpoints ?? [{ node: OTHER, ready: true }])], c.options);
    expect(d.announce ? "announce" : d.reason).toBe(c.want);
  });
});

describe("advertisements of an announced Service", () => {
  test("every IP x every matching advertisement, masked to its aggregation length", () => {
    const me = node(ME);
    const config = mustConfig(
      {
        nodes: [me],
        pools: [pool("ds", ["203.0.113.0/24", "2001:db8:1::/120"])],
        communities: [{ metadata: { name: "c", namespace: "metallb-system" }, spec: { communities: [{ name: "edge", value: "large:64512:1:1" }] } }],
        bgpAdvertisements: [
          bgpAdv("host-routes", { localPref: 50, communities: ["edge", "65000:1"] }),
          bgpAdv("aggregate", { aggregationLength: 24, aggregationLengthV6: 120, localPref: 50, peers: ["transit"] }),
        ],
      },
      me,
    );
    const d = bgpDecisionFor(config, me, service("web", { ips: ["203.0.113.7", "2001:db8:1::7"] }), [slice("web", [{ ready: true }])]);
    expect(d.announce && d.announcements.map((a) => [a.prefix, a.localPref, a.peers.join(","), a.advertisement])).toEqual([
      ["203.0.113.0/24", 50, "transit", "aggregate"],
      ["203.0.113.7/32", 50, "", "host-routes"],
      ["2001:db8:1::/120", 50, "transit", "aggregate"],
      ["2001:db8:1::7/128", 50, "", "host-routes"],
    ]);
  });
});

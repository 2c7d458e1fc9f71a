import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { stringify } from "yaml";
import { ValidationMode, configFor, type ClusterResources } from "@metallb-ts/config";
import { planNode } from "../core/plan.js";
import { EXCLUDE_LB_LABEL } from "../core/views.js";
import { NS, bgpAdv, node, peer, pool, runScenario, service, slice, type Scenario } from "../testdata/scenario.js";
import { buildFRRConfiguration, passwordSecretModeFor, sessionKey, type FRRNeighbor, type FRRRouter } from "./frr-configuration.js";

const ME = "worker-1";
const ready = [slice("web", [{ node: ME, ready: true }])];

function routersOf(s: Omit<Scenario, "node"> & { node?: string }): FRRRouter[] {
  return runScenario({ node: ME, ...s }).frr.spec.bgp.routers;
}

function onlyNeighbor(s: Omit<Scenario, "node">): FRRNeighbor {
  const routers = routersOf(s);
  expect(routers).toHaveLength(1);
  expect(routers[0]?.neighbors).toHaveLength(1);
  return routers[0]?.neighbors[0] as FRRNeighbor;
}

/** One Service on one pool, announced over one advertisement to the given peers. */
function oneService(peers: ClusterResources["peers"], extra: Partial<ClusterResources> = {}): Omit<Scenario, "node"> {
  return {
    resources: { nodes: [node(ME)], peers, pools: [pool("public", ["203.0.113.0/24", "2001:db8:5::/120"])], bgpAdvertisements: [bgpAdv("all")], ...extra },
    services: [service("web", { ips: ["203.0.113.10", "2001:db8:5::10"] })],
    slices: ready,
  };
}

describe("neighbor translation", () => {
  test.for([
    { name: "eBGP, one hop", spec: {}, want: { asn: 64500, address: "192.0.2.1", port: 179, passwordSecret: {} } },
    { name: "eBGP multihop", spec: { ebgpMultiHop: true }, want: { ebgpMultiHop: true } },
    { name: "iBGP", spec: { peerASN: 64512 }, want: { asn: 64512 } },
    { name: "dynamic ASN", spec: { peerASN: undefined, dynamicASN: "external" }, want: { dynamicASN: "external" }, absent: ["asn"] },
    { name: "unnumbered", spec: { peerAddress: undefined, interface: "eth1", peerASN: undefined, dynamicASN: "internal" }, want: { interface: "eth1" }, absent: ["address"] },
    { name: "custom port", spec: { peerPort: 1179 }, want: { port: 1179 } },
    { name: "hold only", spec: { holdTime: "90s" }, want: { holdTime: "1m30s", keepaliveTime: "30s" } },
    { name: "keepalive only", spec: { keepaliveTime: "3s" }, want: { holdTime: "9s", keepaliveTime: "3s" } },
    { name: "no timers", spec: {}, want: {}, absent: ["holdTime", "keepaliveTime", "connectTime", "password", "ebgpMultiHop", "sourceaddress", "localASN"] },
    { name: "connect time", spec: { connectTime: "10s" }, want: { connectTime: "10s" } },
    { name: "graceful restart", spec: { enableGracefulRestart: true }, want: { enableGracefulRestart: true } },
    { name: "plain password", spec: { password: "hunter2" }, want: { password: "hunter2", passwordSecret: {} } },
    { name: "sourceAddress and localASN are passed through", spec: { sourceAddress: "192.0.2.100", localASN: 65001 }, want: { sourceaddress: "192.0.2.100", localASN: 65001 } },
    { name: "disableMP copied", spec: { disableMP: true }, want: { disableMP: true } },
  ] as { name: string; spec: Parameters<typeof peer>[1]; want: Partial<FRRNeighbor>; absent?: string[] }[])("$name", ({ spec, want, absent }) => {
    const n = onlyNeighbor(oneService([peer("uplink", spec)]));
    expect(n).toMatchObject(want);
    for (const key of absent ?? []) expect(n).not.toHaveProperty(key);
  });

  test.for([
    { name: "IPv4 peer gets only IPv4 prefixes", spec: {}, want: ["203.0.113.10/32"] },
    { name: "IPv6 peer gets only IPv6 prefixes", spec: { peerAddress: "2001:db8::1" }, want: ["2001:db8:5::10/128"] },
    { name: "dualStackAddressFamily opens both", spec: { dualStackAddressFamily: true }, want: ["2001:db8:5::10/128", "203.0.113.10/32"] },
    { name: "unnumbered is always both", spec: { peerAddress: undefined, interface: "eth1" }, want: ["2001:db8:5::10/128", "203.0.113.10/32"] },
  ])("address-family filter: $name", ({ spec, want }) => {
    const routers = routersOf(oneService([peer("uplink", spec)]));
    expect(routers[0]?.neighbors[0]?.toAdvertise.allowed.prefixes).toEqual(want);
    expect(routers[0]?.prefixes).toEqual(want);
  });

  test("passwordSecret: converted to plain text, or passed through verbatim", () => {
    const scenario = oneService([peer("uplink", { passwordSecret: { name: "bgp-auth", namespace: "wherever" } })], {
      secrets: [{ metadata: { name: "bgp-auth", namespace: NS }, type: "kubernetes.io/basic-auth", stringData: { password: "s3cret" } }],
    });
    expect(runScenario({ ...scenario, node: ME, passwordSecretMode: "convert" }).frr.spec.bgp.routers[0]?.neighbors[0]).toMatchObject({ password: "s3cret", passwordSecret: {} });
    const passthrough = runScenario({ ...scenario, node: ME, passwordSecretMode: "passthrough" }).frr.spec.bgp.routers[0]?.neighbors[0];
    expect(passthrough?.passwordSecret).toEqual({ name: "bgp-auth", namespace: "wherever" });
    expect(passthrough?.password).toBeUndefined();
  });

  test.for([
    { metallb: "metallb-system", frr: "metallb-system", flag: false, want: "passthrough" },
    { metallb: "metallb-system", frr: "frr-k8s-system", flag: false, want: "convert" },
    { metallb: "metallb-system", frr: "frr-k8s-system", flag: true, want: "passthrough" },
  ])("password mode with metallb in $metallb, frr-k8s in $frr, pass-through flag $flag", ({ metallb, frr, flag, want }) => {
    expect(passwordSecretModeFor(metallb, frr, flag)).toBe(want);
  });

  test("a v1beta1 peer renders explicit 0s timers", () => {
    const n = onlyNeighbor({
      resources: { nodes: [node(ME)], peersV1beta1: [{ metadata: { name: "old", namespace: NS }, spec: { myASN: 64512, peerASN: 64500, peerAddress: "192.0.2.1" } }] },
    });
    expect(n).toMatchObject({ holdTime: "0s", keepaliveTime: "0s" });
  });
});

describe("advertisement attributes", () => {
  test("communities (aliases, large) sorted by string; LOCAL_PREF numerically; each with its prefixes", () => {
    const n = onlyNeighbor({
      resources: {
        nodes: [node(ME)],
        peers: [peer("uplink", { peerASN: 64512 })],
        communities: [{ metadata: { name: "aliases", namespace: NS }, spec: { communities: [{ name: "no-advertise", value: "65535:65282" }, { name: "site", value: "large:64512:300:1" }] } }],
        pools: [pool("a", ["203.0.113.0/28"]), pool("b", ["203.0.113.16/28"])],
        bgpAdvertisements: [
          bgpAdv("a-hosts", { ipAddressPools: ["a"], localPref: 100, communities: ["site", "no-advertise"] }),
          bgpAdv("b-hosts", { ipAddressPools: ["b"], localPref: 20, communities: ["65000:7"] }),
          bgpAdv("b-aggregate", { ipAddressPools: ["b"], localPref: 300, aggregationLength: 28, communities: ["65000:7"] }),
        ],
      },
      services: [service("web", { ips: ["203.0.113.1"] }), service("db", { ips: ["203.0.113.17"] })],
      slices: [slice("web", [{ ready: true }]), slice("db", [{ ready: true }])],
    });
    expect(n.toAdvertise).toEqual({
      allowed: { prefixes: ["203.0.113.1/32", "203.0.113.16/28", "203.0.113.17/32"] },
      withLocalPref: [
        { localPref: 20, prefixes: ["203.0.113.17/32"] },
        { localPref: 100, prefixes: ["203.0.113.1/32"] },
        { localPref: 300, prefixes: ["203.0.113.16/28"] },
      ],
      withCommunity: [
        { community: "65000:7", prefixes: ["203.0.113.16/28", "203.0.113.17/32"] },
        { community: "65535:65282", prefixes: ["203.0.113.1/32"] },
        { community: "large:64512:300:1", prefixes: ["203.0.113.1/32"] },
      ],
    });
  });

  test("an advertisement's peers list restricts which neighbors get its prefixes", () => {
    const routers = routersOf({
      resources: {
        nodes: [node(ME)],
        peers: [peer("transit", { peerAddress: "192.0.2.1" }), peer("ix", { peerAddress: "192.0.2.2" })],
        pools: [pool("public", ["203.0.113.0/24"])],
        bgpAdvertisements: [bgpAdv("hosts", { peers: ["ix"] }), bgpAdv("aggregate", { aggregationLength: 24 })],
      },
      services: [service("web", { ips: ["203.0.113.10"] })],
      slices: ready,
    });
    expect(routers[0]?.neighbors.map((n) => [n.address, n.toAdvertise.allowed.prefixes])).toEqual([
      ["192.0.2.1", ["203.0.113.0/24"]],
      ["192.0.2.2", ["203.0.113.0/24", "203.0.113.10/32"]],
    ]);
  });

  test("node selectors: peers and advertisements for other nodes do not reach this node", () => {
    const resources: ClusterResources = {
      nodes: [node(ME, { rack: "1" }), node("worker-2", { rack: "2" })],
      peers: [peer("rack1-tor", { nodeSelectors: [{ matchLabels: { rack: "1" } }] }), peer("rack2-tor", { peerAddress: "192.0.2.2", nodeSelectors: [{ matchLabels: { rack: "2" } }] })],
      pools: [pool("public", ["203.0.113.0/24"])],
      bgpAdvertisements: [bgpAdv("rack2-only", { nodeSelectors: [{ matchLabels: { rack: "2" } }] })],
    };
    const mine = runScenario({ resources, node: ME, services: [service("web", { ips: ["203.0.113.10"] })], slices: ready });
    expect(mine.frr.spec.bgp.routers[0]?.neighbors.map((n) => n.address)).toEqual(["192.0.2.1"]);
    expect(mine.frr.spec.bgp.routers[0]?.neighbors[0]?.toAdvertise.allowed).toEqual({});
    expect(mine.plan.services[0]).toMatchObject({ announce: false, reason: "notOwner" });
  });

  test("an excluded node keeps its sessions but advertises nothing", () => {
    const { frr, plan } = runScenario({ ...oneService([peer("uplink")]), resources: { ...oneService([peer("uplink")]).resources, nodes: [node(ME, { [EXCLUDE_LB_LABEL]: "" })] }, node: ME });
    expect(frr.spec.bgp.routers[0]?.neighbors[0]?.toAdvertise.allowed).toEqual({});
    expect(plan.servicePeers).toEqual([]);
  });
});

describe("routers", () => {
  test("keyed by myASN, routerID and VRF, sorted as strings", () => {
    const routers = routersOf({
      resources: {
        nodes: [node(ME)],
        peers: [
          peer("default-vrf", { myASN: 200, routerID: "10.0.0.1" }),
          peer("blue", { myASN: 1000, routerID: "10.0.0.1", vrf: "blue" }),
          peer("red", { myASN: 300, routerID: "10.0.0.1", vrf: "red", peerAddress: "192.0.2.1" }),
        ],
      },
    });
    expect(routers.map((r) => [r.asn, r.id, r.vrf])).toEqual([
      [1000, "10.0.0.1", "blue"],
      [200, "10.0.0.1", undefined],
      [300, "10.0.0.1", "red"],
    ]);
  });

  test("peers with the same session key collapse into one neighbor (the last by name wins)", () => {
    const result = configFor(
      { nodes: [node(ME)], peers: [peer("a", { holdTime: "30s" }), peer("b", { holdTime: "60s" })] },
      { validation: ValidationMode.None },
    );
    if (!result.ok) throw new Error("config");
    const plan = planNode({ config: result.config, node: node(ME), services: [], endpointSlices: [] });
    expect(plan.sessions.map((s) => sessionKey(s.peer))).toEqual(["64500@192.0.2.1-64512@<nil>", "64500@192.0.2.1-64512@<nil>"]);
    const frr = buildFRRConfiguration(plan.sessions, [], { nodeName: ME, namespace: "x", passwordSecretMode: "convert" });
    expect(frr.spec.bgp.routers[0]?.neighbors.map((n) => n.holdTime)).toEqual(["1m0s"]);
  });

  test("BFD profiles: every current profile, sorted; none means none (stale profiles removed)", () => {
    const withProfiles = runScenario({
      node: ME,
      resources: {
        nodes: [node(ME)],
        bfdProfiles: [
          { metadata: { name: "slow", namespace: NS } },
          { metadata: { name: "fast", namespace: NS }, spec: { receiveInterval: 50, transmitInterval: 50, detectMultiplier: 3, echoMode: true, passiveMode: true, minimumTtl: 250, echoInterval: 20 } },
        ],
        peers: [peer("uplink", { bfdProfile: "fast" })],
      },
    }).frr;
    expect(withProfiles.spec.bgp.bfdProfiles).toEqual([
      { name: "fast", receiveInterval: 50, transmitInterval: 50, detectMultiplier: 3, echoInterval: 20, echoMode: true, passiveMode: true, minimumTtl: 250 },
      { name: "slow", echoMode: false, passiveMode: false },
    ]);
    expect(withProfiles.spec.bgp.routers[0]?.neighbors[0]?.bfdProfile).toBe("fast");
    const without = runScenario({ node: ME, resources: { nodes: [node(ME)] } }).frr;
    expect(without.spec.bgp).toEqual({ routers: [] });
  });
});

describe("service peers (for ServiceBGPStatus)", () => {
  test("all Services aggregated into one prefix share the peers of that prefix", () => {
    const { plan } = runScenario({
      node: ME,
      resources: {
        nodes: [node(ME)],
        peers: [peer("transit", { peerAddress: "192.0.2.1" }), peer("ix", { peerAddress: "192.0.2.2" })],
        pools: [pool("public", ["203.0.113.0/24"])],
        bgpAdvertisements: [bgpAdv("agg", { aggregationLength: 24, peers: ["transit"] }), bgpAdv("hosts", { aggregationLength: 32, peers: ["ix"], serviceSelectors: [{ matchLabels: { app: "web" } }] })],
      },
      services: [service("web", { ips: ["203.0.113.10"], labels: { app: "web" } }), service("db", { ips: ["203.0.113.20"] })],
      slices: [slice("web", [{ ready: true }]), slice("db", [{ ready: true }])],
    });
    expect(plan.servicePeers).toEqual([
      { service: "default/db", peers: ["transit"] },
      { service: "default/web", peers: ["ix", "transit"] },
    ]);
  });

  test("a session refuses an advertisement with more than 63 communities", () => {
    const communities = Array.from({ length: 64 }, (_, i) => `65000:${i}`);
    const { plan, frr } = runScenario({ ...oneService([peer("uplink")], { bgpAdvertisements: [bgpAdv("many", { communities })] }), node: ME });
    expect(plan.sessions[0]?.error).toBe("max supported communities is 63, got 64");
    expect(frr.spec.bgp.routers[0]?.neighbors[0]?.toAdvertise.allowed).toEqual({});
  });
});

/** Golden scenarios: the rendered YAML is compared with testdata/<name>.golden.yaml. */
const goldens: Record<string, Scenario> = {
  "ebgp-ibgp-communities": {
    node: ME,
    resources: {
      nodes: [node(ME), node("worker-2")],
      communities: [{ metadata: { name: "aliases", namespace: NS }, spec: { communities: [{ name: "no-export", value: "65535:65281" }, { name: "region", value: "large:64512:10:1" }] } }],
      peers: [
        peer("transit", { peerAddress: "198.51.100.1", peerASN: 64500, ebgpMultiHop: true, holdTime: "90s", routerID: "10.0.0.11" }),
        peer("route-reflector", { peerAddress: "198.51.100.2", peerASN: 64512, keepaliveTime: "10s", routerID: "10.0.0.11" }),
      ],
      pools: [pool("public", ["203.0.113.0/26", "203.0.113.64-203.0.113.70"])],
      bgpAdvertisements: [
        bgpAdv("hosts", { localPref: 150, communities: ["no-export", "region"], peers: ["route-reflector"] }),
        bgpAdv("aggregate", { aggregationLength: 30, communities: ["65000:100"], peers: ["transit"] }),
      ],
    },
    services: [service("web", { ips: ["203.0.113.10"] }), service("api", { ips: ["203.0.113.65"], etp: "Local" }), service("idle", { ips: ["203.0.113.11"] })],
    slices: [slice("web", [{ node: "worker-2", ready: true }]), slice("api", [{ node: ME, ready: false, serving: true, terminating: true }]), slice("idle", [])],
  },
  "vrf-dual-stack-unnumbered": {
    node: ME,
    resources: {
      nodes: [node(ME)],
      peers: [
        peer("v4", { peerAddress: "198.51.100.1" }),
        peer("v6", { peerAddress: "2001:db8:ffff::1" }),
        peer("both", { peerAddress: "2001:db8:ffff::2", dualStackAddressFamily: true }),
        peer("fabric", { peerAddress: undefined, interface: "eth1", peerASN: undefined, dynamicASN: "external", vrf: "red", myASN: 65010 }),
      ],
      pools: [pool("ds", ["203.0.113.0/24", "2001:db8:5::/120"])],
      bgpAdvertisements: [bgpAdv("all")],
    },
    services: [service("web", { ips: ["203.0.113.10", "2001:db8:5::10"] })],
    slices: [slice("web", [{ ready: true }])],
  },
  "bfd-passwords-timers": {
    node: ME,
    passwordSecretMode: "passthrough",
    resources: {
      nodes: [node(ME)],
      bfdProfiles: [{ metadata: { name: "fast", namespace: NS }, spec: { receiveInterval: 100, transmitInterval: 100, detectMultiplier: 3 } }, { metadata: { name: "echo", namespace: NS }, spec: { echoMode: true, echoInterval: 50 } }],
      secrets: [{ metadata: { name: "tor-auth", namespace: NS }, type: "kubernetes.io/basic-auth", stringData: { password: "not-rendered-in-passthrough" } }],
      peers: [
        peer("tor-a", { peerAddress: "198.51.100.1", bfdProfile: "fast", password: "plain-text", enableGracefulRestart: true, connectTime: "5s", holdTime: "30s", keepaliveTime: "10s" }),
        peer("tor-b", { peerAddress: "198.51.100.2", bfdProfile: "echo", passwordSecret: { name: "tor-auth", namespace: NS }, sourceAddress: "198.51.100.100", localASN: 65099 }),
      ],
      pools: [pool("public", ["203.0.113.0/24"])],
      bgpAdvertisements: [bgpAdv("all", { localPref: 200 })],
    },
    services: [service("web", { ips: ["203.0.113.10"] })],
    slices: [slice("web", [{ ready: true }])],
  },
};

describe("golden FRRConfigurations", () => {
  test.for(Object.keys(goldens))("%s", async (name) => {
    const { frr } = runScenario(goldens[name] as Scenario);
    await expect(stringify(frr)).toMatchFileSnapshot(`./testdata/${name}.golden.yaml`);
  });
});

test("output is identical under any input order", () => {
  const base = goldens["ebgp-ibgp-communities"] as Scenario;
  const want = stringify(runScenario(base).frr);
  const r = base.resources;
  const perm = <T>(xs: readonly T[] | undefined) => fc.shuffledSubarray([...(xs ?? [])], { minLength: xs?.length ?? 0 });
  fc.assert(
    fc.property(
      fc.record({ peers: perm(r.peers), pools: perm(r.pools), bgpAdvertisements: perm(r.bgpAdvertisements), nodes: perm(r.nodes), services: perm(base.services), slices: perm(base.slices) }),
      (s) => stringify(runScenario({ ...base, resources: { ...r, peers: s.peers, pools: s.pools, bgpAdvertisements: s.bgpAdvertisements, nodes: s.nodes }, services: s.services, slices: s.slices }).frr) === want,
    ),
    { numRuns: 50 },
  );
});

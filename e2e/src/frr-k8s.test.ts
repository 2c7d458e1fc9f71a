// frr-k8s standalone (no MetalLB): two nodes, each with its frr-k8s daemon driving its FRR, and one
// external router. Every assertion reads the router's RIB, a node's kernel routes, or the API.
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { FRRK8S_NAMESPACE, System, eventually, routerConfig, type Rib } from "@metallb-ts/e2e/lab";

const ROUTER_ASN = 64512;
const NODE_ASN = 64513;
/** What the router originates, for the receive tests. */
const ROUTER_V4 = ["198.18.10.0/24", "198.18.11.0/24"];
const ROUTER_V6 = ["2001:db8:10::/64", "2001:db8:11::/64"];
/** What the nodes own, for the advertise tests. */
const NODE_V4 = ["203.0.113.1/32", "203.0.113.2/32"];
const NODE_V6 = ["2001:db8:20::/64", "2001:db8:21::/64"];

type Json = Record<string, unknown>;

describe("frr-k8s standalone on the FRR lab", () => {
  let sys: System;

  const router = () => sys.router;
  const node = (i: number) => sys.lab.nodes[i]!;

  /**
   * The router learned `prefix` from exactly `nodes` (none: withdrawn). IPv4 next hops name the node;
   * IPv6 ones may be link-local, so for IPv6 the number of paths is compared.
   */
  function routerHas(prefix: string, nodes: string[]): boolean {
    const v6 = prefix.includes(":");
    const rib = router().vtyshJson<Rib>(v6 ? "show ipv6 route bgp json" : "show ip route bgp json");
    const hops = (rib[prefix] ?? []).flatMap((e) => e.nexthops.map((h) => h.ip ?? ""));
    if (v6) return hops.length === nodes.length;
    const from = sys.lab.nodes.filter((n) => hops.includes(n.ipv4)).map((n) => n.name);
    return hops.length === nodes.length && from.sort().join(",") === [...nodes].sort().join(",");
  }

  const kernelHas = (i: number, prefix: string): boolean =>
    node(i).kernelRoutes(prefix.includes(":") ? 6 : 4).some((r) => r.dst === prefix || `${r.dst}/32` === prefix);

  function frrConfiguration(name: string, spec: Json): string {
    return JSON.stringify({ apiVersion: "frrk8s.metallb.io/v1beta1", kind: "FRRConfiguration", metadata: { name, namespace: FRRK8S_NAMESPACE }, spec });
  }

  function neighbors(v4: Json, v6: Json, extra: Json = {}): Json[] {
    return [
      { address: router().ipv4, asn: ROUTER_ASN, ...v4, ...extra },
      { address: router().ipv6, asn: ROUTER_ASN, ...v6 },
    ];
  }

  function mainConfig(advertise: "some" | "all", receive: "some" | "all", extra: Json = {}, spec: Json = {}): string {
    const adv = (p: string) => (advertise === "all" ? { allowed: { mode: "all" } } : { allowed: { prefixes: [p] } });
    const rcv = (p: string) => (receive === "all" ? { allowed: { mode: "all" } } : { allowed: { prefixes: [{ prefix: p }] } });
    return frrConfiguration("main", {
      ...spec,
      bgp: {
        ...(spec["bgp"] as Json | undefined),
        routers: [{
          asn: NODE_ASN,
          prefixes: [...NODE_V4, ...NODE_V6],
          neighbors: neighbors(
            { toAdvertise: adv(NODE_V4[0]!), toReceive: rcv(ROUTER_V4[0]!) },
            { toAdvertise: adv(NODE_V6[0]!), toReceive: rcv(ROUTER_V6[0]!) },
            extra,
          ),
        }],
      },
    });
  }

  function nodeState(name: string): { lastConversionResult?: string; lastReloadResult?: string; runningConfig?: string } {
    try {
      return (JSON.parse(sys.kubectl(["get", "frrnodestate", name, "-o", "json"])) as { status?: Json }).status ?? {};
    } catch {
      return {};
    }
  }

  function sessionStates(): Array<{ metadata: { labels: Record<string, string> }; status: Record<string, string> }> {
    return (JSON.parse(sys.kubectl(["get", "bgpsessionstates", "-n", FRRK8S_NAMESPACE, "-o", "json"])) as { items: never[] }).items;
  }

  const deleteConfig = (name: string) => sys.kubectl(["delete", "frrconfiguration", "-n", FRRK8S_NAMESPACE, name, "--ignore-not-found"]);

  beforeAll(async () => {
    sys = await System.start({ nodes: 2, components: ["frr-k8s"], controlPlane: inject("controlPlane") });
    router().loadConfig(routerConfig({
      hostname: "router1", asn: ROUTER_ASN, routerId: router().ipv4,
      peers: sys.lab.nodes.flatMap((n) => [{ address: n.ipv4, asn: NODE_ASN }, { address: n.ipv6, asn: NODE_ASN }]),
      originate: [...ROUTER_V4, ...ROUTER_V6],
    }));
  });

  afterAll(async () => {
    if (sys) {
      sys.kubectl(["delete", "frrconfiguration", "-n", FRRK8S_NAMESPACE, "--all"]);
      sys.kubectl(["delete", "bgpsessionstates", "-n", FRRK8S_NAMESPACE, "--all"]);
      sys.kubectl(["delete", "frrnodestates", "--all"]);
      await sys.teardown();
    }
  });

  test("advertises some prefixes, then all, to IPv4 and IPv6 neighbors", async () => {
    sys.apply(mainConfig("some", "some"));
    await eventually("router learns the allowed v4 prefix from both nodes", () => routerHas(NODE_V4[0]!, ["node1", "node2"]), 60_000);
    await eventually("router learns the allowed v6 prefix from both nodes", () => routerHas(NODE_V6[0]!, ["node1", "node2"]), 60_000);
    expect(routerHas(NODE_V4[1]!, [])).toBe(true);
    expect(routerHas(NODE_V6[1]!, [])).toBe(true);

    sys.apply(mainConfig("all", "some"));
    await eventually("router learns every v4 prefix", () => routerHas(NODE_V4[1]!, ["node1", "node2"]));
    await eventually("router learns every v6 prefix", () => routerHas(NODE_V6[1]!, ["node1", "node2"]));
  });

  test("reports conversion and reload success, the running config, and an Established BGPSessionState per neighbor", async () => {
    await eventually("FRRNodeState of both nodes", () => sys.lab.nodes.every((n) => {
      const s = nodeState(n.name);
      return s.lastConversionResult === "success" && s.lastReloadResult === "success" && (s.runningConfig ?? "").includes(`router bgp ${NODE_ASN}`);
    }));
    await eventually("4 Established sessions", () => {
      const states = sessionStates();
      return states.length === 4 && states.every((s) => s.status["bgpStatus"] === "Established") ? states : undefined;
    });
    const byNodePeer = sessionStates().map((s) => `${s.status["node"]} ${s.status["peer"]} ${s.metadata.labels["frrk8s.metallb.io/vrf"]}`).sort();
    expect(byNodePeer).toEqual([
      "node1 198.51.100.1 ", "node1 2001-0db8-0100-0000-0000-0000-0000-0001 ", "node2 198.51.100.1 ", "node2 2001-0db8-0100-0000-0000-0000-0000-0001 ",
    ]);
    const metrics = await sys.metrics("frr-k8s-node1");
    expect(metrics).toMatch(/frrk8s_bgp_session_up\{peer="198\.51\.100\.1",vrf="default"\} 1/);
    expect(metrics).toMatch(/frrk8s_k8s_client_config_loaded_bool 1/);
    expect(metrics).toMatch(/frrk8s_k8s_client_config_stale_bool 0/);
  });

  test("receives a filtered set of routes, then all (IPv4 and IPv6 kernel routes)", async () => {
    await eventually("nodes install the allowed routes", () => [0, 1].every((i) => kernelHas(i, ROUTER_V4[0]!) && kernelHas(i, ROUTER_V6[0]!)));
    expect(kernelHas(0, ROUTER_V4[1]!)).toBe(false);
    expect(kernelHas(0, ROUTER_V6[1]!)).toBe(false);
    sys.apply(mainConfig("all", "all"));
    await eventually("nodes install every route", () => [0, 1].every((i) => kernelHas(i, ROUTER_V4[1]!) && kernelHas(i, ROUTER_V6[1]!)));
  });

  test("a node selector limits a configuration to one node", async () => {
    sys.apply(frrConfiguration("node1-only", {
      nodeSelector: { matchLabels: { "kubernetes.io/hostname": "node1" } },
      bgp: { routers: [{ asn: NODE_ASN, prefixes: ["203.0.113.3/32"], neighbors: neighbors({ toAdvertise: { allowed: { prefixes: ["203.0.113.3/32"] } } }, {}) }] },
    }));
    await eventually("router learns 203.0.113.3/32 from node1 only", () => routerHas("203.0.113.3/32", ["node1"]));
    deleteConfig("node1-only");
    await eventually("203.0.113.3/32 withdrawn", () => routerHas("203.0.113.3/32", []));
  });

  test("two configurations for one node merge: one advertises one prefix, the other all", async () => {
    sys.apply(mainConfig("some", "all"));
    await eventually("back to one prefix", () => routerHas(NODE_V4[1]!, []));
    sys.apply(frrConfiguration("advertise-all", {
      bgp: { routers: [{ asn: NODE_ASN, prefixes: ["203.0.113.4/32"], neighbors: neighbors({ toAdvertise: { allowed: { mode: "all" } } }, {}) }] },
    }));
    // "all" covers the prefixes of the configuration that says it; the other keeps its one prefix.
    await eventually("merged: one prefix from the first, all of the second", () =>
      [NODE_V4[0]!, "203.0.113.4/32"].every((p) => routerHas(p, ["node1", "node2"])));
    expect(routerHas(NODE_V4[1]!, [])).toBe(true);
  });

  test("a conflicting configuration is reported, the previous routes stay, and it recovers when deleted", async () => {
    sys.apply(frrConfiguration("conflict", { bgp: { routers: [{ asn: NODE_ASN, neighbors: [{ address: router().ipv4, asn: 64999 }] }] } }));
    await eventually("conversion failure in FRRNodeState", () => (nodeState("node1").lastConversionResult ?? "").startsWith("failed: "));
    expect(nodeState("node1").lastConversionResult).toContain("conflict");
    expect(await sys.metrics("frr-k8s-node1")).toMatch(/frrk8s_k8s_client_config_stale_bool 1/);
    expect(routerHas("203.0.113.4/32", ["node1", "node2"])).toBe(true);
    await eventually("a ConversionFailed event", () => sys.kubectl(["get", "events", "-n", FRRK8S_NAMESPACE, "-o", "json"]).includes("ConversionFailed"));

    deleteConfig("conflict");
    await eventually("conversion succeeds again", () => nodeState("node1").lastConversionResult === "success");
    await eventually("stale metric cleared", async () => /frrk8s_k8s_client_config_stale_bool 0/.test(await sys.metrics("frr-k8s-node1")));
    deleteConfig("advertise-all");
    await eventually("203.0.113.4/32 withdrawn", () => routerHas("203.0.113.4/32", []));
  });

  test("a BFD profile is applied and the BFD sessions come up", async () => {
    router().loadConfig(routerConfig({
      hostname: "router1", asn: ROUTER_ASN, routerId: router().ipv4,
      peers: sys.lab.nodes.flatMap((n) => [{ address: n.ipv4, asn: NODE_ASN, bfd: true }, { address: n.ipv6, asn: NODE_ASN }]),
      originate: [...ROUTER_V4, ...ROUTER_V6],
    }));
    sys.apply(mainConfig("some", "all", { bfdProfile: "fast" }, { bgp: { bfdProfiles: [{ name: "fast", receiveInterval: 300, transmitInterval: 300, detectMultiplier: 3 }] } }));
    await eventually("router BFD peers up", () => {
      const peers = router().vtyshJson<Array<{ peer: string; status: string }>>("show bfd peers json");
      return sys.lab.nodes.every((n) => peers.some((p) => p.peer === n.ipv4 && p.status === "up"));
    }, 60_000);
    expect(node(0).vtysh("show running-config")).toContain("profile fast");
    await eventually("BGPSessionState shows BFD Up", () => sessionStates().filter((s) => s.status["peer"] === router().ipv4 && s.status["bfdStatus"] === "Up").length === 2);
  });

  test("raw config is appended in priority order", async () => {
    // The later snippet overrides the earlier one: priority decides, not the object name.
    sys.apply(frrConfiguration("a-raw", { raw: { priority: 20, rawConfig: "route-map raw-order permit 10\n set metric 200\nexit" } }));
    sys.apply(frrConfiguration("z-raw", { raw: { priority: 10, rawConfig: "route-map raw-order permit 10\n set metric 100\nexit" } }));
    await eventually("node1 runs the higher-priority snippet last", () => /route-map raw-order permit 10\n set metric 200/.test(node(0).vtysh("show running-config")));
    deleteConfig("a-raw");
    deleteConfig("z-raw");
  });

  test("a rejected configuration keeps the previous one and says why", async () => {
    sys.apply(frrConfiguration("bad-raw", { raw: { rawConfig: "this is not an frr command" } }));
    await eventually("reload failure in FRRNodeState", () => {
      const s = nodeState("node1");
      return s.lastReloadResult !== undefined && s.lastReloadResult !== "success" && s.lastReloadResult.length > 0;
    });
    expect(nodeState("node1").lastReloadResult).toMatch(/error/i);
    expect(nodeState("node1").runningConfig).not.toContain("this is not an frr command");
    expect(routerHas(NODE_V4[0]!, ["node1", "node2"])).toBe(true);
    deleteConfig("bad-raw");
    await eventually("reload succeeds again", () => nodeState("node1").lastReloadResult === "success");
  });

  test("bgpd killed: FRRNodeState says so, and the configuration is restored when it is back", async () => {
    await node(0).kill("bgpd");
    await eventually("FRRNodeState says FRR is down", () => (nodeState("node1").lastReloadResult ?? "").includes("not running"));
    await node(0).start();
    await eventually("node1 runs its configuration again", () => node(0).vtysh("show running-config").includes(`router bgp ${NODE_ASN}`), 60_000);
    await eventually("router learns node1's prefix again", () => routerHas(NODE_V4[0]!, ["node1", "node2"]), 60_000);
    await eventually("FRRNodeState back to success", () => nodeState("node1").lastReloadResult === "success");
  });
});

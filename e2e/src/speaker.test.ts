// The speaker daemon against the real API server and the FRR lab. First the speaker alone (no
// controller, no frr-k8s: Service IPs are written by the test, the assertions read
// `metallb-<node>`); then, when the controller and frr-k8s binaries exist, the whole system with
// the external router as the judge, for both BGP backends.
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { eventually, routerConfig, System, type BgpBackend, type Rib } from "@metallb-ts/e2e/lab";

const ASN = 64512; // iBGP between nodes and router, so LOCAL_PREF reaches the router
const NS = "metallb-system";
const FRRK8S_NS = "frr-k8s-system";
const APP_NS = "default";

interface FRRConfigurationJson {
  metadata: { uid: string; resourceVersion: string };
  spec: {
    nodeSelector: { matchLabels: Record<string, string> };
    bgp: {
      routers: {
        asn: number;
        prefixes?: string[];
        neighbors: { address: string; asn: number; toAdvertise: { allowed: { prefixes?: string[] }; withLocalPref?: { localPref: number; prefixes: string[] }[]; withCommunity?: { community: string; prefixes: string[] }[] } }[];
      }[];
    };
  };
}

function metallbConfig(routerIP: string): string {
  return `apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata: { name: public, namespace: ${NS} }
spec: { addresses: ["203.0.113.0/28"] }
---
apiVersion: metallb.io/v1beta2
kind: BGPPeer
metadata: { name: tor, namespace: ${NS} }
spec: { myASN: ${ASN}, peerASN: ${ASN}, peerAddress: ${routerIP} }
---
apiVersion: metallb.io/v1beta1
kind: BGPAdvertisement
metadata: { name: public, namespace: ${NS} }
spec: { ipAddressPools: [public], localPref: 150, communities: ["64512:300"] }
`;
}

function service(name: string, etp: "Cluster" | "Local" = "Cluster"): string {
  // No selector: nothing but the test writes its EndpointSlices.
  return `apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: ${APP_NS} }
spec: { type: LoadBalancer, externalTrafficPolicy: ${etp}, ports: [{ port: 80, protocol: TCP }] }
`;
}

function endpointSlice(svc: string, nodes: string[]): string {
  const endpoints = nodes.map((n, i) => `  - { addresses: ["192.0.2.${100 + i}"], conditions: { ready: true }, nodeName: ${n} }`).join("\n");
  return `apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: { name: ${svc}-eps, namespace: ${APP_NS}, labels: { kubernetes.io/service-name: ${svc} } }
addressType: IPv4
ports: [{ port: 80, protocol: TCP }]
endpoints:${nodes.length === 0 ? " []" : `\n${endpoints}`}
`;
}

function frrConfiguration(sys: System, node: string): FRRConfigurationJson | undefined {
  try {
    return JSON.parse(sys.kubectl(["get", "frrconfiguration", "-n", FRRK8S_NS, `metallb-${node}`, "-o", "json"])) as FRRConfigurationJson;
  } catch {
    return undefined;
  }
}

function advertisedBy(sys: System, node: string): string[] {
  return frrConfiguration(sys, node)?.spec.bgp.routers.flatMap((r) => r.neighbors.flatMap((n) => n.toAdvertise.allowed.prefixes ?? [])) ?? [];
}

function setIngress(sys: System, svc: string, ip: string): void {
  sys.kubectl(["patch", "service", svc, "-n", APP_NS, "--subresource=status", "--type=merge", "-p", JSON.stringify({ status: { loadBalancer: { ingress: [{ ip }] } } })]);
}

function cleanup(sys: System, services: string[]): void {
  for (const s of services) {
    sys.kubectl(["delete", "service", s, "-n", APP_NS, "--ignore-not-found"]);
    sys.kubectl(["delete", "endpointslice", `${s}-eps`, "-n", APP_NS, "--ignore-not-found"]);
  }
  for (const kind of ["bgpadvertisements", "bgppeers", "ipaddresspools", "servicebgpstatuses", "configurationstates"]) {
    sys.kubectl(["delete", kind, "--all", "-n", NS, "--ignore-not-found"]);
  }
  sys.kubectl(["delete", "frrconfigurations", "--all", "-n", FRRK8S_NS, "--ignore-not-found"]);
}

describe("speaker alone: metallb-<node> follows the cluster", () => {
  let sys: System;
  const nodes = ["node1", "node2", "node3"];

  beforeAll(async () => {
    sys = await System.start({ nodes: 3, controlPlane: inject("controlPlane"), components: ["speaker"] });
    sys.apply(metallbConfig(sys.router.ipv4));
    sys.apply(service("web"));
    sys.apply(endpointSlice("web", ["node2"]));
    setIngress(sys, "web", "203.0.113.10");
  });

  afterAll(async () => {
    if (!sys) return;
    cleanup(sys, ["web", "local"]);
    await sys.teardown();
  });

  test("every node's FRRConfiguration advertises the Service IP with its community and LOCAL_PREF", async () => {
    for (const node of nodes) {
      await eventually(`metallb-${node} advertises 203.0.113.10/32`, () => advertisedBy(sys, node).includes("203.0.113.10/32"), 60_000);
      const cfg = frrConfiguration(sys, node)!;
      expect(cfg.spec.nodeSelector.matchLabels).toEqual({ "kubernetes.io/hostname": node });
      const router = cfg.spec.bgp.routers[0]!;
      expect(router.asn).toBe(ASN);
      expect(router.prefixes).toEqual(["203.0.113.10/32"]);
      const neighbor = router.neighbors[0]!;
      expect(neighbor.address).toBe(sys.router.ipv4);
      expect(neighbor.toAdvertise.withLocalPref).toEqual([{ localPref: 150, prefixes: ["203.0.113.10/32"] }]);
      expect(neighbor.toAdvertise.withCommunity).toEqual([{ community: "64512:300", prefixes: ["203.0.113.10/32"] }]);
    }
  });

  test("ServiceBGPStatus per node names the peer; ConfigurationState is Valid", async () => {
    await eventually("three ServiceBGPStatus objects", () => {
      const list = JSON.parse(sys.kubectl(["get", "servicebgpstatuses", "-n", NS, "-l", "metallb.io/service-name=web", "-o", "json"])) as {
        items: { metadata: { name: string; labels: Record<string, string> }; status?: { node: string; peers: string[]; serviceName: string; serviceNamespace: string } }[];
      };
      const done = list.items.filter((i) => i.status?.peers?.length);
      if (done.length !== 3) return false;
      for (const item of done) {
        expect(item.metadata.name).toMatch(/^bgp-/);
        expect(item.metadata.labels["metallb.io/node"]).toBe(item.status!.node);
        expect(item.status).toMatchObject({ serviceName: "web", serviceNamespace: APP_NS, peers: ["tor"] });
      }
      return true;
    }, 30_000);
    await eventually("ConfigurationState speaker-node1 Valid", () => {
      const out = sys.kubectl(["get", "configurationstates", "-n", NS, "speaker-node1", "-o", "jsonpath={.status.result}"]);
      return out === "Valid";
    }, 30_000);
  });

  // The latency itself is measured by the convergence benchmark, not asserted here.
  test("a Service IP change reaches metallb-<node>", async () => {
    setIngress(sys, "web", "203.0.113.11");
    await eventually("203.0.113.11 advertised by node1", () => advertisedBy(sys, "node1").includes("203.0.113.11/32"), 10_000);
  });

  test("externalTrafficPolicy Local: only the node with a ready endpoint advertises, and it follows the endpoint", async () => {
    sys.apply(service("local", "Local"));
    sys.apply(endpointSlice("local", ["node3"]));
    setIngress(sys, "local", "203.0.113.12");
    await eventually("node3 advertises the Local Service", () => advertisedBy(sys, "node3").includes("203.0.113.12/32"), 30_000);
    expect(advertisedBy(sys, "node1")).not.toContain("203.0.113.12/32");
    expect(advertisedBy(sys, "node2")).not.toContain("203.0.113.12/32");
    sys.apply(endpointSlice("local", ["node1"]));
    await eventually("the route follows the endpoint to node1", () =>
      advertisedBy(sys, "node1").includes("203.0.113.12/32") && !advertisedBy(sys, "node3").includes("203.0.113.12/32"), 30_000);
  });

  test("an external edit of metallb-node1 is reverted", async () => {
    sys.kubectl(["patch", "frrconfiguration", "-n", FRRK8S_NS, "metallb-node1", "--type=json", "-p",
      JSON.stringify([{ op: "replace", path: "/spec/bgp/routers/0/prefixes", value: ["192.0.2.0/24"] }])]);
    sys.kubectl(["patch", "frrconfiguration", "-n", FRRK8S_NS, "metallb-node1", "--type=merge", "-p",
      JSON.stringify({ spec: { raw: { rawConfig: "! injected" } } })]);
    await eventually("prefixes restored and raw removed", () => {
      const cfg = frrConfiguration(sys, "node1") as (FRRConfigurationJson & { spec: { raw?: unknown } }) | undefined;
      return cfg !== undefined && !JSON.stringify(cfg.spec.bgp.routers[0]?.prefixes).includes("192.0.2.0") && cfg.spec.raw === undefined;
    }, 30_000);
  });

  test("a speaker restart updates metallb-<node> in place: never deleted, spec unchanged", async () => {
    const before = frrConfiguration(sys, "node2")!;
    await sys.restartComponent("speaker-node2");
    await eventually("restarted speaker ready", async () => (await fetch(`http://127.0.0.1:${sys.components.get("speaker-node2")!.healthPort}/readyz`)).ok, 30_000);
    const after = frrConfiguration(sys, "node2")!;
    expect(after.metadata.uid).toBe(before.metadata.uid);
    expect(after.spec).toEqual(before.spec);
  });

  test("deleting the Service withdraws its prefix everywhere", async () => {
    sys.kubectl(["delete", "service", "web", "-n", APP_NS]);
    for (const node of nodes) {
      await eventually(`${node} no longer advertises web`, () => !advertisedBy(sys, node).some((p) => p === "203.0.113.11/32"), 30_000);
    }
    const metrics = await sys.metrics("speaker-node1");
    expect(metrics).not.toMatch(/metallb_speaker_announced\{[^}]*service="default\/web"/);
    expect(metrics).toMatch(/metallb_k8s_client_config_loaded_bool 1/);
    expect(metrics).toMatch(/metallb_k8s_client_config_stale_bool 0/);
  });
});

/** The IP the controller assigned. */
async function serviceIP(sys: System, svc: string): Promise<string> {
  return eventually(`an IP for ${svc}`, () => sys.kubectl(["get", "service", svc, "-n", APP_NS, "-o", "jsonpath={.status.loadBalancer.ingress[0].ip}"]) || undefined, 60_000);
}

function routerRib(sys: System): Rib {
  return sys.router.vtyshJson<Rib>("show ip route bgp json");
}

function nextHops(sys: System, prefix: string): string[] {
  return (routerRib(sys)[prefix]?.[0]?.nexthops ?? []).filter((n) => n.active !== false).flatMap((n) => (n.ip ? [n.ip] : [])).sort();
}

function scenarios(backend: BgpBackend): void {
  describe(`whole system, bgpBackend ${backend}: the router is the judge`, () => {
    let sys: System;
    let ip = "";

    beforeAll(async () => {
      sys = await System.start({ nodes: 3, bgpBackend: backend, controlPlane: inject("controlPlane") });
      sys.router.loadConfig(routerConfig({ hostname: "router1", asn: ASN, routerId: sys.router.ipv4, peers: sys.lab.nodes.map((n) => ({ address: n.ipv4, asn: ASN })) }));
      sys.apply(metallbConfig(sys.router.ipv4));
      sys.apply(service("web"));
      sys.apply(endpointSlice("web", ["node2"]));
      ip = await serviceIP(sys, "web");
    });

    afterAll(async () => {
      if (!sys) return;
      cleanup(sys, ["web", "local"]);
      await sys.teardown();
    });

    test("the router learns the Service IP from every node (ECMP)", async () => {
      const all = sys.lab.nodes.map((n) => n.ipv4).sort();
      await eventually(`${ip}/32 via all nodes`, () => JSON.stringify(nextHops(sys, `${ip}/32`)) === JSON.stringify(all), 90_000);
    });

    test("communities and LOCAL_PREF arrive at the router", async () => {
      // FRR names LOCAL_PREF "locPrf" in this JSON.
      const route = sys.router.vtyshJson<{ paths?: { locPrf?: number; community?: { string?: string } }[] }>(`show bgp ipv4 unicast ${ip}/32 json`);
      const path = route.paths?.[0];
      expect(path?.locPrf).toBe(150);
      expect(path?.community?.string).toContain("64512:300");
    });

    test("externalTrafficPolicy Local: only the node with a ready endpoint, and the route follows it", async () => {
      sys.apply(service("local", "Local"));
      sys.apply(endpointSlice("local", ["node3"]));
      const localIP = await serviceIP(sys, "local");
      const node = (name: string): string => sys.lab.host(name).ipv4;
      await eventually("only node3", () => JSON.stringify(nextHops(sys, `${localIP}/32`)) === JSON.stringify([node("node3")]), 60_000);
      sys.apply(endpointSlice("local", ["node1"]));
      await eventually("moved to node1", () => JSON.stringify(nextHops(sys, `${localIP}/32`)) === JSON.stringify([node("node1")]), 60_000);
    });

    test("a speaker restart causes no withdrawal at the router", async () => {
      const prefix = `${ip}/32`;
      const all = sys.lab.nodes.map((n) => n.ipv4).sort();
      let withdrawn = false;
      let polling = true;
      const poll = (async () => {
        while (polling) {
          if (JSON.stringify(nextHops(sys, prefix)) !== JSON.stringify(all)) withdrawn = true;
          await new Promise((r) => setTimeout(r, 100));
        }
      })();
      await sys.restartComponent("speaker-node1");
      await new Promise((r) => setTimeout(r, 3000));
      polling = false;
      await poll;
      expect(withdrawn).toBe(false);
    });

    if (backend === "frr-k8s") {
      test("a user FRRConfiguration receiving routes works beside metallb-<node>", async () => {
        sys.router.loadConfig(routerConfig({
          hostname: "router1", asn: ASN, routerId: sys.router.ipv4, originate: ["192.0.2.0/24"],
          peers: sys.lab.nodes.map((n) => ({ address: n.ipv4, asn: ASN })),
        }));
        sys.apply(`apiVersion: frrk8s.metallb.io/v1beta1
kind: FRRConfiguration
metadata: { name: receive-all, namespace: ${FRRK8S_NS} }
spec:
  bgp:
    routers:
    - asn: ${ASN}
      neighbors:
      - address: ${sys.router.ipv4}
        asn: ${ASN}
        toReceive: { allowed: { mode: all } }
`);
        await eventually("node1 learns 192.0.2.0/24 from the router", () => {
          const rib = sys.lab.host("node1").vtyshJson<Rib>("show ip route bgp json");
          return rib["192.0.2.0/24"] !== undefined;
        }, 60_000);
        expect(nextHops(sys, `${ip}/32`)).toEqual(sys.lab.nodes.map((n) => n.ipv4).sort());
      });
    }

    test("deleting the Service withdraws the route", async () => {
      sys.kubectl(["delete", "service", "web", "-n", APP_NS]);
      await eventually("route gone", () => routerRib(sys)[`${ip}/32`] === undefined, 60_000);
    });
  });
}

describe("frr-k8s backend", () => scenarios("frr-k8s"));
describe("frr backend", () => scenarios("frr"));

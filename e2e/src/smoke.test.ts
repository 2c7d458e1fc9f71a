// The substrate every e2e test stands on: the real API server answers, and FRR in namespaces
// establishes BGP with the external router and exchanges a prefix.
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { eventually, Lab, pinnedVersions, routerConfig, type BgpSummary, type Rib } from "./lab/index.js";

const ROUTER_ASN = 64512;
const NODE_ASN = 64513;

describe("smoke: control plane and FRR lab", () => {
  let lab: Lab;

  beforeAll(async () => {
    lab = await Lab.create({ nodes: 2, routers: 1 });
    const router = lab.routers[0]!;
    router.loadConfig(routerConfig({
      hostname: "router1", asn: ROUTER_ASN, routerId: router.ipv4,
      peers: lab.nodes.flatMap((n) => [{ address: n.ipv4, asn: NODE_ASN }, { address: n.ipv6, asn: NODE_ASN }]),
    }));
    lab.nodes.forEach((node, i) => {
      node.loadConfig([
        "frr defaults traditional", `hostname ${node.name}`, "!",
        `router bgp ${NODE_ASN}`, ` bgp router-id ${node.ipv4}`, " no bgp ebgp-requires-policy",
        " no bgp network import-check", " no bgp default ipv4-unicast",
        ` neighbor ${router.ipv4} remote-as ${ROUTER_ASN}`, ` neighbor ${router.ipv6} remote-as ${ROUTER_ASN}`,
        " address-family ipv4 unicast", `  neighbor ${router.ipv4} activate`, `  network 203.0.113.${10 + i}/32`, " exit-address-family",
        " address-family ipv6 unicast", `  neighbor ${router.ipv6} activate`, `  network 2001:db8:ffff::${10 + i}/128`, " exit-address-family",
        "exit", "",
      ].join("\n"));
    });
  });

  afterAll(async () => {
    await lab?.teardown();
  });

  test("the real kube-apiserver answers with the pinned version", () => {
    const kubeconfig = inject("kubeconfigPath");
    const out = execFileSync("kubectl", ["--kubeconfig", kubeconfig, "get", "--raw", "/version"], { encoding: "utf8" });
    expect(JSON.parse(out).gitVersion).toBe(pinnedVersions()["K8S_VERSION"]);
    const ns = execFileSync("kubectl", ["--kubeconfig", kubeconfig, "get", "ns", "-o", "name"], { encoding: "utf8" });
    expect(ns).toContain("namespace/default");
  });

  test("every node establishes BGP (IPv4 and IPv6) with the router", async () => {
    const router = lab.routers[0]!;
    await eventually("all sessions Established", () => {
      const s = router.vtyshJson<BgpSummary>("show bgp summary json");
      const peers = { ...s.ipv4Unicast?.peers, ...s.ipv6Unicast?.peers };
      const wanted = lab.nodes.flatMap((n) => [n.ipv4, n.ipv6]);
      return wanted.every((a) => peers[a]?.state === "Established");
    }, 60_000);
  });

  test("prefixes announced by the nodes are in the router's RIB and kernel", async () => {
    const router = lab.routers[0]!;
    await eventually("node prefixes in router RIB", () => {
      const rib = router.vtyshJson<Rib>("show ip route bgp json");
      const rib6 = router.vtyshJson<Rib>("show ipv6 route bgp json");
      return rib["203.0.113.10/32"]?.[0]?.nexthops[0]?.ip === lab.nodes[0]!.ipv4 &&
        rib["203.0.113.11/32"]?.[0]?.nexthops[0]?.ip === lab.nodes[1]!.ipv4 &&
        rib6["2001:db8:ffff::10/128"] !== undefined && rib6["2001:db8:ffff::11/128"] !== undefined;
    });
    const kernel = router.kernelRoutes(4).map((r) => r.dst);
    expect(kernel).toContain("203.0.113.10");
    expect(kernel).toContain("203.0.113.11");
  });
});

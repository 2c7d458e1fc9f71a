// Faults below the API: FRR daemons killed on a node, FRR rejecting a configuration, a node's link
// going down and up (BFD); then secrets: the BGP passwords used by this whole run (BGPPeer
// passwordSecret, BGPPeer password, FRRConfiguration passwordSecret) appear nowhere in the component
// logs (--log-level debug), events, status or metrics. Two nodes, the whole system (frr-k8s backend),
// one external router that is the judge. Recovery times are printed (see docs/RELIABILITY.md).
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { eventually, FRRK8S_NAMESPACE, METALLB_NAMESPACE, routerConfig, System, type Rib } from "@metallb-ts/e2e/lab";

const ASN = 64512;
const APP_NS = "reliability-frr";
/** Distinct, greppable passwords: one per way a password reaches FRR. */
const PW_PEER_SECRET = "pw-peersecret-7f3a91";
const PW_PEER_PLAIN = "pw-peerplain-c42e07";
const PW_FRR_SECRET = "pw-frrsecret-5b8d16";
const PASSWORDS = [PW_PEER_SECRET, PW_PEER_PLAIN, PW_FRR_SECRET];
/** A neighbor nobody answers for: it only carries the FRRConfiguration passwordSecret into FRR. */
const SILENT_NEIGHBOR = "198.51.100.99";

function configuration(sys: System): string {
  return `apiVersion: v1
kind: Secret
metadata: { name: peer-pw, namespace: ${METALLB_NAMESPACE} }
type: kubernetes.io/basic-auth
stringData: { password: ${PW_PEER_SECRET} }
---
apiVersion: v1
kind: Secret
metadata: { name: silent-pw, namespace: ${FRRK8S_NAMESPACE} }
type: kubernetes.io/basic-auth
stringData: { password: ${PW_FRR_SECRET} }
---
apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata: { name: reliability, namespace: ${METALLB_NAMESPACE} }
spec: { addresses: ["203.0.113.80/28"] }
---
apiVersion: metallb.io/v1beta1
kind: BFDProfile
metadata: { name: fast, namespace: ${METALLB_NAMESPACE} }
spec: { receiveInterval: 300, transmitInterval: 300, detectMultiplier: 3 }
---
apiVersion: metallb.io/v1beta2
kind: BGPPeer
metadata: { name: tor-v4, namespace: ${METALLB_NAMESPACE} }
spec: { myASN: ${ASN}, peerASN: ${ASN}, peerAddress: ${sys.router.ipv4}, bfdProfile: fast, passwordSecret: { name: peer-pw } }
---
apiVersion: metallb.io/v1beta2
kind: BGPPeer
metadata: { name: tor-v6, namespace: ${METALLB_NAMESPACE} }
spec: { myASN: ${ASN}, peerASN: ${ASN}, peerAddress: "${sys.router.ipv6}", password: ${PW_PEER_PLAIN} }
---
apiVersion: metallb.io/v1beta1
kind: BGPAdvertisement
metadata: { name: reliability, namespace: ${METALLB_NAMESPACE} }
spec: { ipAddressPools: [reliability] }
---
apiVersion: frrk8s.metallb.io/v1beta1
kind: FRRConfiguration
metadata: { name: silent-neighbor, namespace: ${FRRK8S_NAMESPACE} }
spec:
  bgp:
    routers:
    - asn: ${ASN}
      neighbors:
      - { address: ${SILENT_NEIGHBOR}, asn: ${ASN}, passwordSecret: { name: silent-pw, namespace: ${FRRK8S_NAMESPACE} } }
---
apiVersion: v1
kind: Namespace
metadata: { name: ${APP_NS} }
---
apiVersion: v1
kind: Service
metadata: { name: web, namespace: ${APP_NS} }
spec: { type: LoadBalancer, ports: [{ port: 80, protocol: TCP }] }
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: { name: web-1, namespace: ${APP_NS}, labels: { kubernetes.io/service-name: web } }
addressType: IPv4
ports: [{ port: 80, protocol: TCP }]
endpoints: [{ addresses: ["192.0.2.20"], nodeName: node1, conditions: { ready: true } }]
`;
}

describe("FRR faults heal by themselves; passwords never leak", () => {
  let sys: System;
  let prefix = "";
  const node = (i: number) => sys.lab.nodes[i]!;
  const recovery: Record<string, number> = {};

  /** The router's IPv4 next hops for the Service prefix, as node names. */
  function routerVia(): string[] {
    const rib = sys.router.vtyshJson<Rib>(`show ip route ${prefix} json`);
    const hops = (rib[prefix]?.[0]?.nexthops ?? []).filter((h) => h.active !== false).map((h) => h.ip ?? "");
    return sys.lab.nodes.filter((n) => hops.includes(n.ipv4)).map((n) => n.name).sort();
  }
  const viaBoth = () => JSON.stringify(routerVia()) === JSON.stringify(["node1", "node2"]);

  function nodeState(name: string): { lastReloadResult?: string; lastConversionResult?: string; runningConfig?: string } {
    return (JSON.parse(sys.kubectl(["get", "frrnodestate", name, "-o", "json"])) as { status?: Record<string, string> }).status ?? {};
  }

  /** Time from `since` until `check` holds, polled every 100 ms. */
  async function timeUntil(what: string, since: number, check: () => boolean, timeoutMs = 60_000): Promise<number> {
    await eventually(what, check, timeoutMs);
    const ms = Date.now() - since;
    recovery[what] = ms;
    return ms;
  }

  beforeAll(async () => {
    sys = await System.start({ nodes: 2, controlPlane: inject("controlPlane") });
    sys.router.loadConfig(routerConfig({
      hostname: "router1", asn: ASN, routerId: sys.router.ipv4,
      peers: sys.lab.nodes.flatMap((n) => [{ address: n.ipv4, asn: ASN, bfd: true, password: PW_PEER_SECRET }, { address: n.ipv6, asn: ASN, password: PW_PEER_PLAIN }]),
    }));
    sys.apply(configuration(sys));
    const ip = await eventually("web gets an IP", () => sys.kubectl(["get", "svc", "web", "-n", APP_NS, "-o", "jsonpath={.status.loadBalancer.ingress[0].ip}"]) || undefined, 60_000);
    prefix = `${ip}/32`;
    await eventually("the router learns the Service from both nodes over password-protected sessions", viaBoth, 90_000);
    await eventually("BFD up with both nodes", () => {
      const peers = sys.router.vtyshJson<Array<{ peer: string; status: string }>>("show bfd peers json");
      return sys.lab.nodes.every((n) => peers.some((p) => p.peer === n.ipv4 && p.status === "up"));
    }, 60_000);
  });

  afterAll(async () => {
    if (!sys) return;
    console.info(`FRR fault recovery times (ms): ${JSON.stringify(recovery)}`);
    sys.kubectl(["delete", "namespace", APP_NS, "--ignore-not-found", "--wait=false"]);
    for (const kind of ["bgpadvertisements", "bgppeers", "bfdprofiles", "ipaddresspools", "servicebgpstatuses", "configurationstates"]) {
      sys.kubectl(["delete", kind, "--all", "-n", METALLB_NAMESPACE, "--ignore-not-found"]);
    }
    sys.kubectl(["delete", "secret", "peer-pw", "-n", METALLB_NAMESPACE, "--ignore-not-found"]);
    sys.kubectl(["delete", "secret", "silent-pw", "-n", FRRK8S_NAMESPACE, "--ignore-not-found"]);
    sys.kubectl(["delete", "frrconfigurations", "--all", "-n", FRRK8S_NAMESPACE, "--ignore-not-found"]);
    sys.kubectl(["delete", "bgpsessionstates", "--all", "-n", FRRK8S_NAMESPACE, "--ignore-not-found"]);
    sys.kubectl(["delete", "frrnodestates", "--all", "--ignore-not-found"]);
    await sys.teardown();
  });

  test.for(["bgpd", "zebra"] as const)("%s killed on node1: frr-k8s reports it, reapplies when it is back, routes return", async (daemon) => {
    await node(0).kill(daemon);
    const killedAt = Date.now();
    await timeUntil(`${daemon} kill -> FRRNodeState reports FRR down`, killedAt, () => (nodeState("node1").lastReloadResult ?? "").includes("not running"), 30_000);
    await node(0).start();
    const startedAt = Date.now();
    await timeUntil(`${daemon} restart -> config reapplied`, startedAt, () => node(0).vtysh("show running-config").includes(`router bgp ${ASN}`) && nodeState("node1").lastReloadResult === "success");
    await timeUntil(`${daemon} restart -> route via node1 again`, startedAt, viaBoth, 90_000);
    expect(sys.alive("frr-k8s-node1")).toBe(true);
  });

  test("FRR rejects a configuration: the last good one stays; status, metric and event say so; it heals when removed", async () => {
    const before = node(0).vtysh("show running-config");
    sys.apply(`apiVersion: frrk8s.metallb.io/v1beta1
kind: FRRConfiguration
metadata: { name: broken-raw, namespace: ${FRRK8S_NAMESPACE} }
spec: { nodeSelector: { matchLabels: { kubernetes.io/hostname: node1 } }, raw: { rawConfig: "router bgp ${ASN}\\n this-is-not-an-frr-command 42\\n" } }
`);
    await eventually("FRRNodeState node1 reports the reload failure", () => {
      const r = nodeState("node1").lastReloadResult ?? "";
      return r !== "" && r !== "success" && !r.includes("not running");
    }, 60_000);
    await eventually("frrk8s_k8s_client_config_stale_bool 1", async () => /frrk8s_k8s_client_config_stale_bool 1/.test(await sys.metrics("frr-k8s-node1")), 30_000);
    await eventually("a ReloadFailed event", () => sys.kubectl(["get", "events", "-A", "--field-selector", "reason=ReloadFailed", "-o", "name"]).trim() !== "", 30_000);
    const during = node(0).vtysh("show running-config");
    expect(during).not.toContain("this-is-not-an-frr-command");
    expect(during).toContain(prefix);
    expect(during.split("\n").filter((l) => l.includes("neighbor")).sort()).toEqual(before.split("\n").filter((l) => l.includes("neighbor")).sort());
    expect(viaBoth()).toBe(true);
    expect(nodeState("node2").lastReloadResult).toBe("success");

    sys.kubectl(["delete", "frrconfiguration", "broken-raw", "-n", FRRK8S_NAMESPACE]);
    const removedAt = Date.now();
    await timeUntil("bad config removed -> reload success", removedAt, () => nodeState("node1").lastReloadResult === "success", 60_000);
    await eventually("frrk8s_k8s_client_config_stale_bool 0", async () => /frrk8s_k8s_client_config_stale_bool 0/.test(await sys.metrics("frr-k8s-node1")), 30_000);
  });

  test("node2's link down: BFD withdraws its route; link up: restored", async () => {
    node(1).linkDown();
    const downAt = Date.now();
    try {
      const withdrawMs = await timeUntil("link down -> route via node2 withdrawn", downAt, () => JSON.stringify(routerVia()) === JSON.stringify(["node1"]), 30_000);
      // BFD: 3 x 300 ms detection, far below the BGP hold time (180 s traditional defaults).
      expect(withdrawMs).toBeLessThan(10_000);
    } finally {
      node(1).linkUp();
    }
    await timeUntil("link up -> route via node2 restored", Date.now(), viaBoth, 120_000);
  });

  test("the passwords appear in no log, event, status or metric (and FRR does use them)", async () => {
    // Positive control: FRR was configured with each password, so the grep below is meaningful.
    const running = node(0).vtysh("show running-config");
    for (const pw of PASSWORDS) expect(running, `FRR uses ${pw}`).toContain(pw);

    const places: Record<string, string> = {};
    for (const c of sys.components.values()) {
      places[`log ${c.name}`] = readFileSync(c.logPath, "utf8");
      places[`metrics ${c.name}`] = await sys.metrics(c.name);
    }
    places["events"] = sys.kubectl(["get", "events", "-A", "-o", "json"]);
    for (const kind of ["frrnodestates", "bgpsessionstates", "servicebgpstatuses", "configurationstates", "frrconfigurations", "bgppeers", "ipaddresspools", "services"]) {
      places[`status of ${kind}`] = sys.kubectl(["get", kind, "-A", "-o", "jsonpath={.items[*].status}"]);
    }
    expect(places["log controller-0"]!.length).toBeGreaterThan(0);
    expect(places["status of frrnodestates"]).toContain("router bgp");
    const leaks = Object.entries(places).flatMap(([where, text]) => PASSWORDS.filter((pw) => text.includes(pw)).map((pw) => `${pw} in ${where}`));
    expect(leaks).toEqual([]);
  });
});

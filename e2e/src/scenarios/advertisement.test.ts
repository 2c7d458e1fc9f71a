// What is advertised, from which nodes, to which peers, with which attributes: the whole system
// (controller, speakers, frr-k8s) on 3 nodes, and two external routers on the lab bridge as judges.
// router1 peers with every node over IPv4 and IPv6; router2 (IPv4) only with nodes a BGPPeer node
// selector picks. All sessions are iBGP (AS 64512), so LOCAL_PREF reaches the routers. Each test
// uses its own pinned pool (autoAssign: false) and removes its objects when it ends.
import { afterAll, afterEach, beforeAll, describe, expect, inject, test } from "vitest";
import { eventually, METALLB_NAMESPACE, routerConfig, System, type FrrHost } from "@metallb-ts/e2e/lab";
import {
  APP_NS, applyAll, bgpPaths, currentIPs, deleteAllMetallbObjects, deleteMetallb, deleteServices, expectRoutedVia, hostPrefix,
  metallbObject, nodeIPs, pinnedPool, ribNextHops, routerNeighbor, serviceIPs, serviceWithEndpoints, type Json,
} from "./common.js";

const ASN = 64512;
const EDGE_LABEL = "metallb-ts.test/edge";
const ALL = ["node1", "node2", "node3"];

describe("scenarios: advertisements", () => {
  let sys: System;
  let router1: FrrHost;
  let router2: FrrHost;
  /** What the running test created, removed by afterEach whatever the outcome. */
  let services: string[] = [];
  let objects: Array<[kind: string, name: string]> = [];

  const label = (node: string, on: boolean): void => {
    sys.kubectl(["label", "node", node, on ? `${EDGE_LABEL}=true` : `${EDGE_LABEL}-`, "--overwrite"]);
  };

  /** Applies MetalLB objects and remembers them for cleanup. */
  function create(...items: Json[]): void {
    for (const o of items) {
      const meta = o["metadata"] as { name: string };
      if (o["kind"] === "Service") services.push(meta.name);
      else if (o["kind"] !== "EndpointSlice") objects.push([String(o["kind"]).toLowerCase(), meta.name]);
    }
    applyAll(sys, items);
  }

  const pool = (name: string, addresses: string[], adv: Json = {}): Json[] =>
    [pinnedPool(name, addresses), metallbObject("BGPAdvertisement", name, { ipAddressPools: [name], ...adv })];
  const inPool = (p: string): Record<string, string> => ({ "metallb.io/address-pool": p });

  beforeAll(async () => {
    sys = await System.start({ nodes: 3, routers: 2, controlPlane: inject("controlPlane") });
    router1 = sys.lab.routers[0]!;
    router2 = sys.lab.routers[1]!;
    router1.loadConfig(routerConfig({
      hostname: "router1", asn: ASN, routerId: router1.ipv4,
      peers: sys.lab.nodes.flatMap((n) => [{ address: n.ipv4, asn: ASN }, { address: n.ipv6, asn: ASN }]),
    }));
    router2.loadConfig(routerConfig({ hostname: "router2", asn: ASN, routerId: router2.ipv4, peers: sys.lab.nodes.map((n) => ({ address: n.ipv4, asn: ASN })) }));
    for (const n of ["node2", "node3"]) label(n, true);
    applyAll(sys, [
      metallbObject("BGPPeer", "tor-v4", { myASN: ASN, peerASN: ASN, peerAddress: router1.ipv4 }),
      metallbObject("BGPPeer", "tor-v6", { myASN: ASN, peerASN: ASN, peerAddress: router1.ipv6 }),
      metallbObject("BGPPeer", "edge", { myASN: ASN, peerASN: ASN, peerAddress: router2.ipv4, nodeSelectors: [{ matchLabels: { [EDGE_LABEL]: "true" } }] }),
    ]);
  });

  afterEach(() => {
    deleteServices(sys, services);
    for (const [kind, name] of objects.reverse()) deleteMetallb(sys, kind, [name]);
    services = [];
    objects = [];
  });

  afterAll(async () => {
    if (!sys) return;
    for (const n of ALL) label(n, false);
    deleteAllMetallbObjects(sys);
    await sys.teardown();
  });

  test("advertisement node selector: only the selected node announces, and the announcement follows the selector", async () => {
    const selectOnly = (node: string): Json => ({ nodeSelectors: [{ matchLabels: { "kubernetes.io/hostname": node } }] });
    create(...pool("sel", ["203.0.113.16/29"], selectOnly("node1")), ...serviceWithEndpoints("sel", ALL, { annotations: inPool("sel") }));
    const [ip] = await serviceIPs(sys, "sel");
    await expectRoutedVia(router1, hostPrefix(ip!), nodeIPs(sys, ["node1"]));
    applyAll(sys, [metallbObject("BGPAdvertisement", "sel", { ipAddressPools: ["sel"], ...selectOnly("node3") })]);
    await expectRoutedVia(router1, hostPrefix(ip!), nodeIPs(sys, ["node3"]));
  });

  test("BGPPeer node selector: only labelled nodes peer with router2; labelling a node adds its session, unlabelling removes it", async () => {
    create(...pool("peersel", ["203.0.113.88/29"]), ...serviceWithEndpoints("peersel", ALL, { annotations: inPool("peersel") }));
    const prefix = hostPrefix((await serviceIPs(sys, "peersel"))[0]!);
    await expectRoutedVia(router2, prefix, nodeIPs(sys, ["node2", "node3"]));
    await expectRoutedVia(router1, prefix, nodeIPs(sys, ALL));
    expect(routerNeighbor(router2, sys.lab.host("node1").ipv4).bgpState).not.toBe("Established");

    label("node1", true);
    await expectRoutedVia(router2, prefix, nodeIPs(sys, ALL));
    expect(routerNeighbor(router2, sys.lab.host("node1").ipv4).bgpState).toBe("Established");
    label("node1", false);
    await expectRoutedVia(router2, prefix, nodeIPs(sys, ["node2", "node3"]));
    await eventually("router2's session with node1 closed", () => routerNeighbor(router2, sys.lab.host("node1").ipv4).bgpState !== "Established");
  });

  test("standard, large and aliased communities and LOCAL_PREF reach the router, IPv4 and IPv6", async () => {
    create(
      metallbObject("Community", "aliases", { communities: [{ name: "tenant-blue", value: "64512:7" }, { name: "tenant-big", value: "large:64512:70:7" }] }),
      ...pool("comm", ["203.0.113.24/29", "2001:db8:402::/124"], { communities: ["64512:100", "large:64512:1:2", "tenant-blue", "tenant-big"], localPref: 250 }),
      ...serviceWithEndpoints("comm", ALL, { annotations: inPool("comm"), families: "dual" }),
    );
    const ips = await serviceIPs(sys, "comm", 2);
    const words = (s: string | undefined): string[] => (s ?? "").split(" ").filter(Boolean).sort();
    for (const ip of ips) {
      const v6 = ip.includes(":");
      await expectRoutedVia(router1, hostPrefix(ip), nodeIPs(sys, ALL, v6 ? 6 : 4));
      const paths = bgpPaths(router1, hostPrefix(ip));
      expect(paths).toHaveLength(3);
      for (const p of paths) {
        expect(words(p.community), `${ip} from ${p.peer}`).toEqual(["64512:100", "64512:7"]);
        expect(words(p.largeCommunity), `${ip} from ${p.peer}`).toEqual(["64512:1:2", "64512:70:7"]);
        expect(p.locPrf, `${ip} from ${p.peer}`).toBe(250);
      }
    }
  });

  test("aggregationLength: the router sees one aggregate per address family, kept while any Service in it remains", async () => {
    create(
      ...pool("agg", ["203.0.113.32/28", "2001:db8:401::/124"], { aggregationLength: 28, aggregationLengthV6: 124 }),
      ...serviceWithEndpoints("agg-a", ALL, { annotations: inPool("agg"), families: "dual" }),
      ...serviceWithEndpoints("agg-b", ALL, { annotations: inPool("agg") }),
    );
    const a = await serviceIPs(sys, "agg-a", 2);
    const [b] = await serviceIPs(sys, "agg-b");
    await expectRoutedVia(router1, "203.0.113.32/28", nodeIPs(sys, ALL));
    await expectRoutedVia(router1, "2001:db8:401::/124", nodeIPs(sys, ALL, 6));
    for (const ip of [...a, b!]) expect(ribNextHops(router1, hostPrefix(ip)), `no host route for ${ip}`).toEqual([]);

    deleteServices(sys, ["agg-a"]);
    await expectRoutedVia(router1, "2001:db8:401::/124", []);
    expect(ribNextHops(router1, "203.0.113.32/28")).toEqual(nodeIPs(sys, ALL));
    deleteServices(sys, ["agg-b"]);
    await expectRoutedVia(router1, "203.0.113.32/28", []);
  });

  test("IP sharing: two Services with one allow-shared-ip key share the IP; the route stays until the last one goes", async () => {
    const shared = { ...inPool("share"), "metallb.io/allow-shared-ip": "web" };
    create(
      ...pool("share", ["203.0.113.48/29"]),
      ...serviceWithEndpoints("share-a", ALL, { annotations: shared, ports: [80] }),
      ...serviceWithEndpoints("share-b", ALL, { annotations: shared, ports: [443] }),
    );
    const [ipA] = await serviceIPs(sys, "share-a");
    const [ipB] = await serviceIPs(sys, "share-b");
    expect(ipB).toBe(ipA);
    const prefix = hostPrefix(ipA!);
    await expectRoutedVia(router1, prefix, nodeIPs(sys, ALL));

    deleteServices(sys, ["share-a"]);
    // Once every speaker has dropped share-a's ServiceBGPStatus, it has processed the deletion.
    await eventually("share-a's ServiceBGPStatus objects gone", () =>
      sys.kubectl(["get", "servicebgpstatuses", "-n", METALLB_NAMESPACE, "-l", "metallb.io/service-name=share-a", "-o", "name"]).trim() === "");
    expect(ribNextHops(router1, prefix)).toEqual(nodeIPs(sys, ALL));
    deleteServices(sys, ["share-b"]);
    await expectRoutedVia(router1, prefix, []);
  });

  test("pinned pool (metallb.io/address-pool) and requested IP (metallb.io/loadBalancerIPs) are honoured and advertised", async () => {
    create(
      ...pool("pin-a", ["203.0.113.56/29"]),
      ...pool("pin-b", ["203.0.113.64/29"]),
      ...serviceWithEndpoints("pinned", ALL, { annotations: inPool("pin-b") }),
      ...serviceWithEndpoints("requested", ALL, { annotations: { "metallb.io/loadBalancerIPs": "203.0.113.61" } }),
    );
    const [pinned] = await serviceIPs(sys, "pinned");
    expect(pinned).toMatch(/^203\.0\.113\.(6[4-9]|7[01])$/);
    expect(await serviceIPs(sys, "requested")).toEqual(["203.0.113.61"]);
    await expectRoutedVia(router1, hostPrefix(pinned!), nodeIPs(sys, ALL));
    await expectRoutedVia(router1, "203.0.113.61/32", nodeIPs(sys, ALL));
  });

  test("pool exhaustion: the second Service gets no IP, an AllocationFailed event and a full pool status; freeing the IP serves it", async () => {
    create(
      ...pool("tiny", ["203.0.113.72/32"]),
      ...serviceWithEndpoints("first", ALL, { annotations: inPool("tiny") }),
    );
    expect(await serviceIPs(sys, "first")).toEqual(["203.0.113.72"]);
    create(...serviceWithEndpoints("second", ALL, { annotations: inPool("tiny") }));
    const event = await eventually("an AllocationFailed event on default/second", () => {
      const out = sys.kubectl(["get", "events", "-n", APP_NS, "--field-selector", "involvedObject.name=second,reason=AllocationFailed", "-o", "jsonpath={.items[*].message}"]);
      return out.trim() || undefined;
    });
    expect(event).toContain("default/second");
    expect(currentIPs(sys, "second")).toEqual([]);
    await eventually("pool status says 1 assigned, 0 available", () => {
      const status = JSON.parse(sys.kubectl(["get", "ipaddresspool", "tiny", "-n", METALLB_NAMESPACE, "-o", "jsonpath={.status}"]) || "{}") as Json;
      return status["assignedIPv4"] === 1 && status["availableIPv4"] === 0;
    });

    deleteServices(sys, ["first"]);
    expect(await serviceIPs(sys, "second")).toEqual(["203.0.113.72"]);
    await expectRoutedVia(router1, "203.0.113.72/32", nodeIPs(sys, ALL));
  });

  test("dual-stack Service: both IPs routed via every node (RIB and kernel), both withdrawn on deletion", async () => {
    create(...pool("ds", ["203.0.113.80/29", "2001:db8:403::/124"]), ...serviceWithEndpoints("ds", ALL, { annotations: inPool("ds"), families: "dual" }));
    const ips = await serviceIPs(sys, "ds", 2);
    expect(ips.filter((i) => i.includes(":"))).toHaveLength(1);
    for (const ip of ips) await expectRoutedVia(router1, hostPrefix(ip), nodeIPs(sys, ALL, ip.includes(":") ? 6 : 4));
    deleteServices(sys, ["ds"]);
    for (const ip of ips) await expectRoutedVia(router1, hostPrefix(ip), []);
  });
});

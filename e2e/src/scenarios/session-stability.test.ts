// Service churn must never reset a BGP session: every Service change rewrites the nodes' frr.conf
// and frr-k8s applies the difference to FRR (prefix lists, route-map entries, network lines); a
// session reset there would withdraw every route of the node. The whole system on 2 nodes and router1:
//   - 120 Services (a quarter dual-stack) created in batches, in pool "plain";
//   - half of them relabelled, so the controller moves them to pool "tagged", whose advertisement
//     adds a community and LOCAL_PREF (route-map entries and their prefix lists come and go);
//   - all but a few deleted.
// The judge is every session's connectionsDropped, at the router and on the nodes, for IPv4 and
// IPv6, and the BFD sessions' down counters; and at the end the router holds exactly the
// survivors' prefixes, each via both nodes.
//
// BFD runs with relaxed timers (1 s x 5) on the IPv4 sessions, IPv6 sessions have none. With the
// 300 ms x 3 of the benchmark, bfdd on this shared 2-core machine misses its 900 ms deadline under
// CPU pressure alone (measured: 3 drops in 90 s of idle sessions next to 8 busy loops, none without
// BFD, none with bfdd at real-time priority), which would make this test judge the machine, not the
// product. 5 s still catches a BFD session that configuration churn takes down.
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { eventually, routerConfig, System, type FrrHost } from "@metallb-ts/e2e/lab";
import { APP_NS, applyAll, bgpPaths, deleteAllMetallbObjects, deleteServices, hostPrefix, metallbObject, serviceWithEndpoints, type Json } from "./common.js";

const ASN = 64512;
const NODES = ["node1", "node2"];
const SERVICES = 120;
const BATCH = 40;
const SURVIVORS = 6;
const TIER = "metallb-ts.test/tier";
const COMMUNITY = "64512:777";
const LOCAL_PREF = 150;
/** Convergence of a whole batch on a loaded machine: frr-reload.py runs take seconds each there. */
const BATCH_TIMEOUT_MS = 240_000;

const names = Array.from({ length: SERVICES }, (_, i) => `churn-${String(i).padStart(3, "0")}`);
const dualStack = (name: string): boolean => Number(name.slice(-3)) % 4 === 0;

interface SessionCounters {
  /** "<host> -> <neighbor>": BGP connectionsDropped. */
  drops: Record<string, number>;
  /** "<host> -> <peer>": BFD session-down count. */
  bfdDowns: Record<string, number>;
}

function sessionCounters(hosts: FrrHost[]): SessionCounters {
  const drops: Record<string, number> = {};
  const bfdDowns: Record<string, number> = {};
  for (const h of hosts) {
    const neighbors = h.vtyshJson<Record<string, { connectionsDropped?: number; bgpState?: string }>>("show bgp neighbors json");
    for (const [address, n] of Object.entries(neighbors)) drops[`${h.name} -> ${address}`] = n.connectionsDropped ?? 0;
    for (const p of h.vtyshJson<Array<{ peer: string; "session-down"?: number }>>("show bfd peers counters json")) {
      bfdDowns[`${h.name} -> ${p.peer}`] = p["session-down"] ?? 0;
    }
  }
  return { drops, bfdDowns };
}

/** The router's BGP table: prefix -> the peers it has a path from (sorted). */
function learned(router: FrrHost): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const afi of ["ipv4", "ipv6"] as const) {
    const table = router.vtyshJson<{ routes?: Record<string, Array<{ peerId?: string }>> }>(`show bgp ${afi} unicast json`);
    for (const [prefix, paths] of Object.entries(table.routes ?? {})) out.set(prefix, paths.map((p) => p.peerId ?? "").sort());
  }
  return out;
}

describe("scenarios: session stability under Service churn", () => {
  let sys: System;
  let router: FrrHost;
  let v4Peers: string[];
  let v6Peers: string[];

  const serviceObjects = (list: string[], tier: string): Json[] => list.flatMap((name) => {
    const [svc, slice] = serviceWithEndpoints(name, NODES, dualStack(name) ? { families: "dual" } : {}) as [Json, Json];
    const meta = svc["metadata"] as Json;
    return [{ ...svc, metadata: { ...meta, labels: { [TIER]: tier } } }, slice];
  });

  /** name -> ingress IPs, for every listed Service (waits until each has all of its IPs). */
  async function ingressOf(list: string[]): Promise<Map<string, string[]>> {
    return eventually(`ingress IPs of ${list.length} Services`, () => {
      const out = JSON.parse(sys.kubectl(["get", "services", "-n", APP_NS, "-l", TIER, "-o", "json"])) as {
        items: Array<{ metadata: { name: string }; status?: { loadBalancer?: { ingress?: Array<{ ip: string }> } } }>;
      };
      const ips = new Map(out.items.map((s) => [s.metadata.name, (s.status?.loadBalancer?.ingress ?? []).map((i) => i.ip).sort()]));
      return list.every((n) => (ips.get(n)?.length ?? 0) === (dualStack(n) ? 2 : 1)) ? ips : undefined;
    }, BATCH_TIMEOUT_MS);
  }

  /** Waits until the router's table holds exactly `prefixes`, each with a path from every node. */
  async function expectRouterTable(prefixes: string[], what: string): Promise<void> {
    const want = new Map(prefixes.map((p) => [p, p.includes(":") ? v6Peers : v4Peers]));
    const listing = (m: Map<string, string[]>): string => [...m].map(([p, peers]) => `${p} via ${peers.join(",")}`).sort().join("; ");
    const matches = (): boolean => {
      const have = learned(router);
      return have.size === want.size && [...want].every(([p, peers]) => JSON.stringify(have.get(p)) === JSON.stringify(peers));
    };
    await eventually(`router1 table: ${what}`, matches, BATCH_TIMEOUT_MS).catch((err: Error) => {
      const have = learned(router);
      const missing = [...want.keys()].filter((p) => JSON.stringify(have.get(p)) !== JSON.stringify(want.get(p)));
      const extra = [...have.keys()].filter((p) => !want.has(p));
      throw new Error(`${err.message}\nmissing or incomplete: ${missing.slice(0, 10).join(", ")} (${missing.length})\nunexpected: ${extra.slice(0, 10).join(", ")} (${extra.length})\nfirst entries: ${listing(have).slice(0, 600)}`);
    });
  }

  beforeAll(async () => {
    sys = await System.start({ nodes: NODES.length, controlPlane: inject("controlPlane") });
    router = sys.router;
    v4Peers = sys.lab.nodes.map((n) => n.ipv4).sort();
    v6Peers = sys.lab.nodes.map((n) => n.ipv6).sort();
    router.loadConfig(routerConfig({
      hostname: "router1", asn: ASN, routerId: router.ipv4, bfdIntervalMs: 1000, bfdMultiplier: 5,
      peers: sys.lab.nodes.flatMap((n) => [{ address: n.ipv4, asn: ASN, bfd: true }, { address: n.ipv6, asn: ASN }]),
    }));
    // Pools chosen by a Service label (not by annotation), so that relabelling moves Services. Nothing
    // else allocates from them: the e2e project runs one file at a time and teardown removes them.
    const pool = (name: string, addresses: string[], tier: string): Json =>
      metallbObject("IPAddressPool", name, { addresses, serviceAllocation: { serviceSelectors: [{ matchLabels: { [TIER]: tier } }] } });
    applyAll(sys, [
      metallbObject("BFDProfile", "relaxed", { receiveInterval: 1000, transmitInterval: 1000, detectMultiplier: 5 }),
      metallbObject("BGPPeer", "tor-v4", { myASN: ASN, peerASN: ASN, peerAddress: router.ipv4, bfdProfile: "relaxed" }),
      metallbObject("BGPPeer", "tor-v6", { myASN: ASN, peerASN: ASN, peerAddress: router.ipv6 }),
      pool("plain", ["198.18.64.0/24", "2001:db8:600::/120"], "plain"),
      pool("tagged", ["198.18.65.0/24", "2001:db8:601::/120"], "tagged"),
      metallbObject("BGPAdvertisement", "plain", { ipAddressPools: ["plain"] }),
      metallbObject("BGPAdvertisement", "tagged", { ipAddressPools: ["tagged"], communities: [COMMUNITY], localPref: LOCAL_PREF }),
    ]);
    await eventually("every session Established and BFD up", () => {
      const neighbors = router.vtyshJson<Record<string, { bgpState?: string }>>("show bgp neighbors json");
      const bfd = router.vtyshJson<Array<{ peer: string; status: string }>>("show bfd peers json");
      return [...v4Peers, ...v6Peers].every((a) => neighbors[a]?.bgpState === "Established")
        && v4Peers.every((a) => bfd.some((p) => p.peer === a && p.status === "up"));
    }, 180_000);
  });

  afterAll(async () => {
    if (!sys) return;
    deleteServices(sys, names);
    deleteAllMetallbObjects(sys);
    await sys.teardown();
  });

  test(`${SERVICES} Services created, relabelled into another pool and deleted: no BGP or BFD session drops, the router ends with exactly the survivors`, async () => {
    const hosts = [router, ...sys.lab.nodes];
    const before = sessionCounters(hosts);
    // Every session the judge relies on exists on both ends.
    expect(Object.keys(before.drops).sort()).toEqual([
      ...NODES.flatMap((n) => [`${n} -> ${router.ipv4}`, `${n} -> ${router.ipv6}`]),
      ...[...v4Peers, ...v6Peers].map((a) => `router1 -> ${a}`),
    ].sort());
    expect(Object.keys(before.bfdDowns)).toHaveLength(2 * NODES.length);

    for (let i = 0; i < SERVICES; i += BATCH) {
      applyAll(sys, serviceObjects(names.slice(i, i + BATCH), "plain"));
      const ips = await ingressOf(names.slice(0, i + BATCH));
      await expectRouterTable([...ips.values()].flat().map(hostPrefix), `${i + BATCH} Services in pool plain`);
    }

    // Relabelling takes the Service out of pool plain: the controller gives it an IP of pool tagged.
    const moved = names.filter((_, i) => i % 2 === 1);
    for (let i = 0; i < moved.length; i += BATCH) sys.kubectl(["label", "service", "-n", APP_NS, ...moved.slice(i, i + BATCH), `${TIER}=tagged`, "--overwrite"]);
    const relabelled = await eventually("relabelled Services hold pool tagged's IPs", async () => {
      const ips = await ingressOf(names);
      return moved.every((n) => ips.get(n)!.every((ip) => ip.startsWith("198.18.65.") || ip.startsWith("2001:db8:601:"))) ? ips : undefined;
    }, BATCH_TIMEOUT_MS);
    await expectRouterTable([...relabelled.values()].flat().map(hostPrefix), "half of the Services moved to pool tagged");
    const sample = hostPrefix(relabelled.get(moved[0]!)![0]!);
    for (const path of bgpPaths(router, sample)) {
      expect(path.community, `${sample} from ${path.peer}`).toBe(COMMUNITY);
      expect(path.locPrf, `${sample} from ${path.peer}`).toBe(LOCAL_PREF);
    }

    const stayed = names.filter((n) => !moved.includes(n));
    const survivors = [...stayed.slice(0, SURVIVORS / 2), ...moved.slice(0, SURVIVORS / 2)];
    const doomed = names.filter((n) => !survivors.includes(n));
    for (let i = 0; i < doomed.length; i += BATCH) deleteServices(sys, doomed.slice(i, i + BATCH));
    await expectRouterTable(survivors.flatMap((n) => relabelled.get(n)!).map(hostPrefix), `only the ${SURVIVORS} survivors`);

    const after = sessionCounters(hosts);
    expect(after.drops, "BGP connectionsDropped per session (host -> neighbor)").toEqual(before.drops);
    expect(after.bfdDowns, "BFD session-down count per session (host -> peer)").toEqual(before.bfdDowns);
    const neighbors = router.vtyshJson<Record<string, { bgpState?: string }>>("show bgp neighbors json");
    for (const a of [...v4Peers, ...v6Peers]) expect(neighbors[a]?.bgpState, `router1 -> ${a}`).toBe("Established");
  }, 1_200_000);
});

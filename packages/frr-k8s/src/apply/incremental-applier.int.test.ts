// IncrementalFrrApplier against a real FRR 8.4 in a lab namespace, peering with a lab router. After
// every step, a full frr-reload.py of the same config must leave `show running-config` unchanged: the
// batch left FRR exactly where frr-reload.py would have. While a batch runs, the router's count of
// received prefixes is polled: it never drops below what both configs keep. The router's RIB checks
// the end state too: FRR 8.4 can show the right running config and still not announce a prefix (see
// planPrefixList).
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { eventually, Lab, routerConfig } from "@metallb-ts/e2e/lab";
import { vtyshJson, type FrrAccess } from "./frr-access.js";
import { FrrReloadApplier, type ReloadResult } from "./frr-reloader.js";
import { IncrementalFrrApplier } from "./incremental-applier.js";
import { nodeConfig, type NodeConfigOptions } from "./testing/node-config.js";

const v4 = (i: number) => `198.18.${Math.floor(i / 250)}.${(i % 250) + 1}/32`;
/** Sorted as the renderer sorts prefixes (as strings). */
/** Long enough to show per-entry behaviour, short enough for the suite (the bench runs 1,000). */
const COUNT = 300;
const PREFIXES = Array.from({ length: COUNT }, (_, i) => v4(i)).sort();
/** Sorts after 198.18.0.99/32 and before 198.18.1.1/32: 50 entries follow it. */
const MIDDLE = "198.18.1.0/32";
const V6 = ["2001:db8:5::1/128", "2001:db8:5::3/128"];

interface Summary { ipv4Unicast?: { peers?: Record<string, { pfxRcd?: number }> }; ipv6Unicast?: { peers?: Record<string, { pfxRcd?: number }> } }

describe("IncrementalFrrApplier (real FRR)", () => {
  let lab: Lab;
  let applier: IncrementalFrrApplier;
  let reference: FrrReloadApplier;
  let routerAccess: FrrAccess;
  let base: NodeConfigOptions;

  const accessOf = (h: Lab["nodes"][number], workDir: string): FrrAccess => ({
    configDir: h.confDir, vtySocketDir: h.runDir, workDir, vtyshPath: "/usr/bin/vtysh", reloadScript: "/usr/lib/frr/frr-reload.py", python: "python3",
  });

  beforeAll(async () => {
    lab = await Lab.create({ nodes: 1, routers: 1 });
    const router = lab.routers[0]!;
    const node = lab.nodes[0]!;
    router.loadConfig(routerConfig({ hostname: "router1", asn: 64512, routerId: router.ipv4, peers: [{ address: node.ipv4, asn: 64513 }, { address: node.ipv6, asn: 64513 }] }));
    applier = new IncrementalFrrApplier(accessOf(node, join(lab.state.dir, "node1-applier")));
    reference = new FrrReloadApplier(accessOf(node, join(lab.state.dir, "node1-reference")));
    routerAccess = accessOf(router, join(lab.state.dir, "router1-unused"));
    base = { neighbors: [router.ipv4, router.ipv6], v4: PREFIXES, v6: V6 };
  }, 120_000);
  afterAll(async () => { await lab?.teardown(); });

  /** Prefixes the router received from the node over its IPv4 and its IPv6 session. */
  const received = async (): Promise<{ v4: number; v6: number }> => {
    const s = await vtyshJson<Summary>(routerAccess, "show bgp summary json");
    const node = lab.nodes[0]!;
    return { v4: s.ipv4Unicast?.peers?.[node.ipv4]?.pfxRcd ?? 0, v6: s.ipv6Unicast?.peers?.[node.ipv6]?.pfxRcd ?? 0 };
  };

  /**
   * Applies `options`, expecting `mode`; meanwhile polls what the router received (the lowest count
   * seen is returned); afterwards checks that frr-reload.py of the same config changes nothing.
   */
  async function step(options: NodeConfigOptions, mode: ReloadResult["mode"]): Promise<{ lowest: { v4: number; v6: number }; samples: number }> {
    const text = nodeConfig(options);
    let done = false;
    const lowest = { v4: Infinity, v6: Infinity };
    let samples = 0;
    const poll = (async () => {
      while (!done) {
        const r = await received();
        lowest.v4 = Math.min(lowest.v4, r.v4);
        lowest.v6 = Math.min(lowest.v6, r.v6);
        samples++;
      }
    })();
    const result = await applier.apply(text).finally(() => { done = true; });
    await poll;
    expect(result, result.error ?? result.reloadReason).toMatchObject({ ok: true, mode });
    const afterBatch = await reference.runningConfig();
    expect(await reference.apply(text)).toMatchObject({ ok: true });
    expect(await reference.runningConfig()).toBe(afterBatch);
    return { lowest, samples };
  }

  const routerHas = (count: { v4: number; v6: number }) => async () => {
    const r = await received();
    return r.v4 === count.v4 && r.v6 === count.v6;
  };

  test("the first apply is a full reload", async () => {
    await step({ ...base, v4: PREFIXES.slice(0, 10) }, "reload");
    await eventually("router receives 10 + 2 prefixes", routerHas({ v4: 10, v6: 2 }), 120_000);
  }, 600_000);

  test("growing to 300 prefixes per neighbor list is one batch", async () => {
    const { lowest } = await step(base, "batch");
    expect(lowest).toEqual({ v4: 10, v6: 2 });
    await eventually("router receives 300 + 2 prefixes", routerHas({ v4: COUNT, v6: 2 }), 180_000);
  }, 900_000);

  test("a prefix appended at the end of the 300-entry lists, then removed: batches, nothing else withdrawn meanwhile", async () => {
    const last = "198.18.9.1/32"; // sorts after every prefix of PREFIXES
    expect((await step({ ...base, v4: [...PREFIXES, last] }, "batch")).lowest).toEqual({ v4: COUNT, v6: 2 });
    await eventually("router receives the appended prefix", routerHas({ v4: COUNT + 1, v6: 2 }), 60_000);
    expect((await step(base, "batch")).lowest).toEqual({ v4: COUNT, v6: 2 });
    await eventually("router loses only the removed prefix", routerHas({ v4: COUNT, v6: 2 }), 60_000);
  }, 600_000);

  test("a prefix inserted in the middle of the 300-entry lists, then removed: batches (numbers come from the prefixes), nothing else withdrawn", async () => {
    expect((await step({ ...base, v4: [...PREFIXES, MIDDLE].sort() }, "batch")).lowest).toEqual({ v4: COUNT, v6: 2 });
    await eventually("router receives the inserted prefix", routerHas({ v4: COUNT + 1, v6: 2 }), 120_000);
    expect((await step(base, "batch")).lowest).toEqual({ v4: COUNT, v6: 2 });
    await eventually("router loses only the removed prefix", routerHas({ v4: COUNT, v6: 2 }), 120_000);
  }, 600_000);


  test("IPv6: a prefix appended, another replaced in place, then back", async () => {
    expect((await step({ ...base, v6: [...V6, "2001:db8:5::5/128"] }, "batch")).lowest).toEqual({ v4: COUNT, v6: 2 });
    await eventually("router receives 3 IPv6 prefixes", routerHas({ v4: COUNT, v6: 3 }), 60_000);
    expect((await step({ ...base, v6: [V6[0]!, "2001:db8:5::4/128", "2001:db8:5::5/128"] }, "batch")).lowest.v4).toBe(COUNT);
    await eventually("router has ::1, ::4, ::5", async () => {
      const rib = await vtyshJson<{ routes?: Record<string, unknown> }>(routerAccess, "show bgp ipv6 unicast json");
      return ["2001:db8:5::1/128", "2001:db8:5::4/128", "2001:db8:5::5/128"].every((p) => rib.routes?.[p] !== undefined) && Object.keys(rib.routes ?? {}).length === 3;
    }, 60_000);
    await step(base, "batch");
    await eventually("router is back to 2 IPv6 prefixes", routerHas({ v4: COUNT, v6: 2 }), 60_000);
  }, 600_000);

  test("a route-map entry appears at the end of an out map, then disappears", async () => {
    const router = lab.routers[0]!;
    const entry = [`route-map ${router.ipv4}-out permit 10`, "  match ip address prefix-list extra", "  set local-preference 150", "exit"];
    expect((await step({ ...base, raw: entry }, "batch")).lowest).toEqual({ v4: COUNT, v6: 2 });
    expect((await step(base, "batch")).lowest).toEqual({ v4: COUNT, v6: 2 });
    await eventually("router keeps every prefix", routerHas({ v4: COUNT, v6: 2 }), 60_000);
  }, 600_000);

  test("a community entry inserted in the middle of an out map renumbers it: frr-reload.py", async () => {
    await step({ ...base, communities: { "64512:100": [PREFIXES[150]!] } }, "reload");
    await step(base, "reload");
    await eventually("router keeps every prefix", routerHas({ v4: COUNT, v6: 2 }), 120_000);
  }, 600_000);

  test("mass removal of every IPv4 prefix keeps the IPv6 ones", async () => {
    expect((await step({ ...base, v4: [] }, "batch")).lowest.v6).toBe(2);
    await eventually("router loses every IPv4 prefix", routerHas({ v4: 0, v6: 2 }), 120_000);
    await step({ ...base, v4: PREFIXES.slice(0, 10) }, "batch");
    await eventually("router receives 10 IPv4 prefixes", routerHas({ v4: 10, v6: 2 }), 60_000);
  }, 600_000);

  test("a neighbor removed is a full reload", async () => {
    const router = lab.routers[0]!;
    const r = await applier.apply(nodeConfig({ ...base, neighbors: [router.ipv4], v4: PREFIXES.slice(0, 10) }));
    expect(r).toMatchObject({ ok: true, mode: "reload", reloadReason: expect.stringContaining("neighbors changed") });
    await step({ ...base, v4: PREFIXES.slice(0, 10) }, "reload");
  }, 600_000);

  test("a batch FRR rejects falls back to frr-reload.py, which rejects it too: FRR is put back on the previous config", async () => {
    const router = lab.routers[0]!;
    const good = { ...base, v4: PREFIXES.slice(0, 10) };
    const before = await reference.runningConfig();
    const bad = await applier.apply(nodeConfig({ ...good, raw: [`route-map ${router.ipv4}-out permit 50`, "  on-match goto not-a-number", "exit"] }));
    expect(bad).toMatchObject({ ok: false, mode: "reload", reloadReason: expect.stringContaining("batch failed") });
    expect(await reference.runningConfig()).toBe(before);
    await step({ ...good, v4: PREFIXES.slice(0, 11) }, "batch");
  }, 600_000);
});

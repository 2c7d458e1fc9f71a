// FrrReloadApplier against a real FRR 8.4 in a lab namespace.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { eventually, Lab, routerConfig, type Rib } from "@metallb-ts/e2e/lab";
import { FrrReloadApplier } from "./frr-reloader.js";
import { join } from "node:path";

function nodeConfig(routerIp: string, prefixes: string[], extra = ""): string {
  return [
    "frr defaults traditional", "hostname node1", "!",
    "router bgp 64513", " no bgp ebgp-requires-policy", " no bgp network import-check", " no bgp default ipv4-unicast",
    ` neighbor ${routerIp} remote-as 64512`,
    " address-family ipv4 unicast", `  neighbor ${routerIp} activate`, ...prefixes.map((p) => `  network ${p}`), " exit-address-family",
    "exit", extra, "",
  ].join("\n");
}

describe("FrrReloadApplier (real FRR)", () => {
  let lab: Lab;
  let applier: FrrReloadApplier;

  beforeAll(async () => {
    lab = await Lab.create({ nodes: 1, routers: 1 });
    const router = lab.routers[0]!;
    const node = lab.nodes[0]!;
    router.loadConfig(routerConfig({ hostname: "router1", asn: 64512, routerId: router.ipv4, peers: [{ address: node.ipv4, asn: 64513 }] }));
    applier = new FrrReloadApplier({
      configDir: node.confDir, vtySocketDir: node.runDir, workDir: join(lab.state.dir, "node1-reloader"),
      vtyshPath: "/usr/bin/vtysh", reloadScript: "/usr/lib/frr/frr-reload.py", python: "python3",
    });
  });
  afterAll(async () => { await lab?.teardown(); });

  const routerHas = (prefix: string) => () => lab.routers[0]!.vtyshJson<Rib>("show ip route bgp json")[prefix] !== undefined;

  test("applies a config and the router learns the prefix", async () => {
    const r = await applier.apply(nodeConfig(lab.routers[0]!.ipv4, ["203.0.113.1/32"]));
    expect(r).toMatchObject({ ok: true });
    expect(await applier.alive()).toBe(true);
    await eventually("router learns 203.0.113.1/32", routerHas("203.0.113.1/32"));
  });

  test("an incremental change adds and removes prefixes", async () => {
    const r = await applier.apply(nodeConfig(lab.routers[0]!.ipv4, ["203.0.113.2/32"]));
    expect(r.ok).toBe(true);
    await eventually("router learns 203.0.113.2/32", routerHas("203.0.113.2/32"));
    await eventually("router forgets 203.0.113.1/32", () => !routerHas("203.0.113.1/32")());
  });

  test("an invalid config is rejected with FRR's error and the running config is untouched", async () => {
    const before = await applier.runningConfig();
    const r = await applier.apply(nodeConfig(lab.routers[0]!.ipv4, ["203.0.113.3/32"], "this is not an frr command\n"));
    expect(r.ok).toBe(false);
    expect(r.error).toBeTruthy();
    const after = await applier.runningConfig();
    expect(after).toBe(before);
    expect(after).toContain("203.0.113.2/32");
  });

  test("a killed bgpd is detected as not alive", async () => {
    await lab.nodes[0]!.kill("bgpd");
    expect(await applier.alive()).toBe(false);
    await lab.nodes[0]!.start();
    expect(await applier.alive()).toBe(true);
  });
});

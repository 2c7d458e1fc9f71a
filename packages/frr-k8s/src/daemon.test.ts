// Scenario tests of the daemon against the in-memory API server and a recording FRR stand-in.
import { afterEach, describe, expect, test, vi } from "vitest";
import { Registry } from "prom-client";
import { FRRConfigurationSchema, type FRRConfiguration, type FRRConfigurationInput, type FRRNodeState, type Node } from "@metallb-ts/api";
import { EventResource, NodeResource, type ResourceType } from "@metallb-ts/runtime";
import { FakeKubeClient, recordingLogger } from "@metallb-ts/runtime/testing";
import type { FrrApplier, ReloadResult } from "./apply/frr-reloader.js";
import { FrrK8sDaemon } from "./daemon.js";
import type { BfdPeerStatus, BgpNeighborStatus, FrrStatusReader } from "./frr-status.js";
import { BGPSessionStateResource, FRRConfigurationResource, FRRNodeStateResource } from "./resources.js";

const NS = "frr-k8s-system";

class RecordingFrr implements FrrApplier, FrrStatusReader {
  applied: string[] = [];
  restored: string[] = [];
  neighbors: BgpNeighborStatus[] = [];
  async apply(config: string): Promise<ReloadResult> {
    this.applied.push(config);
    if (config.includes("not-an-frr-command")) return { ok: false, error: "line 3: % Unknown command: not-an-frr-command password secret", durationMs: 1 };
    return { ok: true, durationMs: 1 };
  }
  async restore(config: string): Promise<ReloadResult> {
    this.restored.push(config);
    return this.apply(config);
  }
  async runningConfig(): Promise<string> {
    return [...this.applied].reverse().find((c) => !c.includes("not-an-frr-command")) ?? "";
  }
  async alive(): Promise<boolean> {
    return true;
  }
  async bgpNeighbors(): Promise<BgpNeighborStatus[]> {
    return this.neighbors;
  }
  async bfdPeers(): Promise<BfdPeerStatus[]> {
    return [];
  }
  get last(): string {
    return this.applied.at(-1) ?? "";
  }
}

const node = (labels: Record<string, string>): Node => ({ apiVersion: "v1", kind: "Node", metadata: { name: "n1", labels } });

/** As the API server stores it: defaults applied by the schema. */
function config(name: string, spec: NonNullable<FRRConfigurationInput["spec"]>): FRRConfiguration {
  return FRRConfigurationSchema.parse({ apiVersion: "frrk8s.metallb.io/v1beta1", kind: "FRRConfiguration", metadata: { name, namespace: NS }, spec });
}

const peer = (asn = 64512) => ({ address: "192.0.2.1", asn, toAdvertise: { allowed: { mode: "all" as const } } });

function withPrefix(name: string, prefix: string, rack: string): FRRConfiguration {
  return config(name, { nodeSelector: { matchLabels: { rack } }, bgp: { routers: [{ asn: 64513, prefixes: [prefix], neighbors: [peer()] }] } });
}

function neighborStatus(peerAddress: string, bgpState: string): BgpNeighborStatus {
  return {
    vrf: "default", peer: peerAddress, bgpState, bfdStatus: "N/A", sentPrefixes: 0, acceptedPrefixes: 0,
    messages: { opensSent: 0, opensRecv: 0, notificationsSent: 0, updatesSent: 0, updatesRecv: 0, keepalivesSent: 0, keepalivesRecv: 0, routeRefreshSent: 0, totalSent: 0, totalRecv: 0 },
  };
}

/** A node and one valid configuration selecting it. */
function withGoodConfig() {
  const client = new FakeKubeClient();
  client.seed(NodeResource as ResourceType<Node>, node({}));
  client.seed(FRRConfigurationResource, config("good", { bgp: { routers: [{ asn: 64513, neighbors: [peer()] }] } }));
  return { client, frr: new RecordingFrr() };
}

let daemon: FrrK8sDaemon | undefined;
afterEach(async () => {
  await daemon?.stop();
  daemon = undefined;
});

async function startDaemon(client: FakeKubeClient, frr: RecordingFrr) {
  const registry = new Registry();
  daemon = new FrrK8sDaemon({
    client, nodeName: "n1", namespace: NS, applier: frr, statusReader: frr, logger: recordingLogger().logger, registry,
    logLevel: "info", alwaysBlock: ["192.168.9.0/24"], hostname: "n1", fallbackRouterID: "", routeMapDelayTimer: 1, pollIntervalMs: 60_000,
  });
  await daemon.start();
  await daemon.idle();
  const d = daemon;
  const status = () => client.objects(FRRNodeStateResource as ResourceType<FRRNodeState>)[0]?.status ?? {};
  const metric = async (name: string) => (await registry.getSingleMetric(name)?.get())?.values[0]?.value;
  const settled = async () => {
    await d.idle();
    await new Promise((r) => setTimeout(r, 5));
    await d.idle();
  };
  return { d, status, metric, settled };
}

describe("frr-k8s daemon", () => {
  test("applies the merged config of the selecting configurations and keeps only projections of the others", async () => {
    const client = new FakeKubeClient();
    client.seed(NodeResource as ResourceType<Node>, node({ rack: "r1" }));
    client.seed(FRRConfigurationResource, withPrefix("mine", "192.0.2.10/32", "r1"));
    client.seed(FRRConfigurationResource, ...Array.from({ length: 30 }, (_, i) => withPrefix(`other-${i}`, `198.18.0.${i}/32`, "r2")));
    const frr = new RecordingFrr();
    const { d, status, metric, settled } = await startDaemon(client, frr);

    expect(frr.applied).toHaveLength(1);
    expect(frr.last).toContain("router bgp 64513");
    expect(frr.last).toContain("192.0.2.10/32");
    expect(frr.last).not.toContain("198.18.0.");
    expect(frr.last).toContain("bgp route-map delay-timer 1");
    expect(frr.last).toContain("192.168.9.0/24 le 32"); // always-block
    expect(d.configurations.stats()).toEqual({ cached: 31, full: 1, fetched: 0 });
    await vi.waitFor(() => expect(status()).toMatchObject({ lastConversionResult: "success", lastReloadResult: "success", runningConfig: frr.last }));
    expect(await metric("frrk8s_k8s_client_config_loaded_bool")).toBe(1);

    // A configuration for other nodes changes: nothing to rebuild.
    const updates = await metric("frrk8s_k8s_client_updates_total");
    await client.replace(FRRConfigurationResource, { ...withPrefix("other-3", "198.18.1.3/32", "r2"), metadata: { name: "other-3", namespace: NS } });
    await settled();
    expect(await metric("frrk8s_k8s_client_updates_total")).toBe(updates);
    expect(frr.applied).toHaveLength(1);

    // The node's labels change: the projected configurations now select it and are fetched.
    await client.replace(NodeResource as ResourceType<Node>, node({ rack: "r2" }));
    await settled();
    expect(frr.last).toContain("198.18.1.3/32");
    expect(frr.last).not.toContain("192.0.2.10/32");
    expect(d.configurations.stats().fetched).toBe(30);
  });

  test("a conflict keeps FRR on the last good config, is reported, and recovers when removed", async () => {
    const { client, frr } = withGoodConfig();
    const { status, metric, settled } = await startDaemon(client, frr);

    await client.create(FRRConfigurationResource, config("conflict", { bgp: { routers: [{ asn: 64513, neighbors: [peer(64999)] }] } }));
    await settled();
    expect(frr.applied).toHaveLength(1);
    await vi.waitFor(() => expect(status().lastConversionResult).toMatch(/^failed: .*conflict.*64999|^failed: .*64999.*conflict/));
    expect(await metric("frrk8s_k8s_client_config_stale_bool")).toBe(1);
    expect(await metric("frrk8s_k8s_client_update_errors_total")).toBeGreaterThanOrEqual(1);
    await vi.waitFor(() => expect(client.objects(EventResource).map((e) => [e.reason, e.involvedObject.name])).toContainEqual(["ConversionFailed", "conflict"]));

    await client.delete(FRRConfigurationResource, "conflict", { namespace: NS });
    await settled();
    await vi.waitFor(() => expect(status().lastConversionResult).toBe("success"));
    expect(await metric("frrk8s_k8s_client_config_stale_bool")).toBe(0);
    expect(frr.applied).toHaveLength(1); // same config as before: not applied again
  });

  test("a config FRR rejects is reported with FRR's error (redacted) and the previous one stays", async () => {
    const { client, frr } = withGoodConfig();
    const { status, metric, settled } = await startDaemon(client, frr);
    const good = frr.last;

    await client.create(FRRConfigurationResource, config("bad", { raw: { rawConfig: "not-an-frr-command" } }));
    await settled();
    await vi.waitFor(() => expect(status().lastReloadResult).toBe("line 3: % Unknown command: not-an-frr-command password <retracted>"));
    expect(status().runningConfig).toBe(good);
    expect(await metric("frrk8s_k8s_client_config_stale_bool")).toBe(1);

    await client.delete(FRRConfigurationResource, "bad", { namespace: NS });
    await settled();
    await vi.waitFor(() => expect(status().lastReloadResult).toBe("success"));
    expect(frr.last).toBe(good);
  });

  test("a reapply after an FRR restart restores the whole config", async () => {
    const { client, frr } = withGoodConfig();
    const { d, settled } = await startDaemon(client, frr);
    d.applyLoop.reapply();
    await settled();
    expect(frr.restored).toEqual([frr.applied[0]]);
    expect(frr.applied).toHaveLength(2);
  });

  test("BGPSessionStates follow FRR's neighbors", async () => {
    const client = new FakeKubeClient();
    client.seed(NodeResource as ResourceType<Node>, node({}));
    const frr = new RecordingFrr();
    frr.neighbors = [neighborStatus("192.0.2.1", "Active"), neighborStatus("2001:db8::1", "Established")];
    const { d, settled } = await startDaemon(client, frr);
    const states = () => client.objects(BGPSessionStateResource).map((s) => [s.metadata?.generateName, s.metadata?.labels?.["frrk8s.metallb.io/peer"], s.status?.bgpStatus]);
    d.syncSessionsNow();
    await settled();
    expect(states()).toEqual(expect.arrayContaining([["n1-", "192.0.2.1", "Active"], ["n1-", "2001-0db8-0000-0000-0000-0000-0000-0001", "Established"]]));

    frr.neighbors = [neighborStatus("192.0.2.1", "Established")];
    d.syncSessionsNow();
    await settled();
    expect(states()).toEqual([["n1-", "192.0.2.1", "Established"]]);
  });
});

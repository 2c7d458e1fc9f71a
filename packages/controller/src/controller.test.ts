// The Controller against the runtime's fake client: informers, leader session, writes and events.
import type { Service } from "@metallb-ts/api";
import { EventResource, NamespaceResource, type CoreEvent } from "@metallb-ts/runtime";
import { FakeKubeClient, silentLogger } from "@metallb-ts/runtime/testing";
import { Registry } from "prom-client";
import { afterEach, describe, expect, test } from "vitest";
import { Controller } from "./controller.js";
import { ConfigurationStateResource, IPAddressPoolResource, ServiceResource } from "./resources.js";

const NS = "metallb-system";

function pool(name: string, addresses: string[]) {
  return { apiVersion: "metallb.io/v1beta1", kind: "IPAddressPool", metadata: { name, namespace: NS }, spec: { addresses, autoAssign: true, avoidBuggyIPs: false } } as never;
}

function service(name: string, extra: { ingress?: string[]; lbClass?: string; created?: string } = {}): Service {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, namespace: "apps", ...(extra.created ? { creationTimestamp: extra.created } : {}) },
    spec: { type: "LoadBalancer", clusterIPs: ["10.0.0.1"], ports: [{ port: 80, protocol: "TCP" }], ...(extra.lbClass ? { loadBalancerClass: extra.lbClass } : {}) },
    ...(extra.ingress ? { status: { loadBalancer: { ingress: extra.ingress.map((ip) => ({ ip })) } } } : {}),
  } as Service;
}

const started: Controller[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((c) => c.stop()));
});

async function run(client: FakeKubeClient, lbClass?: string): Promise<{ controller: Controller; registry: Registry }> {
  const registry = new Registry();
  const controller = new Controller({ client, namespace: NS, log: silentLogger(), registry, validation: "frr-k8s", lbClass, serviceWorkers: 4 });
  started.push(controller);
  controller.start();
  await settleController(controller);
  return { controller, registry };
}

/** Idle twice in a row: writes cause watch events, which queue more (no-op) work. */
async function settleController(controller: Controller): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await new Promise((r) => setTimeout(r, 20));
    await controller.idle();
    await controller.recorder.flush();
  }
}

const ipsOf = (client: FakeKubeClient) =>
  Object.fromEntries(client.objects(ServiceResource).map((s) => [s.metadata.name, [(s.status?.loadBalancer?.ingress ?? []).map((i) => i.ip), s.metadata.annotations?.["metallb.io/ip-allocated-from-pool"]]]));

describe("Controller with the fake client", () => {
  test("allocates, writes status + annotation, records events, pool status and ConfigurationState", async () => {
    const client = new FakeKubeClient();
    client.seed(NamespaceResource, { apiVersion: "v1", kind: "Namespace", metadata: { name: "apps" } });
    client.seed(IPAddressPoolResource, pool("a", ["192.0.2.0/30"]));
    client.seed(ServiceResource, service("web"), service("db"));
    const { controller, registry } = await run(client);
    expect(ipsOf(client)).toEqual({ db: [["192.0.2.0"], "a"], web: [["192.0.2.1"], "a"] });
    const events = client.objects<CoreEvent>(EventResource).map((e) => `${e.involvedObject.name} ${e.reason} ${e.message}`).sort();
    expect(events).toEqual(['db IPAllocated Assigned IP ["192.0.2.0"]', 'web IPAllocated Assigned IP ["192.0.2.1"]']);
    expect(client.objects(IPAddressPoolResource)[0]?.status).toEqual({ assignedIPv4: 2, assignedIPv6: 0, availableIPv4: 2, availableIPv6: 0 });
    expect(client.objects(ConfigurationStateResource)[0]?.status?.result).toBe("Valid");
    const metrics = await registry.metrics();
    expect(metrics).toContain('metallb_allocator_addresses_in_use_total{pool="a"} 2');
    expect(metrics).toContain("metallb_k8s_client_config_loaded_bool 1");
    expect(controller.claimed()).toBe(true);
    // The fake delivers the watch event of a write before the write returns: nothing to remember.
    expect(controller.unobservedWrites()).toBe(0);
  });

  test("restart: existing assignments are claimed before anything new, nothing rewritten", async () => {
    const client = new FakeKubeClient();
    client.seed(NamespaceResource, { apiVersion: "v1", kind: "Namespace", metadata: { name: "apps" } });
    client.seed(IPAddressPoolResource, pool("a", ["192.0.2.0/30"]));
    const held = { ...service("z-held", { ingress: ["192.0.2.0"] }) };
    held.metadata.annotations = { "metallb.io/ip-allocated-from-pool": "a" };
    client.seed(ServiceResource, service("a-new"), held);
    await run(client);
    expect(ipsOf(client)).toEqual({ "a-new": [["192.0.2.1"], "a"], "z-held": [["192.0.2.0"], "a"] });
    expect(client.writes.filter((w) => w.resource === "services" && w.name === "z-held")).toEqual([]);
  });

  test("an invalid configuration is reported and the last good pools stay in force", async () => {
    const client = new FakeKubeClient();
    client.seed(IPAddressPoolResource, pool("a", ["192.0.2.0/30"]));
    client.seed(ServiceResource, service("web"));
    const { controller, registry } = await run(client);
    await client.create(IPAddressPoolResource, pool("bad", ["192.0.2.0/31"]));
    await settleController(controller);
    expect(client.objects(ConfigurationStateResource)[0]?.status).toMatchObject({ result: "Invalid" });
    expect(await registry.metrics()).toContain("metallb_k8s_client_config_stale_bool 1");
    await client.create(ServiceResource, service("api"));
    await settleController(controller);
    expect(ipsOf(client)).toEqual({ api: [["192.0.2.1"], "a"], web: [["192.0.2.0"], "a"] });
  });

  test("--lb-class: Services of other classes are never touched; type change clears state", async () => {
    const client = new FakeKubeClient();
    client.seed(IPAddressPoolResource, pool("a", ["192.0.2.0/30"]));
    client.seed(ServiceResource, service("mine", { lbClass: "metallb" }), service("theirs", { ingress: ["198.51.100.1"] }));
    const { controller } = await run(client, "metallb");
    expect(ipsOf(client)).toEqual({ mine: [["192.0.2.0"], "a"], theirs: [["198.51.100.1"], undefined] });
    const mine = client.objects(ServiceResource).find((s) => s.metadata.name === "mine") as Service;
    await client.replace(ServiceResource, { ...mine, spec: { ...mine.spec, type: "ClusterIP" } } as Service);
    await settleController(controller);
    expect(ipsOf(client)["mine"]).toEqual([[], undefined]);
  });

  test("with leader election only the leader writes; the standby takes over after the leader stops", async () => {
    const client = new FakeKubeClient();
    client.seed(IPAddressPoolResource, pool("a", ["192.0.2.0/29"]));
    client.seed(ServiceResource, service("one"));
    const timings = { leaseDurationMs: 1500, renewDeadlineMs: 1000, retryPeriodMs: 200 };
    const make = (identity: string) => {
      const c = new Controller({ client, namespace: NS, log: silentLogger(), registry: new Registry(), validation: "frr-k8s", leaderElection: { leaseName: "lease", identity, ...timings } });
      started.push(c);
      return c;
    };
    const first = make("first");
    first.start();
    await new Promise((r) => setTimeout(r, 300));
    const second = make("second");
    second.start();
    await settleController(first);
    expect(first.isLeader()).toBe(true);
    expect(second.isLeader()).toBe(false);
    expect(ipsOf(client)).toEqual({ one: [["192.0.2.0"], "a"] });
    await first.stop();
    await client.create(ServiceResource, service("two"));
    for (let i = 0; i < 100 && !second.claimed(); i++) await new Promise((r) => setTimeout(r, 50));
    await settleController(second);
    expect(second.isLeader()).toBe(true);
    expect(ipsOf(client)).toEqual({ one: [["192.0.2.0"], "a"], two: [["192.0.2.1"], "a"] });
  });
});

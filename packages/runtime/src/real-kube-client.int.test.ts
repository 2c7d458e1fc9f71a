// The real client against a real kube-apiserver: the shared conformance suite (same as the fake runs),
// plus informer relist, SSA status, Lease election and events end to end.
//
// 410 Gone cannot be provoked on the shared API server: its watch cache replays any resourceVersion
// since it started. So the conformance suite and the relist test run on a second, private control plane
// whose ConfigMaps are not watch-cached (--watch-cache-sizes=configmaps#0), where compacting etcd
// expires old resourceVersions exactly as it happens in production after a long disconnect.
import { startControlPlane, stopControlPlane, type ControlPlane } from "@metallb-ts/e2e/lab";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { ignoreNotFound } from "./errors.js";
import { EventRecorder, referenceTo } from "./event-recorder.js";
import { Informer, type InformerEvent } from "./informer.js";
import type { KubeClient } from "./kube-client.js";
import { loadKubeConfig } from "./kubeconfig.js";
import { LeaderElector } from "./leader-election.js";
import { createKubeClient } from "./real-kube-client.js";
import { ConfigMapResource, EventResource, LeaseResource, NamespaceResource, ServiceResource, type ConfigMap, type KubeObject } from "./resources.js";
import { eventually, runKubeClientConformance } from "./testing/kube-client-conformance.js";

let client: KubeClient;
const namespaces: string[] = [];

async function freshNamespace(prefix: string, on: KubeClient = client): Promise<string> {
  const name = `${prefix}-${randomBytes(3).toString("hex")}`;
  await on.create(NamespaceResource, { metadata: { name } });
  if (on === client) namespaces.push(name);
  return name;
}

/** Compacts etcd at its current revision: every older resourceVersion is then expired. */
async function compactEtcd(etcdUrl: string): Promise<void> {
  const range = await fetch(`${etcdUrl}/v3/kv/range`, { method: "POST", body: JSON.stringify({ key: "AA==" }) });
  const revision = ((await range.json()) as { header: { revision: string } }).header.revision;
  const compaction = await fetch(`${etcdUrl}/v3/kv/compaction`, { method: "POST", body: JSON.stringify({ revision, physical: true }) });
  expect(compaction.ok).toBe(true);
}

beforeAll(() => {
  client = createKubeClient(loadKubeConfig({ kubeconfigPath: inject("kubeconfigPath") }), { fieldManager: "runtime-int-test" });
});

afterAll(async () => {
  await Promise.all(namespaces.map((ns) => ignoreNotFound(client.delete(NamespaceResource, ns))));
});

describe("on a control plane without a ConfigMap watch cache", () => {
  let cp: ControlPlane;
  let uncached: KubeClient;

  beforeAll(async () => {
    cp = await startControlPlane({ apiserverArgs: ["--watch-cache-sizes=configmaps#0"] });
    uncached = createKubeClient(loadKubeConfig({ kubeconfigPath: cp.kubeconfigPath }), { fieldManager: "runtime-int-test" });
  });

  afterAll(async () => {
    if (cp) await stopControlPlane(cp);
  });

  describe("conformance (real API server)", () => {
    runKubeClientConformance({
      test,
      expect,
      setup: async () => ({ client: uncached, namespace: await freshNamespace("rt-conf", uncached) }),
      expireHistory: () => compactEtcd(cp.etcdUrl),
    });
  });

  test("the informer relists after its watch resourceVersion expires (410 Gone)", async () => {
    const namespace = await freshNamespace("rt-gone", uncached);
    const elsewhere = await freshNamespace("rt-gone-other", uncached);
    await uncached.create(ConfigMapResource, { metadata: { name: "a", namespace }, data: {} });
    const events: InformerEvent[] = [];
    // A 1 s server-side watch timeout makes the informer re-watch from its resourceVersion often.
    const informer = new Informer<ConfigMap>(uncached, ConfigMapResource, { namespace, watchTimeoutSeconds: 1, onEvent: (e) => events.push(e) });
    informer.start();
    try {
      await informer.waitForSync();
      // Nothing happens in the informer's namespace, so its resourceVersion stays put while etcd moves on.
      await uncached.create(ConfigMapResource, { metadata: { name: "x1", namespace: elsewhere }, data: {} });
      await uncached.create(ConfigMapResource, { metadata: { name: "x2", namespace: elsewhere }, data: {} });
      await compactEtcd(cp.etcdUrl);
      await eventually(() => expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(["relisting"])), 15_000);
      const relisting = events.find((e) => e.type === "relisting");
      expect(relisting).toMatchObject({ type: "relisting", reason: "expired" });
      await uncached.create(ConfigMapResource, { metadata: { name: "b", namespace }, data: {} });
      await eventually(() => expect(informer.list().map((c) => c.metadata?.name).sort()).toEqual(["a", "b"]));
      expect(events.filter((e) => e.type === "listed").length).toBeGreaterThanOrEqual(2);
    } finally {
      await informer.stop();
    }
  });
});

describe("informer (real API server)", () => {
  test("lists and watches ConfigMaps and Services of one namespace", async () => {
    const namespace = await freshNamespace("rt-inf");
    const other = await freshNamespace("rt-inf-other");
    await client.create(ConfigMapResource, { metadata: { name: "pre", namespace }, data: { v: "0" } });
    const configMaps = new Informer<ConfigMap>(client, ConfigMapResource, { namespace });
    const services = new Informer(client, ServiceResource, { namespace });
    const seen: string[] = [];
    configMaps.addHandler({
      onAdd: (o) => seen.push(`add ${o.metadata?.name}`),
      onUpdate: (_p, o) => seen.push(`update ${o.metadata?.name} ${o.data?.["v"]}`),
      onDelete: (o) => seen.push(`delete ${o.metadata?.name}`),
    });
    configMaps.start();
    services.start();
    try {
      expect(await configMaps.waitForSync()).toBe(true);
      expect(await services.waitForSync()).toBe(true);
      expect(configMaps.get("pre", namespace)?.data).toEqual({ v: "0" });
      await client.create(ConfigMapResource, { metadata: { name: "new", namespace }, data: { v: "1" } });
      await client.create(ConfigMapResource, { metadata: { name: "elsewhere", namespace: other }, data: {} });
      await client.apply(ConfigMapResource, { metadata: { name: "new", namespace }, data: { v: "2" } }, { force: true });
      await client.delete(ConfigMapResource, "pre", { namespace });
      await client.create(ServiceResource, {
        metadata: { name: "web", namespace },
        spec: { type: "LoadBalancer", ports: [{ port: 80 }] },
      } as KubeObject);
      await eventually(() => {
        expect(seen).toEqual(["add pre", "add new", "update new 2", "delete pre"]);
        expect(services.get("web", namespace)).toBeDefined();
      });
      expect(configMaps.list().map((c) => c.metadata?.name)).toEqual(["new"]);
    } finally {
      await configMaps.stop();
      await services.stop();
    }
  });
});

describe("status, leases and events (real API server)", () => {
  test("SSA apply and status patch of a Service", async () => {
    const namespace = await freshNamespace("rt-ssa");
    await client.apply(
      ServiceResource,
      { metadata: { name: "lb", namespace, annotations: { "metallb.io/ip-allocated-from-pool": "pool-a" } }, spec: { type: "LoadBalancer", ports: [{ port: 80 }] } } as never,
      { fieldManager: "metallb-controller" },
    );
    const patched = (await client.patchStatus(
      ServiceResource,
      { metadata: { name: "lb", namespace }, status: { loadBalancer: { ingress: [{ ip: "192.0.2.1", ipMode: "VIP" }] } } } as never,
      { fieldManager: "metallb-controller" },
    )) as KubeObject & { status?: { loadBalancer?: { ingress?: { ip: string }[] } } };
    expect(patched.status?.loadBalancer?.ingress?.map((i) => i.ip)).toEqual(["192.0.2.1"]);
    expect(patched.metadata?.annotations?.["metallb.io/ip-allocated-from-pool"]).toBe("pool-a");
    const managers = (patched.metadata?.managedFields as { manager: string; subresource?: string }[]).map((m) => `${m.manager}:${m.subresource ?? ""}`);
    expect(managers).toContain("metallb-controller:status");
    expect(managers).toContain("metallb-controller:");
  });

  test("a standby takes over the Lease after the leader stops renewing, and at once after a release", async () => {
    const namespace = await freshNamespace("rt-lease");
    const timings = { leaseDurationMs: 3000, renewDeadlineMs: 2000, retryPeriodMs: 500 };
    const log: string[] = [];
    const elector = (identity: string, releaseOnStop: boolean): LeaderElector =>
      new LeaderElector({
        client,
        namespace,
        name: "controller",
        identity,
        releaseOnStop,
        ...timings,
        onStartedLeading: () => log.push(`${identity} leads`),
        onStoppedLeading: () => log.push(`${identity} stops`),
      });
    const a = elector("replica-a", false);
    a.start();
    await eventually(() => expect(a.isLeader()).toBe(true));
    const b = elector("replica-b", true);
    b.start();
    // b must wait: a keeps renewing.
    await new Promise((r) => setTimeout(r, 1500));
    expect(b.isLeader()).toBe(false);
    const stoppedAt = Date.now();
    await a.stop(); // no release: b waits for the lease to expire on its own clock
    await eventually(() => expect(b.isLeader()).toBe(true), 15_000);
    const takeoverMs = Date.now() - stoppedAt;
    expect(takeoverMs).toBeGreaterThanOrEqual(1000);
    const lease = await client.get(LeaseResource, "controller", { namespace });
    expect(lease.spec?.holderIdentity).toBe("replica-b");
    expect(lease.spec?.leaseTransitions).toBe(1);

    const c = elector("replica-c", true);
    c.start();
    const releasedAt = Date.now();
    await b.stop(); // releases: c acquires within about one retry period
    await eventually(() => expect(c.isLeader()).toBe(true), 5000);
    const afterReleaseMs = Date.now() - releasedAt;
    await c.stop();
    expect(log).toEqual(["replica-a leads", "replica-a stops", "replica-b leads", "replica-b stops", "replica-c leads", "replica-c stops"]);
    expect(afterReleaseMs).toBeLessThan(takeoverMs);
  });

  test("event recorder creates an Event and counts repeats", async () => {
    const namespace = await freshNamespace("rt-ev");
    const svc = await client.create(ServiceResource, { metadata: { name: "web", namespace }, spec: { ports: [{ port: 80 }] } } as KubeObject);
    const recorder = new EventRecorder({ client, component: "metallb-controller" });
    recorder.normal(referenceTo(ServiceResource, svc), "IPAllocated", 'Assigned IP ["192.0.2.7"]');
    recorder.normal(referenceTo(ServiceResource, svc), "IPAllocated", 'Assigned IP ["192.0.2.7"]');
    recorder.warning(referenceTo(ServiceResource, svc), "AllocationFailed", "no available IPs");
    await recorder.flush();
    const events = (await client.list(EventResource, { namespace, fieldSelector: "involvedObject.name=web" })).items;
    const summary = events.map((e) => `${e.type} ${e.reason} x${e.count}`).sort();
    expect(summary).toEqual(["Normal IPAllocated x2", "Warning AllocationFailed x1"]);
    expect(events.every((e) => e.involvedObject.uid === svc.metadata?.uid)).toBe(true);
  });
});

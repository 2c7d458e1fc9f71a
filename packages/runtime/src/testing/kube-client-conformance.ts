// One behavioural suite for every KubeClient implementation (hono's *.case.test idiom): the fake runs it
// in unit tests and the real client runs it against kube-apiserver, so the fake cannot drift.
// vitest's test/expect are passed in, so this module has no runtime dependency on vitest.
import type { ExpectStatic, TestAPI } from "vitest";
import { ConflictError, GoneError, NotFoundError } from "../errors.js";
import type { KubeClient, WatchEvent } from "../kube-client.js";
import { ConfigMapResource, ServiceResource, type ConfigMap, type CoreEvent, type KubeObject } from "../resources.js";

export interface ConformanceContext {
  readonly test: TestAPI;
  readonly expect: ExpectStatic;
  /** A client plus a namespace that exists and is empty, fresh for each test. */
  readonly setup: () => Promise<{ client: KubeClient; namespace: string }>;
  /** Makes the server forget its watch history up to now (fake: compactHistory; real: etcd compaction). */
  readonly expireHistory: () => Promise<void>;
}

interface Service extends KubeObject {
  spec?: { type?: string; ports?: { port: number; protocol?: string; name?: string }[] };
  status?: { loadBalancer?: { ingress?: { ip?: string }[] } };
}

/** Polls `check` until it returns without throwing (watch events arrive asynchronously). */
export async function eventually(check: () => void, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let i = 0; ; i++) {
    try {
      check();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => (i < 20 ? setImmediate(resolve) : setTimeout(resolve, 20)));
    }
  }
}

const configMap = (namespace: string, name: string, data: Record<string, string>, labels?: Record<string, string>): ConfigMap => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name, namespace, ...(labels ? { labels } : {}) },
  data,
});

const service = (namespace: string, name: string): Service => ({
  apiVersion: "v1",
  kind: "Service",
  metadata: { name, namespace },
  spec: { type: "LoadBalancer", ports: [{ name: "http", port: 80, protocol: "TCP" }] },
});

export function runKubeClientConformance({ test, expect, setup, expireHistory }: ConformanceContext): void {
  test("create, get and list with label and field selectors", async () => {
    const { client, namespace } = await setup();
    await client.create(ConfigMapResource, configMap(namespace, "a", { k: "1" }, { app: "x" }));
    await client.create(ConfigMapResource, configMap(namespace, "b", { k: "2" }, { app: "y" }));
    const got = await client.get(ConfigMapResource, "a", { namespace });
    expect(got.data).toEqual({ k: "1" });
    expect(got.metadata?.uid).toBeTruthy();
    expect(got.metadata?.resourceVersion).toBeTruthy();
    const byLabel = await client.list(ConfigMapResource, { namespace, labelSelector: "app in (x,z)" });
    expect(byLabel.items.map((c) => c.metadata?.name)).toEqual(["a"]);
    expect(byLabel.items[0]?.kind).toBe("ConfigMap");
    const byField = await client.list(ConfigMapResource, { namespace, fieldSelector: "metadata.name=b" });
    expect(byField.items.map((c) => c.metadata?.name)).toEqual(["b"]);
    expect(byField.resourceVersion).toMatch(/^\d+$/);
  });

  test("list pages with limit and continue", async () => {
    const { client, namespace } = await setup();
    for (const name of ["p1", "p2", "p3"]) await client.create(ConfigMapResource, configMap(namespace, name, {}));
    const first = await client.list(ConfigMapResource, { namespace, limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.continue).toBeTruthy();
    const second = await client.list(ConfigMapResource, { namespace, limit: 2, continue: first.continue });
    expect(second.items.map((c) => c.metadata?.name)).toEqual(["p3"]);
    expect(second.continue).toBeUndefined();
  });

  test("typed errors: not found, already exists, stale resourceVersion", async () => {
    const { client, namespace } = await setup();
    await expect(client.get(ConfigMapResource, "missing", { namespace })).rejects.toBeInstanceOf(NotFoundError);
    await expect(client.delete(ConfigMapResource, "missing", { namespace })).rejects.toBeInstanceOf(NotFoundError);
    const created = await client.create(ConfigMapResource, configMap(namespace, "c", { k: "1" }));
    const dup = await client.create(ConfigMapResource, configMap(namespace, "c", {})).catch((e: unknown) => e);
    expect(dup).toBeInstanceOf(ConflictError);
    expect((dup as ConflictError).alreadyExists).toBe(true);
    expect((dup as ConflictError).message).toContain(`ConfigMap ${namespace}/c`);
    await client.replace(ConfigMapResource, { ...created, data: { k: "2" } });
    const stale = await client.replace(ConfigMapResource, { ...created, data: { k: "3" } }).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(ConflictError);
    expect((stale as ConflictError).alreadyExists).toBe(false);
    expect((await client.get(ConfigMapResource, "c", { namespace })).data).toEqual({ k: "2" });
  });

  test("create honours generateName", async () => {
    const { client, namespace } = await setup();
    const created = await client.create(ConfigMapResource, { metadata: { generateName: "gen-", namespace }, data: {} });
    expect(created.metadata?.name).toMatch(/^gen-.+/);
  });

  test("server-side apply creates, updates, and drops fields the manager stopped applying", async () => {
    const { client, namespace } = await setup();
    const first = await client.apply(
      ConfigMapResource,
      { metadata: { name: "ssa", namespace, labels: { a: "1", b: "2" } }, data: { x: "1", y: "2" } },
      { fieldManager: "mgr-a" },
    );
    expect(first.data).toEqual({ x: "1", y: "2" });
    const second = await client.apply(ConfigMapResource, { metadata: { name: "ssa", namespace, labels: { a: "1" } }, data: { x: "1" } }, { fieldManager: "mgr-a" });
    expect(second.data).toEqual({ x: "1" });
    expect(second.metadata?.labels).toEqual({ a: "1" });
    const again = await client.apply(ConfigMapResource, { metadata: { name: "ssa", namespace, labels: { a: "1" } }, data: { x: "1" } }, { fieldManager: "mgr-a" });
    expect(again.metadata?.resourceVersion).toBe(second.metadata?.resourceVersion);
  });

  test("server-side apply conflicts between managers unless forced", async () => {
    const { client, namespace } = await setup();
    await client.apply(ConfigMapResource, { metadata: { name: "owned", namespace }, data: { x: "1" } }, { fieldManager: "mgr-a" });
    const conflict = await client
      .apply(ConfigMapResource, { metadata: { name: "owned", namespace }, data: { x: "2" } }, { fieldManager: "mgr-b" })
      .catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(ConflictError);
    const forced = await client.apply(ConfigMapResource, { metadata: { name: "owned", namespace }, data: { x: "2" } }, { fieldManager: "mgr-b", force: true });
    expect(forced.data).toEqual({ x: "2" });
    // mgr-a no longer owns x: applying without it leaves mgr-b's value alone.
    const after = await client.apply(ConfigMapResource, { metadata: { name: "owned", namespace }, data: { y: "1" } }, { fieldManager: "mgr-a" });
    expect(after.data).toEqual({ x: "2", y: "1" });
  });

  test("an apply conflicts with fields the same manager set by create (different operation)", async () => {
    const { client, namespace } = await setup();
    await client.create(ConfigMapResource, configMap(namespace, "mixed", { x: "1" }), { fieldManager: "ctrl" });
    const conflict = await client
      .apply(ConfigMapResource, { metadata: { name: "mixed", namespace }, data: { x: "2" } }, { fieldManager: "ctrl" })
      .catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(ConflictError);
    // Applying the value it already has is not a conflict: the manager then co-owns the field.
    await client.apply(ConfigMapResource, { metadata: { name: "mixed", namespace }, data: { x: "1" } }, { fieldManager: "ctrl" });
  });

  test("status is written only through the status subresource", async () => {
    const { client, namespace } = await setup();
    await client.create(ServiceResource, service(namespace, "web"));
    const withStatus = await client.patchStatus(
      ServiceResource,
      { metadata: { name: "web", namespace }, status: { loadBalancer: { ingress: [{ ip: "192.0.2.10" }] } } } as never,
      { fieldManager: "lb-controller" },
    );
    // The server may default fields (ipMode: VIP); compare what we wrote.
    expect((withStatus as Service).status?.loadBalancer?.ingress?.map((i) => i.ip)).toEqual(["192.0.2.10"]);
    const mainApply = (await client.apply(
      ServiceResource,
      { metadata: { name: "web", namespace, annotations: { "example.com/k": "v" } }, status: { loadBalancer: { ingress: [{ ip: "192.0.2.99" }] } } } as never,
      { fieldManager: "lb-controller" },
    )) as Service;
    expect(mainApply.metadata?.annotations?.["example.com/k"]).toBe("v");
    expect(mainApply.status?.loadBalancer?.ingress?.map((i) => i.ip)).toEqual(["192.0.2.10"]);
    const cleared = (await client.patchStatus(ServiceResource, { metadata: { name: "web", namespace }, status: {} } as never, {
      fieldManager: "lb-controller",
    })) as Service;
    expect(cleared.status?.loadBalancer?.ingress ?? []).toEqual([]);
  });

  test("merge patch removes a field with null", async () => {
    const { client, namespace } = await setup();
    await client.create(ConfigMapResource, { ...configMap(namespace, "m", { k: "1" }), metadata: { name: "m", namespace, annotations: { a: "1", b: "2" } } });
    const patched = await client.mergePatch(ConfigMapResource, "m", { metadata: { annotations: { a: null } } }, { namespace });
    expect(patched.metadata?.annotations).toEqual({ b: "2" });
  });

  test("delete with a stale uid precondition fails, then deletes", async () => {
    const { client, namespace } = await setup();
    await client.create(ConfigMapResource, configMap(namespace, "d", {}));
    await expect(client.delete(ConfigMapResource, "d", { namespace, preconditions: { uid: "not-the-uid" } })).rejects.toBeInstanceOf(ConflictError);
    await client.delete(ConfigMapResource, "d", { namespace });
    await expect(client.get(ConfigMapResource, "d", { namespace })).rejects.toBeInstanceOf(NotFoundError);
  });

  test("watch from a list resourceVersion delivers later changes in order", async () => {
    const { client, namespace } = await setup();
    await client.create(ConfigMapResource, configMap(namespace, "before", {}));
    const { resourceVersion } = await client.list(ConfigMapResource, { namespace });
    const events: string[] = [];
    const session = client.watch(ConfigMapResource, { namespace, resourceVersion }, (e: WatchEvent<ConfigMap>) => {
      events.push(`${e.type} ${e.object.metadata?.name} ${JSON.stringify(e.object.data ?? {})}`);
    });
    await client.create(ConfigMapResource, configMap(namespace, "w", { v: "1" }));
    await client.apply(ConfigMapResource, { metadata: { name: "w", namespace }, data: { v: "2" } }, { fieldManager: "t", force: true });
    await client.delete(ConfigMapResource, "w", { namespace });
    await eventually(() => expect(events).toEqual(['ADDED w {"v":"1"}', 'MODIFIED w {"v":"2"}', 'DELETED w {"v":"2"}']));
    session.stop();
    await session.closed;
  });

  test("a label-selected watch sees objects leave and enter the selection", async () => {
    const { client, namespace } = await setup();
    const { resourceVersion } = await client.list(ConfigMapResource, { namespace });
    const events: string[] = [];
    const session = client.watch(ConfigMapResource, { namespace, resourceVersion, labelSelector: "node=n1" }, (e: WatchEvent<ConfigMap>) => {
      events.push(`${e.type} ${e.object.metadata?.name}`);
    });
    await client.create(ConfigMapResource, configMap(namespace, "sel", {}, { node: "n1" }));
    await client.create(ConfigMapResource, configMap(namespace, "other", {}, { node: "n2" }));
    await client.mergePatch(ConfigMapResource, "sel", { metadata: { labels: { node: "n2" } } }, { namespace });
    await client.mergePatch(ConfigMapResource, "other", { metadata: { labels: { node: "n1" } } }, { namespace });
    await eventually(() => expect(events).toEqual(["ADDED sel", "DELETED sel", "ADDED other"]));
    session.stop();
  });

  test("watch from an expired resourceVersion ends with GoneError", async () => {
    const { client, namespace } = await setup();
    const { resourceVersion } = await client.list(ConfigMapResource, { namespace });
    await client.create(ConfigMapResource, configMap(namespace, "x1", {}));
    await client.create(ConfigMapResource, configMap(namespace, "x2", {}));
    await expireHistory();
    const session = client.watch(ConfigMapResource, { namespace, resourceVersion }, () => undefined);
    const error = await session.closed.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GoneError);
    expect((error as GoneError).reason).toBe("Expired");
  });

  test("events are created in the object's namespace", async () => {
    const { client, namespace } = await setup();
    const event: CoreEvent = {
      metadata: { name: "web.1", namespace },
      involvedObject: { apiVersion: "v1", kind: "Service", name: "web", namespace },
      reason: "IPAllocated",
      message: "Assigned IP 192.0.2.10",
      type: "Normal",
      count: 1,
      source: { component: "conformance" },
    };
    const created = await client.createEvent(event);
    expect(created.reason).toBe("IPAllocated");
    const listed = await client.list(
      { group: "", version: "v1", kind: "Event", plural: "events", namespaced: true, statusSubresource: false },
      { namespace, fieldSelector: "involvedObject.name=web" },
    );
    expect(listed.items).toHaveLength(1);
  });
}

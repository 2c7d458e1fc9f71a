import { describe, expect, test } from "vitest";
import { ConflictError, GoneError, UnavailableError } from "../errors.js";
import { ConfigMapResource, NodeResource, type ConfigMap } from "../resources.js";
import { FakeKubeClient } from "./fake-kube-client.js";
import { runKubeClientConformance } from "./kube-client-conformance.js";
import { settle } from "./manual-clock.js";

describe("conformance", () => {
  let fake = new FakeKubeClient();
  runKubeClientConformance({
    test,
    expect,
    setup: async () => {
      fake = new FakeKubeClient();
      return { client: fake, namespace: "conformance" };
    },
    expireHistory: async () => fake.compactHistory(),
  });
});

describe("FakeKubeClient test controls", () => {
  test("records writes in order with manager and subresource", async () => {
    const fake = new FakeKubeClient({ fieldManager: "default-mgr" });
    await fake.create(ConfigMapResource, { metadata: { name: "a", namespace: "ns" } });
    await fake.apply(ConfigMapResource, { metadata: { name: "a", namespace: "ns" }, data: { k: "v" } }, { fieldManager: "ctrl", force: true });
    await fake.delete(ConfigMapResource, "a", { namespace: "ns" });
    expect(fake.writes.map((w) => [w.verb, w.kind, w.namespace, w.name, w.fieldManager, w.force])).toEqual([
      ["create", "ConfigMap", "ns", "a", "default-mgr", undefined],
      ["apply", "ConfigMap", "ns", "a", "ctrl", true],
      ["delete", "ConfigMap", "ns", "a", "default-mgr", undefined],
    ]);
  });

  test("seed does not record writes; cluster-scoped objects drop their namespace", async () => {
    const fake = new FakeKubeClient();
    fake.seed(NodeResource, { metadata: { name: "node-1", namespace: "ignored" } });
    expect(fake.writes).toEqual([]);
    expect((await fake.get(NodeResource, "node-1")).metadata?.namespace).toBeUndefined();
  });

  test("failNext injects errors for matching requests only, the given number of times", async () => {
    const fake = new FakeKubeClient();
    fake.seed(ConfigMapResource, { metadata: { name: "a", namespace: "ns" } });
    fake.failNext({ verb: "get", name: "a" }, (t) => new UnavailableError("injected", 503, t), 2);
    await expect(fake.list(ConfigMapResource)).resolves.toBeDefined();
    await expect(fake.get(ConfigMapResource, "a", { namespace: "ns" })).rejects.toBeInstanceOf(UnavailableError);
    await expect(fake.get(ConfigMapResource, "a", { namespace: "ns" })).rejects.toBeInstanceOf(UnavailableError);
    await expect(fake.get(ConfigMapResource, "a", { namespace: "ns" })).resolves.toBeDefined();
  });

  test("compactHistory makes watches from older versions fail with GoneError", async () => {
    const fake = new FakeKubeClient();
    const { resourceVersion } = await fake.list(ConfigMapResource);
    await fake.create(ConfigMapResource, { metadata: { name: "a", namespace: "ns" } });
    fake.compactHistory();
    const session = fake.watch(ConfigMapResource, { resourceVersion }, () => undefined);
    await expect(session.closed).rejects.toBeInstanceOf(GoneError);
  });

  test("endWatches ends open watches normally or with an error", async () => {
    const fake = new FakeKubeClient();
    const a = fake.watch(ConfigMapResource, { resourceVersion: fake.resourceVersion }, () => undefined);
    const b = fake.watch(NodeResource, { resourceVersion: fake.resourceVersion }, () => undefined);
    expect(fake.openWatchCount()).toBe(2);
    fake.endWatches(ConfigMapResource);
    fake.endWatches(NodeResource, new Error("connection reset"));
    await expect(a.closed).resolves.toBeUndefined();
    await expect(b.closed).rejects.toThrow("connection reset");
    expect(fake.openWatchCount()).toBe(0);
  });

  test("a watch from resourceVersion 0 starts with the current objects", async () => {
    const fake = new FakeKubeClient();
    fake.seed(ConfigMapResource, { metadata: { name: "b", namespace: "ns" } }, { metadata: { name: "a", namespace: "ns" } });
    const seen: string[] = [];
    fake.watch<ConfigMap>(ConfigMapResource, { resourceVersion: "0" }, (e) => seen.push(`${e.type} ${e.object.metadata?.name}`));
    await settle();
    expect(seen).toEqual(["ADDED a", "ADDED b"]);
  });

  test("an apply with a stale resourceVersion is a conflict", async () => {
    const fake = new FakeKubeClient();
    const [seeded] = fake.seed(ConfigMapResource, { metadata: { name: "a", namespace: "ns" } });
    await fake.apply(ConfigMapResource, { metadata: { name: "a", namespace: "ns" }, data: { k: "1" } });
    const stale = fake.apply(ConfigMapResource, { metadata: { name: "a", namespace: "ns", resourceVersion: seeded?.metadata?.resourceVersion }, data: { k: "2" } });
    await expect(stale).rejects.toBeInstanceOf(ConflictError);
  });
});

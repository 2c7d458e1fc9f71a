import { describe, expect, test } from "vitest";
import { z } from "zod";
import { GoneError, UnavailableError } from "./errors.js";
import { Informer, type InformerEvent } from "./informer.js";
import { ConfigMapResource, withSchema, type ConfigMap } from "./resources.js";
import { FakeKubeClient } from "./testing/fake-kube-client.js";
import { ManualClock, settle } from "./testing/manual-clock.js";

const cm = (namespace: string, name: string, data: Record<string, string> = {}, labels?: Record<string, string>): ConfigMap => ({
  metadata: { name, namespace, ...(labels ? { labels } : {}) },
  data,
});

function setup(options: ConstructorParameters<typeof Informer<ConfigMap>>[2] = {}, resource = ConfigMapResource) {
  const fake = new FakeKubeClient();
  const clock = new ManualClock();
  const events: InformerEvent[] = [];
  const log: string[] = [];
  const informer = new Informer<ConfigMap>(fake, resource, { clock, onEvent: (e) => events.push(e), ...options });
  informer.addHandler({
    onAdd: (o) => log.push(`add ${o.metadata?.namespace}/${o.metadata?.name}`),
    onUpdate: (p, o) => log.push(`update ${o.metadata?.name} ${p.data?.["v"] ?? "-"}->${o.data?.["v"] ?? "-"}`),
    onDelete: (o) => log.push(`delete ${o.metadata?.name}`),
  });
  return { fake, clock, events, log, informer };
}

describe("Informer", () => {
  test("lists, then follows the watch; store lookups by name and namespace", async () => {
    const { fake, log, informer } = setup();
    fake.seed(ConfigMapResource, cm("a", "one", { v: "1" }), cm("b", "two"));
    expect(informer.hasSynced()).toBe(false);
    informer.start();
    expect(await informer.waitForSync()).toBe(true);
    await fake.create(ConfigMapResource, cm("a", "three"));
    await fake.apply(ConfigMapResource, { metadata: { name: "one", namespace: "a" }, data: { v: "2" } }, { force: true });
    await fake.delete(ConfigMapResource, "two", { namespace: "b" });
    await settle();
    expect(log).toEqual(["add a/one", "add b/two", "add a/three", "update one 1->2", "delete two"]);
    expect(informer.get("one", "a")?.data).toEqual({ v: "2" });
    expect(informer.get("one", "b")).toBeUndefined();
    expect(informer.list("a").map((o) => o.metadata?.name)).toEqual(["one", "three"]);
    expect(informer.list("b")).toEqual([]);
    expect(informer.size).toBe(2);
    expect(informer.resourceVersion).toBe(fake.resourceVersion);
    await informer.stop();
    expect(fake.openWatchCount()).toBe(0);
  });

  test("on 410 Gone it relists at once and turns the difference into add/update/delete", async () => {
    const { fake, events, log, informer } = setup();
    fake.seed(ConfigMapResource, cm("a", "kept", { v: "1" }), cm("a", "removed"));
    informer.start();
    await informer.waitForSync();
    log.length = 0;
    // Changes the informer never saw as events, then its resourceVersion expires.
    fake.endWatches(ConfigMapResource, new Error("network partition"));
    await settle();
    fake.compactHistory();
    await fake.delete(ConfigMapResource, "removed", { namespace: "a" });
    await fake.apply(ConfigMapResource, { metadata: { name: "kept", namespace: "a" }, data: { v: "2" } }, { force: true });
    await fake.create(ConfigMapResource, cm("a", "new"));
    fake.compactHistory();
    fake.endWatches(ConfigMapResource, new GoneError("too old resource version", 410, { verb: "watch", kind: "ConfigMap" }));
    await settle();
    expect(events.map((e) => e.type)).toContain("relisting");
    expect(log.sort()).toEqual(["add a/new", "delete removed", "update kept 1->2"]);
  });

  test("watch and list failures back off exponentially, capped, and relist afterwards", async () => {
    const { fake, clock, events, informer } = setup({ backoff: { initialMs: 100, maxMs: 300 } });
    informer.start();
    await informer.waitForSync();
    await settle(); // the watch opens right after the list
    fake.failNext({ verb: "list" }, (t) => new UnavailableError("apiserver down", 503, t), 3);
    fake.endWatches(ConfigMapResource, new Error("connection reset"));
    await settle();
    const retries = (): number[] => events.flatMap((e) => (e.type === "retrying" ? [e.delayMs] : []));
    expect(retries()).toEqual([100]);
    await clock.advance(100); // relist fails
    expect(retries()).toEqual([100, 200]);
    await clock.advance(200); // fails
    await clock.advance(300); // fails, capped
    expect(retries()).toEqual([100, 200, 300, 300]);
    await clock.advance(300); // list succeeds, watch reopened
    expect(events.filter((e) => e.type === "listed")).toHaveLength(2);
    expect(fake.openWatchCount()).toBe(1);
    await fake.create(ConfigMapResource, cm("a", "after"));
    await settle();
    expect(informer.get("after", "a")).toBeDefined();
    await informer.stop();
  });

  test("a watch that ends normally is resumed from the last resourceVersion without a relist", async () => {
    const { fake, clock, events, informer } = setup();
    informer.start();
    await informer.waitForSync();
    await fake.create(ConfigMapResource, cm("a", "x"));
    await settle();
    await clock.advance(5000);
    fake.endWatches(ConfigMapResource);
    await settle();
    expect(fake.openWatchCount()).toBe(1);
    expect(events.filter((e) => e.type === "listed")).toHaveLength(1);
    await informer.stop();
  });

  test("periodic resync re-delivers cached objects to onUpdate", async () => {
    const { fake, clock, log, informer } = setup({ resyncPeriodMs: 60_000 });
    fake.seed(ConfigMapResource, cm("a", "one", { v: "1" }));
    informer.start();
    await informer.waitForSync();
    await clock.advance(60_000);
    await clock.advance(60_000);
    expect(log).toEqual(["add a/one", "update one 1->1", "update one 1->1"]);
    await informer.stop();
  });

  test("namespace and label selector scoping: objects leaving the selection are deleted from the cache", async () => {
    const { fake, log, informer } = setup({ namespace: "node-ns", labelSelector: "node=n1" });
    fake.seed(ConfigMapResource, cm("node-ns", "mine", {}, { node: "n1" }), cm("node-ns", "theirs", {}, { node: "n2" }), cm("other", "mine-elsewhere", {}, { node: "n1" }));
    informer.start();
    await informer.waitForSync();
    expect(informer.list().map((o) => o.metadata?.name)).toEqual(["mine"]);
    await fake.mergePatch(ConfigMapResource, "mine", { metadata: { labels: { node: "n2" } } }, { namespace: "node-ns" });
    await fake.mergePatch(ConfigMapResource, "theirs", { metadata: { labels: { node: "n1" } } }, { namespace: "node-ns" });
    await settle();
    expect(log).toEqual(["add node-ns/mine", "delete mine", "add node-ns/theirs"]);
    expect(informer.list().map((o) => o.metadata?.name)).toEqual(["theirs"]);
    await informer.stop();
  });

  test("schema validation at the boundary: invalid objects are reported, not cached, and the last valid version stays", async () => {
    const schema = z.looseObject({
      metadata: z.looseObject({ name: z.string(), namespace: z.string() }),
      data: z.object({ port: z.string().regex(/^\d+$/, "must be a number") }),
    });
    const { fake, events, log, informer } = setup({}, withSchema(ConfigMapResource, schema) as typeof ConfigMapResource);
    fake.seed(ConfigMapResource, cm("a", "good", { port: "80" }), cm("a", "bad", { port: "http" }));
    informer.start();
    await informer.waitForSync();
    expect(informer.list().map((o) => o.metadata?.name)).toEqual(["good"]);
    const invalid = events.flatMap((e) => (e.type === "invalid-object" ? [e.error.message] : []));
    expect(invalid).toEqual(["invalid ConfigMap a/bad: data.port: must be a number"]);
    await fake.apply(ConfigMapResource, { metadata: { name: "good", namespace: "a" }, data: { port: "x" } }, { force: true });
    await settle();
    expect(informer.get("good", "a")?.data).toEqual({ port: "80" });
    expect(informer.invalidObjects().map((e) => e.objectName).sort()).toEqual(["bad", "good"]);
    await fake.apply(ConfigMapResource, { metadata: { name: "bad", namespace: "a" }, data: { port: "443" } }, { force: true });
    await fake.delete(ConfigMapResource, "good", { namespace: "a" });
    await settle();
    expect(informer.invalidObjects()).toEqual([]);
    expect(log).toEqual(["add a/good", "add a/bad", "delete good"]);
    await informer.stop();
  });

  test("transform: every listed and watched object is projected before it is stored, or dropped", async () => {
    const seenByTransform: string[] = [];
    // Keep ConfigMaps labelled keep=full whole, drop the others labelled drop=yes, reduce the rest to their identity.
    const transform = (o: ConfigMap): ConfigMap | undefined => {
      seenByTransform.push(o.metadata?.name ?? "");
      const labels = o.metadata?.labels ?? {};
      if (labels["keep"] === "full") return o;
      if (labels["drop"] === "yes") return undefined;
      const { name, namespace, resourceVersion } = o.metadata ?? {};
      return { metadata: { name, namespace, resourceVersion } };
    };
    const { fake, log, informer } = setup({ transform, pageSize: 1 });
    fake.seed(ConfigMapResource, cm("a", "full", { v: "1" }, { keep: "full" }), cm("a", "big", { v: "1" }), cm("a", "gone", { v: "1" }, { drop: "yes" }));
    informer.start();
    await informer.waitForSync();
    expect(seenByTransform.sort()).toEqual(["big", "full", "gone"]);
    expect(informer.list().map((o) => [o.metadata?.name, o.data]).sort()).toEqual([["big", undefined], ["full", { v: "1" }]]);

    // An update that makes the transform drop a stored object removes it; one it keeps again re-adds it.
    await fake.apply(ConfigMapResource, { metadata: { name: "big", namespace: "a", labels: { drop: "yes" } }, data: { v: "2" } }, { force: true });
    await settle();
    await fake.apply(ConfigMapResource, { metadata: { name: "gone", namespace: "a", labels: { keep: "full" } }, data: { v: "3" } }, { force: true });
    await settle();
    expect(informer.get("big", "a")).toBeUndefined();
    expect(informer.get("gone", "a")?.data).toEqual({ v: "3" });
    expect(log).toEqual(["add a/big", "add a/full", "delete big", "add a/gone"]);
    await informer.stop();
  });

  test("handlers added after sync get the cache replayed; a throwing handler is reported and does not stop others", async () => {
    const { fake, events, informer } = setup();
    fake.seed(ConfigMapResource, cm("a", "one"));
    informer.start();
    await informer.waitForSync();
    const late: string[] = [];
    informer.addHandler({
      onAdd: () => {
        throw new Error("handler bug");
      },
    });
    const unsubscribe = informer.addHandler({ onAdd: (o) => late.push(o.metadata?.name ?? "") });
    await fake.create(ConfigMapResource, cm("a", "two"));
    await settle();
    unsubscribe();
    await fake.create(ConfigMapResource, cm("a", "three"));
    await settle();
    expect(late).toEqual(["one", "two"]);
    expect(events.filter((e) => e.type === "handler-error")).toHaveLength(3);
    expect(informer.size).toBe(3);
    await informer.stop();
  });

  test("waitForSync resolves false when stopped before the first list succeeds", async () => {
    const { fake, informer } = setup();
    fake.failNext({ verb: "list" }, (t) => new UnavailableError("down", 503, t), 100);
    informer.start();
    const synced = informer.waitForSync();
    await settle();
    await informer.stop();
    await expect(synced).resolves.toBe(false);
  });
});

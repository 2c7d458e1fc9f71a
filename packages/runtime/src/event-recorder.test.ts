import { describe, expect, test } from "vitest";
import { ForbiddenError } from "./errors.js";
import { EventRecorder, referenceTo } from "./event-recorder.js";
import { EventResource, NodeResource, ServiceResource, type KubeObject } from "./resources.js";
import { FakeKubeClient } from "./testing/fake-kube-client.js";
import { ManualClock } from "./testing/manual-clock.js";

const service: KubeObject = { metadata: { name: "web", namespace: "demo", uid: "uid-web", resourceVersion: "7" } };

function setup(options: { cacheSize?: number } = {}) {
  const fake = new FakeKubeClient();
  const clock = new ManualClock(Date.UTC(2024, 4, 1, 12, 0, 0));
  const errors: unknown[] = [];
  const recorder = new EventRecorder({ client: fake, component: "metallb-controller", clock, onError: (e) => errors.push(e), ...options });
  return { fake, clock, errors, recorder };
}

describe("EventRecorder", () => {
  test("creates a core/v1 Event pointing at the object", async () => {
    const { fake, recorder } = setup();
    recorder.normal(referenceTo(ServiceResource, service), "IPAllocated", 'Assigned IP ["192.0.2.1"]');
    await recorder.flush();
    const [event] = fake.objects(EventResource, "demo");
    expect(event).toMatchObject({
      involvedObject: { apiVersion: "v1", kind: "Service", name: "web", namespace: "demo", uid: "uid-web", resourceVersion: "7" },
      type: "Normal",
      reason: "IPAllocated",
      message: 'Assigned IP ["192.0.2.1"]',
      source: { component: "metallb-controller" },
      count: 1,
      firstTimestamp: "2024-05-01T12:00:00Z",
      lastTimestamp: "2024-05-01T12:00:00Z",
    });
    expect(event?.metadata?.name).toMatch(/^web\.[0-9a-f]+$/);
  });

  test("scenario: repeats are counted on one Event; a different message is a new Event", async () => {
    const { fake, clock, recorder } = setup();
    const ref = referenceTo(ServiceResource, service);
    recorder.warning(ref, "AllocationFailed", "no available IPs in pool a");
    await clock.advance(30_000);
    recorder.warning(ref, "AllocationFailed", "no available IPs in pool a");
    recorder.warning(ref, "AllocationFailed", "no available IPs in pool a");
    recorder.warning(ref, "AllocationFailed", "no available IPs in pool b");
    await recorder.flush();
    const events = fake.objects(EventResource, "demo").map((e) => [e.message, e.count, e.firstTimestamp, e.lastTimestamp]);
    expect(events.sort()).toEqual([
      ["no available IPs in pool a", 3, "2024-05-01T12:00:00Z", "2024-05-01T12:00:30Z"],
      ["no available IPs in pool b", 1, "2024-05-01T12:00:30Z", "2024-05-01T12:00:30Z"],
    ]);
    expect(fake.writes.map((w) => w.verb)).toEqual(["create", "mergePatch", "mergePatch", "create"]);
  });

  test("a repeat of an Event that was garbage-collected starts a new one with the running count", async () => {
    const { fake, recorder } = setup();
    const ref = referenceTo(ServiceResource, service);
    recorder.normal(ref, "IPAllocated", "x");
    await recorder.flush();
    const [first] = fake.objects(EventResource, "demo");
    await fake.delete(EventResource, first?.metadata?.name ?? "", { namespace: "demo" });
    recorder.normal(ref, "IPAllocated", "x");
    await recorder.flush();
    expect(fake.objects(EventResource, "demo").map((e) => e.count)).toEqual([2]);
  });

  test("events of cluster-scoped objects go to the default namespace", async () => {
    const { fake, recorder } = setup();
    recorder.normal(referenceTo(NodeResource, { metadata: { name: "node-1", namespace: "ignored" } }), "NodeReady", "ok");
    await recorder.flush();
    expect(fake.objects(EventResource, "default").map((e) => e.involvedObject.namespace)).toEqual([undefined]);
  });

  test("write failures go to onError and never throw from record calls", async () => {
    const { fake, errors, recorder } = setup();
    fake.failNext({ verb: "create", resource: EventResource }, (t) => new ForbiddenError("events is forbidden", 403, t));
    expect(() => recorder.normal(referenceTo(ServiceResource, service), "IPAllocated", "x")).not.toThrow();
    await recorder.flush();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(ForbiddenError);
  });

  test("the correlation cache is bounded (least recently used entries are forgotten)", async () => {
    const { fake, recorder } = setup({ cacheSize: 2 });
    const ref = referenceTo(ServiceResource, service);
    for (const m of ["a", "b", "c", "a"]) recorder.normal(ref, "R", m);
    await recorder.flush();
    // "a" was evicted by "c", so its repeat is a new Event rather than a count bump.
    expect(fake.writes.map((w) => w.verb)).toEqual(["create", "create", "create", "create"]);
  });
});

import { describe, expect, test } from "vitest";
import { ManualClock, settle } from "./testing/manual-clock.js";
import { WorkQueue } from "./work-queue.js";

type Key = { kind: "object"; namespace: string; name: string } | { kind: "reprocess-all" };
const svc = (name: string): Key => ({ kind: "object", namespace: "ns", name });

describe("WorkQueue", () => {
  test("scenario: dedupe, per-key serialisation and re-run after done", async () => {
    const q = new WorkQueue<Key>();
    q.add(svc("a"));
    q.add(svc("a"));
    q.add(svc("b"));
    expect(q.length).toBe(2);
    const first = await q.get();
    expect(first).toEqual(svc("a"));
    // "a" is running: re-adding it must not hand it to a second worker...
    q.add(svc("a"));
    expect(await q.get()).toEqual(svc("b"));
    expect(q.length).toBe(0);
    // ...but it runs once more after the first run finishes.
    q.done(svc("a"));
    expect(q.length).toBe(1);
    expect(await q.get()).toEqual(svc("a"));
    q.done(svc("a"));
    q.done(svc("b"));
    await expect(q.idle()).resolves.toBeUndefined();
  });

  test("a waiting get() receives the next key added", async () => {
    const q = new WorkQueue<Key>();
    const pending = q.get();
    q.add({ kind: "reprocess-all" });
    await expect(pending).resolves.toEqual({ kind: "reprocess-all" });
  });

  test("rate-limited retries back off exponentially per key, capped, until forgotten", async () => {
    const clock = new ManualClock();
    const q = new WorkQueue<Key>({ clock, backoff: { initialMs: 10, maxMs: 50 } });
    const delays = [1, 2, 3, 4, 5].map(() => q.addRateLimited(svc("a")));
    expect(delays).toEqual([10, 20, 40, 50, 50]);
    expect(q.numRequeues(svc("a"))).toBe(5);
    expect(q.addRateLimited(svc("b"))).toBe(10);
    q.forget(svc("a"));
    expect(q.numRequeues(svc("a"))).toBe(0);
    expect(q.addRateLimited(svc("a"))).toBe(10);
  });

  test("addAfter fires on the clock; the earlier of two delays wins; add() supersedes a pending retry", async () => {
    const clock = new ManualClock();
    const q = new WorkQueue<Key>({ clock });
    q.addAfter(svc("a"), 100);
    q.addAfter(svc("a"), 50);
    q.addAfter(svc("a"), 80);
    await clock.advance(49);
    expect(q.length).toBe(0);
    await clock.advance(1);
    expect(q.length).toBe(1);
    expect(clock.pendingTimers).toBe(0);

    q.addAfter(svc("b"), 1000);
    q.add(svc("b"));
    expect(q.waitingCount).toBe(0);
    expect(clock.pendingTimers).toBe(0);
  });

  test("shutDown releases waiting getters and drops delayed keys", async () => {
    const clock = new ManualClock();
    const q = new WorkQueue<Key>({ clock });
    const pending = q.get();
    q.addAfter(svc("a"), 10);
    q.shutDown();
    await expect(pending).resolves.toBeUndefined();
    await clock.advance(100);
    q.add(svc("b"));
    await expect(q.get()).resolves.toBeUndefined();
  });

  test("ten thousand distinct keys come out in FIFO order", async () => {
    const q = new WorkQueue<string>({ keyOf: (k) => k });
    const keys = Array.from({ length: 10_000 }, (_, i) => `k${i}`);
    for (const k of keys) q.add(k);
    const out: string[] = [];
    for (let i = 0; i < keys.length; i++) {
      const k = (await q.get()) as string;
      out.push(k);
      q.done(k);
    }
    expect(out).toEqual(keys);
    await settle();
  });
});

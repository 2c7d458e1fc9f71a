import { Registry } from "prom-client";
import { describe, expect, test } from "vitest";
import { createK8sClientMetrics } from "./metrics.js";
import { CoalescingTrigger, ReconcileLoop, type ReconcileResult } from "./reconcile-loop.js";
import { SyncState } from "./sync-state.js";
import { ManualClock, settle } from "./testing/manual-clock.js";

type Key = { kind: "object"; name: string } | { kind: "reprocess-all" };

/** A handler whose outcome per call is scripted, and whose runs can be held open. */
function scripted(outcomes: Record<string, (SyncState | Error)[]>) {
  const calls: string[] = [];
  const handler = async (key: Key): Promise<SyncState> => {
    const id = key.kind === "object" ? key.name : "*";
    calls.push(id);
    const next = outcomes[id]?.shift() ?? SyncState.success;
    if (next instanceof Error) throw next;
    return next;
  };
  return { calls, handler };
}

describe("ReconcileLoop", () => {
  test.for<{ name: string; outcome: SyncState | Error; runs: number; retried: boolean }>([
    { name: "success is not retried", outcome: SyncState.success, runs: 1, retried: false },
    { name: "errorNoRetry is not retried", outcome: SyncState.errorNoRetry, runs: 1, retried: false },
    { name: "error is retried after backoff", outcome: SyncState.error, runs: 2, retried: true },
    { name: "a throwing handler is retried after backoff", outcome: new Error("boom"), runs: 2, retried: true },
  ])("$name", async ({ outcome, runs, retried }) => {
    const clock = new ManualClock();
    const { calls, handler } = scripted({ a: [outcome] });
    const results: ReconcileResult<Key>[] = [];
    const loop = new ReconcileLoop<Key>({ name: "t", reconcile: handler, clock, backoff: { initialMs: 100, maxMs: 1000 }, onResult: (r) => results.push(r) });
    loop.start();
    loop.enqueue({ kind: "object", name: "a" });
    await loop.idle();
    expect(results[0]?.retryInMs).toBe(retried ? 100 : undefined);
    await clock.advance(100);
    await loop.idle();
    expect(calls).toEqual(Array(runs).fill("a"));
    await loop.stop();
  });

  test("reprocessAll queues the reprocess-all key", async () => {
    const { calls, handler } = scripted({ a: [SyncState.reprocessAll] });
    const loop = new ReconcileLoop<Key>({ name: "t", reconcile: handler, reprocessAllKey: { kind: "reprocess-all" } });
    loop.start();
    loop.enqueue({ kind: "object", name: "a" });
    await settle();
    await loop.idle();
    expect(calls).toEqual(["a", "*"]);
    await loop.stop();
  });

  test("retry backoff grows per key and resets after a success", async () => {
    const clock = new ManualClock();
    const { handler } = scripted({ a: [SyncState.error, SyncState.error, SyncState.error, SyncState.success, SyncState.error] });
    const retries: (number | undefined)[] = [];
    const loop = new ReconcileLoop<Key>({ name: "t", reconcile: handler, clock, backoff: { initialMs: 10, maxMs: 25 }, onResult: (r) => retries.push(r.retryInMs) });
    loop.start();
    loop.enqueue({ kind: "object", name: "a" });
    await clock.runAll();
    loop.enqueue({ kind: "object", name: "a" });
    await clock.runAll();
    expect(retries).toEqual([10, 20, 25, undefined, 10, undefined]);
    await loop.stop();
  });

  test("with several workers a key still never runs twice at once", async () => {
    let running = 0;
    let maxParallelSameKey = 0;
    const releases: (() => void)[] = [];
    const loop = new ReconcileLoop<Key>({
      name: "t",
      workers: 4,
      reconcile: async () => {
        running++;
        maxParallelSameKey = Math.max(maxParallelSameKey, running);
        await new Promise<void>((resolve) => releases.push(resolve));
        running--;
        return SyncState.success;
      },
    });
    loop.start();
    for (let i = 0; i < 5; i++) loop.enqueue({ kind: "object", name: "same" });
    await settle();
    loop.enqueue({ kind: "object", name: "same" });
    while (releases.length > 0) {
      releases.shift()?.();
      await settle();
    }
    await loop.idle();
    expect(maxParallelSameKey).toBe(1);
    await loop.stop();
  });

  test("counts reconciles and errors in the k8s client metrics", async () => {
    const registry = new Registry();
    const metrics = createK8sClientMetrics(registry, "frrk8s");
    const { handler } = scripted({ a: [SyncState.success], b: [SyncState.errorNoRetry], c: [new Error("x")] });
    const loop = new ReconcileLoop<Key>({ name: "t", reconcile: handler, metrics, clock: new ManualClock() });
    loop.start();
    for (const name of ["a", "b", "c"]) loop.enqueue({ kind: "object", name });
    await loop.idle();
    const text = await registry.metrics();
    expect(text).toContain("frrk8s_k8s_client_updates_total 3");
    expect(text).toContain("frrk8s_k8s_client_update_errors_total 2");
    await loop.stop();
  });

  test("stop aborts the signal handed to a running handler and waits for it", async () => {
    let sawAbort = false;
    const loop = new ReconcileLoop<Key>({
      name: "t",
      reconcile: (_key, signal) =>
        new Promise((resolve) =>
          signal.addEventListener("abort", () => {
            sawAbort = true;
            resolve(SyncState.success);
          }),
        ),
    });
    loop.start();
    loop.enqueue({ kind: "object", name: "slow" });
    await settle();
    await loop.stop();
    expect(sawAbort).toBe(true);
  });
});

describe("CoalescingTrigger", () => {
  test("scenario: immediate when idle, bursts during a run collapse into one follow-up", async () => {
    const runs: number[] = [];
    let release: (() => void) | undefined;
    const trigger = new CoalescingTrigger({
      name: "rebuild",
      run: async () => {
        runs.push(runs.length + 1);
        await new Promise<void>((resolve) => (release = resolve));
        return SyncState.success;
      },
    });
    trigger.start();
    trigger.notify();
    await settle();
    expect(runs).toEqual([1]); // no debounce: the first change runs at once
    for (let i = 0; i < 50; i++) trigger.notify(); // a burst while run 1 is in progress
    release?.();
    await settle();
    expect(runs).toEqual([1, 2]); // exactly one follow-up
    release?.();
    await trigger.idle();
    expect(runs).toEqual([1, 2]);
    trigger.notify();
    await settle();
    expect(runs).toEqual([1, 2, 3]);
    release?.();
    await trigger.stop();
  });

  test("minIntervalMs: a change after a quiet spell runs at once; a stream of changes runs once per interval", async () => {
    const clock = new ManualClock();
    let runs = 0;
    const trigger = new CoalescingTrigger({
      name: "rebuild",
      clock,
      minIntervalMs: 100,
      run: async () => {
        runs++;
        return SyncState.success;
      },
    });
    trigger.start();
    trigger.notify();
    await trigger.idle();
    expect(runs).toBe(1); // at once
    await clock.advance(30);
    for (let i = 0; i < 20; i++) trigger.notify(); // a burst 30 ms after the run started
    await settle();
    expect(runs).toBe(1);
    await clock.advance(69);
    expect(runs).toBe(1);
    await clock.advance(1);
    await trigger.idle();
    expect(runs).toBe(2); // 100 ms after the first run started, once for the whole burst
    await clock.advance(500);
    trigger.notify();
    await trigger.idle();
    expect(runs).toBe(3); // quiet again: at once
    await trigger.stop();
  });

  test("a failed run is retried with backoff, and a new change does not wait for the backoff", async () => {
    const clock = new ManualClock();
    const outcomes = [SyncState.error, SyncState.error, SyncState.success];
    let runs = 0;
    const trigger = new CoalescingTrigger({
      name: "rebuild",
      clock,
      backoff: { initialMs: 1000, maxMs: 10_000 },
      run: async () => {
        runs++;
        return outcomes.shift() ?? SyncState.success;
      },
    });
    trigger.start();
    trigger.notify();
    await trigger.idle();
    expect(runs).toBe(1);
    expect(trigger.failures).toBe(1);
    await clock.advance(999);
    expect(runs).toBe(1);
    await clock.advance(1);
    await trigger.idle();
    expect(runs).toBe(2); // retried after 1 s; now waiting 2 s
    trigger.notify(); // a real change arrives during the backoff: run now
    await trigger.idle();
    expect(runs).toBe(3);
    expect(trigger.failures).toBe(0);
    await clock.runAll();
    expect(runs).toBe(3);
    await trigger.stop();
  });
});

import { describe, expect, test } from "vitest";
import { ApplyLoop, type ApplyOutcome } from "./apply-loop.js";
import type { FrrApplier, ReloadResult } from "./frr-reloader.js";

/** A recording FRR stand-in whose applies complete when the test says so. */
class GatedApplier implements FrrApplier {
  applied: string[] = [];
  fail = new Set<string>();
  private gates: Array<() => void> = [];
  auto = true;
  async apply(config: string): Promise<ReloadResult> {
    if (!this.auto) await new Promise<void>((r) => this.gates.push(r));
    this.applied.push(config);
    return this.fail.has(config) ? { ok: false, error: `bad ${config}`, durationMs: 1 } : { ok: true, durationMs: 1 };
  }
  release(): void {
    const g = this.gates.shift();
    g?.();
  }
  async runningConfig(): Promise<string> { return this.applied.at(-1) ?? ""; }
  async alive(): Promise<boolean> { return true; }
}

class ManualTimers {
  timers: Array<{ fn: () => void; ms: number; cancelled: boolean }> = [];
  set = (fn: () => void, ms: number) => {
    const t = { fn, ms, cancelled: false };
    this.timers.push(t);
    return { cancel: () => { t.cancelled = true; } };
  };
  fire(): void {
    const live = this.timers.filter((t) => !t.cancelled);
    this.timers = [];
    for (const t of live) t.fn();
  }
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe("ApplyLoop", () => {
  test("applies a single change immediately, with no debounce", async () => {
    const a = new GatedApplier();
    const loop = new ApplyLoop({ applier: a });
    loop.submit("c1");
    await loop.idle();
    expect(a.applied).toEqual(["c1"]);
  });

  test("skips a config identical to the applied one", async () => {
    const a = new GatedApplier();
    const loop = new ApplyLoop({ applier: a });
    loop.submit("c1");
    await loop.idle();
    loop.submit("c1");
    await loop.idle();
    expect(a.applied).toEqual(["c1"]);
  });

  test("a burst during an apply collapses into one follow-up apply of the newest config", async () => {
    const a = new GatedApplier();
    a.auto = false;
    const loop = new ApplyLoop({ applier: a });
    loop.submit("c1");
    await tick();
    for (const c of ["c2", "c3", "c4"]) loop.submit(c);
    a.release();
    await tick();
    a.release();
    await loop.idle();
    expect(a.applied).toEqual(["c1", "c4"]);
  });

  test("a failed apply is reported, retried with backoff, and a newer config supersedes it", async () => {
    const a = new GatedApplier();
    a.fail.add("bad");
    const timers = new ManualTimers();
    const outcomes: ApplyOutcome[] = [];
    const loop = new ApplyLoop({ applier: a, setTimer: timers.set, onOutcome: (o) => outcomes.push(o), retryBaseMs: 100 });
    loop.submit("good");
    await loop.idle();
    loop.submit("bad");
    await loop.idle();
    expect(outcomes.at(-1)).toMatchObject({ ok: false, error: "bad bad", config: "bad" });
    expect(loop.applied).toBe("good");
    expect(timers.timers.map((t) => t.ms)).toEqual([100]);
    timers.fire();
    await loop.idle();
    expect(a.applied).toEqual(["good", "bad", "bad"]);
    expect(timers.timers.map((t) => t.ms)).toEqual([200]);
    loop.submit("good2");
    await loop.idle();
    expect(loop.applied).toBe("good2");
    timers.fire(); // the cancelled retry must not resurrect "bad"
    await loop.idle();
    expect(a.applied).toEqual(["good", "bad", "bad", "good2"]);
  });

  test("reapply pushes the desired config again after FRR lost it", async () => {
    const a = new GatedApplier();
    const loop = new ApplyLoop({ applier: a });
    loop.submit("c1");
    await loop.idle();
    loop.reapply();
    await loop.idle();
    expect(a.applied).toEqual(["c1", "c1"]);
  });

  test("returning to the last good config after a failure applies it again", async () => {
    const a = new GatedApplier();
    a.fail.add("bad");
    const timers = new ManualTimers();
    const loop = new ApplyLoop({ applier: a, setTimer: timers.set });
    loop.submit("good");
    await loop.idle();
    loop.submit("bad");
    await loop.idle();
    loop.submit("good");
    await loop.idle();
    expect(a.applied).toEqual(["good", "bad", "good"]);
  });

  test("after batches, a quiet period brings one full resync of the applied config; a new change postpones it", async () => {
    const a = new GatedApplier();
    const resynced: string[] = [];
    const batching = Object.assign(a, {
      async apply(config: string): Promise<ReloadResult> {
        a.applied.push(config);
        return { ok: true, durationMs: 1, mode: "batch" };
      },
      async resync(config: string): Promise<ReloadResult> {
        resynced.push(config);
        return { ok: true, durationMs: 1, mode: "resync" };
      },
    });
    const timers = new ManualTimers();
    const outcomes: ApplyOutcome[] = [];
    const loop = new ApplyLoop({ applier: batching, setTimer: timers.set, resyncAfterMs: 30_000, onOutcome: (o) => outcomes.push(o) });
    loop.submit("c1");
    await loop.idle();
    loop.submit("c2"); // cancels the first resync timer, arms a new one
    await loop.idle();
    expect(timers.timers.filter((t) => !t.cancelled).map((t) => t.ms)).toEqual([30_000]);
    timers.fire();
    await loop.idle();
    expect(resynced).toEqual(["c2"]);
    expect(outcomes.map((o) => `${o.mode} ${o.config}`)).toEqual(["batch c1", "batch c2", "resync c2"]);
    expect(timers.timers).toEqual([]); // a resync does not arm another one
  });
});

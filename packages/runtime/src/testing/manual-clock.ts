// A Clock that only moves when the test says so. advance() fires due timers in time order and lets
// promise chains settle between them, so async loops (retries, lease renewals) run deterministically.
import type { Clock, TimerHandle } from "../clock.js";

// Captured before any test installs fake timers: settling must use the real event loop.
const realSetImmediate = globalThis.setImmediate;

/** Lets every pending promise continuation run (the microtask queue drains before a macrotask). */
export function settle(): Promise<void> {
  return new Promise((resolve) => realSetImmediate(resolve));
}

interface PendingTimer {
  readonly at: number;
  readonly seq: number;
  readonly callback: () => void;
}

export class ManualClock implements Clock {
  #now: number;
  #seq = 0;
  #nextId = 1;
  readonly #timers = new Map<number, PendingTimer>();

  constructor(startMs = Date.UTC(2024, 0, 1)) {
    this.#now = startMs;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const id = this.#nextId++;
    this.#timers.set(id, { at: this.#now + Math.max(0, delayMs), seq: this.#seq++, callback });
    return { id };
  }

  clearTimeout(handle: TimerHandle): void {
    this.#timers.delete(handle.id);
  }

  /** Moves time forward by `ms`, firing every timer that falls due, in order. */
  async advance(ms: number): Promise<void> {
    const target = this.#now + ms;
    for (;;) {
      await settle();
      const next = this.#earliest();
      if (!next || next[1].at > target) break;
      this.#timers.delete(next[0]);
      this.#now = Math.max(this.#now, next[1].at);
      next[1].callback();
    }
    this.#now = target;
    await settle();
  }

  /** Fires timers until none is left (or `limit` fired), moving time to each. Returns how many fired. */
  async runAll(limit = 1000): Promise<number> {
    let fired = 0;
    for (; fired < limit; fired++) {
      await settle();
      const next = this.#earliest();
      if (!next) break;
      await this.advance(next[1].at - this.#now);
    }
    return fired;
  }

  get pendingTimers(): number {
    return this.#timers.size;
  }

  /** Delay until the next timer, or undefined when none is pending. */
  nextTimerIn(): number | undefined {
    const next = this.#earliest();
    return next ? next[1].at - this.#now : undefined;
  }

  #earliest(): [number, PendingTimer] | undefined {
    let best: [number, PendingTimer] | undefined;
    for (const entry of this.#timers) {
      if (!best || entry[1].at < best[1].at || (entry[1].at === best[1].at && entry[1].seq < best[1].seq)) best = entry;
    }
    return best;
  }
}

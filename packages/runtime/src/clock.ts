// Time as an injected port: every timer in runtime goes through a Clock so tests can drive it by hand
// (see ./testing ManualClock) instead of sleeping.

/** Opaque handle returned by Clock.setTimeout. */
export interface TimerHandle {
  readonly id: number;
}

export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  setTimeout(callback: () => void, delayMs: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/**
 * Resolves after `delayMs` on `clock`, or early (without rejecting) when `signal` aborts.
 * Returns true when the full delay elapsed, false when it was cut short.
 */
export function sleep(clock: Clock, delayMs: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clock.clearTimeout(handle);
      resolve(false);
    };
    const handle = clock.setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve(true);
    }, delayMs);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

let nextTimerId = 1;
const liveTimers = new Map<number, ReturnType<typeof globalThis.setTimeout>>();

/**
 * The wall clock. Timers are unref'd: a pending retry or resync never keeps a process alive on its own.
 * It reads globalThis at call time, so vi.useFakeTimers() also drives it.
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(callback, delayMs) {
    const id = nextTimerId++;
    const timer = globalThis.setTimeout(() => {
      liveTimers.delete(id);
      callback();
    }, Math.max(0, delayMs));
    timer.unref?.();
    liveTimers.set(id, timer);
    return { id };
  },
  clearTimeout(handle) {
    const timer = liveTimers.get(handle.id);
    if (timer !== undefined) {
      globalThis.clearTimeout(timer);
      liveTimers.delete(handle.id);
    }
  },
};

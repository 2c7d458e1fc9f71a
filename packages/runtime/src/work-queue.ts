// Keyed work queue with client-go's semantics: a key queued twice before it runs is processed once; a key
// is never processed by two workers at once (if it is re-added while running, it runs once more after);
// failed keys come back after a per-key exponential delay until forgotten.
import { KeyedBackoff, type BackoffOptions } from "./backoff.js";
import { systemClock, type Clock, type TimerHandle } from "./clock.js";

export interface WorkQueueOptions<K> {
  /** Identity used for dedupe; keys with the same id are the same work item. Default: JSON.stringify. */
  readonly keyOf?: (key: K) => string;
  readonly clock?: Clock;
  /** Per-key retry delays; default 5 ms doubling up to 60 s. */
  readonly backoff?: BackoffOptions;
}

export const defaultRetryBackoff: BackoffOptions = { initialMs: 5, maxMs: 60_000 };

export class WorkQueue<K> {
  readonly #keyOf: (key: K) => string;
  readonly #clock: Clock;
  readonly #limiter: KeyedBackoff;
  /** FIFO of ids ready to run; `#head` avoids O(n) shifts with tens of thousands of keys. */
  #ready: string[] = [];
  #head = 0;
  readonly #keys = new Map<string, K>();
  readonly #dirty = new Set<string>();
  readonly #processing = new Set<string>();
  readonly #waiting = new Map<string, { readyAt: number; timer: TimerHandle }>();
  readonly #getters: ((key: K | undefined) => void)[] = [];
  readonly #idleWaiters: (() => void)[] = [];
  #shutDown = false;

  constructor(options: WorkQueueOptions<K> = {}) {
    this.#keyOf = options.keyOf ?? ((k) => JSON.stringify(k));
    this.#clock = options.clock ?? systemClock;
    this.#limiter = new KeyedBackoff(options.backoff ?? defaultRetryBackoff);
  }

  /** Queues `key` now. A pending delayed retry of the same key is superseded. */
  add(key: K): void {
    if (this.#shutDown) return;
    const id = this.#keyOf(key);
    this.#keys.set(id, key);
    this.#cancelWaiting(id);
    if (this.#dirty.has(id)) return;
    this.#dirty.add(id);
    if (this.#processing.has(id)) return;
    this.#push(id);
  }

  /** Queues `key` after `delayMs`; if it is already waiting, the earlier time wins. */
  addAfter(key: K, delayMs: number): void {
    if (this.#shutDown) return;
    if (delayMs <= 0) return this.add(key);
    const id = this.#keyOf(key);
    this.#keys.set(id, key);
    const readyAt = this.#clock.now() + delayMs;
    const waiting = this.#waiting.get(id);
    if (waiting && waiting.readyAt <= readyAt) return;
    if (waiting) this.#clock.clearTimeout(waiting.timer);
    const timer = this.#clock.setTimeout(() => {
      this.#waiting.delete(id);
      const latest = this.#keys.get(id);
      if (latest !== undefined) this.add(latest);
    }, delayMs);
    this.#waiting.set(id, { readyAt, timer });
  }

  /** Queues `key` after its next backoff delay and counts the failure. Returns the delay. */
  addRateLimited(key: K): number {
    const delay = this.#limiter.when(this.#keyOf(key));
    this.addAfter(key, delay);
    return delay;
  }

  /** Clears the key's failure count (call after a success). */
  forget(key: K): void {
    this.#limiter.forget(this.#keyOf(key));
  }

  numRequeues(key: K): number {
    return this.#limiter.failures(this.#keyOf(key));
  }

  /** Next key to process, or undefined once the queue is shut down. Pair every key with done(key). */
  get(): Promise<K | undefined> {
    const id = this.#pop();
    if (id !== undefined) return Promise.resolve(this.#take(id));
    if (this.#shutDown) return Promise.resolve(undefined);
    return new Promise((resolve) => this.#getters.push(resolve));
  }

  /** Marks a key finished; if it was re-added meanwhile, it is queued again now. */
  done(key: K): void {
    const id = this.#keyOf(key);
    this.#processing.delete(id);
    if (this.#dirty.has(id)) this.#push(id);
    else if (!this.#waiting.has(id)) this.#keys.delete(id);
    this.#checkIdle();
  }

  /** Stops handing out keys; pending get() calls resolve with undefined; delayed adds are dropped. */
  shutDown(): void {
    this.#shutDown = true;
    for (const { timer } of this.#waiting.values()) this.#clock.clearTimeout(timer);
    this.#waiting.clear();
    for (const resolve of this.#getters.splice(0)) resolve(undefined);
    this.#checkIdle();
  }

  get shuttingDown(): boolean {
    return this.#shutDown;
  }

  /** Keys ready to run (not counting running or delayed ones). */
  get length(): number {
    return this.#ready.length - this.#head;
  }

  get processingCount(): number {
    return this.#processing.size;
  }

  get waitingCount(): number {
    return this.#waiting.size;
  }

  /** Resolves when nothing is ready or running (delayed retries do not count). */
  idle(): Promise<void> {
    if (this.#isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  #isIdle(): boolean {
    return this.length === 0 && this.#processing.size === 0;
  }

  #checkIdle(): void {
    if (this.#isIdle()) for (const resolve of this.#idleWaiters.splice(0)) resolve();
  }

  #push(id: string): void {
    const getter = this.#getters.shift();
    if (getter) {
      getter(this.#take(id));
      return;
    }
    this.#ready.push(id);
  }

  #pop(): string | undefined {
    if (this.#head >= this.#ready.length) return undefined;
    const id = this.#ready[this.#head++];
    if (this.#head > 1024 && this.#head * 2 > this.#ready.length) {
      this.#ready = this.#ready.slice(this.#head);
      this.#head = 0;
    }
    return id;
  }

  #take(id: string): K {
    this.#dirty.delete(id);
    this.#processing.add(id);
    return this.#keys.get(id) as K;
  }

  #cancelWaiting(id: string): void {
    const waiting = this.#waiting.get(id);
    if (waiting) {
      this.#clock.clearTimeout(waiting.timer);
      this.#waiting.delete(id);
    }
  }
}

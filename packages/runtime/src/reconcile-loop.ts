// The reconcile loop: workers take keys from a WorkQueue, call the handler, and turn its SyncState into
// queue operations. Handlers never touch the queue (STYLE §1.2 c).
import type { BackoffOptions } from "./backoff.js";
import type { Clock } from "./clock.js";
import type { K8sClientMetrics } from "./metrics.js";
import { SyncState } from "./sync-state.js";
import { WorkQueue } from "./work-queue.js";

export type ReconcileHandler<K> = (key: K, signal: AbortSignal) => Promise<SyncState>;

/** Reported after every reconcile, for logs and metrics; `state` is "thrown" when the handler threw. */
export interface ReconcileResult<K> {
  readonly key: K;
  readonly state: SyncState | "thrown";
  readonly error?: unknown;
  readonly durationMs: number;
  /** Set when the key was scheduled for a retry. */
  readonly retryInMs?: number;
}

export interface ReconcileLoopOptions<K> {
  /** For diagnostics ("service", "frrconfig"). */
  readonly name: string;
  readonly reconcile: ReconcileHandler<K>;
  readonly keyOf?: (key: K) => string;
  /** Parallel workers; keys are still serialised per key. Default 1. */
  readonly workers?: number;
  readonly clock?: Clock;
  readonly backoff?: BackoffOptions;
  /** Queued when a handler returns reprocessAll; default: the same key again. */
  readonly reprocessAllKey?: K;
  readonly metrics?: K8sClientMetrics;
  readonly onResult?: (result: ReconcileResult<K>) => void;
}

export class ReconcileLoop<K> {
  readonly name: string;
  readonly queue: WorkQueue<K>;
  readonly #options: ReconcileLoopOptions<K>;
  readonly #abort = new AbortController();
  #workers: Promise<void>[] = [];

  constructor(options: ReconcileLoopOptions<K>) {
    this.name = options.name;
    this.#options = options;
    this.queue = new WorkQueue<K>({
      ...(options.keyOf ? { keyOf: options.keyOf } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.backoff ? { backoff: options.backoff } : {}),
    });
  }

  enqueue(key: K): void {
    this.queue.add(key);
  }

  enqueueAfter(key: K, delayMs: number): void {
    this.queue.addAfter(key, delayMs);
  }

  /** Starts the workers. Keys enqueued before start are processed once it runs. */
  start(): void {
    if (this.#workers.length > 0) return;
    const n = Math.max(1, this.#options.workers ?? 1);
    for (let i = 0; i < n; i++) this.#workers.push(this.#work());
  }

  /** Stops taking keys, aborts the signal handed to running handlers, and waits for them to return. */
  async stop(): Promise<void> {
    this.queue.shutDown();
    this.#abort.abort();
    await Promise.all(this.#workers);
  }

  /** Resolves when no key is ready or running (scheduled retries excluded): for tests and benchmarks. */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  async #work(): Promise<void> {
    for (;;) {
      const key = await this.queue.get();
      if (key === undefined) return;
      await this.#process(key);
    }
  }

  async #process(key: K): Promise<void> {
    const { clock, reconcile, onResult, metrics } = this.#options;
    const started = clock ? clock.now() : performance.now();
    let state: SyncState | "thrown";
    let error: unknown;
    try {
      state = await reconcile(key, this.#abort.signal);
    } catch (err) {
      state = "thrown";
      error = err;
    }
    let retryInMs: number | undefined;
    switch (state) {
      case SyncState.success:
      case SyncState.errorNoRetry:
        this.queue.forget(key);
        break;
      case SyncState.reprocessAll:
        this.queue.forget(key);
        this.queue.add(this.#options.reprocessAllKey ?? key);
        break;
      case SyncState.error:
      case "thrown":
        if (!this.queue.shuttingDown) retryInMs = this.queue.addRateLimited(key);
        break;
    }
    this.queue.done(key);
    metrics?.recordReconcile(state);
    const durationMs = (clock ? clock.now() : performance.now()) - started;
    onResult?.({ key, state, durationMs, ...(error === undefined ? {} : { error }), ...(retryInMs === undefined ? {} : { retryInMs }) });
  }
}

export interface CoalescingTriggerOptions {
  readonly name: string;
  /** Rebuilds everything; its SyncState decides about retries like any reconcile. */
  readonly run: (signal: AbortSignal) => Promise<SyncState>;
  readonly clock?: Clock;
  readonly backoff?: BackoffOptions;
  readonly metrics?: K8sClientMetrics;
  readonly onResult?: (result: ReconcileResult<"all">) => void;
  /**
   * Runs start at least this far apart (default 0). A notification after a quiet spell still runs at
   * once; under a stream of changes the rebuilds happen at most once per interval instead of
   * back to back (each full rebuild of tens of thousands of objects costs CPU and garbage).
   */
  readonly minIntervalMs?: number;
}

/**
 * "Rebuild everything" without a fixed debounce: notify() runs immediately when idle; notifications that
 * arrive during a run collapse into exactly one follow-up run. A pending retry is superseded by a notify.
 * (The single-key work queue gives exactly these semantics, so this is a ReconcileLoop with one key.)
 */
export class CoalescingTrigger {
  readonly #loop: ReconcileLoop<"all">;
  readonly #minIntervalMs: number;
  readonly #now: () => number;
  #lastStart = Number.NEGATIVE_INFINITY;

  constructor(options: CoalescingTriggerOptions) {
    const { run, minIntervalMs, ...rest } = options;
    this.#minIntervalMs = minIntervalMs ?? 0;
    const clock = options.clock;
    this.#now = clock ? () => clock.now() : () => performance.now();
    this.#loop = new ReconcileLoop<"all">({
      ...rest,
      keyOf: () => "all",
      reconcile: (_key, signal) => {
        this.#lastStart = this.#now();
        return run(signal);
      },
    });
  }

  notify(): void {
    const wait = this.#lastStart + this.#minIntervalMs - this.#now();
    if (wait > 0) this.#loop.enqueueAfter("all", wait);
    else this.#loop.enqueue("all");
  }

  start(): void {
    this.#loop.start();
  }

  stop(): Promise<void> {
    return this.#loop.stop();
  }

  idle(): Promise<void> {
    return this.#loop.idle();
  }

  /** Failures since the last success (the retry backoff exponent). */
  get failures(): number {
    return this.#loop.queue.numRequeues("all");
  }
}

// Replaces upstream's fixed 3 s debounce: a change is applied at once when FRR is idle; changes that
// arrive while an apply runs collapse into one follow-up apply of the newest config. Identical configs
// are skipped; a failed apply is retried with capped backoff until it succeeds or a newer config comes.
// After incremental batches, once nothing happened for resyncAfterMs, the applier's resync (a full
// frr-reload.py of the same config) repairs whatever drift the batches' checks could not see.
import type { FrrApplier, ReloadResult } from "./frr-reloader.js";

export interface ApplyOutcome extends ReloadResult {
  config: string;
  /** Wall-clock time the apply finished (ms since epoch). */
  at: number;
}

export interface ApplyLoopOptions {
  applier: FrrApplier;
  onOutcome?: (o: ApplyOutcome) => void;
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Quiet time after the last batch apply before a full resync; 0 disables it. Default 60 s. */
  resyncAfterMs?: number;
  setTimer?: (fn: () => void, ms: number) => { cancel(): void };
  wallClock?: () => number;
}

export class ApplyLoop {
  private pending: string | undefined;
  private lastApplied: string | undefined;
  private lastFailed: string | undefined;
  private running = false;
  /** FRR restarted: the next apply must restore the whole config, not only the difference. */
  private restoreNext = false;
  private retryTimer: { cancel(): void } | undefined;
  private resyncTimer: { cancel(): void } | undefined;
  /** The resync timer fired: run the applier's resync once nothing else is pending. */
  private resyncDue = false;
  private failures = 0;
  private idleWaiters: Array<() => void> = [];
  private readonly setTimer: NonNullable<ApplyLoopOptions["setTimer"]>;
  private readonly wallClock: () => number;

  constructor(private readonly opts: ApplyLoopOptions) {
    this.setTimer = opts.setTimer ?? ((fn, ms) => {
      const t = setTimeout(fn, ms);
      t.unref?.();
      return { cancel: () => clearTimeout(t) };
    });
    this.wallClock = opts.wallClock ?? Date.now;
  }

  /** The config FRR is known to run (last successful apply). */
  get applied(): string | undefined {
    return this.lastApplied;
  }

  /** An apply is running right now. */
  get busy(): boolean {
    return this.running;
  }

  /** The newest config FRR rejected is still the one wanted (a retry is scheduled). */
  get failing(): boolean {
    return this.lastFailed !== undefined;
  }

  /** Desired config changed. Returns immediately; the apply runs in the background. */
  submit(config: string): void {
    if (!this.running && this.pending === undefined && config === this.lastApplied && this.lastFailed === undefined) return;
    if (config === this.lastFailed && this.retryTimer) return; // already scheduled for retry
    this.pending = config;
    this.retryTimer?.cancel();
    this.retryTimer = undefined;
    void this.drain();
  }

  /** FRR lost its state (daemon restarted): apply the newest desired config again. */
  reapply(): void {
    const desired = this.pending ?? this.lastFailed ?? this.lastApplied;
    if (desired === undefined) return;
    this.lastApplied = undefined;
    this.restoreNext = true;
    this.submit(desired);
  }

  /** Resolves when no apply is running or pending (tests, shutdown). */
  idle(): Promise<void> {
    if (!this.running && this.pending === undefined && !this.resyncDue) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  stop(): void {
    this.retryTimer?.cancel();
    this.retryTimer = undefined;
    this.resyncTimer?.cancel();
    this.resyncTimer = undefined;
    this.resyncDue = false;
    this.pending = undefined;
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.pending !== undefined || this.resyncDue) {
        const resync = this.pending === undefined;
        const config = this.pending ?? this.lastApplied;
        this.pending = undefined;
        this.resyncDue = false;
        if (config === undefined || (!resync && config === this.lastApplied && this.lastFailed === undefined)) continue;
        if (resync && (this.lastFailed !== undefined || this.opts.applier.resync === undefined)) continue;
        this.resyncTimer?.cancel();
        this.resyncTimer = undefined;
        let result: ReloadResult;
        try {
          const restore = this.restoreNext && this.opts.applier.restore !== undefined;
          this.restoreNext = false;
          if (resync) result = await this.opts.applier.resync!(config);
          else result = restore ? await this.opts.applier.restore!(config) : await this.opts.applier.apply(config);
          if (!result.ok && restore) this.restoreNext = true;
        } catch (err) {
          result = { ok: false, error: (err as Error).message, durationMs: 0 };
        }
        const outcome: ApplyOutcome = { ...result, config, at: this.wallClock() };
        if (result.ok) {
          this.lastApplied = config;
          this.lastFailed = undefined;
          this.failures = 0;
          if (result.mode === "batch") this.scheduleResync();
        } else {
          this.lastFailed = config;
          this.failures++;
          if (this.pending === undefined) this.scheduleRetry(config);
        }
        this.opts.onOutcome?.(outcome);
      }
    } finally {
      this.running = false;
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }

  private scheduleResync(): void {
    const after = this.opts.resyncAfterMs ?? 60_000;
    if (after <= 0 || this.opts.applier.resync === undefined) return;
    this.resyncTimer = this.setTimer(() => {
      this.resyncTimer = undefined;
      this.resyncDue = true;
      void this.drain();
    }, after);
  }

  private scheduleRetry(config: string): void {
    const base = this.opts.retryBaseMs ?? 1000;
    const max = this.opts.retryMaxMs ?? 30_000;
    const delay = Math.min(max, base * 2 ** Math.min(this.failures - 1, 16));
    this.retryTimer = this.setTimer(() => {
      this.retryTimer = undefined;
      if (this.lastFailed === config && this.pending === undefined) {
        this.pending = config;
        void this.drain();
      }
    }, delay);
  }
}

// Capped exponential backoff, shared by the work queue (per-key retries), the informer (relist/rewatch)
// and anything else that retries against the API server.

export interface BackoffOptions {
  /** First delay. */
  readonly initialMs: number;
  /** Upper bound of any delay. */
  readonly maxMs: number;
  /** Growth per failure; 2 doubles. */
  readonly factor?: number;
}

/** Delay before retry number `failures` (0-based): initial * factor^failures, capped at max. */
export function backoffDelay(options: BackoffOptions, failures: number): number {
  const factor = options.factor ?? 2;
  // Computed in log space so a key that failed 10,000 times does not overflow to Infinity/NaN.
  const exponent = Math.max(0, failures);
  const delay = options.initialMs * Math.pow(factor, exponent);
  return Number.isFinite(delay) ? Math.min(delay, options.maxMs) : options.maxMs;
}

/** A single retrying activity (one informer, one elector): counts failures, resets on success. */
export class Backoff {
  #failures = 0;
  constructor(readonly options: BackoffOptions) {}

  /** Delay to wait after one more failure. */
  next(): number {
    const delay = backoffDelay(this.options, this.#failures);
    this.#failures++;
    return delay;
  }

  reset(): void {
    this.#failures = 0;
  }

  get failures(): number {
    return this.#failures;
  }
}

/**
 * Per-key failure counters for the work queue (client-go's ItemExponentialFailureRateLimiter):
 * `when(key)` returns the delay for the next retry of that key and counts the failure; `forget(key)`
 * clears it after a success.
 */
export class KeyedBackoff {
  readonly #failures = new Map<string, number>();
  constructor(readonly options: BackoffOptions) {}

  when(key: string): number {
    const failures = this.#failures.get(key) ?? 0;
    this.#failures.set(key, failures + 1);
    return backoffDelay(this.options, failures);
  }

  forget(key: string): void {
    this.#failures.delete(key);
  }

  failures(key: string): number {
    return this.#failures.get(key) ?? 0;
  }
}

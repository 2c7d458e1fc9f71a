// A readers-writer lock for async work: per-Service reconciles share it (they run in parallel, each
// allocator step is synchronous), reprocess-all takes it exclusively so that its claim pass and its
// writes never interleave with single-Service work.
export class ExclusiveLock {
  #shared = 0;
  #exclusive = false;
  readonly #waiters: { readonly exclusive: boolean; readonly resolve: () => void }[] = [];

  async shared<T>(fn: () => Promise<T>): Promise<T> {
    await this.#acquire(false);
    try {
      return await fn();
    } finally {
      this.#shared--;
      this.#wake();
    }
  }

  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    await this.#acquire(true);
    try {
      return await fn();
    } finally {
      this.#exclusive = false;
      this.#wake();
    }
  }

  #acquire(exclusive: boolean): Promise<void> {
    // Waiting writers block new readers, so reprocess-all is not starved by a stream of Service events.
    if (this.#waiters.length === 0 && this.#grantable(exclusive)) {
      this.#take(exclusive);
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiters.push({ exclusive, resolve }));
  }

  #grantable(exclusive: boolean): boolean {
    return exclusive ? !this.#exclusive && this.#shared === 0 : !this.#exclusive;
  }

  #take(exclusive: boolean): void {
    if (exclusive) this.#exclusive = true;
    else this.#shared++;
  }

  #wake(): void {
    while (this.#waiters.length > 0) {
      const next = this.#waiters[0] as { exclusive: boolean; resolve: () => void };
      if (!this.#grantable(next.exclusive)) return;
      this.#waiters.shift();
      this.#take(next.exclusive);
      next.resolve();
      if (next.exclusive) return;
    }
  }
}

/** Runs `fn` over `items` with at most `limit` in flight; resolves with the results in input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

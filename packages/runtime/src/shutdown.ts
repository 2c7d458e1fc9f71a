// Graceful shutdown: on SIGTERM/SIGINT (or trigger()), run the registered steps in reverse order of
// registration, like deferred calls: register the HTTP server first, then the elector, then informers and
// loops, and shutdown stops the loops, releases the Lease, and closes the server last.

export interface ShutdownStepError {
  readonly step: string;
  readonly error: unknown;
}

export interface ShutdownOptions {
  /** Default SIGTERM and SIGINT. */
  readonly signals?: readonly NodeJS.Signals[];
  /** Injected for tests; default the real process. */
  readonly process?: Pick<NodeJS.Process, "once" | "off">;
  /** Whole-shutdown budget; steps still running after it are abandoned. Default 10 s. */
  readonly timeoutMs?: number;
  readonly onStepError?: (error: ShutdownStepError) => void;
}

export class Shutdown {
  readonly #steps: { name: string; run: () => unknown }[] = [];
  readonly #abort = new AbortController();
  readonly #options: ShutdownOptions;
  readonly #listeners: [NodeJS.Signals, () => void][] = [];
  #done: Promise<void> | undefined;
  #reason: string | undefined;

  constructor(options: ShutdownOptions = {}) {
    this.#options = options;
  }

  /** Aborted as soon as shutdown starts: pass it to long-running loops. */
  get signal(): AbortSignal {
    return this.#abort.signal;
  }

  /** Why shutdown started ("SIGTERM", or the reason given to trigger). */
  get reason(): string | undefined {
    return this.#reason;
  }

  /** Registers a step; steps run last-registered first. */
  add(name: string, run: () => unknown): void {
    this.#steps.push({ name, run });
  }

  /** Installs the signal handlers. */
  listen(): this {
    const proc = this.#options.process ?? process;
    for (const sig of this.#options.signals ?? ["SIGTERM", "SIGINT"]) {
      const handler = (): void => void this.trigger(sig);
      proc.once(sig, handler);
      this.#listeners.push([sig, handler]);
    }
    return this;
  }

  /** Starts shutdown (idempotent) and resolves when every step finished or the budget ran out. */
  trigger(reason: string): Promise<void> {
    if (this.#done) return this.#done;
    this.#reason = reason;
    this.#abort.abort();
    const proc = this.#options.process ?? process;
    for (const [sig, handler] of this.#listeners) proc.off(sig, handler);
    this.#done = this.#runSteps();
    return this.#done;
  }

  /** Resolves when shutdown completed (never, if it is never triggered). */
  get done(): Promise<void> {
    return new Promise((resolve) => {
      if (this.#done) void this.#done.then(resolve);
      else this.#abort.signal.addEventListener("abort", () => void this.#done?.then(resolve), { once: true });
    });
  }

  async #runSteps(): Promise<void> {
    const deadline = Date.now() + (this.#options.timeoutMs ?? 10_000);
    for (const step of [...this.#steps].reverse()) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        this.#options.onStepError?.({ step: step.name, error: new Error("shutdown budget exhausted, step skipped") });
        continue;
      }
      let timer: ReturnType<typeof setTimeout> | undefined;
      try {
        await Promise.race([
          Promise.resolve().then(step.run),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`step did not finish within the shutdown budget`)), remaining);
          }),
        ]);
      } catch (error) {
        this.#options.onStepError?.({ step: step.name, error });
      } finally {
        clearTimeout(timer);
      }
    }
  }
}

/** A Shutdown listening for SIGTERM/SIGINT. */
export function onShutdown(options: ShutdownOptions = {}): Shutdown {
  return new Shutdown(options).listen();
}

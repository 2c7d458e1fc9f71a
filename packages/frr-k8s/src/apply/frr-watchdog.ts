// Notices FRR daemons restarting (crash, watchfrr restart, container restart): a restarted daemon
// comes back with an empty or stale configuration, so the desired one must be applied again. Every
// tick compares the identity (inode, mtime) of each daemon's vty socket, which a restarted daemon
// recreates; that is a stat, not a process. Every few ticks it also asks vtysh whether the daemons
// answer, which catches a daemon that died and has not come back yet.
import { stat } from "node:fs/promises";
import { join } from "node:path";

export interface FrrWatchdogOptions {
  readonly vtySocketDir: string;
  readonly daemons: readonly string[];
  /** True when every daemon answers (FrrApplier.alive). */
  readonly alive: () => Promise<boolean>;
  readonly intervalMs: number;
  /** Ask alive() every this many ticks even when no socket changed. */
  readonly aliveEveryTicks?: number;
  /** An apply is running: FRR may be too busy to answer vtysh quickly, so do not judge it then. */
  readonly busy?: () => boolean;
  /** Consecutive failed alive() checks before FRR counts as down. Default 2. */
  readonly failuresBeforeDown?: number;
  readonly onDown: () => void;
  /** FRR answers again after being down, or a daemon was replaced: apply the configuration again. */
  readonly onRestarted: (reason: string) => void;
}

export class FrrWatchdog {
  readonly #o: FrrWatchdogOptions;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #fingerprint: string | undefined;
  #up: boolean | undefined;
  #ticks = 0;
  #failures = 0;
  /** A socket changed; the reapply waits until FRR answers. */
  #restartSeen = false;
  #stopped = false;

  constructor(options: FrrWatchdogOptions) {
    this.#o = options;
  }

  start(): void {
    this.#stopped = false;
    this.#schedule();
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
  }

  /** FRR answered at the last check (undefined before the first). */
  get up(): boolean | undefined {
    return this.#up;
  }

  /** One check; exposed for tests. */
  async tick(): Promise<void> {
    const fingerprint = await this.#sockets();
    const changed = this.#fingerprint !== undefined && fingerprint !== this.#fingerprint;
    this.#fingerprint = fingerprint;
    if (changed) this.#restartSeen = true;
    const every = this.#o.aliveEveryTicks ?? 5;
    const suspicious = this.#restartSeen || this.#up !== true || this.#failures > 0;
    if (!suspicious && this.#ticks++ % every !== 0) return;
    if (!this.#restartSeen && this.#up === true && this.#o.busy?.() === true) return;
    const alive = await this.#o.alive();
    const wasUp = this.#up;
    if (!alive) {
      this.#failures++;
      // One slow answer is not an outage; the first check (wasUp undefined) is believed at once.
      if (wasUp === true && this.#failures < (this.#o.failuresBeforeDown ?? 2)) return;
      this.#up = false;
      if (wasUp !== false) this.#o.onDown();
      return;
    }
    this.#failures = 0;
    this.#up = true;
    const restarted = this.#restartSeen;
    this.#restartSeen = false;
    if (wasUp === false) this.#o.onRestarted("FRR answers again");
    else if (restarted) this.#o.onRestarted("an FRR daemon was restarted");
  }

  async #sockets(): Promise<string> {
    const parts = await Promise.all(
      this.#o.daemons.map(async (d) => {
        try {
          const s = await stat(join(this.#o.vtySocketDir, `${d}.vty`));
          return `${d}:${s.ino}:${s.mtimeMs}`;
        } catch {
          return `${d}:-`;
        }
      }),
    );
    return parts.join(",");
  }

  #schedule(): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      void this.tick().finally(() => this.#schedule());
    }, this.#o.intervalMs);
    this.#timer.unref?.();
  }
}

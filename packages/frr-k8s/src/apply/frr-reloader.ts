// Applies a rendered frr.conf to a running FRR with frr-reload.py, the way upstream's reloader does
// (test, then reload with --overwrite so FRR's own frr.conf survives an FRR restart), but called
// directly: no shared-volume PID file, no SIGHUP, no 30 s status polling.
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { run, vtysh, type FrrAccess } from "./frr-access.js";

export interface ReloadResult {
  ok: boolean;
  /** FRR's output on failure (frr-reload.py / vtysh error text). */
  error?: string;
  durationMs: number;
  /**
   * How the config reached FRR: "batch" (one vtysh with the changed lines), "reload" (frr-reload.py),
   * "restore" (after an FRR restart), "resync" (the periodic full reload after batches).
   */
  mode?: "batch" | "reload" | "restore" | "resync";
  /** Why a full reload was needed instead of a batch. */
  reloadReason?: string;
}

export interface FrrApplier {
  apply(configText: string): Promise<ReloadResult>;
  /**
   * Applies the whole config after an FRR daemon restarted. A plain apply diffs against
   * `show running-config`, which merges all daemons: a restarted bgpd whose route-maps and
   * prefix-lists zebra still shows would never get them back.
   */
  restore?(configText: string): Promise<ReloadResult>;
  /** Applies the config FRR should already run with a full reload, repairing drift after batches. */
  resync?(configText: string): Promise<ReloadResult>;
  runningConfig(): Promise<string>;
  /** True when the FRR daemons answer on their vty sockets. */
  alive(): Promise<boolean>;
}

/** Upper bound of one frr-reload.py run. */
export const RELOAD_TIMEOUT_MS = 600_000;

export const REQUIRED_DAEMONS = ["zebra", "bgpd", "bfdd", "staticd"] as const;

export class FrrReloadApplier implements FrrApplier {
  constructor(private readonly access: FrrAccess, private readonly now: () => number = () => performance.now()) {}

  async apply(configText: string): Promise<ReloadResult> {
    const start = this.now();
    const a = this.access;
    const file = this.writeDesired(configText);
    const common = ["--stdout", "--confdir", a.configDir, "--vty_socket", a.vtySocketDir, "--bindir", dirname(a.vtyshPath), file];
    // --reload parses the whole new file with `vtysh -m` before applying anything, so a syntax error
    // leaves FRR untouched; the separate --test pass upstream runs first would only double the cost.
    // Thousands of prefix-list entries on a busy node can take minutes (FRR checks each entry against
    // the whole list); killing frr-reload.py half-way would only leave FRR half-applied.
    const r = await run(a.python, [a.reloadScript, "--reload", "--overwrite", ...common], RELOAD_TIMEOUT_MS);
    if (r.code !== 0) {
      return { ok: false, error: redactPasswords(extractError(r.stdout + r.stderr)), durationMs: this.now() - start };
    }
    return { ok: true, durationMs: this.now() - start };
  }

  async restore(configText: string): Promise<ReloadResult> {
    const start = this.now();
    const file = this.writeDesired(configText);
    // Every line goes to every daemon (already present lines are no-ops); errors are left to the
    // reload that follows, which also removes what the restarted daemon had and should not.
    await run(this.access.vtyshPath, ["--vty_socket", this.access.vtySocketDir, "--config_dir", this.access.configDir, "-f", file]);
    const r = await this.apply(configText);
    return { ...r, durationMs: this.now() - start };
  }

  async runningConfig(): Promise<string> {
    const r = await vtysh(this.access, ["show running-config"], 30_000);
    if (r.code !== 0) throw new Error(`vtysh show running-config failed: ${(r.stderr || r.stdout).trim()}`);
    return r.stdout;
  }

  private writeDesired(configText: string): string {
    mkdirSync(this.access.workDir, { recursive: true });
    const file = join(this.access.workDir, "frr.conf");
    // Atomic replace, mode 0600: the file may hold BGP passwords.
    writeFileSync(`${file}.tmp`, configText, { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
    return file;
  }

  async alive(): Promise<boolean> {
    const r = await vtysh(this.access, ["show daemons"], 10_000);
    if (r.code !== 0) return false;
    const running = new Set(r.stdout.trim().split(/\s+/));
    return REQUIRED_DAEMONS.every((d) => running.has(d));
  }
}

function dirname(p: string): string {
  const i = p.lastIndexOf("/");
  return i <= 0 ? "/" : p.slice(0, i);
}

/** Keeps the lines that explain a failure; frr-reload.py prints a lot of context. */
function extractError(output: string): string {
  const lines = output.split("\n").filter((l) => /error|failed|unknown command|invalid|ambiguous|incomplete/i.test(l));
  return (lines.length > 0 ? lines.slice(0, 20).join("\n") : output.slice(-2000)).trim();
}

/** As upstream: everything after "password" on a line is replaced. */
export function redactPasswords(text: string): string {
  return text.replace(/password.*/g, "password <retracted>");
}

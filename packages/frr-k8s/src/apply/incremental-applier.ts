// Applies a rendered frr.conf as one vtysh batch of the lines that changed, when it knows what FRR runs
// (its own last successful apply) and the difference is one incremental-plan.ts can express; otherwise,
// and whenever a batch fails or FRR's running config does not show the batch's result, it falls back to
// frr-reload.py (FrrReloadApplier). A full reload costs a python start, a full parse and one vtysh per
// removed line (seconds at a few hundred prefixes); a batch costs one vtysh and one show running-config.
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { run, type FrrAccess } from "./frr-access.js";
import { parseFrrConfig, type FrrContext } from "./frr-config-tree.js";
import { FrrReloadApplier, redactPasswords, type FrrApplier, type ReloadResult } from "./frr-reloader.js";
import { planIncrementalChange, verifyTouched, type IncrementalPlan } from "./incremental-plan.js";

/** vtysh prints these for a command it or a daemon rejected; the exit code alone misses some. */
const VTYSH_ERROR = /^% |^line \d+: %|Configuration failed|Unknown command|Ambiguous command|Incomplete command/m;

export class IncrementalFrrApplier implements FrrApplier {
  readonly #access: FrrAccess;
  readonly #reload: FrrReloadApplier;
  readonly #now: () => number;
  /** What FRR runs, as far as we know: set by a successful apply, cleared by any failure. */
  #known: { readonly text: string; readonly tree: FrrContext | undefined } | undefined;
  /** The running config read to check the last batch: answers the status read that follows every apply. */
  #runningAfterBatch: string | undefined;

  constructor(access: FrrAccess, now: () => number = () => performance.now()) {
    this.#access = access;
    this.#now = now;
    this.#reload = new FrrReloadApplier(access, now);
  }

  async apply(configText: string): Promise<ReloadResult> {
    const start = this.#now();
    const known = this.#known;
    this.#known = undefined;
    this.#runningAfterBatch = undefined;
    const desired = parseFrrConfig(configText);
    let reason = "no configuration applied yet";
    if (known?.tree === undefined) {
      if (known !== undefined) reason = "the applied configuration could not be parsed";
    } else if (!desired.ok) {
      reason = `the configuration could not be parsed: ${desired.reason}`;
    } else {
      const plan = planIncrementalChange(known.tree, desired.root);
      if (plan.kind === "unchanged") {
        this.#known = { text: configText, tree: desired.root };
        return { ok: true, durationMs: this.#now() - start, mode: "batch" };
      }
      if (plan.kind === "reload") {
        reason = plan.reason;
      } else {
        const failure = await this.#batch(plan.plan, desired.root);
        if (failure === undefined) {
          this.#known = { text: configText, tree: desired.root };
          return { ok: true, durationMs: this.#now() - start, mode: "batch" };
        }
        reason = `batch failed, repaired by frr-reload.py: ${failure}`;
      }
    }
    const r = await this.#reload.apply(configText);
    if (r.ok) {
      this.#known = { text: configText, tree: desired.ok ? desired.root : undefined };
    } else if (known !== undefined && reason.startsWith("batch failed")) {
      // FRR took part of the rejected batch: put the previous config back, as a rejected reload leaves it.
      const back = await this.#reload.apply(known.text);
      if (back.ok) this.#known = known;
    }
    return { ...r, durationMs: this.#now() - start, mode: "reload", reloadReason: redactPasswords(reason) };
  }

  restore(configText: string): Promise<ReloadResult> {
    return this.#full(configText, "restore", () => this.#reload.restore(configText));
  }

  /** Full frr-reload.py of the config FRR should already run: repairs any drift the batches missed. */
  resync(configText: string): Promise<ReloadResult> {
    return this.#full(configText, "resync", () => this.#reload.apply(configText));
  }

  async #full(configText: string, mode: "restore" | "resync", reload: () => Promise<ReloadResult>): Promise<ReloadResult> {
    this.#known = undefined;
    this.#runningAfterBatch = undefined;
    const r = await reload();
    if (r.ok) {
      const parsed = parseFrrConfig(configText);
      this.#known = { text: configText, tree: parsed.ok ? parsed.root : undefined };
    }
    return { ...r, mode };
  }

  async runningConfig(): Promise<string> {
    const cached = this.#runningAfterBatch;
    this.#runningAfterBatch = undefined;
    return cached ?? this.#reload.runningConfig();
  }

  alive(): Promise<boolean> {
    return this.#reload.alive();
  }

  /** Runs the plan as one vtysh and checks FRR's result; returns why it failed, if it did. */
  async #batch(plan: IncrementalPlan, desired: FrrContext): Promise<string | undefined> {
    const a = this.#access;
    mkdirSync(a.workDir, { recursive: true });
    const file = join(a.workDir, "batch.vtysh");
    // Mode 0600: a batch never carries neighbor lines today, but the directory holds BGP passwords.
    writeFileSync(`${file}.tmp`, plan.script, { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
    // FRR scans a prefix list for a duplicate on every entry written: thousands of entries take minutes
    // on a loaded node. A timeout kills vtysh half-way, which the fallback reload then repairs.
    const r = await run(a.vtyshPath, ["--vty_socket", a.vtySocketDir, "--config_dir", a.configDir, "-f", file], 300_000);
    const output = `${r.stdout}\n${r.stderr}`;
    if (r.code !== 0 || VTYSH_ERROR.test(output)) {
      const lines = output.split("\n").filter((l) => l.trim() !== "").slice(0, 10).join("\n");
      return `vtysh exited ${r.code}: ${lines}`;
    }
    const running = await this.#reload.runningConfig().catch((err: Error) => err);
    if (running instanceof Error) return running.message;
    const parsed = parseFrrConfig(running);
    if (!parsed.ok) return `show running-config could not be parsed: ${parsed.reason}`;
    const mismatch = verifyTouched(parsed.root, desired, plan.touched);
    if (mismatch !== undefined) return `FRR's running config does not show the batch: ${mismatch}`;
    this.#runningAfterBatch = running;
    return undefined;
  }
}

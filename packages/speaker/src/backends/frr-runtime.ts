// The frr backend's moving parts, started by main.ts: frr-reload.py through frr-k8s's apply loop
// (apply at once when idle, coalesce bursts, retry with backoff), a re-apply when an FRR daemon is
// restarted (its vty socket is recreated), and the metallb_bgp_* gauges read from FRR on scrape.
import { stat } from "node:fs/promises";
import { join } from "node:path";
import type { Registry } from "prom-client";
import { ApplyLoop, DEFAULT_FRR_ACCESS, FrrReloadApplier, vtyshJson, type FrrAccess } from "@metallb-ts/frr-k8s/apply";
import type { Logger } from "@metallb-ts/runtime";
import type { FrrPaths } from "../flags.js";
import { parseFrrNeighbors, registerFrrBgpMetrics } from "../metrics.js";
import { FrrBackend } from "./frr-backend.js";

export interface FrrRuntimeOptions {
  readonly paths: FrrPaths;
  readonly nodeName: string;
  readonly logLevel: string;
  readonly registry: Registry;
  readonly log: Logger;
  /** How often the daemons' vty sockets are checked for a restart. */
  readonly restartCheckMs?: number;
}

export interface FrrRuntime {
  readonly backend: FrrBackend;
  readonly loop: ApplyLoop;
  stop(): Promise<void>;
}

const WATCHED_DAEMONS = ["zebra", "bgpd", "bfdd"] as const;

async function socketFingerprint(dir: string): Promise<string> {
  const parts = await Promise.all(
    WATCHED_DAEMONS.map(async (d) => {
      try {
        const s = await stat(join(dir, `${d}.vty`));
        return `${d}:${s.ino}:${s.mtimeMs}`;
      } catch {
        return `${d}:-`;
      }
    }),
  );
  return parts.join(",");
}

export function startFrrBackend(o: FrrRuntimeOptions): FrrRuntime {
  const access: FrrAccess = { ...DEFAULT_FRR_ACCESS, configDir: o.paths.configDir, vtySocketDir: o.paths.vtySocketDir, workDir: o.paths.workDir };
  const loop = new ApplyLoop({
    applier: new FrrReloadApplier(access),
    onOutcome: (r) => {
      if (r.ok) o.log.info({ op: "frrReload", event: "applied", ms: Math.round(r.durationMs) }, "frr.conf applied");
      else o.log.error({ op: "frrReload", event: "failed", error: r.error }, "frr.conf apply failed, retrying");
    },
  });
  registerFrrBgpMetrics(o.registry, async () => parseFrrNeighbors(await vtyshJson<unknown>(access, "show bgp vrf all neighbors json")));

  let fingerprint: string | undefined;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const check = async (): Promise<void> => {
    const next = await socketFingerprint(access.vtySocketDir);
    if (fingerprint !== undefined && next !== fingerprint && !next.includes(":-")) {
      o.log.warn({ op: "frrWatch", event: "frrRestarted" }, "an FRR daemon restarted, applying the configuration again");
      loop.reapply();
    }
    fingerprint = next;
  };
  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(() => void check().finally(schedule), o.restartCheckMs ?? 2000);
    timer.unref();
  };
  schedule();

  return {
    backend: new FrrBackend({ sink: loop, nodeName: o.nodeName, logLevel: o.logLevel }),
    loop,
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      // Let a running reload finish (FRR must not be left half-configured); nothing new starts.
      await loop.idle();
      loop.stop();
    },
  };
}

// The frr backend's moving parts, started by main.ts: frr-k8s's incremental applier (vtysh batches,
// frr-reload.py when a batch cannot express the change) through its apply loop
// (apply at once when idle, coalesce bursts, retry with backoff), a re-apply when an FRR daemon is
// restarted (its vty socket is recreated), and the metallb_bgp_* gauges read from FRR on scrape.
import type { Registry } from "prom-client";
import { ApplyLoop, DEFAULT_FRR_ACCESS, FrrWatchdog, IncrementalFrrApplier, REQUIRED_DAEMONS, vtyshJson, type FrrAccess } from "@metallb-ts/frr-k8s/apply";
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

export function startFrrBackend(o: FrrRuntimeOptions): FrrRuntime {
  const access: FrrAccess = { ...DEFAULT_FRR_ACCESS, configDir: o.paths.configDir, vtySocketDir: o.paths.vtySocketDir, workDir: o.paths.workDir };
  const applier = new IncrementalFrrApplier(access);
  const loop = new ApplyLoop({
    applier,
    onOutcome: (r) => {
      if (r.ok) o.log.info({ op: "frrReload", event: "applied", ms: Math.round(r.durationMs), mode: r.mode, reloadReason: r.reloadReason }, "frr.conf applied");
      else o.log.error({ op: "frrReload", event: "failed", error: r.error }, "frr.conf apply failed, retrying");
    },
  });
  registerFrrBgpMetrics(o.registry, async () => parseFrrNeighbors(await vtyshJson<unknown>(access, "show bgp vrf all neighbors json")));

  // The frr-k8s daemon's watchdog: a recreated vty socket or FRR answering again after an outage means
  // a daemon restarted with an empty configuration, so the desired one is applied again.
  const watchdog = new FrrWatchdog({
    vtySocketDir: access.vtySocketDir,
    daemons: REQUIRED_DAEMONS,
    alive: () => applier.alive(),
    intervalMs: o.restartCheckMs ?? 2000,
    busy: () => loop.busy,
    onDown: () => o.log.warn({ op: "frrWatch", event: "frrDown" }, "FRR daemons do not answer"),
    onRestarted: (reason) => {
      o.log.warn({ op: "frrWatch", event: "frrRestarted", reason }, "applying the configuration to FRR again");
      loop.reapply();
    },
  });
  watchdog.start();

  return {
    backend: new FrrBackend({ sink: loop, nodeName: o.nodeName, logLevel: o.logLevel }),
    loop,
    stop: async () => {
      watchdog.stop();
      // Let a running reload finish (FRR must not be left half-configured); nothing new starts.
      await loop.idle();
      loop.stop();
    },
  };
}

// The reconcile-level counters upstream exposes under <prefix>_k8s_client_* (metallb_ for controller and
// speaker, frrk8s_ for frr-k8s), registered on the binary's own Registry.
import { Counter, Gauge, type Registry } from "prom-client";
import { SyncState } from "./sync-state.js";

export interface K8sClientMetrics {
  readonly updates: Counter;
  readonly updateErrors: Counter;
  readonly configLoaded: Gauge;
  readonly configStale: Gauge;
  /** Counts one reconcile and, if it did not succeed, one error. */
  recordReconcile(state: SyncState | "thrown"): void;
  /** A configuration was loaded and applied: loaded=1, stale=0. */
  configApplied(): void;
  /** The latest configuration failed to load or apply: stale=1 (loaded keeps its value). */
  configFailed(): void;
}

/** `prefix` is "metallb" or "frrk8s": metric names are `${prefix}_k8s_client_updates_total` etc. */
export function createK8sClientMetrics(registry: Registry, prefix: string): K8sClientMetrics {
  const name = (suffix: string): string => `${prefix}_k8s_client_${suffix}`;
  const updates = new Counter({ name: name("updates_total"), help: "Number of reconciles processed.", registers: [registry] });
  const updateErrors = new Counter({
    name: name("update_errors_total"),
    help: "Number of reconciles that ended in an error.",
    registers: [registry],
  });
  const configLoaded = new Gauge({
    name: name("config_loaded_bool"),
    help: "1 once a configuration was loaded successfully.",
    registers: [registry],
  });
  const configStale = new Gauge({
    name: name("config_stale_bool"),
    help: "1 while the latest configuration failed to load or apply, 0 after the next success.",
    registers: [registry],
  });
  return {
    updates,
    updateErrors,
    configLoaded,
    configStale,
    recordReconcile(state) {
      updates.inc();
      if (state !== SyncState.success && state !== SyncState.reprocessAll) updateErrors.inc();
    },
    configApplied() {
      configLoaded.set(1);
      configStale.set(0);
    },
    configFailed() {
      configStale.set(1);
    },
  };
}

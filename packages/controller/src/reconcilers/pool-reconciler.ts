// The pool reconciler (upstream PoolReconciler, spec §2.12): rebuilds the pool set from IPAddressPools,
// Communities and Namespaces, validates it with configFor, and hands a changed set to the allocator.
// An invalid configuration is reported (ConfigurationState, config_stale_bool, log) and the last good
// pool set stays in force; an identical one is a no-op.
import type { Community, IPAddressPool, Namespace } from "@metallb-ts/api";
import { poolsFromCRs, formatPoolIssue, type IPAddressPoolSource, type Pool, type PoolChanges } from "@metallb-ts/allocator";
import { configFor, formatConfigError, type ClusterResources, type ValidationMode } from "@metallb-ts/config";
import { SyncState, type K8sClientMetrics, type Logger, type ObjectStore } from "@metallb-ts/runtime";
import type { ServiceConverger } from "../core/converge.js";
import type { ConfigResultKind } from "../core/pool-status.js";

export interface PoolReconcilerOptions {
  /** The metallb namespace: only pools and communities there count. */
  readonly namespace: string;
  readonly pools: ObjectStore<IPAddressPool>;
  readonly communities: ObjectStore<Community>;
  readonly namespaces: ObjectStore<Namespace>;
  readonly converger: ServiceConverger;
  readonly validation: ValidationMode;
  readonly metrics: K8sClientMetrics;
  readonly log: Logger;
  /** A new pool set is in force: refresh pool statuses and reprocess all Services. */
  readonly onPoolsApplied: (changes: PoolChanges, pools: readonly Pool[]) => void;
  readonly reportState: (result: ConfigResultKind) => void;
}

/** JSON of a value with bigints, Maps and Sets, for "did anything change" comparisons. */
function fingerprint(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === "bigint") return v.toString();
    if (v instanceof Map) return [...v.entries()];
    if (v instanceof Set) return [...v.values()];
    return v;
  });
}

export class PoolReconciler {
  readonly #o: PoolReconcilerOptions;
  #applied: string | undefined;

  constructor(options: PoolReconcilerOptions) {
    this.#o = options;
  }

  run = async (): Promise<SyncState> => {
    const { namespace, log, metrics } = this.#o;
    const pools = this.#o.pools.list(namespace);
    const resources = {
      pools,
      communities: this.#o.communities.list(namespace),
      namespaces: this.#o.namespaces.list(),
    } as unknown as ClusterResources;
    const parsed = configFor(resources, { validation: this.#o.validation });
    if (!parsed.ok) return this.#reject(parsed.errors.map(formatConfigError).join("\n"));
    const built = poolsFromCRs(pools as unknown as IPAddressPoolSource[]);
    if (!built.ok) return this.#reject(built.issues.map(formatPoolIssue).join("\n"));

    // Namespace selectors resolve against Namespace labels: the resolved lists are part of the identity.
    const print = fingerprint([built.pools, [...parsed.config.pools.values()].map((p) => [p.name, p.serviceAllocation?.namespaces ?? []])]);
    metrics.configApplied();
    this.#o.reportState({ valid: true });
    if (print === this.#applied) {
      log.debug({ controller: "pool", event: "noChange" }, "pool configuration unchanged");
      return SyncState.success;
    }
    const changes = this.#o.converger.setPools(built.pools);
    this.#applied = print;
    log.info(
      { controller: "pool", event: "configLoaded", pools: built.pools.map((p) => p.name), released: changes.released.length, moved: changes.moved.length },
      "pool configuration applied",
    );
    this.#o.onPoolsApplied(changes, built.pools);
    return SyncState.success;
  };

  #reject(message: string): SyncState {
    this.#o.log.error({ controller: "pool", event: "configInvalid", reason: message }, "invalid pool configuration, keeping the previous one");
    this.#o.metrics.configFailed();
    this.#o.reportState({ valid: false, kind: "config", message });
    // Retrying cannot fix user input: wait for the next change.
    return SyncState.errorNoRetry;
  }
}

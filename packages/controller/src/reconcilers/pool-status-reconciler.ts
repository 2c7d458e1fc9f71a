// IPAddressPool status (spec §2.14): one key per pool, queued whenever an allocation in it changes, for
// every pool when the pool set changes, and when someone else edits a pool's status. Queue coalescing
// turns thousands of allocations into a handful of writes.
import type { IPAddressPool } from "@metallb-ts/api";
import { NotLeaderError, NotFoundError, SyncState, type KubeClient, type ObjectStore } from "@metallb-ts/runtime";
import type { Allocator } from "@metallb-ts/allocator";
import { poolStatusFor, samePoolStatus } from "../core/pool-status.js";
import { IPAddressPoolResource } from "../resources.js";

export interface PoolStatusReconcilerOptions {
  readonly client: KubeClient;
  readonly namespace: string;
  readonly pools: ObjectStore<IPAddressPool>;
  readonly allocator: () => Allocator | undefined;
}

export class PoolStatusReconciler {
  readonly #o: PoolStatusReconcilerOptions;

  constructor(options: PoolStatusReconcilerOptions) {
    this.#o = options;
  }

  reconcile = async (name: string): Promise<SyncState> => {
    const { namespace } = this.#o;
    const pool = this.#o.pools.get(name, namespace);
    const counters = this.#o.allocator()?.counters(name);
    // Deleted meanwhile, or not part of the pool set in force (an invalid configuration): nothing to say.
    if (!pool || !counters) return SyncState.success;
    const status = poolStatusFor(counters);
    if (samePoolStatus(pool.status, status)) return SyncState.success;
    try {
      await this.#o.client.mergePatch(IPAddressPoolResource, name, { status }, { namespace, subresource: "status" });
      return SyncState.success;
    } catch (err) {
      if (err instanceof NotFoundError || err instanceof NotLeaderError) return SyncState.success;
      throw err;
    }
  };
}

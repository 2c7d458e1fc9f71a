// Per-Service convergence (spec §2.9): one Service in, one decision out. The ServiceConverger owns the
// Allocator; it mutates allocations synchronously and returns what the Service should look like (status
// IPs, pool annotation), the events to record and a SyncState. It never touches the API server.
import type { Service } from "@metallb-ts/api";
import { Allocator, clusterIPsOf, familyForAddresses, serviceFamilyFor, type Labels, type Pool, type PoolChanges } from "@metallb-ts/allocator";
import { SyncState } from "@metallb-ts/runtime";
import { ServiceEvents, type ServiceEvent } from "./events.js";
import { ingressIPs, isLoadBalancer, requestedIPsOf, serviceKeyOf, serviceRequestOf } from "./service-keys.js";

export interface ConvergeOutcome {
  readonly key: string;
  /** success, errorNoRetry (convergence error: wait for the next reprocess-all) or reprocessAll. */
  readonly state: SyncState;
  /** Desired `status.loadBalancer.ingress[].ip`, in order. */
  readonly ingress: readonly string[];
  /** Desired `metallb.io/ip-allocated-from-pool`; undefined removes it. */
  readonly pool: string | undefined;
  readonly events: readonly ServiceEvent[];
  /** Pools whose counters changed (their status and metrics need a refresh). */
  readonly touchedPools: readonly string[];
  /** Why the convergence failed, for the log. */
  readonly error?: string | undefined;
}

/**
 * Reprocess-all order (spec §2.13, STYLE §1.2 c): Services that hold more IPs first, so existing
 * assignments are claimed before anything new is allocated; then oldest first (an older Service keeps a
 * contested IP); then namespace/name. Deterministic, unlike upstream's unstable sort.
 */
export function reprocessOrder(services: readonly Service[]): Service[] {
  const decorated = services.map((s) => ({ s, ips: ingressIPs(s).length, created: s.metadata.creationTimestamp ?? "", key: serviceKeyOf(s) }));
  decorated.sort((a, b) => b.ips - a.ips || cmp(a.created, b.created) || cmp(a.key, b.key));
  return decorated.map((d) => d.s);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const sorted = [...b].sort();
  return [...a].sort().every((v, i) => v === sorted[i]);
}

export class ServiceConverger {
  readonly allocator = new Allocator();
  #poolsLoaded = false;
  /** Sharing + backend key of each allocation: when it changes, other Services may now fit (§2.7). */
  readonly #groupKeys = new Map<string, string>();
  /**
   * Services the allocator could not (fully) serve at their last convergence. Upstream reprocesses every
   * Service whenever an IP is freed; that is only useful when someone is waiting, and under churn of
   * tens of thousands of Services it turned each deletion into a pass over all of them.
   */
  readonly #waiting = new Set<string>();

  /** Services waiting for an address (allocation or dual-stack top-up failed). */
  get waiting(): number {
    return this.#waiting.size;
  }

  /** True once a pool set was applied (until then Services are not touched, spec §2.1). */
  get poolsLoaded(): boolean {
    return this.#poolsLoaded;
  }

  /** Applies a new pool set; allocations outside every pool are released, others move (spec §2.12). */
  setPools(pools: readonly Pool[]): PoolChanges {
    const changes = this.allocator.setPools(pools);
    for (const released of changes.released) this.#groupKeys.delete(released.key);
    this.#poolsLoaded = true;
    return changes;
  }

  /** A Service is gone: free its IPs; if it had any, other Services may now fit. */
  release(key: string): ConvergeOutcome {
    const before = this.allocator.allocationFor(key);
    this.allocator.unassign(key);
    this.#groupKeys.delete(key);
    this.#waiting.delete(key);
    return {
      key,
      state: before && this.#waiting.size > 0 ? SyncState.reprocessAll : SyncState.success,
      ingress: [],
      pool: undefined,
      events: [],
      touchedPools: before ? [before.pool] : [],
    };
  }

  converge(service: Service, namespaceLabels: Labels): ConvergeOutcome {
    const key = serviceKeyOf(service);
    const before = this.allocator.allocationFor(key);
    const events: ServiceEvent[] = [];
    const clear = (): void => void this.allocator.unassign(key);
    // Sharing + backend key, known once the request is built; whether the allocator fell short.
    const keys: { group?: string; waiting?: boolean } = {};
    const finish = (state: SyncState, error?: string): ConvergeOutcome => this.#outcome(key, before, keys, state, events, error);

    if (!isLoadBalancer(service)) {
      clear();
      return finish(SyncState.success);
    }
    if (this.allocator.pools().length === 0) {
      clear();
      return finish(SyncState.errorNoRetry, "no address pools configured");
    }
    const spec = service.spec;
    const clusterIPs = clusterIPsOf(spec);
    if (clusterIPs.length === 0) {
      clear();
      return finish(SyncState.errorNoRetry, "service has no ClusterIPs");
    }
    const policy = spec?.ipFamilyPolicy ?? "SingleStack";
    if (policy === "RequireDualStack" && clusterIPs.length < 2) {
      events.push(ServiceEvents.notEnoughClusterIPs(clusterIPs));
      clear();
      return finish(SyncState.errorNoRetry, "RequireDualStack without two ClusterIPs");
    }

    let current = ingressIPs(service);
    const family = serviceFamilyFor(spec);
    if (current.length === 0) {
      clear();
    } else {
      const currentFamily = familyForAddresses(current);
      if (!currentFamily.ok) {
        // Corrupt status: report it, then treat it like an IP of the wrong family (drop and re-allocate).
        events.push(ServiceEvents.noLBIPsFamily(current, currentFamily.message));
        clear();
        current = [];
      } else if (!family.ok) {
        events.push(ServiceEvents.noClusterIPsFamily(spec?.clusterIPs ?? [], spec?.clusterIP ?? "", family.message));
        return finish(SyncState.errorNoRetry, family.message);
      } else if (currentFamily.family !== family.family && !(family.family === "dual" && policy === "PreferDualStack")) {
        clear();
        current = [];
      }
    }

    const request = serviceRequestOf(service, namespaceLabels);
    if (!request.ok) {
      events.push(ServiceEvents.allocationFailed(key, request.message));
      clear();
      return finish(SyncState.errorNoRetry, request.message);
    }
    keys.group = `${request.request.sharingKey ?? ""}\u0000${request.request.backendKey ?? ""}`;
    const requested = requestedIPsOf(service);

    if (current.length > 0) {
      // Re-claim what the Service already has (idempotent): this is how state is rebuilt after a restart.
      const claimed = this.allocator.assign(request.request, current);
      if (!claimed.ok) {
        events.push(ServiceEvents.clearAssignment(key, claimed.error.message));
        clear();
        current = [];
      } else if (request.request.pool !== undefined && claimed.pool !== request.request.pool) {
        clear();
        current = [];
      } else if (!requested.ok) {
        events.push(ServiceEvents.loadBalancerFailed(requested.message));
        return finish(SyncState.errorNoRetry, requested.message);
      } else if (requested.ips.length > 0 && !sameSet(requested.ips, claimed.ips)) {
        clear();
        current = [];
      } else {
        current = [...claimed.ips];
      }
    }

    // PreferDualStack top-up, only for dual-stack Services (upstream also tries single-stack ones and
    // then drops the extra IP on the next pass, which flaps).
    if (current.length === 1 && policy === "PreferDualStack" && family.ok && family.family === "dual") {
      const topped = this.allocator.allocateOtherFamily(request.request);
      if (!topped.ok) {
        keys.waiting = true;
        events.push(ServiceEvents.additionalAssignFailed(topped.error.message));
      } else {
        const added = topped.ips.find((ip) => !current.includes(ip));
        if (added !== undefined) events.push(ServiceEvents.additionalIPAllocated(added));
        current = [...topped.ips];
      }
    }

    if (current.length === 0) {
      if (!requested.ok) {
        events.push(ServiceEvents.allocationFailed(key, requested.message));
        return finish(SyncState.errorNoRetry, requested.message);
      }
      const allocated = this.allocator.allocate(request.request);
      if (!allocated.ok) {
        keys.waiting = true;
        events.push(ServiceEvents.allocationFailed(key, allocated.error.message));
        clear();
        return finish(SyncState.errorNoRetry, allocated.error.message);
      }
      if (allocated.ips.length === 0 || allocated.pool === "") {
        events.push(allocated.ips.length === 0 ? ServiceEvents.noIPNoFailure() : ServiceEvents.ipWithoutPool());
        clear();
        return finish(SyncState.errorNoRetry, "internal error: allocation without IP or pool");
      }
      events.push(ServiceEvents.ipAllocated(allocated.ips));
    }
    return finish(SyncState.success);
  }

  #outcome(
    key: string,
    before: { readonly pool: string; readonly ips: readonly string[] } | undefined,
    keys: { readonly group?: string; readonly waiting?: boolean },
    state: SyncState,
    events: readonly ServiceEvent[],
    error: string | undefined,
  ): ConvergeOutcome {
    const after = this.allocator.allocationFor(key);
    const changed = before?.pool !== after?.pool || !sameSet(before?.ips ?? [], after?.ips ?? []);
    const touchedPools = changed ? [...new Set([before?.pool, after?.pool].filter((p): p is string => p !== undefined))] : [];
    let decided = state;
    if (keys.waiting === true) this.#waiting.add(key);
    else this.#waiting.delete(key);
    const someoneWaits = this.#waiting.size > (keys.waiting === true ? 1 : 0);
    // Lost its IPs although they are still inside a pool: a waiting Service may want them now.
    if (before && !after && someoneWaits && this.allocator.poolContaining(before.ips) !== undefined) decided = SyncState.reprocessAll;
    const group = keys.group;
    if (after && group !== undefined) {
      const previous = this.#groupKeys.get(key);
      this.#groupKeys.set(key, group);
      if (previous !== undefined && previous !== group && someoneWaits) decided = SyncState.reprocessAll;
    } else {
      this.#groupKeys.delete(key);
    }
    return { key, state: decided, ingress: after?.ips ?? [], pool: after?.pool, events, touchedPools, ...(error === undefined ? {} : { error }) };
  }
}

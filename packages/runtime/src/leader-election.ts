// Lease-based leader election (coordination.k8s.io/v1), following client-go's algorithm: a candidate
// takes the Lease when it is free or when the holder has not renewed it for leaseDuration *as observed on
// the candidate's own clock* (no clock-skew dependency); the leader renews every retryPeriod and gives up
// when it could not renew for renewDeadline. On shutdown the leader stops leading first, then releases
// the Lease so a standby takes over at once instead of waiting out the lease.
import { sleep, systemClock, type Clock } from "./clock.js";
import { NotLeaderError, isNotFound, type RequestTarget } from "./errors.js";
import type { ApplyConfiguration, ApplyOptions, DeleteOptions, KubeClient, NamespaceOption, WriteOptions } from "./kube-client.js";
import { EventResource, LeaseResource, type CoreEvent, type KubeObject, type Lease, type LeaseSpec, type ResourceType } from "./resources.js";

export interface LeaderElectionTimings {
  /** How long a Lease stays valid after its last observed renewal. client-go default 15 s. */
  readonly leaseDurationMs: number;
  /** How long the leader keeps trying to renew before it steps down. Default 10 s. */
  readonly renewDeadlineMs: number;
  /** Interval between acquire/renew attempts. Default 2 s. */
  readonly retryPeriodMs: number;
}

export const defaultLeaderElectionTimings: LeaderElectionTimings = { leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000 };

/** client-go's JitterFactor: acquire attempts wait retryPeriod * (1 + random * 1.2). */
const jitterFactor = 1.2;

export type LeaderElectionEvent =
  | { readonly type: "started-leading" }
  | { readonly type: "stopped-leading"; readonly reason: "lost" | "renew-deadline" | "shutdown" }
  | { readonly type: "new-leader"; readonly identity: string }
  | { readonly type: "error"; readonly during: "acquire" | "renew" | "release"; readonly error: unknown };

export interface LeaderElectorOptions extends Partial<LeaderElectionTimings> {
  readonly client: KubeClient;
  readonly namespace: string;
  /** Lease name, e.g. "metallb-controller". */
  readonly name: string;
  /** Unique per replica, usually the pod name. */
  readonly identity: string;
  readonly clock?: Clock;
  /** Source of jitter; default Math.random. */
  readonly random?: () => number;
  /** Release the Lease when stopped while leading. Default true. */
  readonly releaseOnStop?: boolean;
  /** Called on becoming leader; `signal` aborts when leadership ends. */
  readonly onStartedLeading?: (signal: AbortSignal) => void;
  /** Called when leadership ends, before the Lease is released: stop writing here. */
  readonly onStoppedLeading?: () => void;
  readonly onEvent?: (event: LeaderElectionEvent) => void;
}

type AttemptResult = "leading" | "held-by-other" | "failed";

/** Lease times are MicroTime: RFC 3339 with microseconds. */
function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}

export class LeaderElector {
  readonly identity: string;
  readonly timings: LeaderElectionTimings;
  readonly #options: LeaderElectorOptions;
  readonly #clock: Clock;
  readonly #random: () => number;
  /** The last Lease seen, and when (local clock) it was first seen in that version. */
  #observed: { spec: LeaseSpec; resourceVersion: string | undefined; at: number } | undefined;
  #leading = false;
  #leaderAbort: AbortController | undefined;
  #stop = new AbortController();
  #running: Promise<void> | undefined;

  constructor(options: LeaderElectorOptions) {
    this.#options = options;
    this.identity = options.identity;
    this.timings = {
      leaseDurationMs: options.leaseDurationMs ?? defaultLeaderElectionTimings.leaseDurationMs,
      renewDeadlineMs: options.renewDeadlineMs ?? defaultLeaderElectionTimings.renewDeadlineMs,
      retryPeriodMs: options.retryPeriodMs ?? defaultLeaderElectionTimings.retryPeriodMs,
    };
    const { leaseDurationMs, renewDeadlineMs, retryPeriodMs } = this.timings;
    if (!(leaseDurationMs > renewDeadlineMs)) throw new RangeError(`leader election: leaseDuration (${leaseDurationMs} ms) must exceed renewDeadline (${renewDeadlineMs} ms)`);
    if (!(renewDeadlineMs > jitterFactor * retryPeriodMs)) {
      throw new RangeError(`leader election: renewDeadline (${renewDeadlineMs} ms) must exceed ${jitterFactor} x retryPeriod (${retryPeriodMs} ms)`);
    }
    if (!options.identity) throw new RangeError("leader election: identity must not be empty");
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? Math.random;
  }

  isLeader(): boolean {
    return this.#leading;
  }

  /** Holder of the Lease as last observed (may be this replica), if any. */
  get leader(): string | undefined {
    return this.#observed?.spec.holderIdentity || undefined;
  }

  /** Starts campaigning in the background. */
  start(): void {
    if (this.#running) return;
    this.#stop = new AbortController();
    this.#running = this.#run(this.#stop.signal);
  }

  /** Stops campaigning; if leading, steps down (onStoppedLeading) and releases the Lease. */
  async stop(): Promise<void> {
    this.#stop.abort();
    await this.#running;
    this.#running = undefined;
  }

  async #run(signal: AbortSignal): Promise<void> {
    const { retryPeriodMs, renewDeadlineMs } = this.timings;
    while (!signal.aborted) {
      // Campaign until we hold the Lease.
      for (;;) {
        if (signal.aborted) return;
        if ((await this.#tryAcquireOrRenew("acquire")) === "leading") break;
        await sleep(this.#clock, retryPeriodMs * (1 + this.#random() * jitterFactor), signal);
      }
      this.#startLeading();
      // Renew until we cannot, or until stopped.
      let lastRenew = this.#clock.now();
      let reason: "lost" | "renew-deadline" | "shutdown" = "shutdown";
      for (;;) {
        if (!(await sleep(this.#clock, retryPeriodMs, signal))) break;
        const remaining = lastRenew + renewDeadlineMs - this.#clock.now();
        const result = await this.#withDeadline(this.#tryAcquireOrRenew("renew"), remaining);
        if (result === "leading") {
          lastRenew = this.#clock.now();
          continue;
        }
        if (result === "held-by-other") {
          reason = "lost";
          break;
        }
        if (this.#clock.now() - lastRenew >= renewDeadlineMs) {
          reason = "renew-deadline";
          break;
        }
      }
      this.#stopLeading(reason);
      if (signal.aborted && (this.#options.releaseOnStop ?? true)) await this.#release();
    }
  }

  /** One round of client-go's tryAcquireOrRenew. */
  async #tryAcquireOrRenew(during: "acquire" | "renew"): Promise<AttemptResult> {
    const { client, namespace, name } = this.#options;
    const now = this.#clock.now();
    const desired = (previous: LeaseSpec | undefined): LeaseSpec => {
      const wasMine = previous?.holderIdentity === this.identity;
      return {
        holderIdentity: this.identity,
        leaseDurationSeconds: Math.ceil(this.timings.leaseDurationMs / 1000),
        acquireTime: wasMine && previous?.acquireTime ? previous.acquireTime : microTime(now),
        renewTime: microTime(now),
        leaseTransitions: (previous?.leaseTransitions ?? 0) + (previous && !wasMine ? 1 : 0),
      };
    };
    let lease: Lease;
    try {
      lease = await client.get(LeaseResource, name, { namespace });
    } catch (error) {
      if (!isNotFound(error)) {
        this.#emit({ type: "error", during, error });
        return "failed";
      }
      try {
        const spec = desired(undefined);
        const created = await client.create(LeaseResource, { apiVersion: "coordination.k8s.io/v1", kind: "Lease", metadata: { name, namespace }, spec });
        this.#observe(spec, created.metadata?.resourceVersion, now);
        return "leading";
      } catch (createError) {
        this.#emit({ type: "error", during, error: createError });
        return "failed";
      }
    }
    const spec = lease.spec ?? {};
    if (!this.#observed || this.#observed.resourceVersion !== lease.metadata?.resourceVersion) {
      this.#observe(spec, lease.metadata?.resourceVersion, now);
    }
    const holder = spec.holderIdentity ?? "";
    const observedAt = this.#observed?.at ?? now;
    if (holder !== "" && holder !== this.identity && observedAt + (spec.leaseDurationSeconds ?? 0) * 1000 > now) return "held-by-other";
    const next = desired(spec);
    try {
      const updated = await client.replace(LeaseResource, { ...lease, spec: next });
      this.#observe(next, updated.metadata?.resourceVersion, now);
      return "leading";
    } catch (error) {
      this.#emit({ type: "error", during, error });
      return "failed";
    }
  }

  #observe(spec: LeaseSpec, resourceVersion: string | undefined, at: number): void {
    const previousHolder = this.#observed?.spec.holderIdentity;
    this.#observed = { spec, resourceVersion, at };
    if (spec.holderIdentity && spec.holderIdentity !== previousHolder) this.#emit({ type: "new-leader", identity: spec.holderIdentity });
  }

  /** A renewal that hangs past the deadline counts as failed (the request may still finish in the background). */
  async #withDeadline(attempt: Promise<AttemptResult>, remainingMs: number): Promise<AttemptResult> {
    const timeout = new AbortController();
    const timedOut = sleep(this.#clock, Math.max(0, remainingMs), timeout.signal).then((): AttemptResult => "failed");
    try {
      return await Promise.race([attempt, timedOut]);
    } finally {
      timeout.abort();
    }
  }

  #startLeading(): void {
    this.#leading = true;
    this.#leaderAbort = new AbortController();
    this.#emit({ type: "started-leading" });
    this.#options.onStartedLeading?.(this.#leaderAbort.signal);
  }

  #stopLeading(reason: "lost" | "renew-deadline" | "shutdown"): void {
    this.#leading = false;
    this.#leaderAbort?.abort();
    this.#emit({ type: "stopped-leading", reason });
    this.#options.onStoppedLeading?.();
  }

  /** Hands the Lease back (holder cleared, 1 s duration) if we still hold it. */
  async #release(): Promise<void> {
    const { client, namespace, name } = this.#options;
    try {
      const lease = await client.get(LeaseResource, name, { namespace });
      if (lease.spec?.holderIdentity !== this.identity) return;
      const now = microTime(this.#clock.now());
      const spec: LeaseSpec = { leaseDurationSeconds: 1, acquireTime: now, renewTime: now, leaseTransitions: lease.spec.leaseTransitions ?? 0 };
      const released = await client.replace(LeaseResource, { ...lease, spec });
      this.#observe(spec, released.metadata?.resourceVersion, this.#clock.now());
    } catch (error) {
      this.#emit({ type: "error", during: "release", error });
    }
  }

  #emit(event: LeaderElectionEvent): void {
    this.#options.onEvent?.(event);
  }
}

/**
 * A KubeClient whose writes fail with NotLeaderError unless `isLeader()` holds: the guard that keeps a
 * standby replica from writing even if some code path forgets to check.
 */
export function leaderOnlyClient(client: KubeClient, isLeader: () => boolean): KubeClient {
  const guard = (verb: string, resource: ResourceType, namespace: string | undefined, name: string | undefined): void => {
    if (isLeader()) return;
    const target: RequestTarget = { verb, kind: resource.kind, namespace, name };
    throw new NotLeaderError(target);
  };
  return {
    get: (resource, name, options) => client.get(resource, name, options),
    list: (resource, options) => client.list(resource, options),
    watch: (resource, options, onEvent) => client.watch(resource, options, onEvent),
    async create<T extends KubeObject>(resource: ResourceType<T>, object: T, options?: WriteOptions) {
      guard("create", resource, object.metadata?.namespace, object.metadata?.name);
      return client.create(resource, object, options);
    },
    async replace<T extends KubeObject>(resource: ResourceType<T>, object: T, options?: WriteOptions) {
      guard("replace", resource, object.metadata?.namespace, object.metadata?.name);
      return client.replace(resource, object, options);
    },
    async apply<T extends KubeObject>(resource: ResourceType<T>, object: ApplyConfiguration<T>, options?: ApplyOptions) {
      guard("apply", resource, object.metadata.namespace, object.metadata.name);
      return client.apply(resource, object, options);
    },
    async patchStatus<T extends KubeObject>(resource: ResourceType<T>, object: ApplyConfiguration<T>, options?: ApplyOptions) {
      guard("patchStatus", resource, object.metadata.namespace, object.metadata.name);
      return client.patchStatus(resource, object, options);
    },
    async mergePatch<T extends KubeObject>(
      resource: ResourceType<T>,
      name: string,
      patch: Record<string, unknown>,
      options?: NamespaceOption & WriteOptions & { readonly subresource?: "status" | undefined },
    ) {
      guard("mergePatch", resource, options?.namespace, name);
      return client.mergePatch(resource, name, patch, options);
    },
    async delete(resource: ResourceType, name: string, options?: DeleteOptions) {
      guard("delete", resource, options?.namespace, name);
      return client.delete(resource, name, options);
    },
    async createEvent(event: CoreEvent) {
      guard("create", EventResource, event.metadata?.namespace, event.metadata?.name);
      return client.createEvent(event);
    },
  };
}

// The controller as one object: informers that are always running (a standby keeps its caches warm),
// and a leader Session holding the allocator and the reconcile loops, created fresh each time this
// replica starts leading. A new Session claims every existing assignment before it allocates anything
// (its first reprocess-all). Without leader election the Session starts at once.
import type { Community, ConfigurationState, IPAddressPool, Namespace, Service } from "@metallb-ts/api";
import type { PoolChanges, Pool } from "@metallb-ts/allocator";
import type { ValidationMode } from "@metallb-ts/config";
import {
  CoalescingTrigger,
  EventRecorder,
  Informer,
  LeaderElector,
  ReconcileLoop,
  createK8sClientMetrics,
  leaderOnlyClient,
  systemClock,
  type Clock,
  type InformerEvent,
  type KubeObject,
  type ResourceType,
  type K8sClientMetrics,
  type KubeClient,
  type LeaderElectionTimings,
  type Logger,
  type OwnerReference,
  type ReconcileResult,
} from "@metallb-ts/runtime";
import type { Registry } from "prom-client";
import { ServiceConverger } from "./core/converge.js";
import { registerAllocatorMetrics } from "./metrics.js";
import { ConfigurationStateReporter, controllerStateName } from "./reconcilers/configuration-state.js";
import { PoolReconciler } from "./reconcilers/pool-reconciler.js";
import { PoolStatusReconciler } from "./reconcilers/pool-status-reconciler.js";
import { ServiceReconciler, reprocessAllKey, serviceQueueKeyId, type ServiceQueueKey } from "./reconcilers/service-reconciler.js";
import { CommunityResource, ConfigurationStateResource, IPAddressPoolResource, NamespaceResource, ServiceResource } from "./resources.js";

export interface LeaderElectionOptions extends Partial<LeaderElectionTimings> {
  /** Lease name (`--lease-name`), in the metallb namespace. */
  readonly leaseName: string;
  /** Unique per replica (the pod name). */
  readonly identity: string;
}

export interface ControllerOptions {
  readonly client: KubeClient;
  /** The metallb namespace. */
  readonly namespace: string;
  readonly log: Logger;
  readonly registry: Registry;
  readonly validation: ValidationMode;
  readonly lbClass?: string | undefined;
  /** Absent: this replica is the single writer. */
  readonly leaderElection?: LeaderElectionOptions | undefined;
  /** Owner of the ConfigurationState (our Pod), when it exists. */
  readonly owner?: OwnerReference | undefined;
  readonly clock?: Clock;
  /** Parallel Service reconciles (API writes are the bound). Default 16. */
  readonly serviceWorkers?: number;
}

function sameJSON(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Everything that exists only while this replica leads. */
class Session {
  readonly converger = new ServiceConverger();
  readonly services: ServiceReconciler;
  readonly serviceLoop: ReconcileLoop<ServiceQueueKey>;
  readonly poolTrigger: CoalescingTrigger;
  readonly poolStatusLoop: ReconcileLoop<string>;

  constructor(controller: Controller, writer: KubeClient, metrics: K8sClientMetrics, onResult: (r: ReconcileResult<unknown>) => void) {
    const o = controller.options;
    const log = o.log;
    const enqueuePools = (pools: readonly string[]): void => {
      for (const pool of pools) this.poolStatusLoop.enqueue(pool);
    };
    this.services = new ServiceReconciler({
      client: writer,
      services: controller.services,
      namespaces: controller.namespaces,
      converger: this.converger,
      events: controller.recorder,
      log: log.child({ controller: "service" }),
      lbClass: o.lbClass,
      enqueue: (key) => this.serviceLoop.enqueue(key),
      onPoolsChanged: enqueuePools,
    });
    this.serviceLoop = new ReconcileLoop<ServiceQueueKey>({
      name: "service",
      reconcile: this.services.reconcile,
      keyOf: serviceQueueKeyId,
      workers: o.serviceWorkers ?? 16,
      reprocessAllKey,
      metrics,
      ...(o.clock ? { clock: o.clock } : {}),
      onResult,
    });
    const pools = new PoolReconciler({
      namespace: o.namespace,
      pools: controller.pools,
      communities: controller.communities,
      namespaces: controller.namespaces,
      converger: this.converger,
      validation: o.validation,
      metrics,
      log,
      onPoolsApplied: (changes: PoolChanges, applied: readonly Pool[]) => {
        enqueuePools([...applied.map((p) => p.name), ...changes.released.map((r) => r.pool), ...changes.moved.map((m) => m.from)]);
        this.serviceLoop.enqueue(reprocessAllKey);
      },
      reportState: (result) => {
        controller.stateReporter.set(result);
        controller.stateTrigger.notify();
      },
    });
    this.poolTrigger = new CoalescingTrigger({ name: "pool", run: pools.run, metrics, ...(o.clock ? { clock: o.clock } : {}), onResult });
    const poolStatus = new PoolStatusReconciler({ client: writer, namespace: o.namespace, pools: controller.pools, allocator: () => this.converger.allocator });
    this.poolStatusLoop = new ReconcileLoop<string>({ name: "pool-status", reconcile: poolStatus.reconcile, keyOf: (k) => k, ...(o.clock ? { clock: o.clock } : {}), onResult });
  }

  start(): void {
    this.serviceLoop.start();
    this.poolStatusLoop.start();
    this.poolTrigger.start();
    this.poolTrigger.notify();
  }

  async stop(): Promise<void> {
    await Promise.all([this.serviceLoop.stop(), this.poolStatusLoop.stop(), this.poolTrigger.stop()]);
  }
}

export class Controller {
  readonly options: ControllerOptions;
  readonly services: Informer<Service>;
  readonly namespaces: Informer<Namespace>;
  readonly pools: Informer<IPAddressPool>;
  readonly communities: Informer<Community>;
  readonly states: Informer<ConfigurationState>;
  readonly recorder: EventRecorder;
  readonly stateReporter: ConfigurationStateReporter;
  readonly stateTrigger: CoalescingTrigger;
  readonly metrics: K8sClientMetrics;
  readonly #writer: KubeClient;
  readonly #elector: LeaderElector | undefined;
  #session: Session | undefined;
  #sessionStart: Promise<void> | undefined;
  #stopped = false;

  constructor(options: ControllerOptions) {
    this.options = options;
    const { client, namespace, log } = options;
    const clock = options.clock ?? systemClock;
    const informerEvents = (resource: string) => (event: InformerEvent) => {
      if (event.type === "listed") log.debug({ resource, count: event.count }, "informer listed");
      else if (event.type === "invalid-object") log.warn({ resource, err: event.error }, "ignoring invalid object");
      else if (event.type !== "relisting") log.warn({ resource, event: event.type, err: "error" in event ? event.error : undefined }, "informer trouble");
    };
    const informer = <T extends KubeObject>(resource: ResourceType<T>, scoped: boolean): Informer<T> =>
      new Informer(client, resource, { ...(scoped ? { namespace } : {}), clock, onEvent: informerEvents(resource.plural) });
    this.services = informer(ServiceResource, false);
    this.namespaces = informer(NamespaceResource, false);
    this.pools = informer(IPAddressPoolResource, true);
    this.communities = informer(CommunityResource, true);
    this.states = informer(ConfigurationStateResource, true);

    if (options.leaderElection) {
      const le = options.leaderElection;
      this.#elector = new LeaderElector({
        ...le,
        client,
        namespace,
        name: le.leaseName,
        identity: le.identity,
        clock,
        onStartedLeading: () => this.#startSession(),
        onStoppedLeading: () => void this.#stopSession(),
        onEvent: (event) => {
          if (event.type === "error") log.warn({ event: "leaderElection", during: event.during, err: event.error }, "leader election trouble");
          else log.info({ event: "leaderElection", ...event }, `leader election: ${event.type}`);
        },
      });
    }
    const elector = this.#elector;
    this.#writer = elector ? leaderOnlyClient(client, () => elector.isLeader()) : client;
    this.recorder = new EventRecorder({
      client: this.#writer,
      component: "metallb-controller",
      clock,
      onError: (err, event) => log.debug({ err, reason: event.reason }, "failed to record event"),
    });
    this.metrics = createK8sClientMetrics(options.registry, "metallb");
    registerAllocatorMetrics(options.registry, () => (this.#session ? this.#session.converger.allocator.stats() : []));
    this.stateReporter = new ConfigurationStateReporter({ client: this.#writer, namespace, clock, owner: options.owner });
    this.stateTrigger = new CoalescingTrigger({ name: "configuration-state", run: this.stateReporter.run, clock, onResult: (r) => this.#logResult(r) });
    this.#wireHandlers();
  }

  /** True when this replica currently leads (always, without leader election). */
  isLeader(): boolean {
    return this.#elector ? this.#elector.isLeader() : !this.#stopped;
  }

  /** Informer caches are filled (readiness). */
  synced(): boolean {
    return [this.services, this.namespaces, this.pools, this.communities, this.states].every((i) => i.hasSynced());
  }

  /** Service writes of the leader Session that the informer has not delivered back yet. */
  unobservedWrites(): number {
    return this.#session?.services.unobservedWrites ?? 0;
  }

  /** True once the leader Session finished its first clean reprocess-all (every existing assignment claimed). */
  claimed(): boolean {
    return this.#session?.services.ready ?? false;
  }

  start(): void {
    for (const inf of [this.services, this.namespaces, this.pools, this.communities, this.states]) inf.start();
    this.stateTrigger.start();
    if (this.#elector) this.#elector.start();
    else this.#startSession();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    // The elector steps down (stopping the Session) before it releases the Lease.
    if (this.#elector) await this.#elector.stop();
    else await this.#stopSession();
    await this.stateTrigger.stop();
    await Promise.all([this.services, this.namespaces, this.pools, this.communities, this.states].map((i) => i.stop()));
    await this.recorder.flush();
  }

  /** Resolves when the leader Session has nothing queued or running (tests, benchmarks). */
  async idle(): Promise<void> {
    await this.#sessionStart;
    const s = this.#session;
    if (!s) return;
    await s.poolTrigger.idle();
    await s.serviceLoop.idle();
    await s.poolStatusLoop.idle();
  }

  #startSession(): void {
    if (this.#session || this.#stopped) return;
    const metrics = this.metrics;
    const log = this.options.log;
    this.#sessionStart = (async () => {
      const synced = await Promise.all([this.services, this.namespaces, this.pools, this.communities].map((i) => i.waitForSync()));
      if (!synced.every(Boolean) || this.#stopped || !this.isLeader()) return;
      const session = new Session(this, this.#writer, metrics, (r) => this.#logResult(r));
      this.#session = session;
      this.stateReporter.forget();
      log.info({ event: "sessionStarted" }, "leading: claiming existing assignments, then allocating");
      session.start();
    })();
  }

  async #stopSession(): Promise<void> {
    await this.#sessionStart;
    const session = this.#session;
    this.#session = undefined;
    if (session) {
      this.options.log.info({ event: "sessionStopped" }, "stopped leading: no more writes");
      await session.stop();
    }
  }

  #logResult(r: ReconcileResult<unknown>): void {
    if (r.state !== "thrown") return;
    const key = typeof r.key === "object" ? JSON.stringify(r.key) : String(r.key);
    this.options.log.warn({ key, err: r.error, retryInMs: r.retryInMs }, "reconcile failed");
  }

  #wireHandlers(): void {
    const enqueueService = (svc: Service): void => {
      const s = this.#session;
      if (!s) return;
      s.services.observed(svc);
      s.serviceLoop.enqueue({ kind: "service", namespace: svc.metadata.namespace ?? "", name: svc.metadata.name ?? "" });
    };
    this.services.addHandler({ onAdd: enqueueService, onUpdate: (_old, svc) => enqueueService(svc), onDelete: enqueueService });

    const reloadPools = (): void => this.#session?.poolTrigger.notify();
    this.pools.addHandler({
      onAdd: reloadPools,
      onDelete: reloadPools,
      onUpdate: (old, pool) => {
        if (!sameJSON(old.spec, pool.spec) || !sameJSON(old.metadata.labels, pool.metadata.labels)) reloadPools();
        // Someone else edited the status: put ours back.
        if (!sameJSON(old.status, pool.status)) this.#session?.poolStatusLoop.enqueue(pool.metadata.name ?? "");
      },
    });
    this.communities.addHandler({ onAdd: reloadPools, onDelete: reloadPools, onUpdate: reloadPools });
    this.namespaces.addHandler({
      onAdd: reloadPools,
      onDelete: reloadPools,
      onUpdate: (old, ns) => {
        if (!sameJSON(old.metadata.labels, ns.metadata.labels)) reloadPools();
      },
    });
    this.states.addHandler({
      onDelete: (state) => {
        if (state.metadata.name !== controllerStateName) return;
        this.stateReporter.forget();
        if (this.#session) this.stateTrigger.notify();
      },
    });
  }
}

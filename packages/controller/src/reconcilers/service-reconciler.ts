// The Service reconciler: turns ServiceConverger decisions into writes (status subresource + pool
// annotation), events and SyncStates. Single Services run in parallel under a shared lock; the
// reprocess-all key (a queue key like any other, STYLE §1.2 c) takes the lock exclusively, claims every
// existing assignment first (Services with IPs before Services without), then writes with bounded
// concurrency. Until one reprocess-all pass has completed cleanly, single-Service keys are parked and
// replayed afterwards (upstream drops them, which loses Services created during the first pass).
import { Annotation, type Namespace, type Service } from "@metallb-ts/api";
import {
  ConflictError,
  NotFoundError,
  NotLeaderError,
  SyncState,
  referenceTo,
  type EventType,
  type KubeClient,
  type Logger,
  type ObjectReference,
  type ObjectStore,
} from "@metallb-ts/runtime";
import { reprocessOrder, type ConvergeOutcome, type ServiceConverger } from "../core/converge.js";
import { ServiceEvents, type ServiceEvent } from "../core/events.js";
import { allocatedPoolAnnotation, handlesClass, legacyAnnotationKeys, serviceKeyOf } from "../core/service-keys.js";
import { ServiceResource } from "../resources.js";
import { ExclusiveLock, mapLimit } from "./exclusive-lock.js";

export type ServiceQueueKey = { readonly kind: "service"; readonly namespace: string; readonly name: string } | { readonly kind: "reprocess-all" };

export const reprocessAllKey: ServiceQueueKey = { kind: "reprocess-all" };

export function serviceQueueKeyId(key: ServiceQueueKey): string {
  return key.kind === "service" ? `${key.namespace}/${key.name}` : "\u0000reprocess-all";
}

/** The part of EventRecorder the reconciler uses. */
export interface EventSink {
  event(target: ObjectReference, type: EventType, reason: string, message: string): void;
}

export interface ServiceReconcilerOptions {
  /** Writes go through it; in HA mode it refuses writes when not leading. */
  readonly client: KubeClient;
  readonly services: ObjectStore<Service>;
  readonly namespaces: ObjectStore<Namespace>;
  readonly converger: ServiceConverger;
  readonly events: EventSink;
  readonly log: Logger;
  /** `--lb-class`; undefined handles Services without a class. */
  readonly lbClass?: string | undefined;
  /** Re-queues parked keys once the initial pass is done. */
  readonly enqueue: (key: ServiceQueueKey) => void;
  /** Called with pools whose counters changed. */
  readonly onPoolsChanged?: (pools: readonly string[]) => void;
  /** Parallel writes during reprocess-all. Default 32. */
  readonly writeConcurrency?: number;
}

type WriteResult = "unchanged" | "written" | "retry" | "gone";

export class ServiceReconciler {
  readonly #o: ServiceReconcilerOptions;
  readonly #lock = new ExclusiveLock();
  /** Read-your-writes: what we wrote, until the informer delivers the next event for that Service. */
  readonly #written = new Map<string, Service>();
  readonly #parked = new Set<string>();
  #initialPassDone = false;

  constructor(options: ServiceReconcilerOptions) {
    this.#o = options;
  }

  /** True once a reprocess-all pass completed without retries (the initial-load gate, spec §2.1). */
  get ready(): boolean {
    return this.#initialPassDone;
  }

  /** Call on every informer event of a Service: the cache has caught up with (or passed) our write. */
  observed(service: Service): void {
    this.#written.delete(serviceKeyOf(service));
  }

  reconcile = async (key: ServiceQueueKey): Promise<SyncState> => {
    if (key.kind === "reprocess-all") return this.#lock.exclusive(() => this.#reprocessAll());
    const id = serviceQueueKeyId(key);
    if (!this.#o.converger.poolsLoaded || !this.#initialPassDone) {
      this.#parked.add(id);
      return SyncState.success;
    }
    return this.#lock.shared(() => this.#reconcileOne(key.namespace, key.name));
  };

  async #reconcileOne(namespace: string, name: string): Promise<SyncState> {
    const key = `${namespace}/${name}`;
    const service = this.#read(namespace, name);
    if (!service || !handlesClass(service, this.#o.lbClass)) {
      // Deleted, or now another implementation's: free the IPs (nothing to write).
      const outcome = this.#o.converger.release(key);
      if (outcome.touchedPools.length > 0) {
        this.#o.log.info({ key, event: "serviceDeleted" }, "released the service's addresses");
        this.#o.onPoolsChanged?.(outcome.touchedPools);
      }
      return outcome.state;
    }
    const outcome = this.#converge(service);
    const written = await this.#write(service, outcome);
    if (written === "retry") return SyncState.error;
    return outcome.state;
  }

  /** Claims, then allocates, for every Service; see the file comment. */
  async #reprocessAll(): Promise<SyncState> {
    const converger = this.#o.converger;
    if (!converger.poolsLoaded) return SyncState.success;
    const started = performance.now();
    const services = this.#o.services.list().filter((s) => handlesClass(s, this.#o.lbClass));
    const present = new Set(services.map(serviceKeyOf));
    const released = converger.allocator.keys().filter((k) => !present.has(k)).flatMap((k) => converger.release(k).touchedPools);
    // The claim/allocate pass is synchronous: nothing can interleave with it.
    const results = reprocessOrder(services.map((s) => this.#written.get(serviceKeyOf(s)) ?? s)).map((service) => ({ service, outcome: this.#converge(service) }));
    const touched = new Set(released);
    for (const { outcome } of results) for (const pool of outcome.touchedPools) touched.add(pool);
    if (touched.size > 0) this.#o.onPoolsChanged?.([...touched]);
    const writes = await mapLimit(results, this.#o.writeConcurrency ?? 32, ({ service, outcome }) => this.#write(service, outcome));
    const retries = writes.filter((w) => w === "retry").length;
    const again = results.some((r) => r.outcome.state === SyncState.reprocessAll);
    this.#o.log.info(
      { event: "reprocessAll", services: results.length, written: writes.filter((w) => w === "written").length, retries, again, ms: Math.round(performance.now() - started) },
      "reprocessed all services",
    );
    if (retries > 0 || again) return SyncState.error;
    if (!this.#initialPassDone) {
      this.#initialPassDone = true;
      for (const id of this.#parked) {
        const slash = id.indexOf("/");
        this.#o.enqueue({ kind: "service", namespace: id.slice(0, slash), name: id.slice(slash + 1) });
      }
      this.#parked.clear();
    }
    return SyncState.success;
  }

  /**
   * True while no watch event for the Service arrived since the version our write was based on. The
   * response to a write can arrive after the watch event it caused (or a later one): keeping our copy
   * then would shadow a newer cache entry (and a later conflict would repeat until the next event).
   */
  #cacheBehind(key: string, namespace: string | undefined, name: string, basedOn: string | undefined): boolean {
    const previous = this.#written.get(key);
    if (previous) return previous.metadata.resourceVersion === basedOn;
    return this.#o.services.get(name, namespace)?.metadata.resourceVersion === basedOn;
  }

  /** Our writes the informer has not delivered yet (bounded by the number of Services). */
  get unobservedWrites(): number {
    return this.#written.size;
  }

  #read(namespace: string, name: string): Service | undefined {
    return this.#written.get(`${namespace}/${name}`) ?? this.#o.services.get(name, namespace);
  }

  #converge(service: Service): ConvergeOutcome {
    const labels = this.#o.namespaces.get(service.metadata.namespace ?? "")?.metadata.labels ?? {};
    const outcome = this.#o.converger.converge(service, labels);
    if (outcome.touchedPools.length > 0) this.#o.onPoolsChanged?.(outcome.touchedPools);
    for (const event of outcome.events) this.#record(service, event);
    if (outcome.error !== undefined) this.#o.log.info({ key: outcome.key, event: "convergeFailed", reason: outcome.error }, "service not converged");
    return outcome;
  }

  #record(service: Service, event: ServiceEvent): void {
    this.#o.events.event(referenceTo(ServiceResource, service), event.type, event.reason, event.message);
  }

  /** Writes status IPs and the pool annotation when they differ from the Service (spec §2.11). */
  async #write(service: Service, outcome: ConvergeOutcome): Promise<WriteResult> {
    const ingress = service.status?.loadBalancer?.ingress ?? [];
    const statusSame = ingress.length === outcome.ingress.length && ingress.every((entry, i) => entry.ip === outcome.ingress[i]);
    const annotationSame = allocatedPoolAnnotation(service) === outcome.pool;
    if (statusSame && annotationSame) return "unchanged";
    const { namespace, resourceVersion } = service.metadata;
    const name = service.metadata.name ?? "";
    const annotations = { [Annotation.ipAllocatedFromPool]: outcome.pool ?? null };
    const patch: Record<string, unknown> = {
      metadata: { resourceVersion, ...(annotationSame ? {} : { annotations }) },
      ...(statusSame ? {} : { status: { loadBalancer: { ingress: outcome.ingress.length > 0 ? outcome.ingress.map((ip) => ({ ip })) : null } } }),
    };
    const key = outcome.key;
    try {
      // One status write carries the annotation too: the Service status strategy keeps metadata changes.
      let written = await this.#o.client.mergePatch(ServiceResource, name, patch, { namespace, subresource: "status" });
      if (!annotationSame && allocatedPoolAnnotation(written) !== outcome.pool) {
        // A server (or fake) that drops metadata on /status: write the annotation on the main resource.
        written = await this.#o.client.mergePatch(ServiceResource, name, { metadata: { resourceVersion: written.metadata.resourceVersion, annotations } }, { namespace });
      }
      if (written.metadata.resourceVersion !== resourceVersion && this.#cacheBehind(key, namespace, name, resourceVersion)) this.#written.set(key, written);
      for (const legacy of legacyAnnotationKeys(service)) this.#record(service, ServiceEvents.deprecatedAnnotation(legacy));
      this.#o.log.debug({ key, event: "serviceUpdated", ips: outcome.ingress, pool: outcome.pool }, "updated service");
      return "written";
    } catch (err) {
      if (err instanceof NotFoundError) return "gone";
      if (err instanceof NotLeaderError) {
        this.#o.log.debug({ key, event: "notLeader" }, "write skipped, not leading");
        return "gone";
      }
      const level = err instanceof ConflictError ? "debug" : "warn";
      this.#o.log[level]({ key, event: "updateFailed", err }, "failed to update service, will retry");
      return "retry";
    }
  }
}

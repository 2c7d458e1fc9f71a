// core/v1 Event recorder with client-go's minimal correlation: an identical event (same object, type,
// reason, message, source) seen again is not created twice; the existing Event's count and lastTimestamp
// are patched instead. Recording never blocks or throws: writes run in order in the background and
// failures go to onError.
import { randomBytes } from "node:crypto";
import { systemClock, type Clock } from "./clock.js";
import { isNotFound } from "./errors.js";
import type { KubeClient } from "./kube-client.js";
import { EventResource, apiVersionOf, type CoreEvent, type KubeObject, type ObjectReference, type ResourceType } from "./resources.js";

export const EventType = { normal: "Normal", warning: "Warning" } as const;
export type EventType = (typeof EventType)[keyof typeof EventType];

export interface EventRecorderOptions {
  readonly client: KubeClient;
  /** source.component / reportingComponent, e.g. "metallb-controller". */
  readonly component: string;
  /** source.host (node name) for per-node daemons. */
  readonly host?: string | undefined;
  readonly clock?: Clock;
  /** Distinct events remembered for correlation. Default 4096 (client-go's cache size). */
  readonly cacheSize?: number;
  /** Writes queued while the API server is slow; beyond this, new events are dropped. Default 1000. */
  readonly maxPending?: number;
  readonly onError?: (error: unknown, event: CoreEvent) => void;
}

/** The reference an Event points at, built from a resource descriptor and an object. */
export function referenceTo(resource: ResourceType, object: KubeObject): ObjectReference {
  return {
    apiVersion: apiVersionOf(resource),
    kind: resource.kind,
    name: object.metadata?.name,
    namespace: resource.namespaced ? object.metadata?.namespace : undefined,
    uid: object.metadata?.uid,
    resourceVersion: object.metadata?.resourceVersion,
  };
}

interface SeenEvent {
  name: string;
  readonly namespace: string;
  count: number;
  readonly firstTimestamp: string;
}

function eventTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

export class EventRecorder {
  readonly #options: EventRecorderOptions;
  readonly #clock: Clock;
  /** Correlation cache, in least-recently-used order (Map keeps insertion order; re-insert on use). */
  readonly #seen = new Map<string, SeenEvent>();
  #tail: Promise<void> = Promise.resolve();
  #pending = 0;
  #seq = 0;
  readonly #instanceSuffix = randomBytes(3).toString("hex");

  constructor(options: EventRecorderOptions) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
  }

  normal(target: ObjectReference, reason: string, message: string): void {
    this.event(target, EventType.normal, reason, message);
  }

  warning(target: ObjectReference, reason: string, message: string): void {
    this.event(target, EventType.warning, reason, message);
  }

  event(target: ObjectReference, type: EventType, reason: string, message: string): void {
    const now = this.#clock.now();
    const timestamp = eventTime(now);
    // Events of cluster-scoped objects live in "default", as with client-go.
    const namespace = target.namespace || "default";
    const involvedObject: ObjectReference = Object.fromEntries(Object.entries(target).filter(([, v]) => v !== undefined));
    const key = JSON.stringify([this.#options.component, this.#options.host ?? "", involvedObject.apiVersion, involvedObject.kind, namespace, involvedObject.name, involvedObject.uid, type, reason, message]);
    const seen = this.#seen.get(key);
    const base: CoreEvent = {
      apiVersion: "v1",
      kind: "Event",
      // Time-ordered like client-go's names, plus per-process randomness: several speakers recording the
      // same reason for one Service in the same millisecond must not collide (a Conflict loses the event).
      metadata: { name: `${target.name ?? "unknown"}.${(now * 1000 + (this.#seq++ % 1000)).toString(16)}${this.#instanceSuffix}`, namespace },
      involvedObject,
      type,
      reason,
      message,
      source: { component: this.#options.component, ...(this.#options.host ? { host: this.#options.host } : {}) },
      reportingComponent: this.#options.component,
      reportingInstance: this.#options.host ?? "",
      count: 1,
      firstTimestamp: timestamp,
      lastTimestamp: timestamp,
    };
    if (seen) {
      seen.count++;
      this.#touch(key, seen);
      const count = seen.count;
      this.#enqueue(base, async () => {
        try {
          await this.#options.client.mergePatch(EventResource, seen.name, { count, lastTimestamp: timestamp }, { namespace: seen.namespace });
        } catch (error) {
          // The Event was garbage-collected (default TTL 1 h): start a new series.
          if (!isNotFound(error)) throw error;
          await this.#create({ ...base, count, firstTimestamp: seen.firstTimestamp }, key);
        }
      });
      return;
    }
    const entry: SeenEvent = { name: base.metadata?.name ?? "", namespace, count: 1, firstTimestamp: timestamp };
    this.#touch(key, entry);
    this.#enqueue(base, () => this.#create(base, key));
  }

  /** Resolves once every event recorded so far was written (or failed). */
  flush(): Promise<void> {
    return this.#tail;
  }

  async #create(event: CoreEvent, key: string): Promise<void> {
    const created = await this.#options.client.createEvent(event);
    const seen = this.#seen.get(key);
    if (seen && created.metadata?.name) seen.name = created.metadata.name;
  }

  #touch(key: string, entry: SeenEvent): void {
    this.#seen.delete(key);
    this.#seen.set(key, entry);
    const max = this.#options.cacheSize ?? 4096;
    while (this.#seen.size > max) {
      const oldest = this.#seen.keys().next().value;
      if (oldest === undefined) break;
      this.#seen.delete(oldest);
    }
  }

  #enqueue(event: CoreEvent, write: () => Promise<void>): void {
    if (this.#pending >= (this.#options.maxPending ?? 1000)) {
      this.#options.onError?.(new Error(`event dropped, ${this.#pending} writes pending: ${event.reason} on ${event.involvedObject.kind} ${event.involvedObject.name}`), event);
      return;
    }
    this.#pending++;
    this.#tail = this.#tail.then(async () => {
      try {
        await write();
      } catch (error) {
        this.#options.onError?.(error, event);
      } finally {
        this.#pending--;
      }
    });
  }
}

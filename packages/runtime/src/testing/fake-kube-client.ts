// In-memory KubeClient for other packages' unit tests: keeps objects per resource, bumps a global
// resourceVersion, delivers watch events (with selector transitions like the server), records every write,
// and emulates server-side apply field ownership closely enough for reconciler tests.
import { isDeepStrictEqual } from "node:util";
import { systemClock, type Clock } from "../clock.js";
import {
  BadRequestError,
  ConflictError,
  GoneError,
  InvalidError,
  NotFoundError,
  describeTarget,
  type RequestTarget,
} from "../errors.js";
import type {
  ApplyConfiguration,
  ApplyOptions,
  DeleteOptions,
  KubeClient,
  ListOptions,
  ListResult,
  NamespaceOption,
  WatchEvent,
  WatchEventType,
  WatchOptions,
  WatchSession,
  WriteOptions,
} from "../kube-client.js";
import { applyMergePatch, deletePath, getPath, isPlainObject, leafPaths, mergeApplied, type JsonObject } from "../object-merge.js";
import { EventResource, apiVersionOf, keyOfObject, objectKey, resourceId, type CoreEvent, type KubeObject, type ResourceType } from "../resources.js";
import { FieldOwners, applyOwner, updateOwner, type OwnershipScope } from "./field-owners.js";
import { matchesFieldRequirements, matchesLabelRequirements, parseFieldSelector, parseLabelSelector } from "../selectors.js";

export type FakeVerb = "get" | "list" | "watch" | "create" | "replace" | "apply" | "patchStatus" | "mergePatch" | "delete";
export type FakeWriteVerb = Exclude<FakeVerb, "get" | "list" | "watch">;

/** One write the code under test made, in order. */
export interface RecordedWrite {
  readonly verb: FakeWriteVerb;
  /** resourceId: "services", "ipaddresspools.metallb.io". */
  readonly resource: string;
  readonly kind: string;
  readonly namespace: string | undefined;
  readonly name: string;
  /** The body as sent (apply configuration, patch, or full object); undefined for delete. */
  readonly body: unknown;
  readonly fieldManager: string | undefined;
  readonly force: boolean | undefined;
  readonly subresource: "status" | undefined;
}

export interface ErrorMatcher {
  readonly verb?: FakeVerb | undefined;
  readonly resource?: ResourceType | undefined;
  readonly namespace?: string | undefined;
  readonly name?: string | undefined;
}

export interface FakeKubeClientOptions {
  /** Stamps creationTimestamp. Defaults to the system clock. */
  readonly clock?: Clock;
  readonly fieldManager?: string;
  /** Watch history kept per resource; watching from an older resourceVersion fails with GoneError. */
  readonly historyLimit?: number;
}

interface StoredEvent {
  readonly rv: number;
  readonly type: Exclude<WatchEventType, "BOOKMARK">;
  readonly object: KubeObject;
  readonly previous: KubeObject | undefined;
}

interface ActiveWatch {
  readonly namespace: string | undefined;
  readonly labels: ReturnType<typeof parseLabelSelector>;
  readonly fields: ReturnType<typeof parseFieldSelector>;
  readonly deliver: (event: WatchEvent<KubeObject>) => void;
  readonly end: (error?: Error) => void;
}

interface ResourceState {
  readonly resource: ResourceType;
  readonly objects: Map<string, KubeObject>;
  readonly history: StoredEvent[];
  /** Highest resourceVersion dropped from history: watching from below it is Gone. */
  compactedRV: number;
  readonly watches: Set<ActiveWatch>;
  /** object key -> manager -> owned field paths ("main" and "status" scopes kept apart). */
  readonly owners: Map<string, FieldOwners>;
}

interface InjectedError {
  readonly matcher: ErrorMatcher;
  readonly error: (target: RequestTarget) => Error;
  remaining: number;
}

const clone = <T>(value: T): T => structuredClone(value);
const initialResourceVersion = 1000;

export class FakeKubeClient implements KubeClient {
  readonly #clock: Clock;
  readonly #fieldManager: string;
  readonly #historyLimit: number;
  readonly #resources = new Map<string, ResourceState>();
  readonly #errors: InjectedError[] = [];
  /** resourceId -> how the "server" answers a create of that create-only kind. */
  readonly #answers = new Map<string, (object: KubeObject) => KubeObject>();
  /** Starts high so that "1" is an expired resourceVersion, as on a real server. */
  #rv = initialResourceVersion;
  #uid = 1;
  #generated = 1;
  /** Every write, in order. Tests assert on it (metallb's testK8S records the same way). */
  readonly writes: RecordedWrite[] = [];

  constructor(options: FakeKubeClientOptions = {}) {
    this.#clock = options.clock ?? systemClock;
    this.#fieldManager = options.fieldManager ?? "fake-client";
    this.#historyLimit = options.historyLimit ?? 10_000;
  }

  // --- test controls ----------------------------------------------------------------------------

  /** Puts objects in the store as they would exist before the test, without recording writes. */
  seed<T extends KubeObject>(resource: ResourceType<T>, ...objects: T[]): T[] {
    return objects.map((o) => clone(this.#insert(this.#state(resource), clone(o)) as T));
  }

  /** Current objects of a resource (deep copies), sorted by namespace/name. */
  objects<T extends KubeObject>(resource: ResourceType<T>, namespace?: string): T[] {
    const state = this.#state(resource);
    return [...state.objects.values()].filter((o) => namespace === undefined || o.metadata?.namespace === namespace).map((o) => clone(o) as T);
  }

  /** Makes the next `times` matching requests fail with `error` (an Error or a factory from the request target). */
  failNext(matcher: ErrorMatcher, error: Error | ((target: RequestTarget) => Error), times = 1): void {
    this.#errors.push({ matcher, error: typeof error === "function" ? error : () => error, remaining: times });
  }

  /**
   * Answers every create of a create-only kind (TokenReview, SubjectAccessReview) with `answer(body)`,
   * like the API server fills in `status`: nothing is stored, the create is recorded, failNext applies.
   */
  answerCreates<T extends KubeObject>(resource: ResourceType<T>, answer: (object: T) => T): void {
    this.#answers.set(resourceId(resource), answer as unknown as (object: KubeObject) => KubeObject);
  }

  /** Forgets watch history: any watch from a resourceVersion older than now gets 410 Gone. */
  compactHistory(resource?: ResourceType): void {
    for (const state of resource ? [this.#state(resource)] : this.#resources.values()) {
      state.history.length = 0;
      state.compactedRV = this.#rv;
    }
  }

  /** Ends every open watch (of one resource, or all): normally, or with `error` (e.g. a GoneError). */
  endWatches(resource?: ResourceType, error?: Error): void {
    for (const state of resource ? [this.#state(resource)] : this.#resources.values()) {
      for (const watch of [...state.watches]) watch.end(error);
    }
  }

  openWatchCount(resource?: ResourceType): number {
    let n = 0;
    for (const state of resource ? [this.#state(resource)] : this.#resources.values()) n += state.watches.size;
    return n;
  }

  /** Latest resourceVersion handed out. */
  get resourceVersion(): string {
    return String(this.#rv);
  }

  clearWrites(): void {
    this.writes.length = 0;
  }

  // --- KubeClient -------------------------------------------------------------------------------

  async get<T extends KubeObject>(resource: ResourceType<T>, name: string, options: NamespaceOption = {}): Promise<T> {
    const target = this.#target("get", resource, options.namespace, name);
    this.#maybeFail("get", resource, target);
    const obj = this.#state(resource).objects.get(this.#key(resource, options.namespace, name));
    if (!obj) throw this.#notFound(target);
    return clone(obj) as T;
  }

  async list<T extends KubeObject>(resource: ResourceType<T>, options: ListOptions = {}): Promise<ListResult<T>> {
    const target = this.#target("list", resource, options.namespace, undefined);
    this.#maybeFail("list", resource, target);
    const matcher = this.#matcher(resource, options, target);
    const all = [...this.#state(resource).objects.values()].filter(matcher).sort(byKey);
    const start = options.continue ? Number(options.continue) : 0;
    const end = options.limit ? start + options.limit : all.length;
    const items = all.slice(start, end).map((o) => clone(o) as T);
    return { items, resourceVersion: String(this.#rv), ...(end < all.length ? { continue: String(end) } : {}) };
  }

  watch<T extends KubeObject>(resource: ResourceType<T>, options: WatchOptions, onEvent: (event: WatchEvent<T>) => void): WatchSession {
    const target = this.#target("watch", resource, options.namespace, undefined);
    const state = this.#state(resource);
    let settle!: { resolve: () => void; reject: (e: Error) => void };
    const closed = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
    // Events are delivered asynchronously and in order, as from a real stream.
    const pending: (() => void)[] = [];
    let ended = false;
    let scheduled = false;
    const flush = (): void => {
      scheduled = false;
      while (pending.length > 0 && !ended) pending.shift()?.();
    };
    const push = (fn: () => void): void => {
      pending.push(fn);
      if (!scheduled) {
        scheduled = true;
        queueMicrotask(flush);
      }
    };
    const watch: ActiveWatch = {
      namespace: resource.namespaced ? options.namespace : undefined,
      labels: parseLabelSelector(options.labelSelector ?? ""),
      fields: parseFieldSelector(options.fieldSelector ?? ""),
      deliver: (event) => push(() => onEvent(clone(event) as WatchEvent<T>)),
      end: (error) => {
        push(() => {
          ended = true;
          state.watches.delete(watch);
          if (error) settle.reject(error);
          else settle.resolve();
        });
      },
    };
    try {
      this.#maybeFail("watch", resource, target);
      const from = Number(options.resourceVersion || "0");
      if (from !== 0 && from < state.compactedRV) {
        throw new GoneError(`${describeTarget(target)}: too old resource version: ${from} (${state.compactedRV})`, 410, target, {
          reason: "Expired",
          code: 410,
        });
      }
      state.watches.add(watch);
      if (from === 0) {
        for (const obj of [...state.objects.values()].sort(byKey)) this.#send(watch, "ADDED", obj, undefined);
      } else {
        for (const event of state.history) if (event.rv > from) this.#send(watch, event.type, event.object, event.previous);
      }
    } catch (err) {
      watch.end(err as Error);
    }
    return { closed, stop: () => watch.end() };
  }

  async create<T extends KubeObject>(resource: ResourceType<T>, object: T, options: WriteOptions = {}): Promise<T> {
    const meta = object.metadata ?? {};
    const answer = this.#answers.get(resourceId(resource));
    if (answer) {
      this.#maybeFail("create", resource, this.#target("create", resource, undefined, meta.name));
      this.#record("create", resource, undefined, meta.name ?? "", object, options.fieldManager, undefined, undefined);
      return clone(answer(clone(object))) as T;
    }
    const name = meta.name ?? (meta.generateName ? `${meta.generateName}${(this.#generated++).toString(36).padStart(5, "0")}` : undefined);
    const target = this.#target("create", resource, meta.namespace, name);
    if (!name) throw new InvalidError(`${describeTarget(target)}: metadata.name or generateName is required`, 422, target);
    this.#maybeFail("create", resource, target);
    this.#requireNamespace(resource, meta.namespace, target);
    const state = this.#state(resource);
    if (state.objects.has(this.#key(resource, meta.namespace, name))) {
      throw new ConflictError(`${describeTarget(target)}: already exists`, 409, target, { reason: "AlreadyExists", code: 409 });
    }
    this.#record("create", resource, meta.namespace, name, object, options.fieldManager, undefined, undefined);
    if (options.dryRun) return clone(object);
    const body = clone(object);
    body.metadata = { ...body.metadata, name };
    const created = this.#insert(state, body);
    this.#trackUpdate(state, options.fieldManager, undefined, created);
    return clone(created as T);
  }

  async replace<T extends KubeObject>(resource: ResourceType<T>, object: T, options: WriteOptions = {}): Promise<T> {
    const meta = object.metadata ?? {};
    const target = this.#target("replace", resource, meta.namespace, meta.name);
    this.#maybeFail("replace", resource, target);
    const state = this.#state(resource);
    const key = this.#key(resource, meta.namespace, meta.name ?? "");
    const existing = state.objects.get(key);
    if (!existing) throw this.#notFound(target);
    this.#checkResourceVersion(existing, meta.resourceVersion, target);
    this.#record("replace", resource, meta.namespace, meta.name ?? "", object, options.fieldManager, undefined, undefined);
    const next = clone(object) as JsonObject;
    if (resource.statusSubresource) next["status"] = clone((existing as JsonObject)["status"]);
    if (options.dryRun) return next as T;
    const replaced = this.#update(state, key, existing, next);
    this.#trackUpdate(state, options.fieldManager, existing, replaced);
    return clone(replaced as T);
  }

  async apply<T extends KubeObject>(resource: ResourceType<T>, object: ApplyConfiguration<T>, options: ApplyOptions = {}): Promise<T> {
    return this.#apply(resource, object, options, "main");
  }

  async patchStatus<T extends KubeObject>(resource: ResourceType<T>, object: ApplyConfiguration<T>, options: ApplyOptions = {}): Promise<T> {
    return this.#apply(resource, object, options, "status");
  }

  async mergePatch<T extends KubeObject>(
    resource: ResourceType<T>,
    name: string,
    patch: Record<string, unknown>,
    options: NamespaceOption & WriteOptions & { subresource?: "status" | undefined } = {},
  ): Promise<T> {
    const target = this.#target("mergePatch", resource, options.namespace, name);
    this.#maybeFail("mergePatch", resource, target);
    const state = this.#state(resource);
    const key = this.#key(resource, options.namespace, name);
    const existing = state.objects.get(key);
    if (!existing) throw this.#notFound(target);
    const patchMeta = isPlainObject(patch["metadata"]) ? patch["metadata"] : {};
    this.#checkResourceVersion(existing, patchMeta["resourceVersion"] as string | undefined, target);
    this.#record("mergePatch", resource, options.namespace, name, patch, options.fieldManager, undefined, options.subresource);
    const merged = applyMergePatch(existing, patch) as JsonObject;
    const next = this.#scopeToSubresource(resource, existing as JsonObject, merged, options.subresource === "status" ? "status" : "main");
    if (options.dryRun) return next as T;
    const patched = this.#update(state, key, existing, next);
    this.#trackUpdate(state, options.fieldManager, existing, patched);
    return clone(patched as T);
  }

  async delete(resource: ResourceType, name: string, options: DeleteOptions = {}): Promise<void> {
    const target = this.#target("delete", resource, options.namespace, name);
    this.#maybeFail("delete", resource, target);
    const state = this.#state(resource);
    const key = this.#key(resource, options.namespace, name);
    const existing = state.objects.get(key);
    if (!existing) throw this.#notFound(target);
    const pre = options.preconditions;
    if ((pre?.uid && pre.uid !== existing.metadata?.uid) || (pre?.resourceVersion && pre.resourceVersion !== existing.metadata?.resourceVersion)) {
      throw new ConflictError(`${describeTarget(target)}: precondition failed`, 409, target, { reason: "Conflict", code: 409 });
    }
    this.#record("delete", resource, options.namespace, name, undefined, undefined, undefined, undefined);
    state.objects.delete(key);
    state.owners.delete(key);
    const rv = ++this.#rv;
    const gone = clone(existing);
    gone.metadata = { ...gone.metadata, resourceVersion: String(rv) };
    this.#publish(state, { rv, type: "DELETED", object: gone, previous: existing });
  }

  async createEvent(event: CoreEvent): Promise<CoreEvent> {
    return this.create(EventResource, event);
  }

  // --- internals --------------------------------------------------------------------------------

  async #apply<T extends KubeObject>(
    resource: ResourceType<T>,
    object: ApplyConfiguration<T>,
    options: ApplyOptions,
    scope: "main" | "status",
  ): Promise<T> {
    const verb = scope === "main" ? "apply" : "patchStatus";
    const meta = object.metadata;
    const target = this.#target(verb, resource, meta.namespace, meta.name);
    this.#maybeFail(verb, resource, target);
    const manager = options.fieldManager ?? this.#fieldManager;
    const kind = (object as JsonObject)["kind"];
    if (kind !== undefined && kind !== resource.kind) {
      throw new BadRequestError(`${describeTarget(target)}: apply body has kind ${String(kind)}`, 400, target);
    }
    this.#requireNamespace(resource, meta.namespace, target);
    const state = this.#state(resource);
    const key = this.#key(resource, meta.namespace, meta.name);
    const existing = state.objects.get(key);
    if (!existing && scope === "status") throw this.#notFound(target);
    if (existing) this.#checkResourceVersion(existing, meta.resourceVersion, target);
    this.#record(verb, resource, meta.namespace, meta.name, object, manager, options.force, scope === "status" ? "status" : undefined);

    const applied = this.#ownedPart(resource, object as JsonObject, scope);
    const paths = leafPaths(applied);
    const owners = state.owners.get(key) ?? new FieldOwners();
    const owner = applyOwner(manager);
    if (!options.force) {
      const conflicts = owners.conflicts(owner, scope, paths, applied, existing);
      if (conflicts.length > 0) {
        throw new ConflictError(`${describeTarget(target)}: Apply failed with ${conflicts.length} conflict(s): ${conflicts.join(", ")}`, 409, target, {
          reason: "Conflict",
          code: 409,
        });
      }
    }
    if (options.dryRun) return clone({ ...(existing ?? {}), ...applied } as T);
    const base = clone((existing ?? {}) as JsonObject);
    for (const path of owners.applied(owner, scope, paths)) deletePath(base, path);
    const merged = mergeApplied(base, applied) as JsonObject;
    merged["metadata"] = { ...(isPlainObject(merged["metadata"]) ? merged["metadata"] : {}), name: meta.name, namespace: meta.namespace };
    merged["apiVersion"] = apiVersionOf(resource);
    merged["kind"] = resource.kind;
    state.owners.set(key, owners);
    return clone((existing ? this.#update(state, key, existing, merged) : this.#insert(state, merged)) as T);
  }

  /** The fields an apply may own: `.status` only for patchStatus; everything but `.status` (if it has the subresource) for apply. */
  #ownedPart(resource: ResourceType, object: JsonObject, scope: OwnershipScope): JsonObject {
    const body = withoutSystemFields(object);
    if (scope === "status") return body["status"] === undefined ? {} : { status: body["status"] };
    if (resource.statusSubresource) delete body["status"];
    return body;
  }

  /** A create, replace or merge patch: the writer (as an Update manager) owns what it changed. */
  #trackUpdate(state: ResourceState, fieldManager: string | undefined, before: KubeObject | undefined, after: KubeObject): void {
    const key = keyOfObject(after);
    const b = withoutSystemFields((before ?? {}) as JsonObject);
    const a = withoutSystemFields(after as JsonObject);
    const changed = leafPaths(a).filter((p) => !isDeepStrictEqual(getPath(a, p), getPath(b, p)));
    const removed = leafPaths(b).filter((p) => getPath(a, p) === undefined);
    const isStatus = (p: readonly string[]): boolean => state.resource.statusSubresource && p[0] === "status";
    const split = (paths: string[][]): Record<OwnershipScope, string[][]> => ({ main: paths.filter((p) => !isStatus(p)), status: paths.filter(isStatus) });
    const owners = state.owners.get(key) ?? new FieldOwners();
    owners.updated(updateOwner(fieldManager ?? this.#fieldManager), split(changed), split(removed));
    state.owners.set(key, owners);
  }

  /** Field owners of one object, for assertions: { "ctrl (Apply)": { main: ["data.x"], status: [] } }. */
  fieldOwners(resource: ResourceType, name: string, namespace?: string): Record<string, { main: string[]; status: string[] }> {
    return this.#state(resource).owners.get(this.#key(resource, namespace, name))?.snapshot() ?? {};
  }

  /** Keeps the other part of the object unchanged: a status write only changes `.status`, a main write never does. */
  #scopeToSubresource(resource: ResourceType, existing: JsonObject, next: JsonObject, scope: "main" | "status"): JsonObject {
    if (!resource.statusSubresource) return next;
    if (scope === "status") return { ...clone(existing), status: next["status"] };
    return { ...next, status: clone(existing["status"]) };
  }

  #insert(state: ResourceState, object: KubeObject): KubeObject {
    const rv = ++this.#rv;
    const meta = object.metadata ?? {};
    object.apiVersion ??= apiVersionOf(state.resource);
    object.kind ??= state.resource.kind;
    object.metadata = {
      ...meta,
      uid: meta.uid ?? `fake-uid-${this.#uid++}`,
      resourceVersion: String(rv),
      creationTimestamp: meta.creationTimestamp ?? new Date(this.#clock.now()).toISOString().replace(/\.\d{3}Z$/, "Z"),
      generation: meta.generation ?? 1,
    };
    if (!state.resource.namespaced) delete object.metadata.namespace;
    state.objects.set(this.#key(state.resource, meta.namespace, meta.name ?? ""), object);
    this.#publish(state, { rv, type: "ADDED", object, previous: undefined });
    return object;
  }

  /** Stores `next` unless it equals `existing` (the server skips no-op writes: no new resourceVersion, no event). */
  #update(state: ResourceState, key: string, existing: KubeObject, next: JsonObject): KubeObject {
    const candidate = next as KubeObject;
    candidate.metadata = { ...candidate.metadata, name: existing.metadata?.name, namespace: existing.metadata?.namespace };
    if (candidate.metadata.namespace === undefined) delete candidate.metadata.namespace;
    for (const field of ["uid", "creationTimestamp", "resourceVersion", "generation"] as const) {
      (candidate.metadata as Record<string, unknown>)[field] = existing.metadata?.[field];
    }
    if (isDeepStrictEqual(stripVolatile(candidate), stripVolatile(existing))) return existing;
    const rv = ++this.#rv;
    const specChanged = !isDeepStrictEqual(withoutMetaAndStatus(candidate), withoutMetaAndStatus(existing));
    candidate.metadata.resourceVersion = String(rv);
    candidate.metadata.generation = (existing.metadata?.generation ?? 1) + (specChanged ? 1 : 0);
    state.objects.set(key, candidate);
    this.#publish(state, { rv, type: "MODIFIED", object: candidate, previous: existing });
    return candidate;
  }

  #publish(state: ResourceState, event: StoredEvent): void {
    state.history.push(event);
    while (state.history.length > this.#historyLimit) state.compactedRV = state.history.shift()?.rv ?? state.compactedRV;
    for (const watch of state.watches) this.#send(watch, event.type, event.object, event.previous);
  }

  /** Translates an event for one watcher's selectors: objects entering the selection are ADDED, leaving it DELETED. */
  #send(watch: ActiveWatch, type: StoredEvent["type"], object: KubeObject, previous: KubeObject | undefined): void {
    const matches = (o: KubeObject | undefined): boolean =>
      o !== undefined &&
      (watch.namespace === undefined || o.metadata?.namespace === watch.namespace) &&
      matchesLabelRequirements(watch.labels, o.metadata?.labels) &&
      matchesFieldRequirements(watch.fields, o);
    if (type === "DELETED") {
      if (matches(previous)) watch.deliver({ type, object });
      return;
    }
    const now = matches(object);
    const before = type === "MODIFIED" && matches(previous);
    if (now && before) watch.deliver({ type: "MODIFIED", object });
    else if (now) watch.deliver({ type: "ADDED", object });
    else if (before) watch.deliver({ type: "DELETED", object });
  }

  #matcher(resource: ResourceType, options: ListOptions, target: RequestTarget): (o: KubeObject) => boolean {
    let labels: ReturnType<typeof parseLabelSelector>;
    let fields: ReturnType<typeof parseFieldSelector>;
    try {
      labels = parseLabelSelector(options.labelSelector ?? "");
      fields = parseFieldSelector(options.fieldSelector ?? "");
    } catch (err) {
      throw new BadRequestError(`${describeTarget(target)}: ${(err as Error).message}`, 400, target, undefined, { cause: err });
    }
    const ns = resource.namespaced ? options.namespace : undefined;
    return (o) =>
      (ns === undefined || o.metadata?.namespace === ns) && matchesLabelRequirements(labels, o.metadata?.labels) && matchesFieldRequirements(fields, o);
  }

  #state(resource: ResourceType): ResourceState {
    const id = resourceId(resource);
    let state = this.#resources.get(id);
    if (!state) {
      state = { resource, objects: new Map(), history: [], compactedRV: initialResourceVersion, watches: new Set(), owners: new Map() };
      this.#resources.set(id, state);
    }
    return state;
  }

  #key(resource: ResourceType, namespace: string | undefined, name: string): string {
    return objectKey(resource.namespaced ? namespace : undefined, name);
  }

  #target(verb: FakeVerb, resource: ResourceType, namespace: string | undefined, name: string | undefined): RequestTarget {
    return { verb, kind: resource.kind, namespace: resource.namespaced ? namespace : undefined, name };
  }

  #requireNamespace(resource: ResourceType, namespace: string | undefined, target: RequestTarget): void {
    if (resource.namespaced && !namespace) throw new BadRequestError(`${describeTarget(target)}: metadata.namespace is required`, 400, target);
  }

  #checkResourceVersion(existing: KubeObject, expected: string | undefined, target: RequestTarget): void {
    if (expected && expected !== existing.metadata?.resourceVersion) {
      throw new ConflictError(
        `${describeTarget(target)}: the object has been modified; please apply your changes to the latest version and try again`,
        409,
        target,
        { reason: "Conflict", code: 409 },
      );
    }
  }

  #notFound(target: RequestTarget): NotFoundError {
    return new NotFoundError(`${describeTarget(target)}: not found`, 404, target, { reason: "NotFound", code: 404 });
  }

  #maybeFail(verb: FakeVerb, resource: ResourceType, target: RequestTarget): void {
    const index = this.#errors.findIndex(
      ({ matcher: m }) =>
        (m.verb === undefined || m.verb === verb) &&
        (m.resource === undefined || resourceId(m.resource) === resourceId(resource)) &&
        (m.namespace === undefined || m.namespace === target.namespace) &&
        (m.name === undefined || m.name === target.name),
    );
    const injected = this.#errors[index];
    if (!injected) return;
    if (--injected.remaining <= 0) this.#errors.splice(index, 1);
    throw injected.error(target);
  }

  #record(
    verb: FakeWriteVerb,
    resource: ResourceType,
    namespace: string | undefined,
    name: string,
    body: unknown,
    fieldManager: string | undefined,
    force: boolean | undefined,
    subresource: "status" | undefined,
  ): void {
    this.writes.push({
      verb,
      resource: resourceId(resource),
      kind: resource.kind,
      namespace: resource.namespaced ? namespace : undefined,
      name,
      body: clone(body),
      fieldManager: fieldManager ?? this.#fieldManager,
      force,
      subresource,
    });
  }
}

function byKey(a: KubeObject, b: KubeObject): number {
  const ka = objectKey(a.metadata?.namespace, a.metadata?.name ?? "");
  const kb = objectKey(b.metadata?.namespace, b.metadata?.name ?? "");
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** The object minus identity and server-managed fields, which no manager owns. */
function withoutSystemFields(object: JsonObject): JsonObject {
  const body = clone(object);
  delete body["apiVersion"];
  delete body["kind"];
  const meta = isPlainObject(body["metadata"]) ? { ...body["metadata"] } : {};
  for (const field of ["name", "namespace", "generateName", "resourceVersion", "uid", "creationTimestamp", "generation", "managedFields"]) delete meta[field];
  if (Object.keys(meta).length > 0) body["metadata"] = meta;
  else delete body["metadata"];
  return body;
}

function stripVolatile(o: KubeObject): unknown {
  return { ...o, metadata: { ...o.metadata, resourceVersion: undefined, managedFields: undefined } };
}

function withoutMetaAndStatus(o: KubeObject): unknown {
  const { metadata: _m, status: _s, ...rest } = o as JsonObject;
  return rest;
}


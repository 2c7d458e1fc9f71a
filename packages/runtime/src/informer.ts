// Informer: list + watch one resource into a read-only store, keep it current, and call typed handlers.
// Relists when the watch's resourceVersion expires (410) and after watch errors, with capped exponential
// backoff; optional periodic resync; optional namespace / label / field scoping (so a per-node daemon
// holds only what concerns its node); optional zod validation at the boundary; optional projection of
// each object before it is stored (so a cache of large objects it mostly ignores stays small).
import { Backoff, type BackoffOptions } from "./backoff.js";
import { sleep, systemClock, type Clock, type TimerHandle } from "./clock.js";
import { GoneError, InvalidObjectError } from "./errors.js";
import type { KubeClient, SelectorOptions, WatchEvent, WatchSession } from "./kube-client.js";
import { keyOfObject, objectKey, type KubeObject, type ResourceType } from "./resources.js";

export interface InformerHandlers<T> {
  onAdd?(object: T): void;
  /** Also called with (o, o) on every periodic resync. */
  onUpdate?(previous: T, object: T): void;
  /** `object` is the last state the informer knew. */
  onDelete?(object: T): void;
}

/** Read-only view of an informer's cache: what reconcilers get instead of the informer itself. */
export interface ObjectStore<T> {
  /** Cluster-scoped objects: omit `namespace`. */
  get(name: string, namespace?: string): T | undefined;
  /** All objects, or those of one namespace. Insertion order, not sorted. */
  list(namespace?: string): T[];
  readonly size: number;
}

/** What happened inside the informer, for the binary to log or count. The informer never logs. */
export type InformerEvent =
  | { readonly type: "listed"; readonly count: number; readonly resourceVersion: string }
  | { readonly type: "relisting"; readonly reason: "expired" | "watch-error"; readonly error: unknown }
  | { readonly type: "retrying"; readonly during: "list" | "watch"; readonly error: unknown; readonly delayMs: number }
  | { readonly type: "invalid-object"; readonly error: InvalidObjectError }
  | { readonly type: "handler-error"; readonly error: unknown };

export interface InformerOptions<T extends KubeObject = KubeObject> extends SelectorOptions {
  /** Re-deliver every cached object to onUpdate this often. Off by default. */
  readonly resyncPeriodMs?: number | undefined;
  readonly clock?: Clock | undefined;
  /** Delay after failed lists/watches. Default 800 ms doubling up to 30 s (client-go's reflector). */
  readonly backoff?: BackoffOptions | undefined;
  /** List page size. Default 500. */
  readonly pageSize?: number | undefined;
  /** Server-side watch timeout; the watch is then resumed from the last resourceVersion. Default 270 s. */
  readonly watchTimeoutSeconds?: number | undefined;
  readonly onEvent?: ((event: InformerEvent) => void) | undefined;
  /**
   * Called on every listed or watched object (after schema validation) before it is stored: returns
   * what to keep (e.g. a minimal projection of an object this process does not need in full), or
   * undefined to drop it (a stored earlier version is then removed, with onDelete). The result must keep
   * the metadata name, namespace and resourceVersion.
   */
  readonly transform?: ((object: T) => T | undefined) | undefined;
}

export const defaultInformerBackoff: BackoffOptions = { initialMs: 800, maxMs: 30_000 };

/** An object the schema refused: the cache keeps what it had. */
const invalid = Symbol("invalid");
/** What to store for one listed or watched object; undefined when the transform dropped it. */
type Prepared<T> = T | undefined | typeof invalid;

/** A watch that ends normally sooner than this without delivering anything counts as a failure (no hot loop). */
const minHealthyWatchMs = 1000;

export class Informer<T extends KubeObject> implements ObjectStore<T> {
  readonly resource: ResourceType<T>;
  readonly #client: KubeClient;
  readonly #options: InformerOptions<T>;
  readonly #clock: Clock;
  readonly #backoff: Backoff;
  readonly #items = new Map<string, T>();
  readonly #byNamespace = new Map<string, Map<string, T>>();
  readonly #invalid = new Map<string, InvalidObjectError>();
  readonly #handlers = new Set<InformerHandlers<T>>();
  readonly #syncWaiters = new Set<() => void>();
  #abort = new AbortController();
  #session: WatchSession | undefined;
  #running: Promise<void> | undefined;
  #resyncTimer: TimerHandle | undefined;
  #resourceVersion = "";
  #synced = false;

  constructor(client: KubeClient, resource: ResourceType<T>, options: InformerOptions<T> = {}) {
    this.#client = client;
    this.resource = resource;
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.#backoff = new Backoff(options.backoff ?? defaultInformerBackoff);
  }

  /** Registers handlers; if the cache is already synced, onAdd is replayed for what it holds. Returns an unsubscribe. */
  addHandler(handlers: InformerHandlers<T>): () => void {
    this.#handlers.add(handlers);
    if (this.#synced) for (const obj of this.#items.values()) this.#call(() => handlers.onAdd?.(obj));
    return () => this.#handlers.delete(handlers);
  }

  start(): void {
    if (this.#running) return;
    this.#abort = new AbortController();
    this.#running = this.#run(this.#abort.signal);
    this.#scheduleResync();
  }

  async stop(): Promise<void> {
    this.#abort.abort();
    this.#session?.stop();
    if (this.#resyncTimer) this.#clock.clearTimeout(this.#resyncTimer);
    this.#resyncTimer = undefined;
    for (const resolve of this.#syncWaiters) resolve();
    await this.#running;
    this.#running = undefined;
  }

  hasSynced(): boolean {
    return this.#synced;
  }

  /** Resolves true once the first list is in the cache, false if the informer stops or `signal` aborts first. */
  waitForSync(signal?: AbortSignal): Promise<boolean> {
    if (this.#synced) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (): void => {
        this.#syncWaiters.delete(done);
        signal?.removeEventListener("abort", done);
        resolve(this.#synced);
      };
      this.#syncWaiters.add(done);
      signal?.addEventListener("abort", done, { once: true });
    });
  }

  get(name: string, namespace?: string): T | undefined {
    return this.#items.get(objectKey(this.resource.namespaced ? namespace : undefined, name));
  }

  list(namespace?: string): T[] {
    if (namespace === undefined) return [...this.#items.values()];
    return [...(this.#byNamespace.get(namespace)?.values() ?? [])];
  }

  get size(): number {
    return this.#items.size;
  }

  /** Objects currently rejected by the resource's schema (their last valid version, if any, stays cached). */
  invalidObjects(): InvalidObjectError[] {
    return [...this.#invalid.values()];
  }

  /** resourceVersion the cache is at. */
  get resourceVersion(): string {
    return this.#resourceVersion;
  }

  // --- loop ---------------------------------------------------------------------------------------

  async #run(signal: AbortSignal): Promise<void> {
    let needList = true;
    while (!signal.aborted) {
      if (needList) {
        try {
          await this.#relist();
          needList = false;
        } catch (error) {
          if (signal.aborted) return;
          const delayMs = this.#backoff.next();
          this.#emit({ type: "retrying", during: "list", error, delayMs });
          await sleep(this.#clock, delayMs, signal);
          continue;
        }
      }
      const started = this.#clock.now();
      let delivered = 0;
      const session = this.#client.watch(
        this.resource,
        { ...this.#selectors(), resourceVersion: this.#resourceVersion, allowWatchBookmarks: true, timeoutSeconds: this.#options.watchTimeoutSeconds ?? 270 },
        (event) => {
          delivered++;
          this.#onWatchEvent(event);
        },
      );
      this.#session = session;
      if (signal.aborted) session.stop();
      try {
        await session.closed;
        if (signal.aborted) return;
        if (delivered > 0 || this.#clock.now() - started >= minHealthyWatchMs) {
          this.#backoff.reset();
        } else {
          const delayMs = this.#backoff.next();
          this.#emit({ type: "retrying", during: "watch", error: undefined, delayMs });
          await sleep(this.#clock, delayMs, signal);
        }
      } catch (error) {
        if (signal.aborted) return;
        needList = true;
        if (error instanceof GoneError) {
          // The server compacted past our resourceVersion: relist right away, as client-go does.
          this.#emit({ type: "relisting", reason: "expired", error });
          continue;
        }
        const delayMs = this.#backoff.next();
        this.#emit({ type: "retrying", during: "watch", error, delayMs });
        await sleep(this.#clock, delayMs, signal);
        this.#emit({ type: "relisting", reason: "watch-error", error });
      } finally {
        this.#session = undefined;
      }
    }
  }

  #selectors(): SelectorOptions {
    const { namespace, labelSelector, fieldSelector } = this.#options;
    return {
      ...(namespace !== undefined ? { namespace } : {}),
      ...(labelSelector !== undefined ? { labelSelector } : {}),
      ...(fieldSelector !== undefined ? { fieldSelector } : {}),
    };
  }

  /**
   * Lists every page, then reconciles the cache with the result (adds, updates, deletes). Each page is
   * validated and transformed as it arrives, so only what the cache keeps is held until the end.
   */
  async #relist(): Promise<void> {
    const listed: [key: string, object: Prepared<T>][] = [];
    let next: string | undefined;
    let resourceVersion = "";
    do {
      const page = await this.#client.list(this.resource, { ...this.#selectors(), limit: this.#options.pageSize ?? 500, continue: next });
      for (const item of page.items) {
        const key = keyOfObject(item);
        listed.push([key, this.#prepare(key, item)]);
      }
      next = page.continue;
      resourceVersion = page.resourceVersion;
    } while (next);

    const seen = new Set<string>();
    for (const [key, object] of listed) {
      seen.add(key);
      this.#store(key, object);
    }
    for (const [key, obj] of [...this.#items]) if (!seen.has(key)) this.#remove(key, obj);
    for (const key of [...this.#invalid.keys()]) if (!seen.has(key)) this.#invalid.delete(key);
    this.#resourceVersion = resourceVersion;
    this.#backoff.reset();
    this.#emit({ type: "listed", count: listed.length, resourceVersion });
    if (!this.#synced) {
      this.#synced = true;
      for (const resolve of [...this.#syncWaiters]) resolve();
    }
  }

  #onWatchEvent(event: WatchEvent<T>): void {
    const rv = event.object.metadata?.resourceVersion;
    if (event.type === "BOOKMARK") {
      if (rv) this.#resourceVersion = rv;
      return;
    }
    const key = keyOfObject(event.object);
    if (event.type === "DELETED") {
      this.#invalid.delete(key);
      const known = this.#items.get(key);
      if (known) this.#remove(key, known);
    } else {
      this.#store(key, this.#prepare(key, event.object));
    }
    if (rv) this.#resourceVersion = rv;
  }

  /** Validated and transformed: what to store under `key`. */
  #prepare(key: string, raw: T): Prepared<T> {
    const valid = this.#validate(key, raw);
    if (valid === undefined) return invalid;
    return this.#options.transform ? this.#options.transform(valid) : valid;
  }

  #store(key: string, obj: Prepared<T>): void {
    if (obj === invalid) return; // the last valid version, if any, stays
    const previous = this.#items.get(key);
    if (obj === undefined) {
      if (previous) this.#remove(key, previous);
      return;
    }
    if (previous && previous.metadata?.resourceVersion === obj.metadata?.resourceVersion) return;
    this.#set(key, obj);
    if (previous) this.#dispatch((h) => h.onUpdate?.(previous, obj));
    else this.#dispatch((h) => h.onAdd?.(obj));
  }

  #validate(key: string, raw: T): T | undefined {
    const schema = this.resource.schema;
    if (!schema) return raw;
    const parsed = schema.safeParse(raw);
    if (parsed.success) {
      this.#invalid.delete(key);
      return parsed.data;
    }
    const error = new InvalidObjectError(
      this.resource.kind,
      raw.metadata?.namespace,
      raw.metadata?.name ?? "",
      parsed.error.issues.map((i) => ({ path: i.path, message: i.message })),
    );
    this.#invalid.set(key, error);
    this.#emit({ type: "invalid-object", error });
    return undefined;
  }

  #set(key: string, obj: T): void {
    this.#items.set(key, obj);
    const ns = obj.metadata?.namespace ?? "";
    let bucket = this.#byNamespace.get(ns);
    if (!bucket) this.#byNamespace.set(ns, (bucket = new Map()));
    bucket.set(key, obj);
  }

  #remove(key: string, obj: T): void {
    this.#items.delete(key);
    const ns = obj.metadata?.namespace ?? "";
    const bucket = this.#byNamespace.get(ns);
    bucket?.delete(key);
    if (bucket?.size === 0) this.#byNamespace.delete(ns);
    this.#dispatch((h) => h.onDelete?.(obj));
  }

  #scheduleResync(): void {
    const period = this.#options.resyncPeriodMs;
    if (!period || period <= 0) return;
    this.#resyncTimer = this.#clock.setTimeout(() => {
      if (this.#abort.signal.aborted) return;
      if (this.#synced) for (const obj of this.#items.values()) this.#dispatch((h) => h.onUpdate?.(obj, obj));
      this.#scheduleResync();
    }, period);
  }

  #dispatch(call: (handlers: InformerHandlers<T>) => void): void {
    for (const handlers of this.#handlers) this.#call(() => call(handlers));
  }

  /** A throwing handler must not kill the informer; it is reported instead. */
  #call(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.#emit({ type: "handler-error", error });
    }
  }

  #emit(event: InformerEvent): void {
    this.#options.onEvent?.(event);
  }
}

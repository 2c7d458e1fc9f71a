// The KubeClient port: everything the binaries may ask of the API server. Two implementations: the real
// one (real-kube-client.ts, on node:http(s)) and the in-memory fake in ./testing.
import type { CoreEvent, KubeObject, ResourceType } from "./resources.js";

export interface NamespaceOption {
  /** Required for namespaced resources on get/delete; on list/watch, omitted means all namespaces. */
  readonly namespace?: string | undefined;
}

export interface SelectorOptions extends NamespaceOption {
  /** Server-side label selector, e.g. "app=speaker,tier in (a,b)". */
  readonly labelSelector?: string | undefined;
  /** Server-side field selector, e.g. "metadata.name=node-1". */
  readonly fieldSelector?: string | undefined;
}

export interface ListOptions extends SelectorOptions {
  /** Page size. When set, only one page is returned and `continue` points at the next. */
  readonly limit?: number | undefined;
  readonly continue?: string | undefined;
}

export interface ListResult<T> {
  readonly items: T[];
  /** Collection resourceVersion: start a watch from here to see every later change. */
  readonly resourceVersion: string;
  readonly continue?: string | undefined;
}

export const WatchEventType = {
  added: "ADDED",
  modified: "MODIFIED",
  deleted: "DELETED",
  bookmark: "BOOKMARK",
} as const;
export type WatchEventType = (typeof WatchEventType)[keyof typeof WatchEventType];

export interface WatchEvent<T> {
  readonly type: WatchEventType;
  /** For BOOKMARK only metadata.resourceVersion is meaningful. */
  readonly object: T;
}

export interface WatchOptions extends SelectorOptions {
  /** Changes strictly after this version are delivered. */
  readonly resourceVersion: string;
  readonly allowWatchBookmarks?: boolean | undefined;
  /** Server closes the stream after this long (normal end, resume from the last resourceVersion). */
  readonly timeoutSeconds?: number | undefined;
}

export interface WatchSession {
  /**
   * Resolves when the stream ends normally (server timeout, stop()); rejects with a KubeApiError when it
   * fails: GoneError when the resourceVersion expired (relist), UnavailableError on network trouble.
   */
  readonly closed: Promise<void>;
  stop(): void;
}

export interface WriteOptions {
  /** Overrides the client's default field manager. */
  readonly fieldManager?: string | undefined;
  readonly dryRun?: boolean | undefined;
}

export interface ApplyOptions extends WriteOptions {
  /** Take over fields owned by other managers instead of failing with ConflictError. */
  readonly force?: boolean | undefined;
}

export interface DeleteOptions extends NamespaceOption {
  readonly preconditions?: { readonly uid?: string | undefined; readonly resourceVersion?: string | undefined } | undefined;
  readonly propagationPolicy?: "Foreground" | "Background" | "Orphan" | undefined;
}

export type DeepPartial<T> = T extends readonly (infer E)[]
  ? DeepPartial<E>[]
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> | undefined }
    : T;

/** A server-side-apply configuration: the fields this manager owns, plus the object's name. */
export type ApplyConfiguration<T> = DeepPartial<T> & {
  metadata: { name: string; namespace?: string | undefined; [key: string]: unknown };
};

export interface KubeClient {
  /** Throws NotFoundError when absent. */
  get<T extends KubeObject>(resource: ResourceType<T>, name: string, options?: NamespaceOption): Promise<T>;
  /** All pages unless `limit` is set. */
  list<T extends KubeObject>(resource: ResourceType<T>, options?: ListOptions): Promise<ListResult<T>>;
  watch<T extends KubeObject>(resource: ResourceType<T>, options: WatchOptions, onEvent: (event: WatchEvent<T>) => void): WatchSession;
  /** ConflictError (alreadyExists) when the name is taken; `metadata.generateName` is honoured. */
  create<T extends KubeObject>(resource: ResourceType<T>, object: T, options?: WriteOptions): Promise<T>;
  /** PUT: with metadata.resourceVersion set, fails with ConflictError if the object changed since. */
  replace<T extends KubeObject>(resource: ResourceType<T>, object: T, options?: WriteOptions): Promise<T>;
  /** Server-side apply of the main resource (creates it if missing). */
  apply<T extends KubeObject>(resource: ResourceType<T>, object: ApplyConfiguration<T>, options?: ApplyOptions): Promise<T>;
  /** Server-side apply on the status subresource. */
  patchStatus<T extends KubeObject>(resource: ResourceType<T>, object: ApplyConfiguration<T>, options?: ApplyOptions): Promise<T>;
  /** JSON merge patch (RFC 7386): for removing fields another manager set, e.g. a stale annotation. */
  mergePatch<T extends KubeObject>(
    resource: ResourceType<T>,
    name: string,
    patch: Record<string, unknown>,
    options?: NamespaceOption & WriteOptions & { readonly subresource?: "status" | undefined },
  ): Promise<T>;
  /** Throws NotFoundError when absent (wrap in ignoreNotFound when that is fine). */
  delete(resource: ResourceType, name: string, options?: DeleteOptions): Promise<void>;
  createEvent(event: CoreEvent): Promise<CoreEvent>;
}

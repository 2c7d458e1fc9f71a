// The KubeClient against a real API server: REST paths from our resource descriptors, JSON bodies,
// server-side apply as application/apply-patch+yaml, watch as a newline-delimited JSON stream.
//
// Built on node:http(s) (http-transport.ts) rather than @kubernetes/client-node: client-node 2.0 needs
// undici 8, which does not load on Node 20; its KubernetesObjectApi also lacks subresources (status) and
// does a discovery round-trip per kind, and it builds a new connection pool per request.
import type { IncomingMessage } from "node:http";
import { HttpTransport, type HttpMethod, type Query } from "./http-transport.js";
import type { KubeConfig } from "./kubeconfig.js";
import { BadRequestError, KubeApiError, kubeErrorFromStatus, describeTarget, type KubeStatus, type RequestTarget } from "./errors.js";
import type {
  ApplyConfiguration,
  ApplyOptions,
  DeleteOptions,
  KubeClient,
  ListOptions,
  ListResult,
  NamespaceOption,
  WatchEvent,
  WatchOptions,
  WatchSession,
  WriteOptions,
} from "./kube-client.js";
import { EventResource, apiVersionOf, resourcePath, type CoreEvent, type KubeObject, type ResourceType } from "./resources.js";

export interface KubeClientOptions {
  /** Default field manager for writes. */
  readonly fieldManager: string;
  /** Per-request timeout (not for watches). Default 30 s. */
  readonly requestTimeoutMs?: number;
  readonly userAgent?: string;
}

export function createKubeClient(kubeConfig: KubeConfig, options: KubeClientOptions): KubeClient {
  return new RealKubeClient(kubeConfig, options);
}

class RealKubeClient implements KubeClient {
  readonly #options: KubeClientOptions;
  readonly #http: HttpTransport;

  constructor(kc: KubeConfig, options: KubeClientOptions) {
    this.#options = options;
    this.#http = new HttpTransport(kc, options.userAgent ? { userAgent: options.userAgent } : {});
  }

  async get<T extends KubeObject>(resource: ResourceType<T>, name: string, options: NamespaceOption = {}): Promise<T> {
    const target = this.#target("get", resource, options.namespace, name);
    return (await this.#request("GET", resourcePath(resource, { namespace: options.namespace, name }), target)) as T;
  }

  async list<T extends KubeObject>(resource: ResourceType<T>, options: ListOptions = {}): Promise<ListResult<T>> {
    const target = this.#target("list", resource, options.namespace, undefined);
    const list = (await this.#request("GET", resourcePath(resource, { namespace: options.namespace }), target, {
      query: { labelSelector: options.labelSelector, fieldSelector: options.fieldSelector, limit: options.limit, continue: options.continue },
    })) as { items?: T[]; metadata?: { resourceVersion?: string; continue?: string } };
    // List items come without apiVersion/kind; fill them in so every object looks the same downstream.
    const items = (list.items ?? []).map((item) => ({ apiVersion: apiVersionOf(resource), kind: resource.kind, ...item }));
    const next = list.metadata?.continue;
    return { items, resourceVersion: list.metadata?.resourceVersion ?? "", ...(next ? { continue: next } : {}) };
  }

  watch<T extends KubeObject>(resource: ResourceType<T>, options: WatchOptions, onEvent: (event: WatchEvent<T>) => void): WatchSession {
    const target = this.#target("watch", resource, options.namespace, undefined);
    const abort = new AbortController();
    let stopped = false;
    const closed = this.#stream(resource, options, target, abort.signal, (event) => {
      if (!stopped) onEvent(event as WatchEvent<T>);
    }).catch((error: unknown) => {
      if (stopped) return;
      throw error;
    });
    return {
      closed,
      stop: () => {
        stopped = true;
        abort.abort();
      },
    };
  }

  async create<T extends KubeObject>(resource: ResourceType<T>, object: T, options: WriteOptions = {}): Promise<T> {
    const ns = object.metadata?.namespace;
    const target = this.#target("create", resource, ns, object.metadata?.name ?? object.metadata?.generateName);
    this.#requireNamespace(resource, ns, target);
    const body = { apiVersion: apiVersionOf(resource), kind: resource.kind, ...object };
    return (await this.#request("POST", resourcePath(resource, { namespace: ns }), target, {
      body,
      query: this.#writeQuery(options),
    })) as T;
  }

  async replace<T extends KubeObject>(resource: ResourceType<T>, object: T, options: WriteOptions = {}): Promise<T> {
    const { namespace, name } = object.metadata ?? {};
    const target = this.#target("replace", resource, namespace, name);
    const body = { apiVersion: apiVersionOf(resource), kind: resource.kind, ...object };
    return (await this.#request("PUT", resourcePath(resource, { namespace, name: name ?? "" }), target, {
      body,
      query: this.#writeQuery(options),
    })) as T;
  }

  apply<T extends KubeObject>(resource: ResourceType<T>, object: ApplyConfiguration<T>, options: ApplyOptions = {}): Promise<T> {
    return this.#apply(resource, object, options, undefined);
  }

  patchStatus<T extends KubeObject>(resource: ResourceType<T>, object: ApplyConfiguration<T>, options: ApplyOptions = {}): Promise<T> {
    return this.#apply(resource, object, options, "status");
  }

  async mergePatch<T extends KubeObject>(
    resource: ResourceType<T>,
    name: string,
    patch: Record<string, unknown>,
    options: NamespaceOption & WriteOptions & { subresource?: "status" | undefined } = {},
  ): Promise<T> {
    const target = this.#target("mergePatch", resource, options.namespace, name);
    return (await this.#request("PATCH", resourcePath(resource, { namespace: options.namespace, name, subresource: options.subresource }), target, {
      body: patch,
      contentType: "application/merge-patch+json",
      query: this.#writeQuery(options),
    })) as T;
  }

  async delete(resource: ResourceType, name: string, options: DeleteOptions = {}): Promise<void> {
    const target = this.#target("delete", resource, options.namespace, name);
    const body = {
      apiVersion: "v1",
      kind: "DeleteOptions",
      ...(options.preconditions ? { preconditions: options.preconditions } : {}),
      ...(options.propagationPolicy ? { propagationPolicy: options.propagationPolicy } : {}),
    };
    await this.#request("DELETE", resourcePath(resource, { namespace: options.namespace, name }), target, { body });
  }

  createEvent(event: CoreEvent): Promise<CoreEvent> {
    return this.create(EventResource, event);
  }

  // --- internals --------------------------------------------------------------------------------

  async #apply<T extends KubeObject>(
    resource: ResourceType<T>,
    object: ApplyConfiguration<T>,
    options: ApplyOptions,
    subresource: "status" | undefined,
  ): Promise<T> {
    const { namespace, name } = object.metadata;
    const target = this.#target(subresource ? "patchStatus" : "apply", resource, namespace, name);
    this.#requireNamespace(resource, namespace, target);
    const body = { ...object, apiVersion: apiVersionOf(resource), kind: resource.kind };
    return (await this.#request("PATCH", resourcePath(resource, { namespace, name, subresource }), target, {
      body,
      contentType: "application/apply-patch+yaml",
      query: { ...this.#writeQuery(options), force: options.force ? true : undefined },
    })) as T;
  }

  #writeQuery(options: WriteOptions): Query {
    return { fieldManager: options.fieldManager ?? this.#options.fieldManager, dryRun: options.dryRun ? "All" : undefined };
  }

  #target(verb: string, resource: ResourceType, namespace: string | undefined, name: string | undefined): RequestTarget {
    return { verb, kind: resource.kind, namespace: resource.namespaced ? namespace : undefined, name };
  }

  #requireNamespace(resource: ResourceType, namespace: string | undefined, target: RequestTarget): void {
    if (resource.namespaced && !namespace) throw new BadRequestError(`${describeTarget(target)}: metadata.namespace is required`, 400, target);
  }

  async #request(
    method: HttpMethod,
    path: string,
    target: RequestTarget,
    request: { body?: unknown; contentType?: string; query?: Query } = {},
  ): Promise<unknown> {
    const body = request.body === undefined ? undefined : { text: JSON.stringify(request.body), contentType: request.contentType ?? "application/json" };
    let status: number;
    let text: string;
    try {
      ({ status, text } = await this.#http.send(method, path, request.query ?? {}, body, this.#options.requestTimeoutMs ?? 30_000));
    } catch (error) {
      throw kubeErrorFromStatus(0, target, { message: `request failed: ${error instanceof Error ? error.message : String(error)}` }, error);
    }
    const parsed = parseJson(text);
    if (status >= 400) throw kubeErrorFromStatus(status, target, asStatus(parsed, text));
    return parsed;
  }

  /** One watch request: newline-delimited JSON events until the server closes the stream. */
  async #stream(
    resource: ResourceType,
    options: WatchOptions,
    target: RequestTarget,
    signal: AbortSignal,
    onEvent: (event: WatchEvent<KubeObject>) => void,
  ): Promise<void> {
    const query: Query = {
      watch: 1,
      resourceVersion: options.resourceVersion,
      allowWatchBookmarks: options.allowWatchBookmarks,
      timeoutSeconds: options.timeoutSeconds,
      labelSelector: options.labelSelector,
      fieldSelector: options.fieldSelector,
    };
    let res: IncomingMessage;
    try {
      res = await this.#http.open("GET", resourcePath(resource, { namespace: options.namespace }), query, undefined, signal);
    } catch (error) {
      throw kubeErrorFromStatus(0, target, { message: `watch failed: ${error instanceof Error ? error.message : String(error)}` }, error);
    }
    res.setEncoding("utf8");
    if (res.statusCode !== 200) {
      let text = "";
      for await (const chunk of res) text += chunk as string;
      throw kubeErrorFromStatus(res.statusCode ?? 0, target, asStatus(parseJson(text), text));
    }
    // A silent connection (no events, no bookmarks) past the server-side timeout is dead.
    res.socket.setTimeout(((options.timeoutSeconds ?? 300) + 60) * 1000, () => res.destroy(new Error("watch stream idle too long")));
    let buffer = "";
    try {
      for await (const chunk of res) {
        buffer += chunk as string;
        let newline: number;
        while ((newline = buffer.indexOf("\n")) >= 0) {
          const line = buffer.slice(0, newline).trim();
          buffer = buffer.slice(newline + 1);
          if (line === "") continue;
          const event = JSON.parse(line) as { type: string; object: KubeObject };
          if (event.type === "ERROR") {
            const status = event.object as KubeStatus;
            throw kubeErrorFromStatus(status.code ?? 500, target, status);
          }
          if (event.type !== "BOOKMARK") event.object = { apiVersion: apiVersionOf(resource), kind: resource.kind, ...event.object };
          onEvent(event as WatchEvent<KubeObject>);
        }
      }
    } catch (error) {
      if (error instanceof KubeApiError) throw error;
      throw kubeErrorFromStatus(0, target, { message: `watch stream broke: ${error instanceof Error ? error.message : String(error)}` }, error);
    } finally {
      res.socket?.setTimeout(0);
      res.destroy();
    }
  }
}

function parseJson(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function asStatus(parsed: unknown, text: string): KubeStatus {
  if (parsed && typeof parsed === "object" && (parsed as KubeStatus).kind === "Status") return parsed as KubeStatus;
  return { message: text.slice(0, 500) || undefined };
}

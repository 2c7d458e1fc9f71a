// The FRRConfigurations of the frr-k8s namespace, as this node needs them. The informer must see every
// object to decide whether it selects the node, but it only keeps full copies of the ones that do (or
// whose selector is invalid, so the error can be reported); the others are reduced to a projection
// (name, uid, resourceVersion, nodeSelector) by the informer's transform, as each list page or watch
// event arrives. Memory
// is then bounded by the configurations selecting the node, not by the cluster. When the node's labels
// change so that a projected configuration now selects it, the full object is fetched with a GET.
import { FRRConfigurationSchema, formatIssue, parseWithSchema, type FRRConfiguration } from "@metallb-ts/api";
import { configurationsForNode } from "@metallb-ts/frr";
import { Informer, ignoreNotFound, keyOfObject, type InformerEvent, type KubeClient, type KubeObject } from "@metallb-ts/runtime";
import { FRRConfigurationResource } from "./resources.js";

export interface ConfigurationStoreOptions {
  readonly client: KubeClient;
  readonly namespace: string;
  readonly nodeName: string;
  /** Something that may concern this node changed: rebuild. Not called for configurations that never selected it. */
  readonly onChange: () => void;
  readonly onInformerEvent?: (event: InformerEvent) => void;
  readonly pageSize?: number;
}

/** A selecting configuration, with its schema problems (if any) for the conversion status. */
export interface CandidateConfiguration {
  readonly object: FRRConfiguration;
  /** `FRRConfiguration ns/name: path: detail` lines; empty when the object is valid. */
  readonly problems: readonly string[];
}

export class NodeConfigurationStore {
  readonly #options: ConfigurationStoreOptions;
  readonly #informer: Informer<FRRConfiguration>;
  /** Objects that are projections (not full configurations). */
  readonly #projections = new WeakSet<object>();
  /** Schema problems of full objects. */
  readonly #problems = new WeakMap<object, string[]>();
  /** Full copies fetched for projections that started selecting the node after a label change. */
  readonly #fetched = new Map<string, FRRConfiguration>();
  #labels: Readonly<Record<string, string>> = {};

  constructor(options: ConfigurationStoreOptions) {
    this.#options = options;
    this.#informer = new Informer(options.client, FRRConfigurationResource, {
      namespace: options.namespace,
      pageSize: options.pageSize ?? 250,
      onEvent: options.onInformerEvent,
      transform: (o) => this.#project(o),
    });
    const relevant = (o: FRRConfiguration): boolean => !this.#projections.has(o);
    this.#informer.addHandler({
      onAdd: (o) => relevant(o) && options.onChange(),
      onUpdate: (prev, o) => (relevant(prev) || relevant(o)) && options.onChange(),
      onDelete: (o) => relevant(o) && options.onChange(),
    });
  }

  /** Labels of this node; call before start() and whenever they change. */
  setNodeLabels(labels: Readonly<Record<string, string>>): void {
    this.#labels = { ...labels };
  }

  start(): void {
    this.#informer.start();
  }

  stop(): Promise<void> {
    return this.#informer.stop();
  }

  waitForSync(signal?: AbortSignal): Promise<boolean> {
    return this.#informer.waitForSync(signal);
  }

  hasSynced(): boolean {
    return this.#informer.hasSynced();
  }

  /** How the cache is made up (benchmarks, debug logs). */
  stats(): { readonly cached: number; readonly full: number; readonly fetched: number } {
    const all = this.#informer.list();
    return { cached: all.length, full: all.filter((o) => !this.#projections.has(o)).length, fetched: this.#fetched.size };
  }

  /** The full configurations that may select the node under its current labels (selection is re-checked by apiToFRR). */
  async candidates(): Promise<CandidateConfiguration[]> {
    const out: CandidateConfiguration[] = [];
    const live = new Set<string>();
    for (const cached of this.#informer.list(this.#options.namespace)) {
      if (!this.#projections.has(cached)) {
        out.push({ object: cached, problems: this.#problems.get(cached) ?? [] });
        continue;
      }
      if (this.#selection(cached) === "other") continue;
      const key = keyOfObject(cached);
      live.add(key);
      let full = this.#fetched.get(key);
      if (full === undefined || full.metadata?.resourceVersion !== cached.metadata?.resourceVersion) {
        const got = await ignoreNotFound(this.#options.client.get(FRRConfigurationResource, cached.metadata?.name ?? "", { namespace: this.#options.namespace }));
        if (got === undefined) continue;
        full = this.#validated(got);
        this.#fetched.set(key, full);
      }
      out.push({ object: full, problems: this.#problems.get(full) ?? [] });
    }
    for (const key of [...this.#fetched.keys()]) if (!live.has(key)) this.#fetched.delete(key);
    return out;
  }

  #selection(o: KubeObject): "selects" | "other" | "invalid" {
    const cfg = o as FRRConfiguration;
    const r = configurationsForNode([{ metadata: cfg.metadata ?? {}, spec: { nodeSelector: cfg.spec?.nodeSelector } }], {
      name: this.#options.nodeName,
      labels: this.#labels,
    });
    return r.errors.length > 0 ? "invalid" : r.selected.length > 0 ? "selects" : "other";
  }

  #project(raw: FRRConfiguration): FRRConfiguration {
    if (this.#selection(raw) !== "other") return this.#validated(raw);
    const m = raw.metadata ?? {};
    const selector = raw.spec?.nodeSelector;
    const projection: FRRConfiguration = {
      apiVersion: raw.apiVersion ?? "frrk8s.metallb.io/v1beta1",
      kind: raw.kind ?? "FRRConfiguration",
      metadata: { name: m.name ?? "", namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion },
      ...(selector ? { spec: { nodeSelector: selector } } : {}),
    } as FRRConfiguration;
    this.#projections.add(projection);
    return projection;
  }

  #validated(raw: FRRConfiguration): FRRConfiguration {
    const parsed = parseWithSchema(FRRConfigurationSchema, raw);
    if (parsed.ok) return parsed.object;
    this.#problems.set(raw, parsed.errors.map((e) => formatIssue({ ...e, kind: "FRRConfiguration" })));
    return raw;
  }
}

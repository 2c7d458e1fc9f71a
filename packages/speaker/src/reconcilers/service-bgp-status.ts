// ServiceBGPStatus objects: one per (Service, this node) while the Service's prefixes are configured
// to reach at least one peer from this node. Keyed by "ns/name"; the desired peer sets come from the
// node plan after every recompute, and only Services whose set changed are enqueued.
import { isDeepStrictEqual } from "node:util";
import { MetalLBLabel, type OwnerReference, type ServiceBGPStatus } from "@metallb-ts/api";
import { SyncState, ignoreNotFound, type KubeClient } from "@metallb-ts/runtime";
import type { ServicePeers } from "../core/plan.js";
import { ServiceBGPStatusResource } from "../resources.js";

export interface ServiceBGPStatusReconcilerOptions {
  readonly client: KubeClient;
  /** The metallb namespace. */
  readonly namespace: string;
  readonly nodeName: string;
  /** The speaker Pod, when it exists (garbage collection with the pod). */
  readonly ownerReferences?: readonly OwnerReference[] | undefined;
  readonly fieldManager: string;
}

function splitKey(key: string): { namespace: string; name: string } {
  const i = key.indexOf("/");
  return { namespace: key.slice(0, i), name: key.slice(i + 1) };
}

export class ServiceBGPStatusReconciler {
  readonly #options: ServiceBGPStatusReconcilerOptions;
  readonly #desired = new Map<string, readonly string[]>();
  #known = false;

  constructor(options: ServiceBGPStatusReconcilerOptions) {
    this.#options = options;
  }

  /** Whether desired peer sets were computed at least once (before that nothing is deleted). */
  get known(): boolean {
    return this.#known;
  }

  /** Replaces the desired peer sets; returns the Services whose set changed. */
  setDesired(servicePeers: readonly ServicePeers[]): string[] {
    const next = new Map(servicePeers.map((s) => [s.service, s.peers] as const));
    const changed = new Set<string>();
    for (const [key, peers] of next) if (!isDeepStrictEqual(this.#desired.get(key), peers)) changed.add(key);
    for (const key of this.#desired.keys()) if (!next.has(key)) changed.add(key);
    this.#desired.clear();
    for (const [key, peers] of next) this.#desired.set(key, peers);
    this.#known = true;
    return [...changed].sort();
  }

  /** "ns/name" of the Service a status object is about, if it is one of this node's. */
  serviceKeyOf(obj: ServiceBGPStatus): string | undefined {
    const labels = obj.metadata.labels ?? {};
    if (labels[MetalLBLabel.node] !== this.#options.nodeName) return undefined;
    const name = labels[MetalLBLabel.serviceName];
    const ns = labels[MetalLBLabel.serviceNamespace];
    return name && ns ? `${ns}/${name}` : undefined;
  }

  async reconcile(key: string): Promise<SyncState> {
    if (!this.#known) return SyncState.success;
    const { client, namespace, nodeName, fieldManager } = this.#options;
    const svc = splitKey(key);
    const labels = { [MetalLBLabel.node]: nodeName, [MetalLBLabel.serviceName]: svc.name, [MetalLBLabel.serviceNamespace]: svc.namespace };
    const labelSelector = Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(",");
    const existing = (await client.list(ServiceBGPStatusResource, { namespace, labelSelector })).items.sort((a, b) =>
      (a.metadata.name ?? "").localeCompare(b.metadata.name ?? ""),
    );
    const peers = this.#desired.get(key) ?? [];
    const keep = peers.length > 0 ? existing[0] : undefined;
    for (const extra of existing) {
      if (extra !== keep) await this.#delete(extra.metadata.name ?? "");
    }
    if (peers.length === 0) return SyncState.success;
    const status = { node: nodeName, serviceName: svc.name, serviceNamespace: svc.namespace, peers: [...peers] };
    let name = keep?.metadata.name;
    if (keep && isDeepStrictEqual(keep.status, status)) return SyncState.success;
    if (!name) {
      const created = await client.create(
        ServiceBGPStatusResource,
        {
          apiVersion: "metallb.io/v1beta1",
          kind: "ServiceBGPStatus",
          metadata: {
            generateName: "bgp-",
            namespace,
            labels,
            ...(this.#options.ownerReferences?.length ? { ownerReferences: [...this.#options.ownerReferences] } : {}),
          },
          spec: {},
        },
        { fieldManager },
      );
      name = created.metadata.name ?? "";
    }
    await client.patchStatus(
      ServiceBGPStatusResource,
      { apiVersion: "metallb.io/v1beta1", kind: "ServiceBGPStatus", metadata: { name, namespace }, status },
      { fieldManager, force: true },
    );
    return SyncState.success;
  }

  async #delete(name: string): Promise<void> {
    await ignoreNotFound(this.#options.client.delete(ServiceBGPStatusResource, name, { namespace: this.#options.namespace }));
  }
}

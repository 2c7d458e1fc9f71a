// FRRNodeState/<node> (cluster-scoped): lastConversionResult, lastReloadResult and runningConfig,
// written as soon as one of them changes (no 30 s polling as upstream), coalesced so a burst of
// changes costs one write. The object is created when missing (e.g. deleted by the status cleaner).
import type { FRRNodeState, FRRNodeStateStatus } from "@metallb-ts/api";
import { CoalescingTrigger, Informer, SyncState, isConflict, type KubeClient, type ReconcileResult } from "@metallb-ts/runtime";
import { FRRNodeStateResource } from "./resources.js";

export type NodeStatus = Required<FRRNodeStateStatus>;

export interface NodeStateWriterOptions {
  readonly client: KubeClient;
  readonly nodeName: string;
  readonly onResult?: (result: ReconcileResult<"all">) => void;
}

export class NodeStateWriter {
  readonly #options: NodeStateWriterOptions;
  readonly #informer: Informer<FRRNodeState>;
  readonly #trigger: CoalescingTrigger;
  #desired: Partial<NodeStatus> = {};

  constructor(options: NodeStateWriterOptions) {
    this.#options = options;
    this.#informer = new Informer(options.client, FRRNodeStateResource, { fieldSelector: `metadata.name=${options.nodeName}` });
    this.#trigger = new CoalescingTrigger({ name: "frrnodestate", run: () => this.#write(), ...(options.onResult ? { onResult: options.onResult } : {}) });
    // Someone else changed or deleted it: put ours back.
    this.#informer.addHandler({ onAdd: () => this.#trigger.notify(), onUpdate: () => this.#trigger.notify(), onDelete: () => this.#trigger.notify() });
  }

  /** What the status should say; only the given fields change. */
  set(status: Partial<NodeStatus>): void {
    const next = { ...this.#desired, ...status };
    if ((Object.keys(status) as (keyof NodeStatus)[]).every((k) => this.#desired[k] === next[k])) return;
    this.#desired = next;
    this.#trigger.notify();
  }

  get desired(): Partial<NodeStatus> {
    return this.#desired;
  }

  async start(): Promise<void> {
    this.#informer.start();
    await this.#informer.waitForSync();
    this.#trigger.start();
    this.#trigger.notify();
  }

  async stop(): Promise<void> {
    await this.#trigger.stop();
    await this.#informer.stop();
  }

  idle(): Promise<void> {
    return this.#trigger.idle();
  }

  async #write(): Promise<SyncState> {
    const { client, nodeName } = this.#options;
    let current = this.#informer.get(nodeName);
    if (current === undefined) {
      try {
        current = await client.create(FRRNodeStateResource, { apiVersion: "frrk8s.metallb.io/v1beta1", kind: "FRRNodeState", metadata: { name: nodeName }, spec: {} });
      } catch (err) {
        if (!isConflict(err)) throw err; // created meanwhile: the informer will catch up
      }
    }
    const status = current?.status ?? {};
    const changed = Object.fromEntries(Object.entries(this.#desired).filter(([k, v]) => status[k as keyof NodeStatus] !== v));
    if (Object.keys(changed).length === 0) return SyncState.success;
    await client.mergePatch(FRRNodeStateResource, nodeName, { status: changed }, { subresource: "status" });
    return SyncState.success;
  }
}

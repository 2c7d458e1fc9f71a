// ConfigurationState `controller` (spec §1.9): created if missing (labelled, owned by our Pod when it
// exists), its status server-side-applied by the `poolReconciler` field manager. Writes only when the
// reported result changes (upstream rewrites lastTransitionTime on every reconcile), and again after the
// object was deleted.
import { ComponentType, MetalLBLabel } from "@metallb-ts/api";
import { NotLeaderError, SyncState, type Clock, type KubeClient, type OwnerReference } from "@metallb-ts/runtime";
import { configurationStateStatus, type ConfigResultKind } from "../core/pool-status.js";
import { ConfigurationStateResource } from "../resources.js";

export const controllerStateName = "controller";
const fieldManager = "poolReconciler";

export interface ConfigurationStateReporterOptions {
  readonly client: KubeClient;
  readonly namespace: string;
  readonly clock: Clock;
  readonly owner?: OwnerReference | undefined;
}

export class ConfigurationStateReporter {
  readonly #o: ConfigurationStateReporterOptions;
  #desired: ConfigResultKind | undefined;
  #written: string | undefined;

  constructor(options: ConfigurationStateReporterOptions) {
    this.#o = options;
  }

  /** Records the latest result; call `run` (through a coalescing trigger) to write it. */
  set(result: ConfigResultKind): void {
    this.#desired = result;
  }

  /** The object was deleted or leadership changed: write again even if unchanged. */
  forget(): void {
    this.#written = undefined;
  }

  run = async (): Promise<SyncState> => {
    const desired = this.#desired;
    if (!desired) return SyncState.success;
    const print = JSON.stringify(desired);
    if (print === this.#written) return SyncState.success;
    const { client, namespace, owner } = this.#o;
    const metadata = { name: controllerStateName, namespace };
    try {
      await client.apply(
        ConfigurationStateResource,
        { metadata: { ...metadata, labels: { [MetalLBLabel.componentType]: ComponentType.controller }, ...(owner ? { ownerReferences: [{ ...owner }] } : {}) } },
        { fieldManager, force: true },
      );
      const now = new Date(this.#o.clock.now()).toISOString().replace(/\.\d{3}Z$/, "Z");
      await client.patchStatus(ConfigurationStateResource, { metadata, status: configurationStateStatus(desired, now) }, { fieldManager, force: true });
      this.#written = print;
      return SyncState.success;
    } catch (err) {
      if (err instanceof NotLeaderError) return SyncState.success;
      throw err;
    }
  };
}

// frr-k8s backend: keeps `metallb-<node>` equal to the desired object. Written with server-side
// apply (force, own field manager) so a restart updates the object in place and never deletes it
// (no route flap); fields another manager added to the spec survive an apply, so when the live
// spec still differs afterwards the whole spec is replaced. Called on every recompute, including
// those triggered by watch events on the object itself, which is how external edits are reverted.
import { isDeepStrictEqual } from "node:util";
import { FRRConfigurationSpecSchema } from "@metallb-ts/api";
import type { KubeClient, ObjectStore } from "@metallb-ts/runtime";
import type { FRRConfigurationObject } from "../frrk8s/frr-configuration.js";
import type { DesiredNodeState } from "../reconcilers/node-state.js";
import { FRRConfigurationResource } from "../resources.js";
import type { BackendResult, BGPBackend } from "./backend.js";

export interface FRRK8sBackendOptions {
  readonly client: KubeClient;
  /** Informer cache of FRRConfigurations in the frr-k8s namespace. */
  readonly store: ObjectStore<FRRConfigurationObject>;
  readonly fieldManager: string;
}

/** The spec as the API server stores it: CRD defaults filled in (the api schema carries the same defaults). */
export function serverDefaultedSpec(spec: FRRConfigurationObject["spec"]): unknown {
  const parsed = FRRConfigurationSpecSchema.safeParse(spec);
  return parsed.success ? parsed.data : spec;
}

export function specUpToDate(live: unknown, desired: FRRConfigurationObject["spec"]): boolean {
  return isDeepStrictEqual(live, desired) || isDeepStrictEqual(live, serverDefaultedSpec(desired));
}

export class FRRK8sBackend implements BGPBackend {
  readonly name = "frr-k8s";
  readonly #options: FRRK8sBackendOptions;

  constructor(options: FRRK8sBackendOptions) {
    this.#options = options;
  }

  async apply(desired: DesiredNodeState): Promise<BackendResult> {
    const { client, store, fieldManager } = this.#options;
    const want = desired.frrConfiguration;
    const live = store.get(want.metadata.name, want.metadata.namespace);
    if (live && specUpToDate(live.spec, want.spec)) return { ok: true, changed: false };
    try {
      const applied = await client.apply(FRRConfigurationResource, want, { fieldManager, force: true });
      if (!specUpToDate(applied.spec, want.spec)) {
        // Without managedFields the server keeps its own bookkeeping and drops owners of removed fields.
        const metadata = { ...applied.metadata, managedFields: undefined };
        await client.replace(FRRConfigurationResource, { ...applied, metadata, spec: want.spec }, { fieldManager });
      }
      return { ok: true, changed: true };
    } catch (err) {
      return { ok: false, error: `FRRConfiguration ${want.metadata.namespace}/${want.metadata.name}: ${err instanceof Error ? err.message : String(err)}`, retry: true };
    }
  }
}

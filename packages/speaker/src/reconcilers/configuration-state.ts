// ConfigurationState `speaker-<node>`: the speaker's verdict on the configuration, one condition
// `configReconcilerValid`, written with server-side apply (field manager `configReconciler`). It is
// written when the verdict changes and re-created when someone deletes it.
import { ComponentType, ConfigurationResult, MetalLBLabel, type ConfigurationState, type OwnerReference } from "@metallb-ts/api";
import { SyncState, type Clock, type KubeClient, type ObjectStore } from "@metallb-ts/runtime";
import { ConfigurationStateResource } from "../resources.js";

export const CONDITION_TYPE = "configReconcilerValid";
export const FIELD_MANAGER = "configReconciler";

export const ConditionReason = { reconciled: "Reconciled", configurationError: "ConfigurationError", unknownError: "UnknownError" } as const;
export type ConditionReason = (typeof ConditionReason)[keyof typeof ConditionReason];

export interface Verdict {
  readonly ok: boolean;
  readonly reason: ConditionReason;
  readonly message: string;
}

export interface ConfigurationStateReporterOptions {
  readonly client: KubeClient;
  readonly namespace: string;
  readonly nodeName: string;
  /** Informer cache scoped to this object. */
  readonly store: ObjectStore<ConfigurationState>;
  readonly ownerReferences?: readonly OwnerReference[] | undefined;
  readonly clock: Clock;
}

export function configurationStateName(nodeName: string): string {
  return `speaker-${nodeName}`;
}

/** result / errorSummary from conditions, as upstream computes them. */
export function summarize(conditions: readonly { status: string; reason: string; message?: string | undefined }[]): {
  result: ConfigurationResult;
  errorSummary: string;
} {
  if (conditions.length === 0) return { result: ConfigurationResult.unknown, errorSummary: "" };
  const errors = conditions.filter((c) => c.status === "False" && c.reason === ConditionReason.configurationError);
  if (errors.length === 0) return { result: ConfigurationResult.valid, errorSummary: "" };
  return { result: ConfigurationResult.invalid, errorSummary: errors.map((c) => c.message ?? "").join("\n") };
}

export class ConfigurationStateReporter {
  readonly #options: ConfigurationStateReporterOptions;
  #verdict: Verdict | undefined;

  constructor(options: ConfigurationStateReporterOptions) {
    this.#options = options;
  }

  get name(): string {
    return configurationStateName(this.#options.nodeName);
  }

  /** Records the newest verdict; returns true when it differs from the previous one (write needed). */
  set(verdict: Verdict): boolean {
    const same = this.#verdict?.ok === verdict.ok && this.#verdict.reason === verdict.reason && this.#verdict.message === verdict.message;
    this.#verdict = verdict;
    return !same;
  }

  async reconcile(): Promise<SyncState> {
    const verdict = this.#verdict;
    if (!verdict) return SyncState.success;
    const { client, namespace, nodeName, store, clock } = this.#options;
    const live = store.get(this.name, namespace);
    const condition = {
      type: CONDITION_TYPE,
      status: verdict.ok ? ("True" as const) : ("False" as const),
      reason: verdict.reason,
      message: verdict.message,
      lastTransitionTime: new Date(clock.now()).toISOString().replace(/\.\d{3}Z$/, "Z"),
    };
    const summary = summarize([condition]);
    const current = live?.status?.conditions?.find((c) => c.type === CONDITION_TYPE);
    if (
      live &&
      current?.status === condition.status &&
      current.reason === condition.reason &&
      (current.message ?? "") === condition.message &&
      live.status?.result === summary.result &&
      (live.status.errorSummary ?? "") === summary.errorSummary
    ) {
      return SyncState.success;
    }
    const metadata = { name: this.name, namespace };
    if (!live) {
      await client.apply(
        ConfigurationStateResource,
        {
          apiVersion: "metallb.io/v1beta1",
          kind: "ConfigurationState",
          metadata: {
            ...metadata,
            labels: { [MetalLBLabel.componentType]: ComponentType.speaker, [MetalLBLabel.nodeName]: nodeName },
            ...(this.#options.ownerReferences?.length ? { ownerReferences: [...this.#options.ownerReferences] } : {}),
          },
        },
        { fieldManager: FIELD_MANAGER, force: true },
      );
    }
    await client.patchStatus(
      ConfigurationStateResource,
      { apiVersion: "metallb.io/v1beta1", kind: "ConfigurationState", metadata, status: { ...summary, conditions: [condition] } },
      { fieldManager: FIELD_MANAGER, force: true },
    );
    return SyncState.success;
  }
}

// The one "recompute everything" reconcile of the speaker, run by a CoalescingTrigger on every change
// of its inputs: snapshot -> node state (configuration, plan, FRRConfiguration) -> backend, then the
// side outputs (announced metric and events, ServiceBGPStatus keys, ConfigurationState verdict).
import { SyncState, type K8sClientMetrics } from "@metallb-ts/runtime";
import type { Logger } from "pino";
import type { BGPBackend } from "../backends/backend.js";
import type { ServicePeers } from "../core/plan.js";
import type { Announcer } from "./announcer.js";
import { ConditionReason, type Verdict } from "./configuration-state.js";
import { ConfigStatusKind, configStatusMessage, type NodeState, type NodeStateComputer, type SpeakerSnapshot } from "./node-state.js";

export interface ServiceStatusSink {
  /** Replaces the desired peer sets; returns the Services whose set changed. */
  setDesired(servicePeers: readonly ServicePeers[]): string[];
  enqueue(service: string): void;
  /** Services that have status objects of this node right now (to clean up after a restart). */
  existing(): string[];
}

export interface SpeakerReconcilerOptions {
  readonly snapshot: () => SpeakerSnapshot;
  readonly computer: NodeStateComputer;
  readonly backend: BGPBackend;
  readonly announcer: Announcer;
  readonly statuses: ServiceStatusSink;
  /** Receives the configuration verdict after every recompute. */
  readonly reportVerdict: (verdict: Verdict) => void;
  readonly metrics: K8sClientMetrics;
  readonly log: Logger;
}

function verdictFor(state: NodeState): Verdict | undefined {
  switch (state.status.kind) {
    case ConfigStatusKind.valid:
      return { ok: true, reason: ConditionReason.reconciled, message: "" };
    case ConfigStatusKind.invalid:
    case ConfigStatusKind.refused:
      return { ok: false, reason: ConditionReason.configurationError, message: configStatusMessage(state.status) };
    case ConfigStatusKind.noNode:
      return undefined;
  }
}

export class SpeakerReconciler {
  readonly #o: SpeakerReconcilerOptions;
  #statusesSeeded = false;
  #lastState: NodeState | undefined;

  constructor(options: SpeakerReconcilerOptions) {
    this.#o = options;
  }

  /** The node state of the last run (diagnostics, tests). */
  get lastState(): NodeState | undefined {
    return this.#lastState;
  }

  async run(): Promise<SyncState> {
    const { computer, backend, announcer, statuses, metrics, log } = this.#o;
    const started = performance.now();
    const state = computer.compute(this.#o.snapshot());
    this.#lastState = state;
    this.#reportStatus(state);
    for (const e of state.sessionErrors) log.error({ op: "plan", event: "sessionRejected", peer: e.peer, error: e.error }, "session keeps its previous advertisements");
    if (!state.desired) return state.status.kind === ConfigStatusKind.noNode ? SyncState.success : SyncState.errorNoRetry;

    const result = await backend.apply(state.desired);
    if (!result.ok) {
      metrics.configFailed();
      log.error({ op: "apply", backend: backend.name, error: result.error }, "failed to apply the desired BGP state");
      return result.retry ? SyncState.error : SyncState.errorNoRetry;
    }
    if (state.status.kind === ConfigStatusKind.valid) metrics.configApplied();
    const { plan } = state.desired;
    announcer.update(plan.services);
    const changed = statuses.setDesired(plan.servicePeers);
    const toSync = new Set(changed);
    if (!this.#statusesSeeded) {
      for (const key of statuses.existing()) toSync.add(key);
      this.#statusesSeeded = true;
    }
    for (const key of toSync) statuses.enqueue(key);
    log.debug(
      {
        op: "reconcile",
        event: result.changed ? "stateApplied" : "noChange",
        backend: backend.name,
        announced: plan.services.filter((d) => d.announce).length,
        sessions: plan.sessions.length,
        ms: Math.round(performance.now() - started),
      },
      "node state reconciled",
    );
    switch (state.status.kind) {
      case ConfigStatusKind.refused:
        return SyncState.error;
      case ConfigStatusKind.invalid:
        return SyncState.errorNoRetry;
      default:
        return SyncState.success;
    }
  }

  #reportStatus(state: NodeState): void {
    const { log, metrics } = this.#o;
    const s = state.status;
    if (s.kind === ConfigStatusKind.invalid) {
      metrics.configFailed();
      log.error({ op: "loadConfig", event: "configInvalid", error: configStatusMessage(s) }, "configuration rejected, the previous one stays in use");
    } else if (s.kind === ConfigStatusKind.refused) {
      metrics.configFailed();
      log.error({ op: "loadConfig", event: "configRefused", services: s.services }, "service has no configuration under new config");
    } else if (s.kind === ConfigStatusKind.noNode) {
      log.warn({ op: "loadConfig", event: "nodeMissing" }, "this node's Node object is not known yet");
    }
    const verdict = verdictFor(state);
    if (verdict) this.#o.reportVerdict(verdict);
  }
}

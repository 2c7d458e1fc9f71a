// The speaker's wiring without the process around it: informers, backend, and the three loops
// (node state, ServiceBGPStatus, ConfigurationState). main.ts adds flags, logger, HTTP and signals;
// tests drive the same object with the fake client.
import type { Registry } from "prom-client";
import type { OwnerReference } from "@metallb-ts/api";
import { validationModeForBGPType } from "@metallb-ts/config";
import { CoalescingTrigger, EventRecorder, ReconcileLoop, SyncState, referenceTo, systemClock, type BackoffOptions, type Clock, type KubeClient, type Logger } from "@metallb-ts/runtime";
import type { BGPBackend } from "./backends/backend.js";
import { FRRK8sBackend } from "./backends/frrk8s-backend.js";
import { ClusterCache } from "./cluster-cache.js";
import { BGPType, type SpeakerOptions } from "./flags.js";
import { passwordSecretModeFor } from "./frrk8s/frr-configuration.js";
import { createSpeakerMetrics, type SpeakerMetrics } from "./metrics.js";
import { Announcer } from "./reconcilers/announcer.js";
import { ConfigurationStateReporter } from "./reconcilers/configuration-state.js";
import { NodeStateComputer } from "./reconcilers/node-state.js";
import { ServiceBGPStatusReconciler } from "./reconcilers/service-bgp-status.js";
import { SpeakerReconciler } from "./reconcilers/speaker-reconciler.js";
import { ServiceResource } from "./resources.js";

export const FIELD_MANAGER = "metallb-speaker";

export type SpeakerConfig = Pick<
  SpeakerOptions,
  "namespace" | "nodeName" | "frrK8sNamespace" | "bgpType" | "frrK8sSecretPassthrough" | "loadBalancerClass" | "ignoreExcludeLB"
>;

export interface SpeakerDeps {
  readonly client: KubeClient;
  readonly config: SpeakerConfig;
  readonly log: Logger;
  readonly registry: Registry;
  /** Required for the frr backend (main.ts builds it); the frr-k8s backend is built here. */
  readonly backend?: BGPBackend | undefined;
  readonly ownerReferences?: readonly OwnerReference[] | undefined;
  readonly clock?: Clock | undefined;
  readonly retryBackoff?: BackoffOptions | undefined;
  /** Default NODE_STATE_MIN_INTERVAL_MS; 0 re-plans back to back (tests that wait for idle()). */
  readonly nodeStateMinIntervalMs?: number | undefined;
}

/** See the node-state trigger: bounds full re-plans under churn, adds at most this to one change. */
export const NODE_STATE_MIN_INTERVAL_MS = 100;

export class Speaker {
  readonly cache: ClusterCache;
  readonly metrics: SpeakerMetrics;
  readonly reconciler: SpeakerReconciler;
  readonly #trigger: CoalescingTrigger;
  readonly #statusLoop: ReconcileLoop<string>;
  readonly #configStateTrigger: CoalescingTrigger;
  readonly #recorder: EventRecorder;
  #firstRunDone = false;

  constructor(deps: SpeakerDeps) {
    const { client, config, log } = deps;
    const clock = deps.clock ?? systemClock;
    const loopTiming = { ...(deps.clock ? { clock: deps.clock } : {}), ...(deps.retryBackoff ? { backoff: deps.retryBackoff } : {}) };
    this.metrics = createSpeakerMetrics(deps.registry);
    const cache = new ClusterCache({
      client,
      namespace: config.namespace,
      frrK8sNamespace: config.frrK8sNamespace,
      nodeName: config.nodeName,
      watchFRRK8s: config.bgpType === BGPType.frrK8s,
      onInformerEvent: (kind, e) => {
        if (e.type === "listed") log.debug({ op: "informer", kind, count: e.count }, "listed");
        else log.warn({ op: "informer", kind, event: e.type, error: "error" in e ? String(e.error) : undefined }, "informer trouble");
      },
    });
    this.cache = cache;

    this.#recorder = new EventRecorder({
      client,
      component: "metallb-speaker",
      host: config.nodeName,
      clock,
      onError: (error, event) => log.warn({ op: "event", reason: event.reason, error: String(error) }, "failed to record an event"),
    });
    const announcer = new Announcer({
      nodeName: config.nodeName,
      announced: this.metrics.announced,
      emit: (service, reason, message) => {
        const slash = service.indexOf("/");
        const svc = cache.services.get(service.slice(slash + 1), service.slice(0, slash));
        if (svc) this.#recorder.normal(referenceTo(ServiceResource, svc), reason, message);
      },
    });

    let backend = deps.backend;
    if (!backend) {
      if (!cache.frrConfigurations) throw new Error(`the ${config.bgpType} backend must be given to the Speaker`);
      backend = new FRRK8sBackend({ client, store: cache.frrConfigurations, fieldManager: FIELD_MANAGER });
    }

    const statusReconciler = new ServiceBGPStatusReconciler({
      client,
      namespace: config.namespace,
      nodeName: config.nodeName,
      ownerReferences: deps.ownerReferences,
      fieldManager: FIELD_MANAGER,
    });
    this.#statusLoop = new ReconcileLoop<string>({
      name: "servicebgpstatus",
      ...loopTiming,
      reconcile: (key) => statusReconciler.reconcile(key),
      metrics: this.metrics.k8s,
      onResult: (r) => {
        if (r.state !== SyncState.success) log.warn({ controller: "servicebgpstatus", service: r.key, state: r.state, error: String(r.error ?? "") }, "status reconcile failed");
      },
    });
    const enqueueStatusOf = (o: Parameters<ServiceBGPStatusReconciler["serviceKeyOf"]>[0]): void => {
      const key = statusReconciler.serviceKeyOf(o);
      if (key) this.#statusLoop.enqueue(key);
    };
    cache.serviceBGPStatuses.addHandler({ onUpdate: (_a, b) => enqueueStatusOf(b), onDelete: enqueueStatusOf });

    const configState = new ConfigurationStateReporter({
      client,
      namespace: config.namespace,
      nodeName: config.nodeName,
      store: cache.configurationStates,
      ownerReferences: deps.ownerReferences,
      clock,
    });
    this.#configStateTrigger = new CoalescingTrigger({
      name: "configurationstate",
      ...loopTiming,
      run: () => configState.reconcile(),
      onResult: (r) => {
        if (r.state !== SyncState.success) log.warn({ controller: "configurationstate", state: r.state, error: String(r.error ?? "") }, "ConfigurationState write failed");
      },
    });
    cache.configurationStates.addHandler({ onUpdate: () => this.#configStateTrigger.notify(), onDelete: () => this.#configStateTrigger.notify() });

    const computer = new NodeStateComputer({
      nodeName: config.nodeName,
      validation: validationModeForBGPType(config.bgpType),
      secretPassthrough: config.frrK8sSecretPassthrough,
      passwordSecretMode: config.bgpType === BGPType.frrK8s ? passwordSecretModeFor(config.namespace, config.frrK8sNamespace, config.frrK8sSecretPassthrough) : "convert",
      frrK8sNamespace: config.frrK8sNamespace,
      announce: { loadBalancerClass: config.loadBalancerClass, ignoreExcludeLB: config.ignoreExcludeLB },
    });
    this.reconciler = new SpeakerReconciler({
      snapshot: () => cache.snapshot(),
      computer,
      backend,
      announcer,
      statuses: {
        setDesired: (sp) => statusReconciler.setDesired(sp),
        enqueue: (key) => this.#statusLoop.enqueue(key),
        existing: () => cache.serviceBGPStatuses.list().flatMap((o) => statusReconciler.serviceKeyOf(o) ?? []),
      },
      reportVerdict: (verdict) => {
        if (configState.set(verdict)) this.#configStateTrigger.notify();
      },
      metrics: this.metrics.k8s,
      log: log.child({ controller: "node-state" }),
    });
    this.#trigger = new CoalescingTrigger({
      name: "node-state",
      ...loopTiming,
      // Each run plans every Service: under a stream of Service changes, at most one plan per 100 ms
      // (an isolated change still runs at once).
      minIntervalMs: deps.nodeStateMinIntervalMs ?? NODE_STATE_MIN_INTERVAL_MS,
      run: async () => {
        const state = await this.reconciler.run();
        this.#firstRunDone = true;
        return state;
      },
      metrics: this.metrics.k8s,
      onResult: (r) => {
        if (r.state === "thrown") log.error({ controller: "node-state", error: String(r.error), retryInMs: r.retryInMs }, "recompute failed");
      },
    });
    cache.onStateInput(() => this.#trigger.notify());
  }

  /** Ready once the caches synced and the node state was computed and handed to the backend once. */
  get ready(): boolean {
    return this.cache.hasSynced() && this.#firstRunDone;
  }

  /**
   * Starts the informers and, once every cache has synced, the loops. Nothing is computed (nor
   * written) from a partial cache. Resolves false when `signal` aborts before the caches synced.
   */
  async start(signal?: AbortSignal): Promise<boolean> {
    this.cache.start();
    if (!(await this.cache.waitForSync(signal))) return false;
    this.#trigger.start();
    this.#statusLoop.start();
    this.#configStateTrigger.start();
    this.#trigger.notify();
    return true;
  }

  /** Stops watching and reconciling. Never deletes anything: what was applied stays applied. */
  async stop(): Promise<void> {
    await this.cache.stop();
    await Promise.all([this.#trigger.stop(), this.#statusLoop.stop(), this.#configStateTrigger.stop()]);
    await this.#recorder.flush();
  }

  /** Resolves when no reconcile is pending in any loop (tests). */
  async idle(): Promise<void> {
    for (let i = 0; i < 3; i++) {
      await this.#trigger.idle();
      await this.#statusLoop.idle();
      await this.#configStateTrigger.idle();
      await this.#recorder.flush();
    }
  }
}

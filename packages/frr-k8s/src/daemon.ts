// One frr-k8s daemon per node: watches what can concern its node, rebuilds the node's whole frr.conf
// on every change, applies it through the ApplyLoop (no fixed debounce), and reports in FRRNodeState,
// BGPSessionState objects, events, logs and metrics. Everything external (API client, FRR applier,
// FRR status reader) is injected so scenario tests run without a cluster or FRR.
import type { FRRConfiguration, FRRK8sConfiguration, Node, Secret } from "@metallb-ts/api";
import {
  CoalescingTrigger,
  EventRecorder,
  Informer,
  NodeResource,
  SecretResource,
  SyncState,
  createK8sClientMetrics,
  setLogLevel,
  referenceTo,
  type InformerEvent,
  type K8sClientMetrics,
  type KubeClient,
  type Logger,
  type OwnerReference,
  type ReconcileResult,
  type ResourceType,
} from "@metallb-ts/runtime";
import type { Registry } from "prom-client";
import { ApplyLoop, type ApplyOutcome } from "./apply/apply-loop.js";
import { REQUIRED_DAEMONS, redactPasswords, type FrrApplier } from "./apply/frr-reloader.js";
import { NodeConfigurationStore } from "./configuration-store.js";
import { buildDesiredConfig, type ObjectName } from "./desired-config.js";
import { registerFrrMetrics } from "./frr-metrics.js";
import type { FrrStatusReader } from "./frr-status.js";
import { FrrWatchdog } from "./apply/frr-watchdog.js";
import { NodeStateWriter } from "./node-state.js";
import { FRRConfigurationResource, FRRK8sConfigurationResource, FRRNodeStateResource, BGPSessionStateResource } from "./resources.js";
import { FRRK8sLabel, type BGPSessionState } from "@metallb-ts/api";
import { applySessionStatePlan, desiredSessionStates, planSessionStates } from "./session-states.js";

export interface FrrK8sDaemonOptions {
  readonly client: KubeClient;
  readonly nodeName: string;
  readonly namespace: string;
  readonly applier: FrrApplier;
  readonly statusReader: FrrStatusReader;
  readonly logger: Logger;
  readonly registry: Registry;
  /** --log-level; FRRK8sConfiguration `config` overrides it at run time. */
  readonly logLevel: string;
  readonly alwaysBlock: readonly string[];
  readonly hostname: string;
  readonly fallbackRouterID: string;
  readonly routeMapDelayTimer: number | undefined;
  readonly pollIntervalMs: number;
  /** FRR restart detection; omit to disable (unit tests). */
  readonly watchdog?: { readonly vtySocketDir: string; readonly intervalMs: number } | undefined;
  readonly owner?: OwnerReference | undefined;
  /** ApplyLoop retry base (tests shorten it). */
  readonly applyRetryBaseMs?: number;
}

/** Secrets other than basic-auth ones can never hold a BGP password: keep only their name and type. */
function projectSecret(s: Secret): Secret {
  if (s.type === "kubernetes.io/basic-auth") return s;
  const m = s.metadata ?? {};
  return { apiVersion: "v1", kind: "Secret", metadata: { name: m.name, namespace: m.namespace, resourceVersion: m.resourceVersion }, ...(s.type ? { type: s.type } : {}) } as Secret;
}

export class FrrK8sDaemon {
  readonly metrics: K8sClientMetrics;
  readonly applyLoop: ApplyLoop;
  readonly configurations: NodeConfigurationStore;
  readonly nodeState: NodeStateWriter;
  readonly #o: FrrK8sDaemonOptions;
  readonly #log: Logger;
  readonly #nodes: Informer<Node>;
  readonly #secrets: Informer<Secret>;
  readonly #frrk8sConfig: Informer<FRRK8sConfiguration>;
  readonly #rebuild: CoalescingTrigger;
  readonly #sessions: CoalescingTrigger;
  readonly #events: EventRecorder;
  readonly #watchdog: FrrWatchdog | undefined;
  #sessionTimer: ReturnType<typeof setInterval> | undefined;
  #logLevel: string;
  #nodeLabels = "";
  #lastConversion = "";
  #started = false;
  #stopped = false;

  constructor(options: FrrK8sDaemonOptions) {
    this.#o = options;
    const { client, namespace, nodeName, logger } = options;
    this.#logLevel = options.logLevel;
    this.#log = logger.child({ controller: "FRRConfigurationReconciler" });
    const statusLog = logger.child({ controller: "BGPSessionStateReconciler" });
    this.metrics = createK8sClientMetrics(options.registry, "frrk8s");
    registerFrrMetrics(options.registry, options.statusReader, (err) => this.#log.warn({ err: String(err) }, "reading FRR for metrics failed"));
    this.#events = new EventRecorder({ client, component: "frr-k8s", host: nodeName, onError: (err) => this.#log.warn({ err: String(err) }, "event write failed") });
    const onInformerEvent = (what: string) => (e: InformerEvent) => {
      if (e.type === "listed") this.#log.debug({ informer: what, count: e.count }, "listed");
      else this.#log.warn({ informer: what, event: e.type, err: "error" in e ? String(e.error) : undefined }, "informer trouble");
    };
    const notify = () => this.#rebuild.notify();

    this.#nodes = new Informer(client, NodeResource as ResourceType<Node>, { fieldSelector: `metadata.name=${nodeName}`, onEvent: onInformerEvent("nodes") });
    this.#nodes.addHandler({ onAdd: () => this.#nodeChanged(), onUpdate: () => this.#nodeChanged(), onDelete: () => this.#nodeChanged() });
    this.#secrets = new Informer(client, SecretResource as ResourceType<Secret>, { namespace, onEvent: onInformerEvent("secrets"), transform: projectSecret });
    this.#secrets.addHandler({ onAdd: notify, onUpdate: notify, onDelete: notify });
    this.#frrk8sConfig = new Informer(client, FRRK8sConfigurationResource, { namespace, fieldSelector: "metadata.name=config", onEvent: onInformerEvent("frrk8sconfigurations") });
    this.#frrk8sConfig.addHandler({ onAdd: () => this.#logLevelChanged(), onUpdate: () => this.#logLevelChanged(), onDelete: () => this.#logLevelChanged() });
    this.configurations = new NodeConfigurationStore({ client, namespace, nodeName, onChange: notify, onInformerEvent: onInformerEvent("frrconfigurations") });

    this.applyLoop = new ApplyLoop({
      applier: options.applier,
      onOutcome: (o) => this.#applied(o),
      ...(options.applyRetryBaseMs !== undefined ? { retryBaseMs: options.applyRetryBaseMs } : {}),
    });
    this.nodeState = new NodeStateWriter({ client, nodeName, onResult: this.#logResult("frrnodestate") });
    this.#rebuild = new CoalescingTrigger({ name: "frrconfig", run: () => this.#reconcile(), metrics: this.metrics, onResult: this.#logResult("frrconfig") });
    this.#sessions = new CoalescingTrigger({
      name: "bgpsessionstate",
      run: async () => {
        const writes = await this.#syncSessions();
        if (writes > 0) statusLog.debug({ writes }, "BGPSessionStates updated");
        return SyncState.success;
      },
      onResult: this.#logResult("bgpsessionstate", statusLog),
    });
    this.#watchdog = options.watchdog
      ? new FrrWatchdog({
          vtySocketDir: options.watchdog.vtySocketDir,
          daemons: REQUIRED_DAEMONS,
          intervalMs: options.watchdog.intervalMs,
          alive: () => options.applier.alive(),
          busy: () => this.applyLoop.busy,
          onDown: () => {
            this.#log.warn("FRR is not running: the configuration will be applied again when it is back");
            this.nodeState.set({ lastReloadResult: `FRR is not running (one of ${REQUIRED_DAEMONS.join(", ")} does not answer); the configuration will be applied again when it is back` });
            this.#sessions.notify();
          },
          onRestarted: (reason) => {
            this.#log.info({ reason }, "FRR restarted: applying the configuration again");
            this.applyLoop.reapply();
          },
        })
      : undefined;
  }

  /** Starts every watch, waits for the caches, then applies the first configuration. */
  async start(signal?: AbortSignal): Promise<void> {
    this.#nodes.start();
    this.#secrets.start();
    this.#frrk8sConfig.start();
    await Promise.all([this.#nodes.waitForSync(signal), this.#secrets.waitForSync(signal), this.#frrk8sConfig.waitForSync(signal)]);
    // Labels first, so configurations are projected against the right node from the first list page.
    this.#nodeChanged();
    this.configurations.start();
    await this.configurations.waitForSync(signal);
    await this.nodeState.start();
    this.#applyLogLevel();
    this.#started = true;
    this.#rebuild.start();
    this.#rebuild.notify();
    this.#sessions.start();
    this.#sessions.notify();
    this.#sessionTimer = setInterval(() => this.#sessions.notify(), this.#o.pollIntervalMs);
    this.#sessionTimer.unref?.();
    this.#watchdog?.start();
  }

  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#watchdog?.stop();
    if (this.#sessionTimer) clearInterval(this.#sessionTimer);
    this.applyLoop.stop();
    await Promise.all([this.#rebuild.stop(), this.#sessions.stop()]);
    await this.applyLoop.idle();
    await this.nodeState.stop();
    await Promise.all([this.configurations.stop(), this.#nodes.stop(), this.#secrets.stop(), this.#frrk8sConfig.stop()]);
    await this.#events.flush();
  }

  /** Every cache synced and the first configuration built. */
  ready(): boolean {
    return this.#started;
  }

  /** Resolves when no rebuild, apply or status write is running or pending (tests). */
  async idle(): Promise<void> {
    for (let i = 0; i < 3; i++) {
      await this.#rebuild.idle();
      await this.applyLoop.idle();
      await this.nodeState.idle();
      await this.#sessions.idle();
    }
  }

  /** Runs the BGPSessionState sync now (tests). */
  syncSessionsNow(): void {
    this.#sessions.notify();
  }

  // --- reconcile ----------------------------------------------------------------------------------

  async #reconcile(): Promise<SyncState> {
    if (!this.#started) return SyncState.success;
    const { nodeName, namespace } = this.#o;
    const node = this.#nodes.get(nodeName);
    if (node === undefined) return this.#conversionFailed(`Node ${nodeName} not found`, []);
    const candidates = await this.configurations.candidates();
    const secrets = new Map(this.#secrets.list(namespace).map((s) => [s.metadata?.name ?? "", s] as const));
    const desired = buildDesiredConfig({
      node: { name: nodeName, labels: node.metadata?.labels ?? {} },
      candidates,
      secrets,
      alwaysBlock: this.#o.alwaysBlock,
      logLevel: this.#logLevel,
      hostname: this.#o.hostname,
      fallbackRouterID: this.#o.fallbackRouterID,
      routeMapDelayTimer: this.#o.routeMapDelayTimer,
    });
    if (!desired.ok) {
      const objects = new Map(candidates.map((c) => [`${c.object.metadata.namespace ?? ""}/${c.object.metadata.name ?? ""}`, c.object] as const));
      return this.#conversionFailed(desired.message, desired.involved.map((n) => objects.get(`${n.namespace}/${n.name}`) ?? n));
    }
    if (this.#lastConversion !== "success") this.#log.info({ configurations: candidates.length }, "configuration converted");
    this.#lastConversion = "success";
    this.nodeState.set({ lastConversionResult: "success" });
    this.#log.debug({ bytes: desired.text.length, configurations: candidates.length }, "desired FRR configuration built");
    // Nothing to apply when FRR already runs it: the previous failure (if any) is over.
    if (desired.text === this.applyLoop.applied && !this.applyLoop.failing) this.metrics.configApplied();
    this.applyLoop.submit(desired.text);
    return SyncState.success;
  }

  #conversionFailed(message: string, involved: readonly (FRRConfiguration | ObjectName)[]): SyncState {
    this.metrics.configFailed();
    this.nodeState.set({ lastConversionResult: `failed: ${message}` });
    if (this.#lastConversion !== message) {
      // Reported once per distinct failure; FRR keeps the last good configuration meanwhile.
      this.#log.error({ error: message }, "configuration not applied: conversion failed, FRR keeps the last good configuration");
      for (const o of involved) {
        const ref = "metadata" in o ? referenceTo(FRRConfigurationResource, o) : { apiVersion: "frrk8s.metallb.io/v1beta1", kind: "FRRConfiguration", namespace: o.namespace, name: o.name };
        this.#events.warning(ref, "ConversionFailed", `node ${this.#o.nodeName}: ${message}`);
      }
    }
    this.#lastConversion = message;
    return SyncState.errorNoRetry;
  }

  #applied(o: ApplyOutcome): void {
    if (o.ok) {
      this.metrics.configApplied();
      this.nodeState.set({ lastReloadResult: "success" });
      this.#log.info({ durationMs: Math.round(o.durationMs), mode: o.mode, reloadReason: o.reloadReason }, "FRR configuration applied");
    } else {
      this.metrics.configFailed();
      this.metrics.updateErrors.inc();
      const error = redactPasswords(o.error ?? "reload failed");
      this.nodeState.set({ lastReloadResult: error });
      this.#log.error({ error, durationMs: Math.round(o.durationMs) }, "FRR rejected the configuration: it keeps the previous one");
      this.#events.warning(
        { apiVersion: "frrk8s.metallb.io/v1beta1", kind: FRRNodeStateResource.kind, name: this.#o.nodeName },
        "ReloadFailed",
        `FRR rejected the configuration: ${error.slice(0, 1000)}`,
      );
    }
    void this.#refreshRunningConfig();
    this.#sessions.notify();
  }

  async #refreshRunningConfig(): Promise<void> {
    try {
      this.nodeState.set({ runningConfig: redactPasswords(await this.#o.applier.runningConfig()) });
    } catch (err) {
      this.#log.warn({ err: String(err) }, "reading FRR's running configuration failed");
    }
  }

  #nodeChanged(): void {
    const node = this.#nodes.get(this.#o.nodeName);
    const labels = node?.metadata?.labels ?? {};
    const key = node === undefined ? "\u0000absent" : JSON.stringify(Object.entries(labels).sort());
    if (key === this.#nodeLabels) return; // only label changes matter
    this.#nodeLabels = key;
    this.configurations.setNodeLabels(labels);
    this.#rebuild.notify();
  }

  #logLevelChanged(): void {
    this.#applyLogLevel();
    this.#rebuild.notify();
  }

  #applyLogLevel(): void {
    const cfg = this.#frrk8sConfig.get("config", this.#o.namespace);
    const level = cfg?.spec?.logLevel || this.#o.logLevel;
    if (level === this.#logLevel && this.#started) return;
    this.#logLevel = level;
    // Every logger made from ours (the reconcilers', the apply loop's) follows.
    setLogLevel(this.#o.logger, level);
  }

  async #syncSessions(): Promise<number> {
    const { client, namespace, nodeName } = this.#o;
    let neighbors;
    try {
      neighbors = await this.#o.statusReader.bgpNeighbors();
    } catch {
      return 0; // FRR down: keep the objects as they are until it answers again
    }
    const existing = await client.list(BGPSessionStateResource, { namespace, labelSelector: `${FRRK8sLabel.node}=${nodeName}` });
    const plan = planSessionStates(existing.items as BGPSessionState[], desiredSessionStates(nodeName, neighbors));
    return applySessionStatePlan(plan, { client, namespace, node: nodeName, owner: this.#o.owner });
  }

  #logResult(name: string, log: Logger = this.#log): (r: ReconcileResult<"all">) => void {
    return (r) => {
      if (r.state === "thrown") log.error({ loop: name, err: String(r.error), retryInMs: r.retryInMs }, "reconcile failed");
      else log.trace({ loop: name, state: r.state, durationMs: Math.round(r.durationMs) }, "reconcile done");
    };
  }
}

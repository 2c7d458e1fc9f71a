// The speaker binary (one per node): composition root. Reads flags and env, builds the logger, the
// metrics registry, the client and the HTTP endpoints, and runs a Speaker until SIGTERM/SIGINT.
// Start order avoids route flaps: caches sync first, then the first recompute applies the desired
// state in place; shutdown never deletes `metallb-<node>` nor touches FRR.
import { Registry, collectDefaultMetrics } from "prom-client";
import type { OwnerReference } from "@metallb-ts/api";
import {
  HealthChecks,
  createKubeClient,
  createLogger,
  loadKubeConfig,
  onShutdown,
  ownPodReference,
  runMain,
  serviceAccountNamespace,
  startHttpServer,
  startMetricsServer,
  tlsFilesInDir,
  type KubeClient,
  type Logger,
  type RunningHttpServer,
} from "@metallb-ts/runtime";
import type { BGPBackend } from "./backends/backend.js";
import { BGPType, parseSpeakerFlags, usage, type SpeakerOptions } from "./flags.js";
import { FIELD_MANAGER, Speaker } from "./speaker.js";

async function ownerReferencesFor(client: KubeClient, opts: SpeakerOptions, log: Logger): Promise<OwnerReference[] | undefined> {
  const owner = await ownPodReference(client, opts.namespace, opts.podName);
  if (!owner && opts.podName) log.warn({ op: "startup", pod: `${opts.namespace}/${opts.podName}` }, "speaker Pod not found: status objects are written without owner references");
  return owner ? [{ ...owner }] : undefined;
}

async function main(): Promise<number> {
  const opts = parseSpeakerFlags(process.argv.slice(2), { env: process.env, serviceAccountNamespace: serviceAccountNamespace() });
  const log = createLogger({ level: opts.logLevel, base: { component: "speaker", node: opts.nodeName } });
  const registry = new Registry();
  // process_* and nodejs_* like the controller and frr-k8s (upstream's Go binaries export go_* and process_*).
  collectDefaultMetrics({ register: registry });
  const client = createKubeClient(loadKubeConfig({ kubeconfigPath: opts.kubeconfig }), { fieldManager: FIELD_MANAGER, userAgent: "metallb-ts-speaker" });
  const shutdown = onShutdown({ onStepError: (e) => log.error({ op: "shutdown", step: e.step, error: String(e.error) }, "shutdown step failed") });

  const health = new HealthChecks();
  health.addLivenessCheck("ping", () => true);
  const servers: RunningHttpServer[] = [];
  servers.push(await startHttpServer({ port: opts.healthProbePort, host: opts.healthProbeBindAddress, health }));
  if (opts.metricsPort !== 0) {
    servers.push(
      await startMetricsServer({
        port: opts.metricsPort,
        host: opts.metricsBindAddress,
        registry,
        health,
        certificate: tlsFilesInDir(opts.metricsCertDir),
        tlsOptions: opts.tls,
        insecure: opts.insecureMetrics,
        client,
        hostnames: [opts.nodeName],
        log: log.child({ server: "metrics" }),
      }),
    );
  }
  shutdown.add("http servers", () => Promise.all(servers.map((s) => s.close())));
  log.info({ op: "startup", bgpType: opts.bgpType, frrK8sNamespace: opts.frrK8sNamespace, endpoints: servers.map((s) => s.url) }, "speaker starting");

  let backend: BGPBackend | undefined;
  if (opts.bgpType === BGPType.frr) {
    // Loaded only in frr mode: the frr-reload plumbing is of no use to the frr-k8s backend.
    const { startFrrBackend } = await import("./backends/frr-runtime.js");
    const frr = startFrrBackend({ paths: opts.frr, nodeName: opts.nodeName, logLevel: opts.logLevel, registry, log: log.child({ controller: "frr" }) });
    shutdown.add("frr apply loop", () => frr.stop());
    backend = frr.backend;
  }

  const speaker = new Speaker({ client, config: opts, log, registry, backend, ownerReferences: await ownerReferencesFor(client, opts, log) });
  health.addReadinessCheck("informers-synced", () => speaker.cache.hasSynced());
  health.addReadinessCheck("first-reconcile", () => speaker.ready);
  shutdown.add("speaker", () => speaker.stop());

  if (await speaker.start(shutdown.signal)) log.info({ op: "startup", event: "cachesSynced" }, "caches synced, node state computed from a full view");
  await shutdown.done;
  log.info({ op: "shutdown", reason: shutdown.reason }, "speaker stopped");
  return 0;
}

runMain("speaker", main, { usage });

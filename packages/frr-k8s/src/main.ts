// frr-k8s daemon entry point: one process per node. See daemon.ts for what it does; this file turns
// flags into real dependencies (API client, FRR through vtysh and frr-reload.py, HTTP endpoints).
import { hostname as osHostname, networkInterfaces } from "node:os";
import { Registry, collectDefaultMetrics } from "prom-client";
import {
  HealthChecks,
  createKubeClient,
  createLogger,
  loadKubeConfig,
  onShutdown,
  ownPodReference,
  runMain,
  startHttpServer,
  startMetricsServer,
} from "@metallb-ts/runtime";
import { FrrReloadApplier } from "./apply/frr-reloader.js";
import { IncrementalFrrApplier } from "./apply/incremental-applier.js";
import { FrrK8sDaemon } from "./daemon.js";
import { parseFrrK8sFlags, usage } from "./flags.js";
import { VtyshStatusReader } from "./frr-status.js";
import { fallbackRouterID } from "./router-id.js";

async function main(): Promise<number> {
  const flags = parseFrrK8sFlags(process.argv.slice(2), process.env);
  const logger = createLogger({ level: flags.logLevel, base: { component: "frr-k8s", node: flags.nodeName } });
  const shutdown = onShutdown({ onStepError: (e) => logger.warn({ step: e.step, err: String(e.error) }, "shutdown step failed") });
  const client = createKubeClient(loadKubeConfig({ kubeconfigPath: flags.kubeconfig }), { fieldManager: "frr-k8s", userAgent: "metallb-ts/frr-k8s" });
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  // hostNetwork pods see the node's host name; the lab sets HOSTNAME per node.
  const hostname = process.env["HOSTNAME"] || osHostname();

  // Not fatal: BGPSessionStates work without an owner, only their garbage collection needs it.
  const owner = await ownPodReference(client, flags.namespace, flags.podName).catch(() => undefined);
  if (!owner && flags.podName !== "") logger.warn({ pod: flags.podName }, "daemon pod not found: BGPSessionStates get no owner reference");

  const daemon = new FrrK8sDaemon({
    client,
    nodeName: flags.nodeName,
    namespace: flags.namespace,
    applier: new IncrementalFrrApplier(flags.frr),
    statusReader: new VtyshStatusReader(flags.frr),
    logger,
    registry,
    logLevel: flags.logLevel,
    alwaysBlock: flags.alwaysBlock,
    hostname,
    fallbackRouterID: fallbackRouterID(hostname, networkInterfaces()),
    routeMapDelayTimer: flags.routeMapDelayTimer,
    pollIntervalMs: flags.pollIntervalMs,
    watchdog: { vtySocketDir: flags.frr.vtySocketDir, intervalMs: flags.frrWatchIntervalMs },
    owner,
  });

  const health = new HealthChecks();
  health.addLivenessCheck("ping", () => true);
  health.addReadinessCheck("informers-synced", () => daemon.ready());
  // The metrics port also answers /livez like upstream's FRR exporter: are the FRR daemons up?
  const frrHealth = new HealthChecks();
  const applier = new FrrReloadApplier(flags.frr);
  frrHealth.addLivenessCheck("frr-daemons", () => applier.alive());
  const healthServer = await startHttpServer({ port: flags.healthProbe.port, host: flags.healthProbe.host, health });
  shutdown.add("health server", () => healthServer.close());
  const metricsServer = await startMetricsServer({
    port: flags.metrics.port,
    host: flags.metrics.host,
    registry,
    health: frrHealth,
    certificate: flags.metricsTLS,
    tlsOptions: flags.tls,
    insecure: flags.insecureMetrics,
    client,
    hostnames: [flags.nodeName, hostname],
    log: logger.child({ server: "metrics" }),
  });
  shutdown.add("metrics server", () => metricsServer.close());
  shutdown.add("daemon", () => daemon.stop());
  logger.info(
    { namespace: flags.namespace, metrics: metricsServer.url, health: healthServer.url, frr: flags.frr.vtySocketDir, debounceMs: flags.bgpDebounceTimeoutMs },
    "frr-k8s starting",
  );
  await daemon.start(shutdown.signal);
  logger.info("frr-k8s running");
  await shutdown.done;
  logger.info({ reason: shutdown.reason }, "frr-k8s stopped");
  return 0;
}

runMain("frr-k8s", main, { usage });

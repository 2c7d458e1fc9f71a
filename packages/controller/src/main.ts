// The controller binary: the composition root. It alone reads argv/env, builds the logger, the metrics
// registry and the KubeClient, and wires the Controller, the HTTP endpoints and shutdown together.
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import {
  HealthChecks,
  NotFoundError,
  SecretResource,
  createKubeClient,
  createLogger,
  isConflict,
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
  type OwnerReference,
} from "@metallb-ts/runtime";
import { Registry, collectDefaultMetrics } from "prom-client";
import { startControllerWebhooks } from "@metallb-ts/webhooks";
import { Controller } from "./controller.js";
import { parseControllerFlags, usage, WebhookMode, type ControllerFlags } from "./options.js";
import { DeploymentResource } from "./resources.js";

/**
 * Seam for the admission webhooks (packages/webhooks): when set and --webhook-mode is enabled or
 * onlywebhook, main starts them and stops them on shutdown.
 */
export type StartWebhooks = (context: { readonly flags: ControllerFlags; readonly client: KubeClient; readonly log: Logger }) => Promise<() => Promise<void>>;
export const startWebhooks: StartWebhooks | undefined = startControllerWebhooks;

/** Our Pod as an owner reference; without a Pod (tests, the lab) there is none. */
async function podOwner(client: KubeClient, flags: ControllerFlags, log: Logger): Promise<OwnerReference | undefined> {
  const owner = await ownPodReference(client, flags.namespace, flags.podName);
  if (!owner && flags.podName) log.warn({ ownPod: `${flags.namespace}/${flags.podName}` }, "own Pod not found: running without owner references");
  return owner;
}

/** Spec §2.15: the memberlist secret, created once with 16 random bytes (base64, no padding). */
async function ensureMemberlistSecret(client: KubeClient, flags: ControllerFlags, log: Logger): Promise<void> {
  const name = flags.memberlistSecretName;
  if (!name) return;
  let owner: OwnerReference | undefined;
  if (flags.deploymentName) {
    try {
      const deployment = await client.get(DeploymentResource, flags.deploymentName, { namespace: flags.namespace });
      owner = { apiVersion: "apps/v1", kind: "Deployment", name: flags.deploymentName, uid: deployment.metadata?.uid ?? "" };
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
    }
  }
  const secretkey = Buffer.from(randomBytes(16).toString("base64").replace(/=+$/, "")).toString("base64");
  try {
    await client.create(SecretResource, { apiVersion: "v1", kind: "Secret", metadata: { name, namespace: flags.namespace, ...(owner ? { ownerReferences: [owner] } : {}) }, data: { secretkey } } as never);
    log.info({ secret: `${flags.namespace}/${name}` }, "created the memberlist secret");
  } catch (err) {
    if (!isConflict(err)) throw err;
  }
}

async function main(): Promise<number> {
  const flags = parseControllerFlags(process.argv.slice(2), { env: process.env, serviceAccountNamespace: serviceAccountNamespace() });
  const log = createLogger({ level: flags.logLevel, base: { component: "controller", ...(flags.podName ? { pod: flags.podName } : {}) } });
  if (flags.bgpType === "frr") log.warn("METALLB_BGP_TYPE=frr is deprecated");
  const client = createKubeClient(loadKubeConfig(flags.kubeconfig ? { kubeconfigPath: flags.kubeconfig } : {}), { fieldManager: "metallb-controller" });
  const shutdown = onShutdown({ onStepError: ({ step, error }) => log.error({ step, err: error }, "shutdown step failed") });

  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const health = new HealthChecks();
  health.addLivenessCheck("ping", () => true);
  const healthServer = await startHttpServer({ port: flags.healthProbePort, health });
  shutdown.add("health server", () => healthServer.close());
  if (flags.metricsPort > 0) {
    const metricsServer = await startMetricsServer({
      port: flags.metricsPort,
      host: flags.metricsBindAddress,
      registry,
      certificate: tlsFilesInDir(flags.metricsCertDir),
      tlsOptions: flags.tls,
      insecure: flags.insecureMetrics,
      client,
      hostnames: [hostname(), flags.podName ?? ""],
      log: log.child({ server: "metrics" }),
    });
    shutdown.add("metrics server", () => metricsServer.close());
  }

  if (flags.webhookMode !== WebhookMode.disabled) {
    if (startWebhooks) {
      const stop = await (startWebhooks as StartWebhooks)({ flags, client, log: log.child({ component: "webhooks" }) });
      shutdown.add("webhooks", stop);
    } else {
      log.warn({ webhookMode: flags.webhookMode }, "webhooks are not part of this build: not serving them");
    }
  }
  if (flags.webhookMode === WebhookMode.onlyWebhook) {
    log.info("webhook-only mode: not running the allocation controller");
    await shutdown.done;
    return 0;
  }

  const owner = await podOwner(client, flags, log);
  await ensureMemberlistSecret(client, flags, log);
  const controller = new Controller({
    client,
    namespace: flags.namespace,
    log,
    registry,
    validation: flags.validation,
    lbClass: flags.lbClass,
    owner,
    ...(flags.leaderElect
      ? {
          leaderElection: {
            leaseName: flags.leaseName,
            identity: flags.podName ?? `${process.env["HOSTNAME"] ?? "controller"}-${process.pid}`,
            leaseDurationMs: flags.leaseDurationMs,
            renewDeadlineMs: flags.renewDeadlineMs,
            retryPeriodMs: flags.retryPeriodMs,
          },
        }
      : {}),
  });
  health.addReadinessCheck("informers-synced", () => controller.synced());
  controller.start();
  shutdown.add("controller", () => controller.stop());
  log.info({ namespace: flags.namespace, leaderElect: flags.leaderElect, lbClass: flags.lbClass ?? "" }, "controller started");
  await shutdown.done;
  log.info({ reason: shutdown.reason }, "controller stopped");
  return 0;
}

runMain("metallb-ts controller", main, { usage });

// The frr-k8s webhook binary (upstream's "statuscleaner" webhook part): the FRRConfiguration
// validating webhook over HTTPS on --webhook-port, with GET /healthz on the same port, and built-in
// certificate rotation unless --disable-cert-rotation.
import { createKubeClient, createLogger, loadKubeConfig, runMain, Shutdown } from "@metallb-ts/runtime";
import { USAGE, parseWebhookFlags } from "./flags.js";
import { startFRRK8sWebhooks } from "./start.js";

async function main(argv: readonly string[]): Promise<void> {
  const flags = parseWebhookFlags(argv, process.env);
  const v = flags.values;
  const log = createLogger({ level: v["log-level"], base: { component: "frr-k8s-webhooks" } });
  const namespace = v.namespace;
  const shutdown = new Shutdown({ onStepError: ({ step, error }) => log.error({ err: error, step }, "shutdown step failed") });
  const kube = createKubeClient(loadKubeConfig({ kubeconfigPath: v.kubeconfig }), { fieldManager: "frr-k8s-webhooks", userAgent: "metallb-ts-frr-k8s-webhooks" });
  // A SIGTERM while certificates are not ready yet (API server unreachable) must still stop us.
  let started = false;
  shutdown.listen();
  shutdown.signal.addEventListener("abort", () => {
    if (!started) process.exit(0);
  });
  const restartOnRefresh = v["restart-on-rotator-secret-refresh"];
  const webhooks = await startFRRK8sWebhooks({
    kube,
    log,
    namespace,
    port: v["webhook-port"],
    host: v["webhook-host"],
    certDir: v["cert-dir"],
    disableCertRotation: v["disable-cert-rotation"],
    webhookSecret: v["webhook-secret"],
    certServiceName: v["cert-service-name"],
    webhookConfigurationName: v["webhook-configuration-name"],
    extraHosts: v["cert-extra-sans"],
    tls: flags.tls,
    onCertificateRefresh: restartOnRefresh
      ? () => {
          log.info({ event: "restartOnSecretRefresh" }, "certificate refreshed: exiting to be restarted (--restart-on-rotator-secret-refresh)");
          void shutdown.trigger("certificate refresh");
        }
      : undefined,
  });
  started = true;
  shutdown.add("webhook server", () => webhooks.close());
  await shutdown.done;
  log.info({ event: "stopped", reason: shutdown.reason }, "webhooks stopped");
}

runMain("webhooks", () => main(process.argv.slice(2)), { usage: USAGE });

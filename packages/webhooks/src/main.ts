// The frr-k8s webhook binary (upstream's "statuscleaner" webhook part): the FRRConfiguration
// validating webhook over HTTPS on --webhook-port, with GET /healthz on the same port, and built-in
// certificate rotation unless --disable-cert-rotation.
import { createKubeClient, createLogger, loadKubeConfig, Shutdown, type Logger } from "@metallb-ts/runtime";
import { parseFlags, type Flags } from "./flags.js";
import { DEFAULT_CERT_DIR, startFRRK8sWebhooks } from "./start.js";
import { tlsOptionsFromFlags, type TLSFlags } from "./tls-options.js";

const USAGE = `usage: webhooks [flags]
  --webhook-port N                      HTTPS port (default 19443)
  --webhook-host ADDR                   bind address (default all interfaces)
  --namespace NS                        frr-k8s namespace (env NAMESPACE, default frr-k8s-system)
  --kubeconfig PATH                     kubeconfig (default in-cluster)
  --log-level LEVEL                     all|debug|info|warn|error|none (default info)
  --cert-dir DIR                        tls.crt/tls.key with --disable-cert-rotation (default ${DEFAULT_CERT_DIR})
  --disable-cert-rotation               use certificates provisioned by someone else
  --restart-on-rotator-secret-refresh   exit (to be restarted) when rotation installs a new certificate
  --webhook-secret NAME                 certificate Secret (default frr-k8s-webhook-server-cert)
  --cert-service-name NAME              Service the certificate is for (default frr-k8s-webhook-service)
  --webhook-configuration-name NAME     ValidatingWebhookConfiguration to inject the CA into
                                        (default frr-k8s-validating-webhook-configuration)
  --cert-extra-sans LIST                extra DNS names / IPs in the certificate, comma separated
  --tls-min-version V                   VersionTLS12 or VersionTLS13 (default TLS 1.3)
  --tls-cipher-suites LIST              TLS 1.2 cipher suites (Go names)
  --tls-curve-preferences LIST          curve IDs (Go numbers)
`;

function port(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`--webhook-port: invalid port ${JSON.stringify(text)}`);
  return n;
}

async function main(argv: readonly string[]): Promise<void> {
  let flags: Flags;
  let log: Logger;
  let tls: TLSFlags;
  try {
    flags = parseFlags(argv);
    log = createLogger({ level: flags.values.get("log-level") ?? "info", base: { component: "frr-k8s-webhooks" } });
    tls = { minVersion: flags.values.get("tls-min-version"), cipherSuites: flags.values.get("tls-cipher-suites"), curvePreferences: flags.values.get("tls-curve-preferences") };
    tlsOptionsFromFlags(tls);
    port(flags.values.get("webhook-port"), 19443);
  } catch (err) {
    process.stderr.write(`webhooks: ${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  const v = flags.values;
  const namespace = v.get("namespace") ?? process.env["NAMESPACE"] ?? "frr-k8s-system";
  const shutdown = new Shutdown({ onStepError: ({ step, error }) => log.error({ err: error, step }, "shutdown step failed") });
  const kube = createKubeClient(loadKubeConfig(v.has("kubeconfig") ? { kubeconfigPath: v.get("kubeconfig") as string } : {}), { fieldManager: "frr-k8s-webhooks", userAgent: "metallb-ts-frr-k8s-webhooks" });
  // A SIGTERM while certificates are not ready yet (API server unreachable) must still stop us.
  let started = false;
  shutdown.listen();
  shutdown.signal.addEventListener("abort", () => {
    if (!started) process.exit(0);
  });
  const restartOnRefresh = flags.booleans.has("restart-on-rotator-secret-refresh");
  const webhooks = await startFRRK8sWebhooks({
    kube,
    log,
    namespace,
    port: port(v.get("webhook-port"), 19443),
    host: v.get("webhook-host"),
    certDir: v.get("cert-dir"),
    disableCertRotation: flags.booleans.has("disable-cert-rotation"),
    webhookSecret: v.get("webhook-secret"),
    certServiceName: v.get("cert-service-name"),
    webhookConfigurationName: v.get("webhook-configuration-name"),
    extraHosts: (v.get("cert-extra-sans") ?? "").split(",").map((s) => s.trim()).filter((s) => s !== ""),
    tls,
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

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`webhooks: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});

// Composition: certificates (built-in rotation, or files provisioned by someone else such as
// cert-manager) + the HTTPS server + the routes. Handlers are served only once a certificate is ready.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { sleep, systemClock, tlsOptionsFromFlags, type Clock, type KubeClient, type Logger, type ServerTLSOptions } from "@metallb-ts/runtime";
import { validationModeForBGPType, type ValidationMode } from "@metallb-ts/config";
import { CertRotator, serviceHosts, type CertRotatorOptions } from "./cert-rotator.js";
import { frrRoutes, metallbRoutes } from "./handlers.js";
import { startWebhookServer, type ReviewHandler, type WebhookServer } from "./webhook-server.js";

export const DEFAULT_CERT_DIR = "/tmp/k8s-webhook-server/serving-certs";

/** Rotation timings (tests shorten them). */
export type RotationTimings = Pick<CertRotatorOptions, "caValidityMs" | "certValidityMs" | "refreshBeforeMs" | "checkIntervalMs" | "bundlePropagationMs">;

export interface WebhookCommonOptions {
  readonly kube: KubeClient;
  readonly log: Logger;
  readonly namespace: string;
  /** Default: 9443 for MetalLB (fixed upstream), 19443 for frr-k8s. 0 picks a free port. */
  readonly port?: number | undefined;
  /** Bind address; default all interfaces. */
  readonly host?: string | undefined;
  /** From the TLS flags (tlsOptionsFromFlags); default: TLS 1.3 minimum, as upstream. */
  readonly tls?: ServerTLSOptions | undefined;
  /** `--cert-dir`: where tls.crt / tls.key are read from with rotation disabled. */
  readonly certDir?: string | undefined;
  /** `--disable-cert-rotation`: certificates come from certDir (cert-manager or any other issuer). */
  readonly disableCertRotation?: boolean | undefined;
  /** Service the webhook configurations point at: the serving certificate is for `<name>.<ns>.svc`. */
  readonly certServiceName?: string | undefined;
  /** Secret holding the CA and the serving certificate. */
  readonly webhookSecret?: string | undefined;
  /** Extra SANs (DNS names or IPs), e.g. 127.0.0.1 when webhooks are registered by URL. */
  readonly extraHosts?: readonly string[] | undefined;
  readonly webhookConfigurationName?: string | undefined;
  readonly rotation?: RotationTimings | undefined;
  readonly clock?: Clock | undefined;
  /** Called when rotation installed a new certificate after start (--restart-on-rotator-secret-refresh). */
  readonly onCertificateRefresh?: (() => void) | undefined;
}

export interface MetalLBWebhooksOptions extends WebhookCommonOptions {
  /** validationModeForBGPType(METALLB_BGP_TYPE). */
  readonly validation: ValidationMode;
  /** The CRD whose conversion webhook is served here. Default bgppeers.metallb.io. */
  readonly conversionCRD?: string | undefined;
}

export type FRRK8sWebhooksOptions = WebhookCommonOptions;

export interface RunningWebhooks {
  readonly url: string;
  readonly port: number;
  /** Present when this process manages the certificates. */
  readonly rotator: CertRotator | undefined;
  close(): Promise<void>;
}

interface Defaults {
  readonly port: number;
  readonly service: string;
  readonly secret: string;
  readonly configuration: string;
  readonly crds: readonly string[];
  readonly organization: string;
}

async function readCertFiles(dir: string): Promise<{ cert: string; key: string } | undefined> {
  try {
    const [cert, key] = await Promise.all([readFile(join(dir, "tls.crt"), "utf8"), readFile(join(dir, "tls.key"), "utf8")]);
    return cert.trim() && key.trim() ? { cert, key } : undefined;
  } catch {
    return undefined;
  }
}

async function startWebhooks(options: WebhookCommonOptions, defaults: Defaults, routes: Map<string, ReviewHandler>): Promise<RunningWebhooks> {
  const log = options.log;
  const clock = options.clock ?? systemClock;
  const tls = options.tls ?? tlsOptionsFromFlags({});
  const abort = new AbortController();
  let server: WebhookServer | undefined;
  let rotator: CertRotator | undefined;
  let watcher: Promise<void> | undefined;

  if (options.disableCertRotation) {
    const dir = options.certDir ?? DEFAULT_CERT_DIR;
    let files = await readCertFiles(dir);
    while (files === undefined) {
      log.info({ event: "waitingForCertificates", certDir: dir }, "waiting for tls.crt and tls.key");
      if (!(await sleep(clock, 2_000, abort.signal))) throw new Error("stopped");
      files = await readCertFiles(dir);
    }
    server = await startWebhookServer({ port: options.port ?? defaults.port, host: options.host, log, routes, tls }, files);
    let last = files;
    // Whoever provisions the files (kubelet syncing the Secret volume) may replace them at any time.
    watcher = (async () => {
      while (await sleep(clock, 10_000, abort.signal)) {
        const next = await readCertFiles(dir);
        if (next === undefined || (next.cert === last.cert && next.key === last.key)) continue;
        try {
          server?.setCertificate(next.cert, next.key);
          last = next;
          log.info({ event: "certificateLoaded", certDir: dir }, "reloaded the webhook certificate");
        } catch (err) {
          log.error({ err, event: "certificateInvalid", certDir: dir }, "cannot load the new webhook certificate");
        }
      }
    })();
  } else {
    rotator = new CertRotator({
      kube: options.kube,
      log: log.child({ controller: "cert-rotator" }),
      namespace: options.namespace,
      secretName: options.webhookSecret ?? defaults.secret,
      hosts: serviceHosts(options.certServiceName ?? defaults.service, options.namespace, options.extraHosts ?? []),
      validatingWebhookConfigurations: [options.webhookConfigurationName ?? defaults.configuration],
      conversionCRDs: defaults.crds,
      organization: defaults.organization,
      clock,
      ...options.rotation,
    });
    const first = await rotator.start();
    server = await startWebhookServer({ port: options.port ?? defaults.port, host: options.host, log, routes, tls }, first);
    rotator.onCertificate((bundle) => {
      server?.setCertificate(bundle.cert, bundle.key);
      options.onCertificateRefresh?.();
    });
  }
  log.info({ event: "webhooksServing", url: server.url, paths: [...routes.keys()] }, "webhook server listening");
  const running = server;
  return {
    url: running.url,
    port: running.port,
    rotator,
    async close() {
      abort.abort();
      await rotator?.stop();
      await watcher;
      await running.close();
    },
  };
}

/**
 * The metallb.io validating webhooks and the BGPPeer conversion webhook, as the controller serves them
 * with --webhook-mode enabled or onlywebhook.
 */
export function startMetalLBWebhooks(options: MetalLBWebhooksOptions): Promise<RunningWebhooks> {
  const routes = metallbRoutes({ kube: options.kube, log: options.log, namespace: options.namespace, validation: options.validation });
  return startWebhooks(
    options,
    {
      port: 9443,
      service: "metallb-webhook-service",
      secret: "metallb-webhook-cert",
      configuration: "metallb-webhook-configuration",
      crds: [options.conversionCRD ?? "bgppeers.metallb.io"],
      organization: "metallb",
    },
    routes,
  );
}

/** The frrk8s.metallb.io FRRConfiguration validating webhook (the frr-k8s webhook Deployment). */
export function startFRRK8sWebhooks(options: FRRK8sWebhooksOptions): Promise<RunningWebhooks> {
  return startWebhooks(
    options,
    {
      port: 19443,
      service: "frr-k8s-webhook-service",
      secret: "frr-k8s-webhook-server-cert",
      configuration: "frr-k8s-validating-webhook-configuration",
      crds: [],
      organization: "frr-k8s",
    },
    frrRoutes({ kube: options.kube, log: options.log, namespace: options.namespace }),
  );
}

/** The slice of the controller's parsed flags the webhooks read (packages/controller ControllerFlags). */
export interface ControllerWebhookFlags {
  readonly namespace: string;
  /** METALLB_BGP_TYPE ("native" when unset). */
  readonly bgpType: string;
  readonly webhook: {
    readonly certDir: string;
    readonly certServiceName: string;
    readonly secretName: string;
    readonly disableCertRotation: boolean;
    /** Default 9443 (fixed upstream); the lab may need another. */
    readonly port?: number | undefined;
    readonly host?: string | undefined;
    /** Extra SANs, e.g. 127.0.0.1 when the webhooks are registered by URL. */
    readonly extraHosts?: readonly string[] | undefined;
  };
  readonly tls: ServerTLSOptions;
}

/**
 * Matches the controller's `StartWebhooks` seam: starts the MetalLB webhooks from the controller's
 * flags and returns the function that stops them.
 */
export async function startControllerWebhooks(context: { readonly flags: ControllerWebhookFlags; readonly client: KubeClient; readonly log: Logger }): Promise<() => Promise<void>> {
  const { flags } = context;
  const running = await startMetalLBWebhooks({
    kube: context.client,
    log: context.log,
    namespace: flags.namespace,
    validation: validationModeForBGPType(flags.bgpType),
    port: flags.webhook.port,
    host: flags.webhook.host,
    extraHosts: flags.webhook.extraHosts,
    certDir: flags.webhook.certDir,
    certServiceName: flags.webhook.certServiceName,
    webhookSecret: flags.webhook.secretName,
    disableCertRotation: flags.webhook.disableCertRotation,
    tls: flags.tls,
  });
  return () => running.close();
}

// The controller's command line and environment (spec §7.1 plus leader election), parsed once in
// main.ts into ControllerOptions. Pure: env and the service-account namespace file are passed in.
import { validationModeForBGPType, type ValidationMode } from "@metallb-ts/config";
import type { ControllerWebhookFlags } from "@metallb-ts/webhooks";
import {
  FlagError,
  commonFlags,
  defaultLeaderElectionTimings,
  checkInsecureMetrics,
  flagUsage,
  metricsSecurityFlags,
  namespaceOrServiceAccount,
  parseFlags,
  portFlag,
  tlsFilesInDir,
  tlsFlags,
  tlsOptionsFromFlagValues,
  type FlagContext,
  type FlagSpecs,
  type LogLevelFlag,
  type ServerTLSOptions,
} from "@metallb-ts/runtime";

export const WebhookMode = { enabled: "enabled", disabled: "disabled", onlyWebhook: "onlywebhook" } as const;
export type WebhookMode = (typeof WebhookMode)[keyof typeof WebhookMode];

export interface ControllerFlags {
  readonly kubeconfig?: string | undefined;
  readonly logLevel: LogLevelFlag;
  readonly namespace: string;
  readonly podName?: string | undefined;
  /** 0 disables the metrics endpoint. */
  readonly metricsPort: number;
  readonly metricsBindAddress: string;
  readonly metricsCertDir?: string | undefined;
  /** --insecure-metrics: plain HTTP, no scraper authentication (default HTTPS + TokenReview/SubjectAccessReview). */
  readonly insecureMetrics: boolean;
  readonly healthProbePort: number;
  readonly lbClass?: string | undefined;
  readonly webhookMode: WebhookMode;
  /** What the webhooks read (packages/webhooks), plus --webhook-http2 (accepted, not used). */
  readonly webhook: ControllerWebhookFlags["webhook"] & { readonly http2: boolean };
  /** --tls-min-version, --tls-cipher-suites, --tls-curve-preferences: for HTTPS metrics and the webhooks. */
  readonly tls: ServerTLSOptions;
  readonly leaderElect: boolean;
  readonly leaseName: string;
  readonly leaseDurationMs: number;
  readonly renewDeadlineMs: number;
  readonly retryPeriodMs: number;
  readonly memberlistSecretName?: string | undefined;
  readonly deploymentName?: string | undefined;
  /** From METALLB_BGP_TYPE. */
  readonly validation: ValidationMode;
  readonly bgpType: string;
}

const ms = (d: number): string => `${d / 1000}s`;

/** The controller's flags (upstream names and defaults). */
export const controllerFlagSpecs = {
  ...commonFlags,
  namespace: { type: "string", env: "METALLB_NAMESPACE", help: "namespace of the MetalLB objects (default: the service account's)" },
  "pod-name": { type: "string", env: "METALLB_POD_NAME", help: "own Pod, owner of what the controller creates" },
  port: portFlag(9120, "metrics port, 0 disables"),
  "metrics-bind-address": { type: "string", default: "0.0.0.0", help: "metrics bind address" },
  "metrics-cert-dir": { type: "string", help: "tls.crt/tls.key for HTTPS metrics (default: a self-signed certificate)" },
  ...metricsSecurityFlags,
  "health-probe-port": portFlag(17472, "/healthz and /readyz port"),
  "lb-class": { type: "string", help: "serve only Services of this load balancer class" },
  "webhook-mode": { type: "enum", values: Object.values(WebhookMode), default: WebhookMode.enabled, help: "serve the admission webhooks" },
  "cert-dir": { type: "string", default: "/tmp/k8s-webhook-server/serving-certs", help: "webhook certificate directory" },
  "cert-service-name": { type: "string", default: "metallb-webhook-service", help: "Service the webhook certificate is for" },
  "webhook-secret": { type: "string", default: "metallb-webhook-cert", help: "Secret holding the webhook certificate" },
  "disable-cert-rotation": { type: "bool", help: "use certificates provisioned by someone else" },
  "webhook-http2": { type: "bool", help: "accepted for compatibility" },
  ...tlsFlags,
  "leader-elect": { type: "bool", help: "run leader election (several replicas)" },
  "lease-name": { type: "string", default: "metallb-controller", help: "Lease used for leader election" },
  "lease-duration": { type: "duration", positive: true, default: defaultLeaderElectionTimings.leaseDurationMs, help: `(default ${ms(defaultLeaderElectionTimings.leaseDurationMs)})` },
  "renew-deadline": { type: "duration", positive: true, default: defaultLeaderElectionTimings.renewDeadlineMs, help: `(default ${ms(defaultLeaderElectionTimings.renewDeadlineMs)})` },
  "retry-period": { type: "duration", positive: true, default: defaultLeaderElectionTimings.retryPeriodMs, help: `(default ${ms(defaultLeaderElectionTimings.retryPeriodMs)})` },
  "ml-secret-name": { type: "string", env: "METALLB_ML_SECRET_NAME", help: "memberlist Secret to create" },
  deployment: { type: "string", env: "METALLB_DEPLOYMENT", help: "own Deployment, owner of the memberlist Secret" },
  "pprof-bind-address": { type: "string", help: "accepted for compatibility" },
} as const satisfies FlagSpecs;

export const usage = flagUsage("controller [flags]", controllerFlagSpecs);

/** Throws a FlagError naming the flag. */
export function parseControllerFlags(argv: readonly string[], ctx: FlagContext): ControllerFlags {
  const { env } = ctx;
  const f = parseFlags(argv, env, controllerFlagSpecs);
  const namespace = namespaceOrServiceAccount(f.namespace, ctx, "METALLB_NAMESPACE");
  const { "lease-duration": leaseDurationMs, "renew-deadline": renewDeadlineMs, "retry-period": retryPeriodMs } = f;
  if (!(leaseDurationMs > renewDeadlineMs && renewDeadlineMs > 1.2 * retryPeriodMs)) {
    throw new FlagError("flag --lease-duration must exceed --renew-deadline, which must exceed 1.2 x --retry-period");
  }
  checkInsecureMetrics(f["insecure-metrics"], tlsFilesInDir(f["metrics-cert-dir"]), "--metrics-cert-dir");
  const bgpType = env["METALLB_BGP_TYPE"]?.trim() || "native";
  return {
    kubeconfig: f.kubeconfig,
    logLevel: f["log-level"],
    namespace,
    podName: f["pod-name"],
    metricsPort: f.port,
    metricsBindAddress: f["metrics-bind-address"],
    metricsCertDir: f["metrics-cert-dir"],
    insecureMetrics: f["insecure-metrics"],
    healthProbePort: f["health-probe-port"],
    lbClass: f["lb-class"],
    webhookMode: f["webhook-mode"],
    webhook: {
      certDir: f["cert-dir"],
      certServiceName: f["cert-service-name"],
      secretName: f["webhook-secret"],
      disableCertRotation: f["disable-cert-rotation"],
      http2: f["webhook-http2"],
    },
    tls: tlsOptionsFromFlagValues(f),
    leaderElect: f["leader-elect"],
    leaseName: f["lease-name"],
    leaseDurationMs,
    renewDeadlineMs,
    retryPeriodMs,
    memberlistSecretName: f["ml-secret-name"],
    deploymentName: f.deployment,
    validation: validationModeForBGPType(bgpType),
    bgpType,
  };
}

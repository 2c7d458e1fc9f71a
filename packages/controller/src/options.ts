// The controller's command line and environment (spec §7.1 plus leader election), parsed once in
// main.ts into ControllerOptions. Pure: env and the service-account namespace file are passed in.
import { parseGoDuration } from "@metallb-ts/api";
import { validationModeForBGPType, type ValidationMode } from "@metallb-ts/config";
import { LogLevelFlag, defaultLeaderElectionTimings } from "@metallb-ts/runtime";

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
  readonly healthProbePort: number;
  readonly lbClass?: string | undefined;
  readonly webhookMode: WebhookMode;
  readonly webhook: {
    readonly certDir: string;
    readonly certServiceName: string;
    readonly secretName: string;
    readonly disableCertRotation: boolean;
    readonly http2: boolean;
  };
  readonly tls: { readonly minVersion?: string | undefined; readonly cipherSuites: readonly string[]; readonly curvePreferences: readonly number[] };
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

export type FlagsResult = { readonly ok: true; readonly flags: ControllerFlags } | { readonly ok: false; readonly error: string };

const VALUE_FLAGS = new Set([
  "kubeconfig", "log-level", "namespace", "pod-name", "port", "metrics-bind-address", "metrics-cert-dir", "health-probe-port",
  "lb-class", "webhook-mode", "cert-dir", "cert-service-name", "webhook-secret", "tls-min-version", "tls-cipher-suites",
  "tls-curve-preferences", "lease-name", "lease-duration", "renew-deadline", "retry-period", "ml-secret-name", "deployment",
  "pprof-bind-address",
]);
const BOOL_FLAGS = new Set(["leader-elect", "disable-cert-rotation", "webhook-http2"]);

class FlagError extends Error {}

/** `--name value`, `--name=value`, `-name value`; booleans take `--name` or `--name=true|false` (Go's flag package). */
function tokenize(argv: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const m = /^--?([a-z0-9-]+)(?:=(.*))?$/.exec(arg);
    if (!m) throw new FlagError(`unexpected argument ${JSON.stringify(arg)}`);
    const name = m[1] as string;
    let value = m[2];
    if (BOOL_FLAGS.has(name)) {
      value ??= "true";
      if (value !== "true" && value !== "false") throw new FlagError(`--${name}: want true or false, got ${JSON.stringify(value)}`);
    } else if (VALUE_FLAGS.has(name)) {
      if (value === undefined) {
        const next = argv[++i];
        if (next === undefined) throw new FlagError(`--${name} needs a value`);
        value = next;
      }
    } else {
      throw new FlagError(`unknown flag --${name}`);
    }
    out.set(name, value);
  }
  return out;
}

function port(name: string, text: string): number {
  if (!/^\d+$/.test(text) || Number(text) > 65535) throw new FlagError(`--${name}: want a port number 0-65535, got ${JSON.stringify(text)}`);
  return Number(text);
}

/** A Go duration ("15s", "1m30s") in milliseconds. */
function duration(name: string, text: string | undefined, fallbackMs: number): number {
  if (text === undefined) return fallbackMs;
  const ns = parseGoDuration(text);
  if (ns === undefined || ns <= 0) throw new FlagError(`--${name}: want a positive duration such as 15s, got ${JSON.stringify(text)}`);
  return ns / 1e6;
}

export interface ParseContext {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Content of the service-account namespace file, when it exists. */
  readonly serviceAccountNamespace?: string | undefined;
}

export function parseControllerFlags(argv: readonly string[], ctx: ParseContext): FlagsResult {
  try {
    return { ok: true, flags: parse(argv, ctx) };
  } catch (err) {
    if (err instanceof FlagError) return { ok: false, error: err.message };
    throw err;
  }
}

function parse(argv: readonly string[], { env, serviceAccountNamespace }: ParseContext): ControllerFlags {
  const f = tokenize(argv);
  const nonEmpty = (v: string | undefined): string | undefined => (v === undefined || v.trim() === "" ? undefined : v.trim());
  const flagOrEnv = (flag: string, envName: string): string | undefined => nonEmpty(f.get(flag)) ?? nonEmpty(env[envName]);
  const list = (v: string | undefined): string[] => (v ?? "").split(",").map((s) => s.trim()).filter((s) => s !== "");

  const logLevel = f.get("log-level") ?? "info";
  if (!(LogLevelFlag as readonly string[]).includes(logLevel)) {
    throw new FlagError(`--log-level: want one of ${LogLevelFlag.join(", ")}, got ${JSON.stringify(logLevel)}`);
  }
  const namespace = flagOrEnv("namespace", "METALLB_NAMESPACE") ?? nonEmpty(serviceAccountNamespace);
  if (!namespace) throw new FlagError("unable to get namespace from pod service account data: set --namespace or METALLB_NAMESPACE");

  const webhookMode = f.get("webhook-mode") ?? WebhookMode.enabled;
  if (!(Object.values(WebhookMode) as string[]).includes(webhookMode)) {
    throw new FlagError(`--webhook-mode: want enabled, disabled or onlywebhook, got ${JSON.stringify(webhookMode)}`);
  }
  const minVersion = nonEmpty(f.get("tls-min-version"));
  if (minVersion !== undefined && minVersion !== "VersionTLS12" && minVersion !== "VersionTLS13") {
    throw new FlagError(`--tls-min-version: want VersionTLS12 or VersionTLS13, got ${JSON.stringify(minVersion)}`);
  }
  const cipherSuites = list(f.get("tls-cipher-suites"));
  if (cipherSuites.length > 0 && minVersion !== "VersionTLS12") {
    throw new FlagError("--tls-cipher-suites: cipher suites apply to TLS 1.2 only; set --tls-min-version=VersionTLS12");
  }
  const curvePreferences = list(f.get("tls-curve-preferences")).map((c) => {
    const n = Number(c);
    if (!/^\d+$/.test(c) || n < 1 || n > 65535) throw new FlagError(`--tls-curve-preferences: want curve IDs 1-65535, got ${JSON.stringify(c)}`);
    return n;
  });

  const leaseDurationMs = duration("lease-duration", f.get("lease-duration"), defaultLeaderElectionTimings.leaseDurationMs);
  const renewDeadlineMs = duration("renew-deadline", f.get("renew-deadline"), defaultLeaderElectionTimings.renewDeadlineMs);
  const retryPeriodMs = duration("retry-period", f.get("retry-period"), defaultLeaderElectionTimings.retryPeriodMs);
  if (!(leaseDurationMs > renewDeadlineMs && renewDeadlineMs > 1.2 * retryPeriodMs)) {
    throw new FlagError("--lease-duration must exceed --renew-deadline, which must exceed 1.2 x --retry-period");
  }
  const bgpType = nonEmpty(env["METALLB_BGP_TYPE"]) ?? "native";
  return {
    kubeconfig: nonEmpty(f.get("kubeconfig")),
    logLevel: logLevel as LogLevelFlag,
    namespace,
    podName: flagOrEnv("pod-name", "METALLB_POD_NAME"),
    metricsPort: port("port", f.get("port") ?? "9120"),
    metricsBindAddress: nonEmpty(f.get("metrics-bind-address")) ?? "0.0.0.0",
    metricsCertDir: nonEmpty(f.get("metrics-cert-dir")),
    healthProbePort: port("health-probe-port", f.get("health-probe-port") ?? "17472"),
    lbClass: nonEmpty(f.get("lb-class")),
    webhookMode: webhookMode as WebhookMode,
    webhook: {
      certDir: nonEmpty(f.get("cert-dir")) ?? "/tmp/k8s-webhook-server/serving-certs",
      certServiceName: nonEmpty(f.get("cert-service-name")) ?? "metallb-webhook-service",
      secretName: nonEmpty(f.get("webhook-secret")) ?? "metallb-webhook-cert",
      disableCertRotation: f.get("disable-cert-rotation") === "true",
      http2: f.get("webhook-http2") === "true",
    },
    tls: { minVersion, cipherSuites, curvePreferences },
    leaderElect: f.get("leader-elect") === "true",
    leaseName: nonEmpty(f.get("lease-name")) ?? "metallb-controller",
    leaseDurationMs,
    renewDeadlineMs,
    retryPeriodMs,
    memberlistSecretName: flagOrEnv("ml-secret-name", "METALLB_ML_SECRET_NAME"),
    deploymentName: flagOrEnv("deployment", "METALLB_DEPLOYMENT"),
    validation: validationModeForBGPType(bgpType),
    bgpType,
  };
}

// The speaker's command line and environment (upstream flags and env fallbacks, plus the FRR access
// flags of the `frr` backend), parsed once in main.ts into SpeakerOptions. Pure: env and the
// service-account namespace file are passed in.
import { LogLevelFlag } from "@metallb-ts/runtime";

export const BGPType = { frrK8s: "frr-k8s", frr: "frr" } as const;
export type BGPType = (typeof BGPType)[keyof typeof BGPType];

export interface FrrPaths {
  readonly configDir: string;
  readonly vtySocketDir: string;
  readonly workDir: string;
}

export interface SpeakerOptions {
  readonly kubeconfig?: string | undefined;
  readonly logLevel: LogLevelFlag;
  readonly namespace: string;
  readonly nodeName: string;
  readonly podName?: string | undefined;
  /** Where `metallb-<node>` lives; the metallb namespace when not given. */
  readonly frrK8sNamespace: string;
  /** 0 disables the metrics endpoint. */
  readonly metricsPort: number;
  readonly metricsBindAddress: string;
  readonly metricsCertDir?: string | undefined;
  readonly healthProbePort: number;
  readonly healthProbeBindAddress: string;
  readonly loadBalancerClass?: string | undefined;
  readonly ignoreExcludeLB: boolean;
  readonly frrK8sSecretPassthrough: boolean;
  readonly bgpType: BGPType;
  readonly frr: FrrPaths;
  /** Accepted for compatibility; changes are applied without a fixed debounce. */
  readonly bgpDebounceTimeoutMs: number;
}

export type ParseResult = { readonly ok: true; readonly options: SpeakerOptions } | { readonly ok: false; readonly error: string };

const VALUE_FLAGS = new Set([
  "kubeconfig", "log-level", "namespace", "node-name", "pod-name", "frrk8s-namespace", "port", "metrics-bind-address",
  "health-probe-port", "lb-class", "bgp-type", "frr-config-dir", "frr-vty-socket-dir", "frr-work-dir", "bgp-debounce-timeout",
  "metrics-cert-dir", "tls-min-version", "tls-cipher-suites", "tls-curve-preferences", "pprof-bind-address", "host",
  "ml-bindaddr", "ml-bindport", "ml-labels", "ml-secret-key-path",
]);
const BOOL_FLAGS = new Set(["ignore-exclude-lb", "frrk8s-secret-passthrough", "ml-wan-config"]);

class FlagError extends Error {}

/** `--name value`, `--name=value`, `-name value`; booleans take `--name` or `--name=true|false`. */
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
        const next = argv[i + 1];
        if (next === undefined) throw new FlagError(`--${name} needs a value`);
        value = next;
        i++;
      }
    } else {
      throw new FlagError(`unknown flag --${name}`);
    }
    out.set(name, value);
  }
  return out;
}

function port(name: string, text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n > 65535) throw new FlagError(`--${name}: want a port number 0-65535, got ${JSON.stringify(text)}`);
  return n;
}

export interface ParseContext {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Content of the service-account namespace file, when it exists. */
  readonly serviceAccountNamespace?: string | undefined;
}

export function parseSpeakerFlags(argv: readonly string[], ctx: ParseContext): ParseResult {
  try {
    return { ok: true, options: parse(argv, ctx) };
  } catch (err) {
    if (err instanceof FlagError) return { ok: false, error: err.message };
    throw err;
  }
}

function parse(argv: readonly string[], { env, serviceAccountNamespace }: ParseContext): SpeakerOptions {
  const f = tokenize(argv);
  const nonEmpty = (v: string | undefined): string | undefined => (v === undefined || v.trim() === "" ? undefined : v.trim());
  const flagOrEnv = (flag: string, envName: string): string | undefined => nonEmpty(f.get(flag)) ?? nonEmpty(env[envName]);

  const logLevel = f.get("log-level") ?? "info";
  if (!(LogLevelFlag as readonly string[]).includes(logLevel)) {
    throw new FlagError(`--log-level: want one of ${LogLevelFlag.join(", ")}, got ${JSON.stringify(logLevel)}`);
  }
  const namespace = flagOrEnv("namespace", "METALLB_NAMESPACE") ?? nonEmpty(serviceAccountNamespace);
  if (!namespace) throw new FlagError("unable to get namespace from pod service account data: set --namespace or METALLB_NAMESPACE");
  const nodeName = flagOrEnv("node-name", "METALLB_NODE_NAME");
  if (!nodeName) throw new FlagError("--node-name (or METALLB_NODE_NAME) is required");

  const bgpTypeText = flagOrEnv("bgp-type", "METALLB_BGP_TYPE") ?? BGPType.frrK8s;
  if (bgpTypeText !== BGPType.frrK8s && bgpTypeText !== BGPType.frr) {
    throw new FlagError(`--bgp-type / METALLB_BGP_TYPE: want frr-k8s or frr, got ${JSON.stringify(bgpTypeText)} (the native backend is not implemented)`);
  }
  const frrK8sNamespace = flagOrEnv("frrk8s-namespace", "FRRK8S_NAMESPACE");
  const passthrough = f.get("frrk8s-secret-passthrough") === "true";
  if (passthrough && (bgpTypeText !== BGPType.frrK8s || !frrK8sNamespace)) {
    throw new FlagError("--frrk8s-secret-passthrough requires the frr-k8s BGP type and a frr-k8s namespace");
  }

  const debounceText = f.get("bgp-debounce-timeout") ?? nonEmpty(env["METALLB_BGP_DEBOUNCE_TIMEOUT"]) ?? "3000";
  if (!/^\d+$/.test(debounceText) || Number(debounceText) <= 0) {
    throw new FlagError(`--bgp-debounce-timeout: want a positive integer (ms), got ${JSON.stringify(debounceText)}`);
  }

  // FRR_CONFIG_FILE (upstream's reloader contract) names the file in the work dir.
  const configFile = nonEmpty(env["FRR_CONFIG_FILE"]);
  const workDirFromEnv = configFile ? configFile.slice(0, Math.max(1, configFile.lastIndexOf("/"))) : undefined;
  return {
    kubeconfig: nonEmpty(f.get("kubeconfig")),
    logLevel: logLevel as LogLevelFlag,
    namespace,
    nodeName,
    podName: flagOrEnv("pod-name", "METALLB_POD_NAME"),
    frrK8sNamespace: frrK8sNamespace ?? namespace,
    metricsPort: port("port", f.get("port") ?? "9120"),
    metricsBindAddress: nonEmpty(f.get("metrics-bind-address")) ?? "0.0.0.0",
    metricsCertDir: nonEmpty(f.get("metrics-cert-dir")),
    healthProbePort: port("health-probe-port", f.get("health-probe-port") ?? "17472"),
    healthProbeBindAddress: "127.0.0.1",
    loadBalancerClass: nonEmpty(f.get("lb-class")),
    ignoreExcludeLB: f.get("ignore-exclude-lb") === "true",
    frrK8sSecretPassthrough: passthrough,
    bgpType: bgpTypeText,
    frr: {
      configDir: nonEmpty(f.get("frr-config-dir")) ?? "/etc/frr",
      vtySocketDir: nonEmpty(f.get("frr-vty-socket-dir")) ?? "/var/run/frr",
      workDir: nonEmpty(f.get("frr-work-dir")) ?? workDirFromEnv ?? "/etc/frr_reloader",
    },
    bgpDebounceTimeoutMs: Number(debounceText),
  };
}

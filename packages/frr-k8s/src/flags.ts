// Command-line flags of the frr-k8s daemon (upstream names, plus the FRR access flags the lab needs).
// Parsing is pure: main.ts passes process.argv and process.env and exits non-zero on a FlagError.
import {
  FlagError,
  checkInsecureMetrics,
  commonFlags,
  flagUsage,
  hostPortFlag,
  metricsSecurityFlags,
  parseFlags,
  tlsFilesInDir,
  tlsFlags,
  tlsOptionsFromFlagValues,
  type FlagSpecs,
  type HostPort,
  type LogLevelFlag,
  type ServerTLSOptions,
  type TLSFiles,
} from "@metallb-ts/runtime";
import { DEFAULT_FRR_ACCESS, type FrrAccess } from "./apply/frr-access.js";

export { FlagError, type HostPort };

export interface FrrK8sFlags {
  readonly kubeconfig: string | undefined;
  readonly nodeName: string;
  readonly namespace: string;
  /** Daemon pod, owner of the BGPSessionState objects; "" when unknown (no owner reference then). */
  readonly podName: string;
  readonly logLevel: LogLevelFlag;
  readonly metrics: HostPort;
  readonly healthProbe: HostPort;
  /** TLS for the metrics endpoint: a directory with tls.crt and tls.key, or explicit files. */
  readonly metricsTLS: TLSFiles | undefined;
  /** --insecure-metrics: plain HTTP, no scraper authentication (default HTTPS + TokenReview/SubjectAccessReview). */
  readonly insecureMetrics: boolean;
  /** --tls-min-version, --tls-cipher-suites, --tls-curve-preferences, for the metrics endpoint. */
  readonly tls: ServerTLSOptions;
  readonly alwaysBlock: readonly string[];
  /** Accepted for compatibility; 0 (the default) means no fixed debounce window. */
  readonly bgpDebounceTimeoutMs: number;
  /** BGPSessionState refresh period. */
  readonly pollIntervalMs: number;
  /** FRR restart detection period. */
  readonly frrWatchIntervalMs: number;
  /** `bgp route-map delay-timer` added to every config; undefined leaves FRR's default (5 s). */
  readonly routeMapDelayTimer: number | undefined;
  readonly frr: FrrAccess;
}

function delayTimer(text: string): number | undefined {
  if (text === "default") return undefined;
  if (!/^\d+$/.test(text)) throw new Error(`want a non-negative integer or "default", got ${JSON.stringify(text)}`);
  return Number(text);
}

export const frrK8sFlagSpecs = {
  ...commonFlags,
  "node-name": { type: "string", env: "NODE_NAME", help: "this node (required)" },
  namespace: { type: "string", env: "NAMESPACE", default: "frr-k8s-system", help: "namespace of the frr-k8s objects" },
  "pod-name": { type: "string", env: "POD_NAME", help: "own Pod, owner of the BGPSessionStates" },
  "metrics-bind-address": hostPortFlag("0.0.0.0:9140", "metrics endpoint"),
  "health-probe-bind-address": hostPortFlag("127.0.0.1:7572", "/healthz and /readyz endpoint"),
  "metrics-cert-dir": { type: "string", help: "tls.crt/tls.key for HTTPS metrics (default: a self-signed certificate)" },
  "tls-cert-file": { type: "string", help: "metrics certificate (with --tls-private-key-file)" },
  "tls-private-key-file": { type: "string", help: "metrics key (with --tls-cert-file)" },
  ...metricsSecurityFlags,
  ...tlsFlags,
  "always-block": { type: "list", help: "CIDRs never accepted from any peer" },
  "bgp-debounce-timeout": { type: "int", min: 0, default: 0, env: "FRR_K8S_BGP_DEBOUNCE_TIMEOUT", help: "milliseconds; accepted for compatibility (no fixed debounce)" },
  "poll-interval": { type: "duration", bareMilliseconds: true, default: 5000, help: "BGPSessionState refresh period" },
  "frr-watch-interval": { type: "duration", bareMilliseconds: true, default: 1000, help: "FRR restart detection period" },
  "route-map-delay-timer": { type: "custom", parse: delayTimer, default: "1", metavar: "SECONDS|default", help: "bgp route-map delay-timer" },
  "frr-config-dir": { type: "string", default: DEFAULT_FRR_ACCESS.configDir, help: "FRR's configuration directory" },
  "frr-vty-socket-dir": { type: "string", default: DEFAULT_FRR_ACCESS.vtySocketDir, help: "FRR's vty sockets" },
  "frr-work-dir": { type: "string", help: `where frr.conf is rendered (default: FRR_CONFIG_FILE's directory, else ${DEFAULT_FRR_ACCESS.workDir})` },
  "frr-reload-script": { type: "string", default: DEFAULT_FRR_ACCESS.reloadScript, help: "frr-reload.py" },
  "vtysh-path": { type: "string", default: DEFAULT_FRR_ACCESS.vtyshPath, help: "vtysh" },
} as const satisfies FlagSpecs;

export const usage = flagUsage("frr-k8s --node-name NAME [flags]", frrK8sFlagSpecs);

/** Throws a FlagError naming the flag. */
export function parseFrrK8sFlags(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): FrrK8sFlags {
  const f = parseFlags(argv, env, frrK8sFlagSpecs);
  const nodeName = f["node-name"];
  if (nodeName === undefined) throw new FlagError("flag --node-name (or env NODE_NAME) is required");
  const certFile = f["tls-cert-file"];
  const keyFile = f["tls-private-key-file"];
  if ((certFile === undefined) !== (keyFile === undefined)) throw new FlagError("flag --tls-cert-file and --tls-private-key-file go together");
  const metricsTLS = certFile !== undefined && keyFile !== undefined ? { certPath: certFile, keyPath: keyFile } : tlsFilesInDir(f["metrics-cert-dir"]);
  checkInsecureMetrics(f["insecure-metrics"], metricsTLS, certFile !== undefined ? "--tls-cert-file" : "--metrics-cert-dir");
  const frrConfigFile = env["FRR_CONFIG_FILE"];
  return {
    kubeconfig: f.kubeconfig,
    nodeName,
    namespace: f.namespace,
    podName: f["pod-name"] ?? "",
    logLevel: f["log-level"],
    metrics: f["metrics-bind-address"],
    healthProbe: f["health-probe-bind-address"],
    metricsTLS,
    insecureMetrics: f["insecure-metrics"],
    tls: tlsOptionsFromFlagValues(f),
    alwaysBlock: f["always-block"],
    bgpDebounceTimeoutMs: f["bgp-debounce-timeout"],
    pollIntervalMs: f["poll-interval"],
    frrWatchIntervalMs: f["frr-watch-interval"],
    routeMapDelayTimer: f["route-map-delay-timer"],
    frr: {
      ...DEFAULT_FRR_ACCESS,
      configDir: f["frr-config-dir"],
      vtySocketDir: f["frr-vty-socket-dir"],
      workDir: f["frr-work-dir"] ?? (frrConfigFile ? frrConfigFile.slice(0, Math.max(1, frrConfigFile.lastIndexOf("/"))) : DEFAULT_FRR_ACCESS.workDir),
      reloadScript: f["frr-reload-script"],
      vtyshPath: f["vtysh-path"],
    },
  };
}

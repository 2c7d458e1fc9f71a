// The speaker's command line and environment (upstream flags and env fallbacks, plus the FRR access
// flags of the `frr` backend), parsed once in main.ts into SpeakerOptions. Pure: env and the
// service-account namespace file are passed in.
import {
  FlagError,
  checkInsecureMetrics,
  commonFlags,
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
  /** --insecure-metrics: plain HTTP, no scraper authentication (default HTTPS + TokenReview/SubjectAccessReview). */
  readonly insecureMetrics: boolean;
  /** --tls-min-version, --tls-cipher-suites, --tls-curve-preferences: for HTTPS metrics. */
  readonly tls: ServerTLSOptions;
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

/** The speaker's flags: upstream names, env fallbacks and defaults, plus the `frr` backend's FRR access. */
export const speakerFlagSpecs = {
  ...commonFlags,
  namespace: { type: "string", env: "METALLB_NAMESPACE", help: "namespace of the MetalLB objects (default: the service account's)" },
  "node-name": { type: "string", env: "METALLB_NODE_NAME", help: "this node (required)" },
  "pod-name": { type: "string", env: "METALLB_POD_NAME", help: "own Pod, owner of the status objects" },
  "frrk8s-namespace": { type: "string", env: "FRRK8S_NAMESPACE", help: "where metallb-<node> FRRConfigurations go (default: --namespace)" },
  port: portFlag(9120, "metrics port, 0 disables"),
  "metrics-bind-address": { type: "string", default: "0.0.0.0", help: "metrics bind address" },
  "metrics-cert-dir": { type: "string", help: "tls.crt/tls.key for HTTPS metrics (default: a self-signed certificate)" },
  ...metricsSecurityFlags,
  ...tlsFlags,
  "health-probe-port": portFlag(17472, "/healthz and /readyz port (on 127.0.0.1)"),
  "lb-class": { type: "string", help: "serve only Services of this load balancer class" },
  "ignore-exclude-lb": { type: "bool", help: "ignore node.kubernetes.io/exclude-from-external-load-balancers" },
  "frrk8s-secret-passthrough": { type: "bool", help: "let frr-k8s read BGP password Secrets itself" },
  "bgp-type": { type: "enum", values: Object.values(BGPType), default: BGPType.frrK8s, env: "METALLB_BGP_TYPE", hint: "the native backend is not implemented" },
  "bgp-debounce-timeout": { type: "int", min: 1, default: 3000, env: "METALLB_BGP_DEBOUNCE_TIMEOUT", help: "milliseconds; accepted for compatibility" },
  "frr-config-dir": { type: "string", default: "/etc/frr", help: "frr backend: FRR's configuration directory" },
  "frr-vty-socket-dir": { type: "string", default: "/var/run/frr", help: "frr backend: FRR's vty sockets" },
  "frr-work-dir": { type: "string", help: "frr backend: where frr.conf is rendered (default: FRR_CONFIG_FILE's directory, else /etc/frr_reloader)" },
  // Upstream flags of features this speaker does not have (memberlist, pprof): accepted and ignored.
  "pprof-bind-address": { type: "string" },
  host: { type: "string" },
  "ml-bindaddr": { type: "string" },
  "ml-bindport": { type: "string" },
  "ml-labels": { type: "string" },
  "ml-secret-key-path": { type: "string" },
  "ml-wan-config": { type: "bool" },
} as const satisfies FlagSpecs;

export const usage = flagUsage("speaker --node-name NAME [flags]", speakerFlagSpecs);

/** Throws a FlagError naming the flag. */
export function parseSpeakerFlags(argv: readonly string[], ctx: FlagContext): SpeakerOptions {
  const { env } = ctx;
  const f = parseFlags(argv, env, speakerFlagSpecs);
  const namespace = namespaceOrServiceAccount(f.namespace, ctx, "METALLB_NAMESPACE");
  const nodeName = f["node-name"];
  if (!nodeName) throw new FlagError("flag --node-name (or METALLB_NODE_NAME) is required");
  const bgpType = f["bgp-type"];
  const frrK8sNamespace = f["frrk8s-namespace"];
  const passthrough = f["frrk8s-secret-passthrough"];
  if (passthrough && (bgpType !== BGPType.frrK8s || !frrK8sNamespace)) {
    throw new FlagError("flag --frrk8s-secret-passthrough requires the frr-k8s BGP type and a frr-k8s namespace");
  }
  checkInsecureMetrics(f["insecure-metrics"], tlsFilesInDir(f["metrics-cert-dir"]), "--metrics-cert-dir");
  // FRR_CONFIG_FILE (upstream's reloader contract) names the file in the work dir.
  const configFile = env["FRR_CONFIG_FILE"]?.trim();
  const workDirFromEnv = configFile ? configFile.slice(0, Math.max(1, configFile.lastIndexOf("/"))) : undefined;
  return {
    kubeconfig: f.kubeconfig,
    logLevel: f["log-level"],
    namespace,
    nodeName,
    podName: f["pod-name"],
    frrK8sNamespace: frrK8sNamespace ?? namespace,
    metricsPort: f.port,
    metricsBindAddress: f["metrics-bind-address"],
    metricsCertDir: f["metrics-cert-dir"],
    insecureMetrics: f["insecure-metrics"],
    tls: tlsOptionsFromFlagValues(f),
    healthProbePort: f["health-probe-port"],
    healthProbeBindAddress: "127.0.0.1",
    loadBalancerClass: f["lb-class"],
    ignoreExcludeLB: f["ignore-exclude-lb"],
    frrK8sSecretPassthrough: passthrough,
    bgpType,
    frr: {
      configDir: f["frr-config-dir"],
      vtySocketDir: f["frr-vty-socket-dir"],
      workDir: f["frr-work-dir"] ?? workDirFromEnv ?? "/etc/frr_reloader",
    },
    bgpDebounceTimeoutMs: f["bgp-debounce-timeout"],
  };
}

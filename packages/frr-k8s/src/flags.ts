// Command-line flags of the frr-k8s daemon (upstream names, plus the FRR access flags the lab needs).
// Parsing is pure: main.ts passes process.argv and process.env and exits non-zero on a FlagError.
import { parseArgs } from "node:util";
import { LogLevelFlag } from "@metallb-ts/runtime";
import { DEFAULT_FRR_ACCESS, type FrrAccess } from "./apply/frr-access.js";

export class FlagError extends Error {
  override name = "FlagError";
}

export interface HostPort {
  readonly host: string;
  readonly port: number;
}

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
  readonly metricsTLS: { readonly certPath: string; readonly keyPath: string } | undefined;
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

const usage = `usage: frr-k8s --node-name NAME [--namespace NS] [--kubeconfig PATH] [--log-level LEVEL]
  [--metrics-bind-address HOST:PORT] [--health-probe-bind-address HOST:PORT] [--always-block CIDR,...]
  [--poll-interval DURATION] [--frr-config-dir DIR] [--frr-vty-socket-dir DIR] [--frr-work-dir DIR]`;

function hostPort(flag: string, value: string): HostPort {
  const i = value.lastIndexOf(":");
  const port = Number(value.slice(i + 1));
  if (i < 0 || !Number.isInteger(port) || port < 0 || port > 65535) throw new FlagError(`--${flag}: "${value}" is not host:port`);
  let host = value.slice(0, i);
  if (host.startsWith("[") && host.endsWith("]")) host = host.slice(1, -1);
  return { host: host === "" ? "0.0.0.0" : host, port };
}

/** Go-style duration ("5s", "250ms", "2m") or plain milliseconds. */
export function parseDurationMs(flag: string, value: string): number {
  if (/^\d+$/.test(value)) return Number(value);
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy;
  let consumed = 0;
  for (let m = re.exec(value); m !== null; m = re.exec(value)) {
    total += Number(m[1]) * (units[m[2] as string] as number);
    consumed = re.lastIndex;
  }
  if (consumed === 0 || consumed !== value.length) throw new FlagError(`--${flag}: "${value}" is not a duration (e.g. 5s, 250ms)`);
  return total;
}

function nonNegativeInt(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new FlagError(`--${flag}: "${value}" is not a non-negative integer`);
  return n;
}

export function parseFlags(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): FrrK8sFlags {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        kubeconfig: { type: "string" },
        "node-name": { type: "string" },
        namespace: { type: "string" },
        "pod-name": { type: "string" },
        "log-level": { type: "string" },
        "metrics-bind-address": { type: "string" },
        "health-probe-bind-address": { type: "string" },
        "metrics-cert-dir": { type: "string" },
        "tls-cert-file": { type: "string" },
        "tls-private-key-file": { type: "string" },
        "tls-min-version": { type: "string" },
        "tls-cipher-suites": { type: "string" },
        "always-block": { type: "string" },
        "bgp-debounce-timeout": { type: "string" },
        "poll-interval": { type: "string" },
        "frr-watch-interval": { type: "string" },
        "route-map-delay-timer": { type: "string" },
        "frr-config-dir": { type: "string" },
        "frr-vty-socket-dir": { type: "string" },
        "frr-work-dir": { type: "string" },
        "frr-reload-script": { type: "string" },
        "vtysh-path": { type: "string" },
      },
    }));
  } catch (err) {
    throw new FlagError(`${(err as Error).message}\n${usage}`);
  }
  const nodeName = values["node-name"] ?? env["NODE_NAME"] ?? "";
  if (nodeName === "") throw new FlagError(`--node-name (or env NODE_NAME) is required\n${usage}`);
  const logLevel = values["log-level"] ?? "info";
  if (!(LogLevelFlag as readonly string[]).includes(logLevel)) {
    throw new FlagError(`--log-level: "${logLevel}" is not one of ${LogLevelFlag.join(", ")}`);
  }
  const certDir = values["metrics-cert-dir"];
  const certFile = values["tls-cert-file"];
  const keyFile = values["tls-private-key-file"];
  if ((certFile === undefined) !== (keyFile === undefined)) throw new FlagError("--tls-cert-file and --tls-private-key-file go together");
  const metricsTLS =
    certFile !== undefined && keyFile !== undefined
      ? { certPath: certFile, keyPath: keyFile }
      : certDir !== undefined
        ? { certPath: `${certDir}/tls.crt`, keyPath: `${certDir}/tls.key` }
        : undefined;
  const debounce = values["bgp-debounce-timeout"] ?? env["FRR_K8S_BGP_DEBOUNCE_TIMEOUT"] ?? "0";
  const delayTimer = values["route-map-delay-timer"] ?? "1";
  const frrConfigFile = env["FRR_CONFIG_FILE"];
  return {
    kubeconfig: values.kubeconfig,
    nodeName,
    namespace: values.namespace ?? env["NAMESPACE"] ?? "frr-k8s-system",
    podName: values["pod-name"] ?? env["POD_NAME"] ?? "",
    logLevel: logLevel as LogLevelFlag,
    metrics: hostPort("metrics-bind-address", values["metrics-bind-address"] ?? "0.0.0.0:9140"),
    healthProbe: hostPort("health-probe-bind-address", values["health-probe-bind-address"] ?? "127.0.0.1:7572"),
    metricsTLS,
    alwaysBlock: (values["always-block"] ?? "").split(",").map((s) => s.trim()).filter((s) => s !== ""),
    bgpDebounceTimeoutMs: nonNegativeInt("bgp-debounce-timeout", debounce),
    pollIntervalMs: parseDurationMs("poll-interval", values["poll-interval"] ?? "5s"),
    frrWatchIntervalMs: parseDurationMs("frr-watch-interval", values["frr-watch-interval"] ?? "1s"),
    routeMapDelayTimer: delayTimer === "default" ? undefined : nonNegativeInt("route-map-delay-timer", delayTimer),
    frr: {
      ...DEFAULT_FRR_ACCESS,
      configDir: values["frr-config-dir"] ?? DEFAULT_FRR_ACCESS.configDir,
      vtySocketDir: values["frr-vty-socket-dir"] ?? DEFAULT_FRR_ACCESS.vtySocketDir,
      workDir: values["frr-work-dir"] ?? (frrConfigFile ? frrConfigFile.slice(0, Math.max(1, frrConfigFile.lastIndexOf("/"))) : DEFAULT_FRR_ACCESS.workDir),
      reloadScript: values["frr-reload-script"] ?? DEFAULT_FRR_ACCESS.reloadScript,
      vtyshPath: values["vtysh-path"] ?? DEFAULT_FRR_ACCESS.vtyshPath,
    },
  };
}

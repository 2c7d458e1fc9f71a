// The metrics endpoint of every binary, as upstream serves it: HTTPS with the given certificate (or a
// self-signed one generated at start), /metrics only for scrapers whose token the API server accepts
// and authorises (metrics-auth.ts). --insecure-metrics is the escape hatch: plain HTTP, no checks.
import type { Registry } from "prom-client";
import { generateSelfSignedServingCert } from "./certs.js";
import { FlagError, type FlagSpecs } from "./flags.js";
import { startHttpServer, type HealthChecks, type RunningHttpServer } from "./http-server.js";
import type { KubeClient } from "./kube-client.js";
import type { Logger } from "./logger.js";
import { KubeRequestAuthorizer } from "./metrics-auth.js";
import type { ServerTLSOptions, TLSFiles } from "./tls-options.js";

const YEAR_MS = 365 * 24 * 60 * 60 * 1000;

/** The escape hatch, with the same name in every binary. */
export const metricsSecurityFlags = {
  "insecure-metrics": {
    type: "bool",
    help: "serve /metrics over plain HTTP to anyone (no TLS, no token check) for scrapers that cannot present a Kubernetes token; default: HTTPS, scrapers need get on /metrics",
  },
} as const satisfies FlagSpecs;

/** --insecure-metrics next to a metrics certificate is a contradiction: refuse it rather than guess. */
export function checkInsecureMetrics(insecure: boolean, certificate: TLSFiles | undefined, certificateFlag: string): void {
  if (insecure && certificate) throw new FlagError(`flag --insecure-metrics: serves plain HTTP, so it cannot be combined with ${certificateFlag}`);
}

export interface MetricsServerOptions {
  readonly port: number;
  readonly host: string;
  readonly registry: Registry;
  /** Also answer /healthz, /livez and /readyz (unauthenticated) on this port. */
  readonly health?: HealthChecks | undefined;
  /** tls.crt/tls.key given by flags; without them a self-signed certificate is generated. */
  readonly certificate: TLSFiles | undefined;
  readonly tlsOptions: ServerTLSOptions;
  /** --insecure-metrics. */
  readonly insecure: boolean;
  /** Asks the API server about scrapers' tokens (TokenReview, SubjectAccessReview). */
  readonly client: Pick<KubeClient, "create">;
  /** Names the self-signed certificate covers besides localhost and 127.0.0.1: the node or host name. */
  readonly hostnames: readonly string[];
  readonly log: Logger;
}

export async function startMetricsServer(options: MetricsServerOptions): Promise<RunningHttpServer> {
  const common = { port: options.port, host: options.host, metrics: options.registry, health: options.health };
  if (options.insecure) {
    options.log.warn({ port: options.port }, "--insecure-metrics: /metrics is served over plain HTTP without authentication");
    return startHttpServer(common);
  }
  const tls = options.certificate ?? (await selfSignedCertificate(options));
  const metricsAuthorizer = new KubeRequestAuthorizer({ client: options.client, path: "/metrics", log: options.log });
  return startHttpServer({ ...common, tls, tlsOptions: options.tlsOptions, metricsAuthorizer });
}

async function selfSignedCertificate(options: MetricsServerOptions): Promise<{ cert: string; key: string }> {
  const bindAddress = options.host === "0.0.0.0" || options.host === "::" || options.host === "" ? [] : [options.host];
  const hosts = [...new Set([...options.hostnames.filter((h) => h !== ""), "localhost", "127.0.0.1", ...bindAddress])];
  const pair = await generateSelfSignedServingCert({ hosts, organization: "metallb-ts", now: new Date(), validityMs: YEAR_MS });
  options.log.info({ hosts }, "metrics: no certificate given, serving a self-signed one");
  return pair;
}

// The HTTP endpoints every binary serves: /metrics (its prom-client Registry), /healthz (liveness) and
// /readyz (readiness checks registered by the binary), over plain HTTP or TLS. Only /metrics may be
// guarded by an authorizer (metrics-auth.ts); health endpoints stay open for probes.
import { readFile } from "node:fs/promises";
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo, Server as NetServer } from "node:net";
import type { Registry } from "prom-client";
import type { KeyedCertificate } from "./certs.js";
import type { RequestAuthorizer } from "./metrics-auth.js";
import type { ServerTLSOptions, TLSFiles } from "./tls-options.js";

export type HealthCheck = () => boolean | Promise<boolean>;

/** Named checks; a check that throws or returns false fails the probe. */
export class HealthChecks {
  readonly #liveness = new Map<string, HealthCheck>();
  readonly #readiness = new Map<string, HealthCheck>();

  addLivenessCheck(name: string, check: HealthCheck): void {
    this.#liveness.set(name, check);
  }

  /** e.g. "informers-synced", "leader-or-standby", "frr-running". */
  addReadinessCheck(name: string, check: HealthCheck): void {
    this.#readiness.set(name, check);
  }

  live(): Promise<CheckReport> {
    return runChecks(this.#liveness);
  }

  ready(): Promise<CheckReport> {
    return runChecks(this.#readiness);
  }
}

export interface CheckReport {
  readonly ok: boolean;
  readonly results: readonly { readonly name: string; readonly ok: boolean; readonly error?: string }[];
}

async function runChecks(checks: ReadonlyMap<string, HealthCheck>): Promise<CheckReport> {
  const results = await Promise.all(
    [...checks].map(async ([name, check]) => {
      try {
        return { name, ok: await check() };
      } catch (err) {
        return { name, ok: false, error: err instanceof Error ? err.message : String(err) };
      }
    }),
  );
  return { ok: results.every((r) => r.ok), results };
}

/** Body like the API server's ?verbose output: "[+]name ok" / "[-]name failed: reason". */
function formatReport(report: CheckReport): string {
  const lines = report.results.map((r) => (r.ok ? `[+]${r.name} ok` : `[-]${r.name} failed${r.error ? `: ${r.error}` : ""}`));
  return `${lines.join("\n")}${lines.length ? "\n" : ""}${report.ok ? "ok" : "not ok"}\n`;
}

export interface HttpServerOptions {
  readonly port: number;
  /** Bind address; default all interfaces. */
  readonly host?: string | undefined;
  /** Serve /metrics from this registry. */
  readonly metrics?: Registry | undefined;
  /** Serve /healthz and /readyz from these checks. */
  readonly health?: HealthChecks | undefined;
  /** PEM files or PEM texts; when set the server speaks HTTPS. */
  readonly tls?: TLSFiles | KeyedCertificate | undefined;
  /** Asked before every /metrics request; a refusal is answered with its status (401, 403, 503). */
  readonly metricsAuthorizer?: RequestAuthorizer | undefined;
  /** Minimum version, ciphers and curves for HTTPS (tlsOptionsFromFlags); Node's defaults otherwise. */
  readonly tlsOptions?: ServerTLSOptions | undefined;
}

export interface RunningHttpServer {
  readonly server: Server;
  readonly port: number;
  /** e.g. "http://127.0.0.1:9120". */
  readonly url: string;
  close(): Promise<void>;
}

/** Starts listening; rejects with the bind error (e.g. EADDRINUSE). */
export function listen(server: NetServer, port: number, host: string | undefined): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    void route(options, req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
      res.end(`internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    });
  };
  const server: Server = options.tls ? createHttpsServer({ ...options.tlsOptions, ...(await pemOf(options.tls)) }, handler) : createHttpServer(handler);
  const address = await listen(server, options.port, options.host);
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    server,
    port: address.port,
    url: `${options.tls ? "https" : "http"}://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeIdleConnections();
      }),
  };
}

async function pemOf(tls: TLSFiles | KeyedCertificate): Promise<{ key: string | Buffer; cert: string | Buffer }> {
  if ("certPath" in tls) return { key: await readFile(tls.keyPath), cert: await readFile(tls.certPath) };
  return { key: tls.key, cert: tls.cert };
}

async function route(options: HttpServerOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? "/", "http://localhost").pathname;
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { allow: "GET, HEAD" }).end();
    return;
  }
  if (path === "/metrics" && options.metrics) {
    const access = options.metricsAuthorizer ? await options.metricsAuthorizer.authorize(req.headers) : undefined;
    if (access && !access.allowed) {
      const challenge = access.status === 401 ? { "www-authenticate": 'Bearer realm="metrics"' } : {};
      res.writeHead(access.status, { "content-type": "text/plain; charset=utf-8", ...challenge }).end(`${access.reason}\n`);
      return;
    }
    const body = await options.metrics.metrics();
    res.writeHead(200, { "content-type": options.metrics.contentType }).end(body);
    return;
  }
  if ((path === "/healthz" || path === "/livez" || path === "/readyz") && options.health) {
    const report = path === "/readyz" ? await options.health.ready() : await options.health.live();
    res.writeHead(report.ok ? 200 : 503, { "content-type": "text/plain; charset=utf-8" }).end(formatReport(report));
    return;
  }
  res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("not found\n");
}

// The HTTPS server the API server calls: POST <path> with a JSON review, GET /healthz. Certificates
// are swapped in place (new connections use the new one, open connections finish on the old one), so
// rotation never fails a request. A handler that throws or takes too long is answered with a 500
// review error: the server never crashes on input and never leaves the API server waiting.
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer, type Server } from "node:https";
import { listen, type Logger, type ServerTLSOptions } from "@metallb-ts/runtime";

/** Turns a parsed JSON body into the JSON answer; `Error`s become HTTP 500. */
export type ReviewHandler = (body: unknown) => unknown;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface WebhookServerOptions {
  readonly port: number;
  /** Bind address; default all interfaces. */
  readonly host?: string | undefined;
  readonly log: Logger;
  readonly routes: ReadonlyMap<string, ReviewHandler>;
  readonly tls?: ServerTLSOptions | undefined;
  /** The API server's own limit on admission payloads is 3 MiB. Default 6 MiB. */
  readonly maxBodyBytes?: number | undefined;
  /** Default 9 s: under the API server's default 10 s webhook timeout. */
  readonly handlerTimeoutMs?: number | undefined;
}

export interface WebhookServer {
  readonly port: number;
  readonly url: string;
  /** Serve `cert`/`key` on every new connection from now on. */
  setCertificate(cert: string, key: string): void;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const tooLarge = () => new HttpError(413, `request body larger than ${limit} bytes`);
    if (Number(req.headers["content-length"] ?? 0) > limit) {
      req.resume(); // discard: the answer goes out, the connection is closed after it
      return reject(tooLarge());
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, {
    "content-type": typeof body === "string" ? "text/plain; charset=utf-8" : "application/json",
    "content-length": Buffer.byteLength(text),
    ...(status === 413 ? { connection: "close" } : {}),
  });
  res.end(text);
}

function withDeadline<T>(work: () => Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HttpError(500, `handler did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work(), deadline]).finally(() => clearTimeout(timer));
}

export async function startWebhookServer(options: WebhookServerOptions, initial: { cert: string; key: string }): Promise<WebhookServer> {
  const limit = options.maxBodyBytes ?? 6 * 1024 * 1024;
  const handlerTimeout = options.handlerTimeoutMs ?? 9_000;
  const tls = options.tls ?? { minVersion: "TLSv1.3" as const };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? "/", "https://webhook").pathname;
    if (path === "/healthz" || path === "/readyz") {
      if (req.method !== "GET" && req.method !== "HEAD") return send(res, 405, "method not allowed\n");
      return send(res, 200, { status: "ok" });
    }
    const route = options.routes.get(path);
    if (route === undefined) return send(res, 404, `no webhook at ${path}\n`);
    if (req.method !== "POST") return send(res, 405, "method not allowed\n");
    const started = performance.now();
    try {
      const raw = await readBody(req, limit);
      let body: unknown;
      try {
        body = JSON.parse(raw.toString("utf8"));
      } catch (err) {
        throw new HttpError(400, `request body is not JSON: ${(err as Error).message}`);
      }
      const answer = await withDeadline(async () => route(body), handlerTimeout);
      send(res, 200, answer);
      options.log.debug({ event: "webhookServed", path, ms: Math.round(performance.now() - started) }, "webhook request served");
    } catch (err) {
      const status = err instanceof HttpError ? err.status : 500;
      if (status >= 500) options.log.error({ err, event: "webhookFailed", path }, "webhook request failed");
      send(res, status, `${(err as Error).message}\n`);
    }
  };

  const server: Server = createServer({ ...tls, cert: initial.cert, key: initial.key }, (req, res) => {
    handle(req, res).catch((err: unknown) => {
      options.log.error({ err, event: "webhookFailed" }, "webhook request failed");
      send(res, 500, "internal error\n");
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  // A broken TLS handshake (a client that distrusts us during rotation) is the client's problem.
  server.on("tlsClientError", (err) => options.log.debug({ err, event: "tlsClientError" }, "TLS handshake failed"));

  const address = await listen(server, options.port, options.host);
  const host = options.host && options.host !== "0.0.0.0" && options.host !== "::" ? options.host : "127.0.0.1";
  return {
    port: address.port,
    url: `https://${host.includes(":") ? `[${host}]` : host}:${address.port}`,
    setCertificate(cert, key) {
      server.setSecureContext({ ...tls, cert, key });
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
    },
  };
}

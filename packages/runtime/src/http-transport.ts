// HTTP(S) to the API server on node:http/https with one keep-alive agent (connections are reused across
// requests), TLS and credentials from our KubeConfig, and bearer tokens re-read from tokenFile.
import { readFileSync } from "node:fs";
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import type { KubeConfig } from "./kubeconfig.js";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
export type Query = Record<string, string | number | boolean | undefined>;

export interface TransportOptions {
  /** Re-read tokenFile after this long. Default 60 s. */
  readonly tokenRefreshMs?: number;
  readonly userAgent?: string;
}

export class HttpTransport {
  readonly #kc: KubeConfig;
  readonly #options: TransportOptions;
  readonly #url: URL;
  readonly #agent: HttpAgent;
  readonly #request: typeof httpRequest;
  #token: { value: string; at: number } | undefined;

  constructor(kc: KubeConfig, options: TransportOptions = {}) {
    this.#kc = kc;
    this.#options = options;
    this.#url = new URL(kc.server);
    if (this.#url.protocol === "https:") {
      this.#agent = new HttpsAgent({
        keepAlive: true,
        ...(kc.ca ? { ca: kc.ca } : {}),
        ...(kc.cert ? { cert: kc.cert } : {}),
        ...(kc.key ? { key: kc.key } : {}),
        ...(kc.tlsServerName ? { servername: kc.tlsServerName } : {}),
        rejectUnauthorized: !kc.insecureSkipTLSVerify,
      });
      this.#request = httpsRequest as typeof httpRequest;
    } else {
      this.#agent = new HttpAgent({ keepAlive: true });
      this.#request = httpRequest;
    }
  }

  /** A whole request/response; network failures reject with the underlying error. */
  async send(
    method: HttpMethod,
    path: string,
    query: Query,
    body: { text: string; contentType: string } | undefined,
    timeoutMs: number,
  ): Promise<{ status: number; text: string }> {
    const res = await this.open(method, path, query, body, AbortSignal.timeout(timeoutMs));
    res.setEncoding("utf8");
    let text = "";
    for await (const chunk of res) text += chunk as string;
    return { status: res.statusCode ?? 0, text };
  }

  /** Starts a request and resolves with the response as soon as its headers arrive (used for watch streams). */
  open(
    method: HttpMethod,
    path: string,
    query: Query,
    body: { text: string; contentType: string } | undefined,
    signal: AbortSignal,
  ): Promise<IncomingMessage> {
    const url = new URL(this.#url.pathname.replace(/\/+$/, "") + path, this.#url);
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== "") url.searchParams.set(k, String(v));
    const headers: OutgoingHttpHeaders = { accept: "application/json", ...this.#authHeaders() };
    if (this.#options.userAgent) headers["user-agent"] = this.#options.userAgent;
    if (body) {
      headers["content-type"] = body.contentType;
      headers["content-length"] = Buffer.byteLength(body.text);
    }
    return new Promise((resolve, reject) => {
      const req = this.#request(url, { method, headers, agent: this.#agent, signal }, resolve);
      req.on("error", reject);
      req.end(body?.text);
    });
  }

  /** Closes idle keep-alive connections (open watches end when their requests are aborted). */
  close(): void {
    this.#agent.destroy();
  }

  #authHeaders(): OutgoingHttpHeaders {
    const kc = this.#kc;
    const token = this.#bearerToken();
    if (token) return { authorization: `Bearer ${token}` };
    if (kc.username !== undefined) return { authorization: `Basic ${Buffer.from(`${kc.username}:${kc.password ?? ""}`).toString("base64")}` };
    return {};
  }

  #bearerToken(): string | undefined {
    const file = this.#kc.tokenFile;
    if (!file) return this.#kc.token;
    const now = Date.now();
    if (!this.#token || now - this.#token.at > (this.#options.tokenRefreshMs ?? 60_000)) {
      this.#token = { value: readFileSync(file, "utf8").trim(), at: now };
    }
    return this.#token.value;
  }
}

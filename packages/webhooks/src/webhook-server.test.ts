import { request as httpsRequest } from "node:https";
import type { TLSSocket } from "node:tls";
import { generateCA, generateServingCert, type CertificateAuthority } from "@metallb-ts/runtime";
import { silentLogger } from "@metallb-ts/runtime/testing";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { HttpError, startWebhookServer, type WebhookServer } from "./webhook-server.js";

interface Reply {
  status: number;
  body: string;
  serial: string;
}

function call(server: WebhookServer, ca: string, method: string, path: string, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(`${server.url}${path}`, { method, ca, agent: false, headers: { "content-type": "application/json" } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8"), serial: (res.socket as TLSSocket).getPeerCertificate().serialNumber }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("webhook server", () => {
  let ca: CertificateAuthority;
  let server: WebhookServer;
  const now = new Date();

  beforeAll(async () => {
    ca = await generateCA({ commonName: "test", organization: "metallb", now, validityMs: 3_600_000 });
    const cert = await generateServingCert(ca, { hosts: ["127.0.0.1"], organization: "metallb", now, validityMs: 3_600_000 });
    const routes = new Map<string, (body: unknown) => unknown>([
      ["/echo", (body) => ({ got: body })],
      ["/bad", () => { throw new HttpError(400, "not a review"); }],
      ["/boom", () => { throw new Error("bug"); }],
      ["/slow", () => new Promise((resolve) => setTimeout(resolve, 2_000))],
    ]);
    server = await startWebhookServer({ port: 0, host: "127.0.0.1", log: silentLogger(), routes, handlerTimeoutMs: 100, maxBodyBytes: 1024 }, cert);
  });
  afterAll(() => server.close());

  test.for([
    { name: "health", method: "GET", path: "/healthz", status: 200, body: /^\{"status":"ok"\}$/ },
    { name: "health, wrong method", method: "POST", path: "/healthz", status: 405, body: /method not allowed/ },
    { name: "unknown path", method: "POST", path: "/nope", status: 404, body: /no webhook at \/nope/ },
    { name: "route, wrong method", method: "GET", path: "/echo", status: 405, body: /method not allowed/ },
    { name: "JSON in, JSON out (query ignored)", method: "POST", path: "/echo?timeout=10s", send: '{"a":1}', status: 200, body: /^\{"got":\{"a":1\}\}$/ },
    { name: "not JSON", method: "POST", path: "/echo", send: "{", status: 400, body: /request body is not JSON/ },
    { name: "handler refuses the envelope", method: "POST", path: "/bad", send: "{}", status: 400, body: /not a review/ },
    { name: "handler bug", method: "POST", path: "/boom", send: "{}", status: 500, body: /bug/ },
    { name: "handler too slow", method: "POST", path: "/slow", send: "{}", status: 500, body: /did not answer within 100 ms/ },
    { name: "body too large", method: "POST", path: "/echo", send: `"${"x".repeat(2048)}"`, status: 413, body: /larger than 1024 bytes/ },
  ])("$name", async ({ method, path, send, status, body }) => {
    const reply = await call(server, ca.cert, method, path, send);
    expect(reply.status).toBe(status);
    expect(reply.body).toMatch(body);
  });

  test("a new certificate is served on the next connection", async () => {
    const before = await call(server, ca.cert, "GET", "/healthz");
    const next = await generateServingCert(ca, { hosts: ["127.0.0.1"], organization: "metallb", now, validityMs: 3_600_000 });
    server.setCertificate(next.cert, next.key);
    const after = await call(server, ca.cert, "GET", "/healthz");
    expect(after.status).toBe(200);
    expect(after.serial).not.toBe(before.serial);
  });
});

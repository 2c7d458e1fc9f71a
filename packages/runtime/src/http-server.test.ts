import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Counter, Registry } from "prom-client";
import { afterEach, describe, expect, test } from "vitest";
import { HealthChecks, startHttpServer, type RunningHttpServer } from "./http-server.js";
import { tlsOptionsFromFlags } from "./tls-options.js";

const servers: RunningHttpServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function get(url: string): Promise<{ status: number; body: string; type: string | null }> {
  const res = await fetch(url);
  return { status: res.status, body: await res.text(), type: res.headers.get("content-type") };
}

describe("startHttpServer", () => {
  test("serves /metrics from the injected registry and the probes from the registered checks", async () => {
    const registry = new Registry();
    new Counter({ name: "metallb_k8s_client_updates_total", help: "x", registers: [registry] }).inc(3);
    const health = new HealthChecks();
    let synced = false;
    health.addLivenessCheck("ping", () => true);
    health.addReadinessCheck("informers-synced", () => synced);
    health.addReadinessCheck("leader-election", async () => true);
    const server = await startHttpServer({ port: 0, host: "127.0.0.1", metrics: registry, health });
    servers.push(server);

    const metrics = await get(`${server.url}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.type).toBe(registry.contentType);
    expect(metrics.body).toContain("metallb_k8s_client_updates_total 3");

    expect(await get(`${server.url}/healthz`)).toMatchObject({ status: 200, body: "[+]ping ok\nok\n" });
    expect(await get(`${server.url}/readyz`)).toMatchObject({ status: 503, body: "[-]informers-synced failed\n[+]leader-election ok\nnot ok\n" });
    synced = true;
    expect((await get(`${server.url}/readyz`)).status).toBe(200);
    expect((await get(`${server.url}/nope`)).status).toBe(404);
  });

  test("a throwing check fails the probe with its message", async () => {
    const health = new HealthChecks();
    health.addReadinessCheck("frr", () => {
      throw new Error("vtysh not reachable");
    });
    const server = await startHttpServer({ port: 0, host: "127.0.0.1", health });
    servers.push(server);
    expect(await get(`${server.url}/readyz`)).toMatchObject({ status: 503, body: "[-]frr failed: vtysh not reachable\nnot ok\n" });
    expect((await get(`${server.url}/metrics`)).status).toBe(404);
  });

  test("serves TLS with the given key and certificate", async () => {
    const dir = mkdtempSync(join(tmpdir(), "runtime-tls-"));
    try {
      execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj", "/CN=localhost",
        "-keyout", join(dir, "tls.key"), "-out", join(dir, "tls.crt")], { stdio: "ignore" });
      const health = new HealthChecks();
      const tls = { keyPath: join(dir, "tls.key"), certPath: join(dir, "tls.crt") };
      const server = await startHttpServer({ port: 0, host: "127.0.0.1", health, tls });
      // --tls-min-version=VersionTLS13 (the upstream default): a TLS 1.2-only client is refused.
      const strict = await startHttpServer({ port: 0, host: "127.0.0.1", health, tls, tlsOptions: tlsOptionsFromFlags({}) });
      servers.push(server, strict);
      expect(server.url).toMatch(/^https:\/\//);
      const status = (url: string, maxVersion: "TLSv1.2" | "TLSv1.3") =>
        new Promise<number | string>((resolve) => {
          request(`${url}/healthz`, { rejectUnauthorized: false, maxVersion }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          })
            .on("error", (err) => resolve((err as NodeJS.ErrnoException).code ?? "error"))
            .end();
        });
      expect(await status(server.url, "TLSv1.2")).toBe(200);
      expect(await status(strict.url, "TLSv1.3")).toBe(200);
      expect(await status(strict.url, "TLSv1.2")).toMatch(/^ERR_SSL|^EPROTO$|^ECONNRESET$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

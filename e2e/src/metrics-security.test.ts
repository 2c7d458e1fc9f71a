// The metrics endpoints of controller, speaker and frr-k8s as a scraper meets them (spec metallb.md §6,
// frr-k8s.md §7.1): HTTPS only, with a self-signed certificate unless one is given; /metrics only for a
// token the API server authenticates (TokenReview) and authorises for `get` on /metrics
// (SubjectAccessReview); the health endpoints stay open; --insecure-metrics turns all that off.
import { X509Certificate } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { generateSelfSignedServingCert } from "@metallb-ts/runtime";
import { METALLB_NAMESPACE, System, httpsGet, type ComponentKind } from "./lab/index.js";

const COMPONENTS = [
  { kind: "controller", name: "controller-0", metric: /^metallb_k8s_client_updates_total \d+$/m, healthOnMetricsPort: false },
  { kind: "speaker", name: "speaker-node1", metric: /^metallb_k8s_client_config_loaded_bool \d$/m, healthOnMetricsPort: true },
  { kind: "frr-k8s", name: "frr-k8s-node1", metric: /^frrk8s_k8s_client_config_loaded_bool \d$/m, healthOnMetricsPort: true },
] as const satisfies readonly { kind: ComponentKind; name: string; metric: RegExp; healthOnMetricsPort: boolean }[];

/** A ServiceAccount with no grant at all: authenticated, but not allowed /metrics. */
const NOBODY = "metrics-nobody";

describe("metrics endpoints: HTTPS with Kubernetes authentication and authorisation", () => {
  const cp = inject("controlPlane");
  const certDir = mkdtempSync(join(tmpdir(), "metallb-ts-metrics-cert-"));
  let sys: System;
  let nobodyToken: string;
  let givenFingerprint: string;

  const port = (name: string): number => sys.components.get(name)!.metricsPort;
  const metricsUrl = (name: string): string => `https://127.0.0.1:${port(name)}/metrics`;

  beforeAll(async () => {
    const given = await generateSelfSignedServingCert({ hosts: ["given.metrics.example", "127.0.0.1"], organization: "e2e", now: new Date(), validityMs: 24 * 3_600_000 });
    writeFileSync(join(certDir, "tls.crt"), given.cert);
    writeFileSync(join(certDir, "tls.key"), given.key, { mode: 0o600 });
    givenFingerprint = new X509Certificate(given.cert).fingerprint256;
    sys = await System.start({ nodes: 1, controlPlane: cp, components: ["controller", "speaker", "frr-k8s"] });
    sys.kubectl(["create", "serviceaccount", NOBODY, "-n", METALLB_NAMESPACE]);
    nobodyToken = sys.kubectl(["create", "token", NOBODY, "-n", METALLB_NAMESPACE, "--duration=1h"]).trim();
  });

  afterAll(async () => {
    sys?.kubectl(["delete", "serviceaccount", NOBODY, "-n", METALLB_NAMESPACE, "--ignore-not-found"]);
    await sys?.teardown();
    rmSync(certDir, { recursive: true, force: true });
  });

  test.for(COMPONENTS)("$name: TLS only; no token 401, a token without the grant 403, the scraper's token 200", async ({ name, metric }) => {
    // Plain HTTP to the TLS port gets no metrics: the TLS server drops a non-TLS client.
    const plain = await fetch(`http://127.0.0.1:${port(name)}/metrics`).then((r) => r.text(), (err: Error) => `refused: ${err.message}`);
    expect(plain).not.toMatch(metric);

    const anonymous = await httpsGet(metricsUrl(name));
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers["www-authenticate"]).toBe('Bearer realm="metrics"');
    expect(anonymous.body).not.toMatch(metric);
    expect((await httpsGet(metricsUrl(name), { authorization: "Bearer not-a-real-token" })).status).toBe(401);

    const nobody = await httpsGet(metricsUrl(name), { authorization: `Bearer ${nobodyToken}` });
    expect(nobody.status).toBe(403);
    expect(nobody.body).toContain(`user "system:serviceaccount:${METALLB_NAMESPACE}:${NOBODY}" may not get /metrics`);

    const scraper = await httpsGet(metricsUrl(name), { authorization: `Bearer ${sys.metricsToken()}` });
    expect(scraper.status).toBe(200);
    expect(scraper.body).toMatch(metric);
  });

  test.for(COMPONENTS)("$name: a self-signed certificate for localhost, 127.0.0.1 and its node or host name", async ({ kind, name }) => {
    const { certificate } = await httpsGet(metricsUrl(name));
    expect(certificate.fingerprint256).not.toBe(givenFingerprint);
    expect(certificate.subjectaltname).toContain("IP Address:127.0.0.1");
    expect(certificate.subjectaltname).toContain("DNS:localhost");
    // The lab sets HOSTNAME to the node name, or the component name for the controller.
    expect(certificate.subjectaltname).toContain(`DNS:${kind === "controller" ? name : "node1"}`);
    expect(new Date(certificate.valid_to).getTime() - Date.now()).toBeGreaterThan(360 * 24 * 3_600_000);
  });

  test.for(COMPONENTS)("$name: the health endpoints need no token", async ({ name, healthOnMetricsPort }) => {
    const c = sys.components.get(name)!;
    expect((await fetch(`http://127.0.0.1:${c.healthPort}/healthz`)).status).toBe(200);
    if (healthOnMetricsPort) expect((await httpsGet(`https://127.0.0.1:${c.metricsPort}/healthz`)).status).toBe(200);
  });

  test("with a given certificate (--metrics-cert-dir; frr-k8s also --tls-cert-file) that certificate is served", async () => {
    sys.opts.extraArgs = {
      controller: ["--metrics-cert-dir", certDir],
      speaker: ["--metrics-cert-dir", certDir],
      "frr-k8s": ["--tls-cert-file", join(certDir, "tls.crt"), "--tls-private-key-file", join(certDir, "tls.key")],
    };
    for (const { name } of COMPONENTS) await sys.restartComponent(name);
    for (const { name, metric } of COMPONENTS) {
      const reply = await httpsGet(metricsUrl(name), { authorization: `Bearer ${sys.metricsToken()}` });
      expect(reply.certificate.fingerprint256, name).toBe(givenFingerprint);
      expect(reply.status, name).toBe(200);
      expect(reply.body, name).toMatch(metric);
      expect((await httpsGet(metricsUrl(name))).status, name).toBe(401);
    }
  });

  test("--insecure-metrics: plain HTTP to anyone, no TLS", async () => {
    sys.opts.extraArgs = { controller: ["--insecure-metrics"], speaker: ["--insecure-metrics"], "frr-k8s": ["--insecure-metrics"] };
    for (const { name } of COMPONENTS) await sys.restartComponent(name);
    for (const { name, metric } of COMPONENTS) {
      const reply = await fetch(`http://127.0.0.1:${port(name)}/metrics`);
      expect(reply.status, name).toBe(200);
      expect(await reply.text(), name).toMatch(metric);
      await expect(httpsGet(metricsUrl(name)), name).rejects.toThrow();
    }
  });
});

import { X509Certificate } from "node:crypto";
import { describe, expect, test } from "vitest";
import { bundleProblem, generateCA, generateServingCert, parseCertificates, type CertificateBundle } from "./certs.js";

const MIN = 60_000;
const now = new Date(Date.UTC(2025, 0, 1));
const hosts = ["metallb-webhook-service.metallb-system.svc", "127.0.0.1"];

async function bundle(at = now, validityMs = 60 * MIN): Promise<CertificateBundle> {
  const ca = await generateCA({ commonName: "cert", organization: "metallb", now: at, validityMs: 24 * 60 * MIN });
  const serving = await generateServingCert(ca, { hosts, organization: "metallb", now: at, validityMs });
  return { caCert: ca.cert, caKey: ca.key, cert: serving.cert, key: serving.key };
}

describe("certificates", () => {
  test("a CA and a serving certificate with DNS and IP SANs, signed by it", async () => {
    const b = await bundle();
    const ca = new X509Certificate(b.caCert);
    const leaf = new X509Certificate(b.cert);
    expect(ca.ca).toBe(true);
    expect(ca.subject).toContain("CN=cert");
    expect(ca.subject).toContain("O=metallb");
    expect(leaf.ca).toBe(false);
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(leaf.checkHost("metallb-webhook-service.metallb-system.svc")).toBeDefined();
    expect(leaf.checkIP("127.0.0.1")).toBe("127.0.0.1");
    expect(leaf.keyUsage).toContain("1.3.6.1.5.5.7.3.1"); // serverAuth
    expect(bundleProblem(b, hosts, now, 0)).toBeUndefined();
  });

  test.for([
    { name: "missing data", mutate: (b: CertificateBundle) => ({ ...b, key: "" }), problem: /missing certificate data/ },
    { name: "garbage certificate", mutate: (b: CertificateBundle) => ({ ...b, cert: "nope" }), problem: /unparsable certificate/ },
    { name: "garbage key", mutate: (b: CertificateBundle) => ({ ...b, key: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n" }), problem: /unparsable private key/ },
  ])("$name is a problem", async ({ mutate, problem }) => {
    expect(bundleProblem(mutate(await bundle()), hosts, now, 0)).toMatch(problem);
  });

  test("mismatched keys, other CA, missing SAN and expiry are problems", async () => {
    const a = await bundle();
    const b = await bundle();
    expect(bundleProblem({ ...a, key: b.key }, hosts, now, 0)).toMatch(/serving key does not match/);
    expect(bundleProblem({ ...a, caKey: b.caKey }, hosts, now, 0)).toMatch(/CA key does not match/);
    expect(bundleProblem({ ...a, caCert: b.caCert, caKey: b.caKey }, hosts, now, 0)).toMatch(/not signed by the current CA/);
    expect(bundleProblem(a, [...hosts, "other.svc"], now, 0)).toMatch(/does not cover other\.svc/);
    expect(bundleProblem(a, hosts, now, 61 * MIN)).toMatch(/serving certificate expires soon/);
    expect(bundleProblem(a, hosts, new Date(now.getTime() - 2 * 60 * MIN), 0)).toMatch(/not yet valid/);
  });

  test("parseCertificates splits a bundle and skips garbage", async () => {
    const a = await bundle();
    const b = await bundle();
    const blocks = parseCertificates(`${a.caCert}${b.caCert}-----BEGIN CERTIFICATE-----\nxx\n-----END CERTIFICATE-----\n`);
    expect(blocks).toHaveLength(2);
  });
});

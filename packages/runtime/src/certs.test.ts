import { X509Certificate, createPrivateKey } from "node:crypto";
import { describe, expect, test } from "vitest";
import { generateCA, generateSelfSignedServingCert, generateServingCert, parseCertificates } from "./certs.js";

const DAY = 24 * 60 * 60 * 1000;
const now = new Date(Date.UTC(2025, 0, 1));
const SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

describe("certificates", () => {
  test("a CA and a serving certificate with DNS and IP SANs, signed by it", async () => {
    const ca = await generateCA({ commonName: "cert", organization: "metallb", now, validityMs: DAY });
    const serving = await generateServingCert(ca, { hosts: ["svc.ns.svc", "127.0.0.1"], organization: "metallb", now, validityMs: DAY });
    const caCert = new X509Certificate(ca.cert);
    const leaf = new X509Certificate(serving.cert);
    expect(caCert.ca).toBe(true);
    expect(caCert.subject).toContain("CN=cert");
    expect(caCert.subject).toContain("O=metallb");
    expect(caCert.checkPrivateKey(createPrivateKey(ca.key))).toBe(true);
    expect(leaf.ca).toBe(false);
    expect(leaf.verify(caCert.publicKey)).toBe(true);
    expect(leaf.checkPrivateKey(createPrivateKey(serving.key))).toBe(true);
    expect(leaf.checkHost("svc.ns.svc")).toBeDefined();
    expect(leaf.checkIP("127.0.0.1")).toBe("127.0.0.1");
    expect(leaf.keyUsage).toContain(SERVER_AUTH);
  });

  test("a serving certificate never outlives its CA", async () => {
    const ca = await generateCA({ commonName: "cert", organization: "metallb", now, validityMs: DAY });
    const serving = await generateServingCert(ca, { hosts: ["a"], organization: "metallb", now, validityMs: 10 * DAY });
    expect(new X509Certificate(serving.cert).validTo).toBe(new X509Certificate(ca.cert).validTo);
  });

  test("a self-signed serving certificate: ECDSA P-256, the hosts as SANs, a year from now, signed by its own key", async () => {
    const self = await generateSelfSignedServingCert({ hosts: ["node1", "localhost", "127.0.0.1"], organization: "metallb", now, validityMs: 365 * DAY });
    const cert = new X509Certificate(self.cert);
    expect(cert.ca).toBe(false);
    expect(cert.subject).toContain("CN=node1");
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.checkPrivateKey(createPrivateKey(self.key))).toBe(true);
    expect(cert.publicKey.asymmetricKeyDetails?.namedCurve).toBe("prime256v1");
    for (const host of ["node1", "localhost"]) expect(cert.checkHost(host), host).toBe(host);
    expect(cert.checkIP("127.0.0.1")).toBe("127.0.0.1");
    expect(cert.keyUsage).toContain(SERVER_AUTH);
    expect(new Date(cert.validTo).getTime()).toBe(now.getTime() + 365 * DAY);
    expect(new Date(cert.validFrom).getTime()).toBeLessThan(now.getTime());
  });

  test("parseCertificates splits a bundle and skips garbage", async () => {
    const a = await generateCA({ commonName: "a", organization: "o", now, validityMs: DAY });
    const b = await generateCA({ commonName: "b", organization: "o", now, validityMs: DAY });
    const blocks = parseCertificates(`${a.cert}${b.cert}-----BEGIN CERTIFICATE-----\nxx\n-----END CERTIFICATE-----\n`);
    expect(blocks.map((c) => c.subject.split("\n")[0])).toEqual(["CN=a", "CN=b"]);
  });
});

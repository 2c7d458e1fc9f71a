import { generateCA, generateServingCert } from "@metallb-ts/runtime";
import { describe, expect, test } from "vitest";
import { bundleProblem, type CertificateBundle } from "./certs.js";

const MIN = 60_000;
const now = new Date(Date.UTC(2025, 0, 1));
const hosts = ["metallb-webhook-service.metallb-system.svc", "127.0.0.1"];

async function bundle(at = now, validityMs = 60 * MIN): Promise<CertificateBundle> {
  const ca = await generateCA({ commonName: "cert", organization: "metallb", now: at, validityMs: 24 * 60 * MIN });
  const serving = await generateServingCert(ca, { hosts, organization: "metallb", now: at, validityMs });
  return { caCert: ca.cert, caKey: ca.key, cert: serving.cert, key: serving.key };
}

describe("stored webhook certificate bundle", () => {
  test("a fresh CA and serving certificate for the hosts can be served", async () => {
    expect(bundleProblem(await bundle(), hosts, now, 0)).toBeUndefined();
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
});

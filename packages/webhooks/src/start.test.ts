import { mkdtempSync, writeFileSync } from "node:fs";
import { request as httpsRequest } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TLSSocket } from "node:tls";
import { generateCA, generateServingCert } from "@metallb-ts/runtime";
import { FakeKubeClient, ManualClock, silentLogger } from "@metallb-ts/runtime/testing";
import { expect, test } from "vitest";
import { startFRRK8sWebhooks } from "./start.js";

function peerSerial(url: string, ca: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(`${url}/healthz`, { ca, agent: false }, (res) => {
      res.resume();
      resolve((res.socket as TLSSocket).getPeerCertificate().serialNumber);
    });
    req.on("error", reject);
    req.end();
  });
}

test("with --disable-cert-rotation: serves tls.crt/tls.key from --cert-dir, reloads them, writes nothing", async () => {
  const dir = mkdtempSync(join(tmpdir(), "webhook-certs-"));
  const now = new Date();
  const ca = await generateCA({ commonName: "issuer", organization: "test", now, validityMs: 3_600_000 });
  const issue = async () => {
    const c = await generateServingCert(ca, { hosts: ["127.0.0.1"], organization: "test", now, validityMs: 3_600_000 });
    writeFileSync(join(dir, "tls.crt"), c.cert);
    writeFileSync(join(dir, "tls.key"), c.key);
  };
  await issue();
  const clock = new ManualClock();
  const kube = new FakeKubeClient();
  const webhooks = await startFRRK8sWebhooks({ kube, log: silentLogger(), namespace: "frr-k8s-system", port: 0, host: "127.0.0.1", certDir: dir, disableCertRotation: true, clock });
  try {
    expect(webhooks.rotator).toBeUndefined();
    const first = await peerSerial(webhooks.url, ca.cert);
    await issue();
    await clock.advance(10_000);
    await new Promise((r) => setTimeout(r, 50)); // the file read after the tick is real I/O
    expect(await peerSerial(webhooks.url, ca.cert)).not.toBe(first);
    expect(kube.writes).toEqual([]);
  } finally {
    await webhooks.close();
  }
});

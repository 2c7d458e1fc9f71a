import { parseCertificates, SecretResource, type KubeObject } from "@metallb-ts/runtime";
import { FakeKubeClient, ManualClock, silentLogger } from "@metallb-ts/runtime/testing";
import { ConflictError } from "@metallb-ts/runtime";
import { describe, expect, test } from "vitest";
import { CERT_FIELD_MANAGER, CertRotator, SecretKeys, serviceHosts } from "./cert-rotator.js";
import { bundleProblem, type CertificateBundle } from "./certs.js";
import { CustomResourceDefinitions, ValidatingWebhookConfigurations, type CustomResourceDefinition, type ValidatingWebhookConfiguration } from "./resources.js";

const MIN = 60_000;
const NS = "metallb-system";
const hosts = serviceHosts("metallb-webhook-service", NS, ["127.0.0.1"]);

function vwc(): ValidatingWebhookConfiguration {
  return {
    apiVersion: "admissionregistration.k8s.io/v1",
    kind: "ValidatingWebhookConfiguration",
    metadata: { name: "metallb-webhook-configuration" },
    webhooks: ["a.metallb.io", "b.metallb.io"].map((name) => ({ name, sideEffects: "None", admissionReviewVersions: ["v1"], clientConfig: { url: "https://127.0.0.1:9443/x" } })),
  };
}
function crd(name: string, strategy: string): CustomResourceDefinition {
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name },
    spec: { conversion: strategy === "Webhook" ? { strategy, webhook: { conversionReviewVersions: ["v1"], clientConfig: { url: "https://127.0.0.1:9443/convert" } } } : { strategy } },
  };
}

function setup(timings: { caValidityMs?: number; certValidityMs?: number; refreshBeforeMs?: number } = {}) {
  const clock = new ManualClock(Date.UTC(2025, 0, 1));
  const kube = new FakeKubeClient({ clock });
  kube.seed(ValidatingWebhookConfigurations, vwc());
  kube.seed(CustomResourceDefinitions, crd("bgppeers.metallb.io", "Webhook"), crd("other.metallb.io", "None"));
  const rotator = (): CertRotator =>
    new CertRotator({
      kube,
      log: silentLogger(),
      namespace: NS,
      secretName: "metallb-webhook-cert",
      hosts,
      validatingWebhookConfigurations: ["metallb-webhook-configuration", "not-installed"],
      conversionCRDs: ["bgppeers.metallb.io", "other.metallb.io"],
      clock,
      checkIntervalMs: 60 * MIN,
      bundlePropagationMs: 0,
      ...timings,
    });
  const secretBundle = (): CertificateBundle => {
    const [secret] = kube.objects<KubeObject & { data?: Record<string, string> }>(SecretResource, NS);
    const d = (k: string) => Buffer.from(secret?.data?.[k] ?? "", "base64").toString("utf8");
    return { caCert: d(SecretKeys.caCert), caKey: d(SecretKeys.caKey), cert: d(SecretKeys.cert), key: d(SecretKeys.key) };
  };
  return { clock, kube, rotator, secretBundle };
}

describe("CertRotator", () => {
  test("first start: creates the Secret, injects the bundle with only caBundle fields under its own field manager", async () => {
    const { kube, rotator, secretBundle, clock } = setup();
    const r = rotator();
    const served = await r.start();
    await r.stop();
    const stored = secretBundle();
    expect(served).toEqual(stored);
    expect(bundleProblem(stored, hosts, new Date(clock.now()), 0)).toBeUndefined();

    const caBundle = Buffer.from(stored.caCert).toString("base64");
    // What we sent is exactly the run-time fields README.md documents: nothing else.
    expect(kube.writes.map((w) => ({ verb: w.verb, kind: w.kind, name: w.name, fieldManager: w.fieldManager, body: w.verb === "apply" ? w.body : "(created)" }))).toEqual([
      { verb: "create", kind: "Secret", name: "metallb-webhook-cert", fieldManager: CERT_FIELD_MANAGER, body: "(created)" },
      {
        verb: "apply",
        kind: "ValidatingWebhookConfiguration",
        name: "metallb-webhook-configuration",
        fieldManager: CERT_FIELD_MANAGER,
        body: { metadata: { name: "metallb-webhook-configuration" }, webhooks: [{ name: "a.metallb.io", clientConfig: { caBundle } }, { name: "b.metallb.io", clientConfig: { caBundle } }] },
      },
      {
        verb: "apply",
        kind: "CustomResourceDefinition",
        name: "bgppeers.metallb.io",
        fieldManager: CERT_FIELD_MANAGER,
        body: { metadata: { name: "bgppeers.metallb.io" }, spec: { conversion: { webhook: { clientConfig: { caBundle } } } } },
      },
    ]);
  });

  test("a second replica reuses the stored certificates and writes nothing", async () => {
    const { kube, rotator } = setup();
    const first = rotator();
    const a = await first.start();
    await first.stop();
    const before = kube.writes.length;
    const second = rotator();
    expect(await second.start()).toEqual(a);
    await second.stop();
    expect(kube.writes.length).toBe(before);
  });

  test("the serving certificate is renewed before it expires, with the same CA", async () => {
    const { clock, rotator, secretBundle } = setup({ certValidityMs: 10 * MIN, refreshBeforeMs: 3 * MIN });
    const r = rotator();
    const first = await r.start();
    const seen: CertificateBundle[] = [];
    r.onCertificate((b) => seen.push(b));
    await r.reconcile();
    expect(seen).toHaveLength(0);
    await clock.advance(8 * MIN);
    await r.reconcile();
    await r.stop();
    expect(seen).toHaveLength(1);
    expect(seen[0]?.cert).not.toBe(first.cert);
    expect(seen[0]?.caCert).toBe(first.caCert);
    expect(secretBundle()).toEqual(seen[0]);
  });

  test("a CA about to expire is replaced; the old CA stays in the bundle while it is valid", async () => {
    const { clock, rotator, secretBundle, kube } = setup({ caValidityMs: 30 * MIN, certValidityMs: 10 * MIN, refreshBeforeMs: 3 * MIN });
    const r = rotator();
    const first = await r.start();
    await clock.advance(28 * MIN);
    await r.reconcile();
    await r.stop();
    const now = secretBundle();
    const cas = parseCertificates(now.caCert);
    expect(cas).toHaveLength(2);
    expect(cas[1]?.toString().trim()).toBe(first.caCert.trim());
    expect(bundleProblem(now, hosts, new Date(clock.now()), 0)).toBeUndefined();
    const [vwcNow] = kube.objects(ValidatingWebhookConfigurations);
    expect(vwcNow?.webhooks?.[0]?.clientConfig?.caBundle).toBe(Buffer.from(now.caCert).toString("base64"));
  });

  test("losing a write race to another replica: re-read and use the winner's certificates", async () => {
    const { kube, rotator, secretBundle } = setup();
    const a = rotator();
    await a.start();
    await a.stop();
    // Corrupt the Secret so the next pass renews, and make the first write lose a race.
    kube.seed(SecretResource, { apiVersion: "v1", kind: "Secret", metadata: { name: "metallb-webhook-cert", namespace: NS }, data: {} } as KubeObject);
    kube.failNext({ verb: "apply", resource: SecretResource }, (t) => new ConflictError("conflict", 409, t));
    const b = rotator();
    const served = await b.start();
    await b.stop();
    expect(served).toEqual(secretBundle());
  });
});

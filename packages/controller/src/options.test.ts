import { FlagError } from "@metallb-ts/runtime";
import { expect, test } from "vitest";
import { parseControllerFlags, usage } from "./options.js";

test("defaults and env fallbacks", () => {
  expect(parseControllerFlags([], { env: { METALLB_NAMESPACE: "metallb-system", METALLB_POD_NAME: "c-1", METALLB_BGP_TYPE: "frr-k8s" } })).toMatchObject({
    namespace: "metallb-system",
    podName: "c-1",
    metricsPort: 9120,
    metricsBindAddress: "0.0.0.0",
    insecureMetrics: false,
    healthProbePort: 17472,
    webhookMode: "enabled",
    webhook: { certDir: "/tmp/k8s-webhook-server/serving-certs", certServiceName: "metallb-webhook-service", secretName: "metallb-webhook-cert", disableCertRotation: false },
    leaderElect: false,
    leaseName: "metallb-controller",
    validation: "frr-k8s",
    bgpType: "frr-k8s",
    leaseDurationMs: 15000,
    tls: { minVersion: "TLSv1.3" },
  });
});

test.for([
  { argv: ["--leader-elect", "--lease-duration=6s", "--renew-deadline", "4s", "--retry-period=1s", "--namespace=x"], want: { leaderElect: true, leaseDurationMs: 6000, renewDeadlineMs: 4000, retryPeriodMs: 1000 } },
  { argv: ["-namespace", "x", "--lb-class", "metallb", "--port=0", "--webhook-mode", "disabled"], want: { lbClass: "metallb", metricsPort: 0, webhookMode: "disabled" } },
  { argv: ["--namespace=x", "--tls-min-version=VersionTLS12", "--tls-cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "--tls-curve-preferences=23"], want: { tls: { minVersion: "TLSv1.2", ciphers: "ECDHE-RSA-AES128-GCM-SHA256", ecdhCurve: "P-256" } } },
  { argv: ["--namespace=x", "--insecure-metrics"], want: { insecureMetrics: true } },
  { argv: ["--namespace=x", "--metrics-cert-dir=/etc/metrics"], want: { insecureMetrics: false, metricsCertDir: "/etc/metrics" } },
])("parses $argv", ({ argv, want }) => {
  expect(parseControllerFlags(argv, { env: {} })).toMatchObject(want);
});

test.for([
  { argv: [], error: "unable to get namespace from pod service account data: set --namespace or METALLB_NAMESPACE" },
  { argv: ["--namespace=x", "--webhook-mode=sometimes"], error: 'flag --webhook-mode: want one of enabled, disabled, onlywebhook, got "sometimes"' },
  { argv: ["--namespace=x", "--port=70000"], error: "flag --port: want an integer 0-65535" },
  { argv: ["--namespace=x", "--bogus"], error: "unknown flag --bogus" },
  { argv: ["--namespace=x", "--leader-elect=maybe"], error: "flag --leader-elect: want true or false" },
  { argv: ["--namespace=x", "--lease-duration=2s"], error: "flag --lease-duration must exceed --renew-deadline" },
  { argv: ["--namespace=x", "--renew-deadline=0s"], error: "flag --renew-deadline: want a positive duration" },
  { argv: ["--namespace=x", "--tls-cipher-suites=TLS_RSA_WITH_AES_128_GCM_SHA256"], error: "flag --tls-cipher-suites: cipher suites cannot be configured with a TLS 1.3 minimum" },
  { argv: ["--namespace=x", "--tls-min-version=VersionTLS12", "--tls-cipher-suites=A"], error: 'flag --tls-cipher-suites: unknown cipher suite "A"' },
  { argv: ["--namespace=x", "--insecure-metrics", "--metrics-cert-dir=/etc/metrics"], error: "flag --insecure-metrics: serves plain HTTP, so it cannot be combined with --metrics-cert-dir" },
])("rejects $argv", ({ argv, error }) => {
  expect(() => parseControllerFlags(argv, { env: {} })).toThrow(FlagError);
  expect(() => parseControllerFlags(argv, { env: {} })).toThrow(error);
});

test("the service-account namespace is the last fallback", () => {
  expect(parseControllerFlags([], { env: {}, serviceAccountNamespace: "from-file\n" }).namespace).toBe("from-file");
});

test("usage names the flags the chart passes", () => {
  for (const flag of ["--webhook-mode enabled|disabled|onlywebhook", "--lease-name VALUE", "--leader-elect", "--metrics-cert-dir VALUE", "--insecure-metrics", "--tls-min-version VALUE"]) expect(usage).toContain(flag);
});

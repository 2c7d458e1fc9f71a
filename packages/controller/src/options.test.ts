import { expect, test } from "vitest";
import { parseControllerFlags } from "./options.js";

test("defaults and env fallbacks", () => {
  const r = parseControllerFlags([], { env: { METALLB_NAMESPACE: "metallb-system", METALLB_POD_NAME: "c-1", METALLB_BGP_TYPE: "frr-k8s" } });
  expect(r).toMatchObject({
    ok: true,
    flags: { namespace: "metallb-system", podName: "c-1", metricsPort: 9120, healthProbePort: 17472, webhookMode: "enabled", leaderElect: false, leaseName: "metallb-controller", validation: "frr-k8s", leaseDurationMs: 15000 },
  });
});

test.for([
  { argv: ["--leader-elect", "--lease-duration=6s", "--renew-deadline", "4s", "--retry-period=1s", "--namespace=x"], want: { leaderElect: true, leaseDurationMs: 6000, renewDeadlineMs: 4000, retryPeriodMs: 1000 } },
  { argv: ["-namespace", "x", "--lb-class", "metallb", "--port=0", "--webhook-mode", "disabled"], want: { lbClass: "metallb", metricsPort: 0, webhookMode: "disabled" } },
])("parses $argv", ({ argv, want }) => {
  expect(parseControllerFlags(argv, { env: {} })).toMatchObject({ ok: true, flags: want });
});

test.for([
  { argv: [], error: "unable to get namespace" },
  { argv: ["--namespace=x", "--webhook-mode=sometimes"], error: "--webhook-mode: want enabled, disabled or onlywebhook" },
  { argv: ["--namespace=x", "--port=70000"], error: "--port: want a port number" },
  { argv: ["--namespace=x", "--bogus"], error: "unknown flag --bogus" },
  { argv: ["--namespace=x", "--leader-elect=maybe"], error: "--leader-elect: want true or false" },
  { argv: ["--namespace=x", "--lease-duration=2s"], error: "--lease-duration must exceed --renew-deadline" },
  { argv: ["--namespace=x", "--tls-cipher-suites=A"], error: "TLS 1.2 only" },
])("rejects $argv", ({ argv, error }) => {
  const r = parseControllerFlags(argv, { env: {} });
  expect(r.ok).toBe(false);
  if (!r.ok) expect(r.error).toContain(error);
});

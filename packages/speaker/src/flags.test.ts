import { describe, expect, test } from "vitest";
import { FlagError } from "@metallb-ts/runtime";
import { parseSpeakerFlags, usage } from "./flags.js";

const base = ["--node-name", "node1", "--namespace", "metallb-system"];

describe("parseSpeakerFlags", () => {
  test.for([
    { name: "defaults", argv: base, env: {}, want: { bgpType: "frr-k8s", frrK8sNamespace: "metallb-system", metricsPort: 9120, healthProbePort: 17472, logLevel: "info", bgpDebounceTimeoutMs: 3000, tls: { minVersion: "TLSv1.3" }, insecureMetrics: false } },
    { name: "the metrics escape hatch", argv: [...base, "--insecure-metrics"], env: {}, want: { insecureMetrics: true } },
    { name: "TLS flags", argv: [...base, "--tls-min-version=VersionTLS12", "--tls-curve-preferences=29"], env: {}, want: { tls: { minVersion: "TLSv1.2", ecdhCurve: "X25519" } } },
    { name: "env fallbacks", argv: [], env: { METALLB_NODE_NAME: "n2", METALLB_NAMESPACE: "mlb", FRRK8S_NAMESPACE: "frr", METALLB_BGP_TYPE: "frr" }, want: { nodeName: "n2", namespace: "mlb", frrK8sNamespace: "frr", bgpType: "frr" } },
    { name: "the flag wins over METALLB_BGP_TYPE", argv: [...base, "--bgp-type=frr-k8s"], env: { METALLB_BGP_TYPE: "frr" }, want: { bgpType: "frr-k8s" } },
    { name: "FRR_CONFIG_FILE's directory is the work dir", argv: base, env: { FRR_CONFIG_FILE: "/etc/frr_reloader/frr.conf" }, want: { frr: { configDir: "/etc/frr", vtySocketDir: "/var/run/frr", workDir: "/etc/frr_reloader" } } },
    { name: "frr paths from flags", argv: [...base, "--frr-config-dir", "/c", "--frr-vty-socket-dir", "/v", "--frr-work-dir", "/w"], env: {}, want: { frr: { configDir: "/c", vtySocketDir: "/v", workDir: "/w" } } },
    { name: "booleans", argv: [...base, "--ignore-exclude-lb", "--frrk8s-namespace", "f", "--frrk8s-secret-passthrough=true"], env: {}, want: { ignoreExcludeLB: true, frrK8sSecretPassthrough: true } },
  ])("$name", ({ argv, env, want }) => {
    expect(parseSpeakerFlags(argv, { env })).toMatchObject(want);
  });

  test.for([
    { name: "no node name", argv: ["--namespace", "x"], error: /--node-name.*required/ },
    { name: "no namespace anywhere", argv: ["--node-name", "n"], error: /namespace/ },
    { name: "the native backend", argv: [...base, "--bgp-type", "native"], error: /flag --bgp-type: want one of frr-k8s, frr, got "native" \(the native backend is not implemented\)/ },
    { name: "passthrough without a frr-k8s namespace", argv: [...base, "--frrk8s-secret-passthrough"], error: /requires/ },
    { name: "an unknown flag", argv: [...base, "--bogus"], error: /unknown flag --bogus/ },
    { name: "a bad port", argv: [...base, "--port", "70000"], error: /--port/ },
    { name: "a bad log level", argv: [...base, "--log-level", "loud"], error: /--log-level/ },
    { name: "a non-positive debounce", argv: [...base, "--bgp-debounce-timeout", "0"], error: /flag --bgp-debounce-timeout: want an integer >= 1/ },
    { name: "a value flag without value", argv: [...base, "--lb-class"], error: /needs a value/ },
    { name: "a bad METALLB_BGP_TYPE", argv: base, env: { METALLB_BGP_TYPE: "native" }, error: /flag --bgp-type \(from env METALLB_BGP_TYPE\): want one of/ },
    { name: "plain-HTTP metrics with a metrics certificate", argv: [...base, "--insecure-metrics", "--metrics-cert-dir=/m"], error: /flag --insecure-metrics: serves plain HTTP, so it cannot be combined with --metrics-cert-dir/ },
    { name: "TLS 1.2 suites with a TLS 1.3 minimum", argv: [...base, "--tls-cipher-suites=TLS_RSA_WITH_AES_128_GCM_SHA256"], error: /flag --tls-cipher-suites/ },
  ])("rejects $name", ({ argv, env, error }) => {
    expect(() => parseSpeakerFlags(argv, { env: env ?? {} })).toThrow(FlagError);
    expect(() => parseSpeakerFlags(argv, { env: env ?? {} })).toThrow(error);
  });

  test("the service-account namespace file is the last fallback", () => {
    expect(parseSpeakerFlags(["--node-name", "n"], { env: {}, serviceAccountNamespace: "from-file\n" }).namespace).toBe("from-file");
  });

  test("usage names the flags the chart passes", () => {
    for (const flag of ["--bgp-type frr-k8s|frr", "--frrk8s-namespace VALUE", "--frrk8s-secret-passthrough", "--ignore-exclude-lb", "--bgp-debounce-timeout N", "--insecure-metrics"]) expect(usage).toContain(flag);
  });
});

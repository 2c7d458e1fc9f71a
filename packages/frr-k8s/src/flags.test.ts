import { describe, expect, test } from "vitest";
import { FlagError, parseFrrK8sFlags as parseFlags, usage } from "./flags.js";

describe("parseFlags", () => {
  test("defaults follow upstream, node name from the environment", () => {
    const f = parseFlags([], { NODE_NAME: "node-a" });
    expect(f).toMatchObject({
      nodeName: "node-a",
      namespace: "frr-k8s-system",
      logLevel: "info",
      metrics: { host: "0.0.0.0", port: 9140 },
      healthProbe: { host: "127.0.0.1", port: 7572 },
      alwaysBlock: [],
      bgpDebounceTimeoutMs: 0,
      pollIntervalMs: 5000,
      routeMapDelayTimer: 1,
      metricsTLS: undefined,
      insecureMetrics: false,
      frr: { configDir: "/etc/frr", vtySocketDir: "/var/run/frr", workDir: "/etc/frr_reloader" },
    });
  });

  test("flags win over the environment; FRR access, always-block and addresses are parsed", () => {
    const f = parseFlags(
      [
        "--node-name", "n1", "--namespace", "ns", "--log-level", "debug", "--metrics-bind-address", "127.0.0.1:9999",
        "--health-probe-bind-address", "[::1]:7000", "--always-block", "192.0.2.0/24, 2001:db8::/64,", "--poll-interval", "2m",
        "--frr-config-dir", "/c", "--frr-vty-socket-dir", "/r", "--frr-work-dir", "/w", "--route-map-delay-timer", "default",
      ],
      { NODE_NAME: "env-node", NAMESPACE: "env-ns" },
    );
    expect(f).toMatchObject({
      nodeName: "n1", namespace: "ns", logLevel: "debug",
      metrics: { host: "127.0.0.1", port: 9999 }, healthProbe: { host: "::1", port: 7000 },
      alwaysBlock: ["192.0.2.0/24", "2001:db8::/64"], pollIntervalMs: 120_000, routeMapDelayTimer: undefined,
      frr: { configDir: "/c", vtySocketDir: "/r", workDir: "/w" },
    });
  });

  test("the work dir defaults to FRR_CONFIG_FILE's directory", () => {
    expect(parseFlags(["--node-name", "n"], { FRR_CONFIG_FILE: "/x/y/frr.conf" }).frr.workDir).toBe("/x/y");
  });

  test.for([
    { argv: [], why: /--node-name .* is required/ },
    { argv: ["--node-name", "n", "--log-level", "loud"], why: /flag --log-level: want one of .*, got "loud"/ },
    { argv: ["--node-name", "n", "--metrics-bind-address", "nowhere"], why: /not host:port/ },
    { argv: ["--node-name", "n", "--poll-interval", "5 parsecs"], why: /flag --poll-interval: want a duration/ },
    { argv: ["--node-name", "n", "--bgp-debounce-timeout=-3"], why: /flag --bgp-debounce-timeout: want an integer >= 0/ },
    { argv: ["--node-name", "n", "--route-map-delay-timer=soon"], why: /flag --route-map-delay-timer: want a non-negative integer or "default"/ },
    { argv: ["--node-name", "n", "--tls-curve-preferences=1"], why: /flag --tls-curve-preferences: unsupported CurveID 1/ },
    { argv: ["--node-name", "n", "--tls-cert-file", "c"], why: /go together/ },
    { argv: ["--node-name", "n", "--insecure-metrics", "--metrics-cert-dir", "/m"], why: /flag --insecure-metrics: serves plain HTTP, so it cannot be combined with --metrics-cert-dir/ },
    { argv: ["--node-name", "n", "--insecure-metrics", "--tls-cert-file", "/c", "--tls-private-key-file", "/k"], why: /cannot be combined with --tls-cert-file/ },
    { argv: ["--node-name", "n", "--no-such-flag"], why: /unknown flag --no-such-flag/ },
  ])("rejects $argv", ({ argv, why }) => {
    expect(() => parseFlags(argv, {})).toThrow(FlagError);
    expect(() => parseFlags(argv, {})).toThrow(why);
  });
});

test("TLS flags (the chart passes all three) are applied to the metrics endpoint", () => {
  const f = parseFlags(["--node-name", "n", "--metrics-cert-dir", "/m", "--tls-min-version=VersionTLS12", "--tls-cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "--tls-curve-preferences=29"], {});
  expect(f.metricsTLS).toEqual({ certPath: "/m/tls.crt", keyPath: "/m/tls.key" });
  expect(f.tls).toEqual({ minVersion: "TLSv1.2", ciphers: "ECDHE-RSA-AES128-GCM-SHA256", ecdhCurve: "X25519" });
  expect(parseFlags(["--node-name", "n", "--tls-cert-file", "/c", "--tls-private-key-file", "/k"], {}).metricsTLS).toEqual({ certPath: "/c", keyPath: "/k" });
  expect(parseFlags(["--node-name", "n", "--insecure-metrics"], {})).toMatchObject({ insecureMetrics: true, metricsTLS: undefined });
});

test.for([
  ["250", 250],
  ["250ms", 250],
  ["5s", 5000],
  ["1m30s", 90_000],
  ["1.5s", 1500],
] as const)("--poll-interval %s = %d ms", ([text, ms]) => {
  expect(parseFlags(["--node-name", "n", "--poll-interval", text], {}).pollIntervalMs).toBe(ms);
});

test("usage names every flag", () => {
  for (const flag of ["--node-name VALUE", "--metrics-bind-address HOST:PORT", "--poll-interval DURATION", "--tls-curve-preferences LIST", "--insecure-metrics"]) expect(usage).toContain(flag);
});

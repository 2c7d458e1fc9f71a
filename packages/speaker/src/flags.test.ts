import { describe, expect, test } from "vitest";
import { parseSpeakerFlags } from "./flags.js";

const base = ["--node-name", "node1", "--namespace", "metallb-system"];

describe("parseSpeakerFlags", () => {
  test.for([
    { name: "defaults", argv: base, env: {}, want: { bgpType: "frr-k8s", frrK8sNamespace: "metallb-system", metricsPort: 9120, healthProbePort: 17472, logLevel: "info" } },
    { name: "env fallbacks", argv: [], env: { METALLB_NODE_NAME: "n2", METALLB_NAMESPACE: "mlb", FRRK8S_NAMESPACE: "frr", METALLB_BGP_TYPE: "frr" }, want: { nodeName: "n2", namespace: "mlb", frrK8sNamespace: "frr", bgpType: "frr" } },
    { name: "the flag wins over METALLB_BGP_TYPE", argv: [...base, "--bgp-type=frr-k8s"], env: { METALLB_BGP_TYPE: "frr" }, want: { bgpType: "frr-k8s" } },
    { name: "FRR_CONFIG_FILE's directory is the work dir", argv: base, env: { FRR_CONFIG_FILE: "/etc/frr_reloader/frr.conf" }, want: { frr: { configDir: "/etc/frr", vtySocketDir: "/var/run/frr", workDir: "/etc/frr_reloader" } } },
    { name: "frr paths from flags", argv: [...base, "--frr-config-dir", "/c", "--frr-vty-socket-dir", "/v", "--frr-work-dir", "/w"], env: {}, want: { frr: { configDir: "/c", vtySocketDir: "/v", workDir: "/w" } } },
    { name: "booleans", argv: [...base, "--ignore-exclude-lb", "--frrk8s-namespace", "f", "--frrk8s-secret-passthrough=true"], env: {}, want: { ignoreExcludeLB: true, frrK8sSecretPassthrough: true } },
  ])("$name", ({ argv, env, want }) => {
    const r = parseSpeakerFlags(argv, { env });
    expect(r.ok && r.options).toMatchObject(want);
  });

  test.for([
    { name: "no node name", argv: ["--namespace", "x"], error: /--node-name.*required/ },
    { name: "no namespace anywhere", argv: ["--node-name", "n"], error: /namespace/ },
    { name: "the native backend", argv: [...base, "--bgp-type", "native"], error: /want frr-k8s or frr/ },
    { name: "passthrough without a frr-k8s namespace", argv: [...base, "--frrk8s-secret-passthrough"], error: /requires/ },
    { name: "an unknown flag", argv: [...base, "--bogus"], error: /unknown flag --bogus/ },
    { name: "a bad port", argv: [...base, "--port", "70000"], error: /--port/ },
    { name: "a bad log level", argv: [...base, "--log-level", "loud"], error: /--log-level/ },
    { name: "a non-positive debounce", argv: [...base, "--bgp-debounce-timeout", "0"], error: /positive integer/ },
    { name: "a value flag without value", argv: [...base, "--lb-class"], error: /needs a value/ },
  ])("rejects $name", ({ argv, error }) => {
    const r = parseSpeakerFlags(argv, { env: {} });
    expect(r.ok ? "accepted" : r.error).toMatch(error);
  });

  test("the service-account namespace file is the last fallback", () => {
    const r = parseSpeakerFlags(["--node-name", "n"], { env: {}, serviceAccountNamespace: "from-file\n" });
    expect(r.ok && r.options.namespace).toBe("from-file");
  });
});

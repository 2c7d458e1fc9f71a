import { expect, test } from "vitest";
import { FlagError, USAGE, parseWebhookFlags } from "./flags.js";

test("the chart's arguments", () => {
  const flags = parseWebhookFlags(
    ["webhooks", "--webhook-port=19443", "--namespace", "frr-k8s-system", "--log-level=info", "--disable-cert-rotation=true", "--restart-on-rotator-secret-refresh", "--tls-min-version=VersionTLS12"],
    {},
  );
  expect(flags.values).toMatchObject({
    "webhook-port": 19443,
    namespace: "frr-k8s-system",
    "log-level": "info",
    "disable-cert-rotation": true,
    "restart-on-rotator-secret-refresh": true,
    "cert-extra-sans": [],
  });
  expect(flags.tls).toEqual({ minVersion: "TLSv1.2" });
  expect(parseWebhookFlags(["--disable-cert-rotation=false"], {}).values["disable-cert-rotation"]).toBe(false);
});

test("defaults: port 19443, namespace from NAMESPACE then frr-k8s-system, TLS 1.3", () => {
  expect(parseWebhookFlags([], {}).values).toMatchObject({ "webhook-port": 19443, namespace: "frr-k8s-system", "log-level": "info" });
  expect(parseWebhookFlags([], { NAMESPACE: "ns" }).values.namespace).toBe("ns");
  expect(parseWebhookFlags([], {}).tls).toEqual({ minVersion: "TLSv1.3" });
});

test.for([
  { argv: ["--nope"], want: /unknown flag --nope/ },
  { argv: ["--webhook-port"], want: /needs a value/ },
  { argv: ["--webhook-port=70000"], want: /flag --webhook-port: want an integer 0-65535/ },
  { argv: ["--disable-cert-rotation=yes"], want: /want true or false/ },
  { argv: ["stray"], want: /unexpected argument "stray"/ },
  { argv: ["--log-level=loud"], want: /flag --log-level: want one of/ },
  { argv: ["--tls-cipher-suites=TLS_RSA_WITH_AES_128_GCM_SHA256"], want: /flag --tls-cipher-suites: cipher suites cannot be configured with a TLS 1.3 minimum/ },
])("$argv is refused", ({ argv, want }) => {
  expect(() => parseWebhookFlags(argv, {})).toThrow(FlagError);
  expect(() => parseWebhookFlags(argv, {})).toThrow(want);
});

test("usage names every flag", () => {
  for (const flag of ["--webhook-port N", "--cert-extra-sans LIST", "--tls-curve-preferences LIST", "--restart-on-rotator-secret-refresh"]) expect(USAGE).toContain(flag);
});

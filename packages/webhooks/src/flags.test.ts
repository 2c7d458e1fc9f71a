import { expect, test } from "vitest";
import { parseFlags } from "./flags.js";

test("the chart's arguments", () => {
  const flags = parseFlags(["webhooks", "--webhook-port=19443", "--namespace", "frr-k8s-system", "--log-level=info", "--disable-cert-rotation=true", "--restart-on-rotator-secret-refresh", "--tls-min-version=VersionTLS12"]);
  expect(Object.fromEntries(flags.values)).toEqual({ "webhook-port": "19443", namespace: "frr-k8s-system", "log-level": "info", "tls-min-version": "VersionTLS12" });
  expect([...flags.booleans].sort()).toEqual(["disable-cert-rotation", "restart-on-rotator-secret-refresh"]);
  expect(parseFlags(["--disable-cert-rotation=false"]).booleans.size).toBe(0);
});

test.for([
  { argv: ["--nope"], want: /unknown flag --nope/ },
  { argv: ["--webhook-port"], want: /needs a value/ },
  { argv: ["--disable-cert-rotation=yes"], want: /want true or false/ },
  { argv: ["stray"], want: /unexpected argument "stray"/ },
])("$argv is refused", ({ argv, want }) => {
  expect(() => parseFlags(argv)).toThrow(want);
});

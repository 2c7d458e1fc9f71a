import { expect, test } from "vitest";
import { tlsOptionsFromFlags } from "./tls-options.js";

test.for([
  { name: "defaults: TLS 1.3", flags: {}, want: { minVersion: "TLSv1.3" } },
  { name: "TLS 1.2 with Go suite names", flags: { minVersion: "VersionTLS12", cipherSuites: "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305" }, want: { minVersion: "TLSv1.2", ciphers: "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-CHACHA20-POLY1305" } },
  { name: "curves by Go CurveID", flags: { curvePreferences: "29,23" }, want: { minVersion: "TLSv1.3", ecdhCurve: "X25519:P-256" } },
  { name: "already split lists (parsed list flags)", flags: { minVersion: "VersionTLS12", cipherSuites: ["TLS_RSA_WITH_AES_128_GCM_SHA256"], curvePreferences: [24] }, want: { minVersion: "TLSv1.2", ciphers: "AES128-GCM-SHA256", ecdhCurve: "P-384" } },
])("$name", ({ flags, want }) => {
  expect(tlsOptionsFromFlags(flags)).toEqual(want);
});

test.for([
  { name: "unknown version", flags: { minVersion: "VersionTLS10" }, want: /--tls-min-version: invalid value "VersionTLS10"/ },
  { name: "suites with a TLS 1.3 minimum", flags: { cipherSuites: "TLS_RSA_WITH_AES_128_GCM_SHA256" }, want: /cannot be configured with a TLS 1\.3 minimum/ },
  { name: "unknown suite", flags: { minVersion: "VersionTLS12", cipherSuites: "TLS_FOO" }, want: /unknown cipher suite "TLS_FOO"/ },
  { name: "curve out of range", flags: { curvePreferences: "70000" }, want: /not a CurveID/ },
  { name: "unsupported curve", flags: { curvePreferences: "4588" }, want: /unsupported CurveID 4588/ },
])("$name is refused", ({ flags, want }) => {
  expect(() => tlsOptionsFromFlags(flags)).toThrow(want);
});

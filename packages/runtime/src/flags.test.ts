import { describe, expect, test } from "vitest";
import { FlagError, commonFlags, flagUsage, hostPortFlag, parseFlags, portFlag, type FlagSpecs } from "./flags.js";
import { tlsFlags, tlsOptionsFromFlagValues } from "./tls-options.js";

const specs = {
  ...commonFlags,
  namespace: { type: "string", env: ["MY_NAMESPACE", "NAMESPACE"], help: "namespace" },
  port: portFlag(9120, "metrics port, 0 disables"),
  workers: { type: "int", min: 1 },
  "leader-elect": { type: "bool" },
  "lease-duration": { type: "duration", default: 15_000, positive: true },
  "poll-interval": { type: "duration", default: 5000, bareMilliseconds: true },
  mode: { type: "enum", values: ["on", "off"], default: "on", env: "MODE", hint: "the off mode is for tests" },
  "always-block": { type: "list" },
  "metrics-bind-address": hostPortFlag("0.0.0.0:9140", "metrics address"),
  ...tlsFlags,
} as const satisfies FlagSpecs;

describe("parseFlags", () => {
  test("defaults when nothing is given", () => {
    expect(parseFlags([], {}, specs)).toEqual({
      kubeconfig: undefined,
      "log-level": "info",
      namespace: undefined,
      port: 9120,
      workers: undefined,
      "leader-elect": false,
      "lease-duration": 15_000,
      "poll-interval": 5000,
      mode: "on",
      "always-block": [],
      "metrics-bind-address": { host: "0.0.0.0", port: 9140 },
      "tls-min-version": undefined,
      "tls-cipher-suites": [],
      "tls-curve-preferences": [],
    });
  });

  test.for([
    { name: "--name value", argv: ["--namespace", "a"], env: {}, want: { namespace: "a" } },
    { name: "--name=value", argv: ["--namespace=a"], env: {}, want: { namespace: "a" } },
    { name: "-name value (Go)", argv: ["-namespace", "a"], env: {}, want: { namespace: "a" } },
    { name: "the last occurrence wins", argv: ["--port=1", "--port", "2"], env: {}, want: { port: 2 } },
    { name: "a value may start with a dash", argv: ["--namespace", "-x"], env: {}, want: { namespace: "-x" } },
    { name: "the flag wins over the environment", argv: ["--namespace", "a"], env: { NAMESPACE: "b" }, want: { namespace: "a" } },
    { name: "the first non-empty variable", argv: [], env: { MY_NAMESPACE: " ", NAMESPACE: "b" }, want: { namespace: "b" } },
    { name: "an empty flag counts as not given", argv: ["--namespace="], env: { NAMESPACE: "b" }, want: { namespace: "b" } },
    { name: "values are trimmed", argv: ["--namespace", " a\n"], env: {}, want: { namespace: "a" } },
    { name: "bool alone", argv: ["--leader-elect"], env: {}, want: { "leader-elect": true } },
    { name: "bool =false", argv: ["--leader-elect=false"], env: {}, want: { "leader-elect": false } },
    { name: "Go durations", argv: ["--lease-duration=1m30s", "--poll-interval", "250ms"], env: {}, want: { "lease-duration": 90_000, "poll-interval": 250 } },
    { name: "bare milliseconds where allowed", argv: ["--poll-interval", "250"], env: {}, want: { "poll-interval": 250 } },
    { name: "enum from env", argv: [], env: { MODE: "off" }, want: { mode: "off" } },
    { name: "lists", argv: ["--always-block", "192.0.2.0/24, 2001:db8::/64,"], env: {}, want: { "always-block": ["192.0.2.0/24", "2001:db8::/64"] } },
    { name: "host:port", argv: ["--metrics-bind-address", "[::1]:7000"], env: {}, want: { "metrics-bind-address": { host: "::1", port: 7000 } } },
    { name: "a level", argv: ["--log-level", "debug"], env: {}, want: { "log-level": "debug" } },
  ] as const)("$name", ({ argv, env, want }) => {
    expect(parseFlags(argv, env, specs)).toMatchObject(want);
  });

  test.for([
    { argv: ["--bogus"], error: "unknown flag --bogus" },
    { argv: ["stray"], error: 'unexpected argument "stray"' },
    { argv: ["--namespace"], error: "flag --namespace needs a value" },
    { argv: ["--leader-elect=maybe"], error: 'flag --leader-elect: want true or false, got "maybe"' },
    { argv: ["--port", "70000"], error: 'flag --port: want an integer 0-65535, got "70000"' },
    { argv: ["--port", "80x"], error: "flag --port: want an integer 0-65535" },
    { argv: ["--workers", "0"], error: 'flag --workers: want an integer >= 1, got "0"' },
    { argv: ["--lease-duration", "0s"], error: 'flag --lease-duration: want a positive duration such as 15s or 250ms, got "0s"' },
    { argv: ["--lease-duration", "15"], error: "flag --lease-duration: want a positive duration" },
    { argv: ["--poll-interval", "5 parsecs"], error: "flag --poll-interval: want a duration" },
    { argv: ["--log-level", "loud"], error: 'flag --log-level: want one of all, debug, info, warn, error, none, got "loud"' },
    { argv: ["--mode", "auto"], error: 'flag --mode: want one of on, off, got "auto" (the off mode is for tests)' },
    { argv: ["--metrics-bind-address", "nowhere"], error: 'flag --metrics-bind-address: "nowhere" is not host:port' },
  ])("refuses $argv", ({ argv, error }) => {
    expect(() => parseFlags(argv, {}, specs)).toThrow(FlagError);
    expect(() => parseFlags(argv, {}, specs)).toThrow(error);
  });

  test("an invalid environment value names the variable", () => {
    expect(() => parseFlags([], { MODE: "auto" }, specs)).toThrow('flag --mode (from env MODE): want one of on, off, got "auto"');
  });

  test("a leading command name is skipped only when asked", () => {
    expect(parseFlags(["webhooks", "--port=1"], {}, specs, { command: "webhooks" }).port).toBe(1);
    expect(() => parseFlags(["webhooks"], {}, specs)).toThrow('unexpected argument "webhooks"');
  });

  test("TLS flags become Node options; a refused combination is a FlagError", () => {
    const tls = (argv: string[]) => tlsOptionsFromFlagValues(parseFlags(argv, {}, specs));
    expect(tls([])).toEqual({ minVersion: "TLSv1.3" });
    expect(tls(["--tls-min-version=VersionTLS12", "--tls-cipher-suites=TLS_RSA_WITH_AES_128_GCM_SHA256", "--tls-curve-preferences=29"])).toEqual({
      minVersion: "TLSv1.2",
      ciphers: "AES128-GCM-SHA256",
      ecdhCurve: "X25519",
    });
    expect(() => tls(["--tls-cipher-suites=TLS_RSA_WITH_AES_128_GCM_SHA256"])).toThrow(FlagError);
    expect(() => tls(["--tls-min-version=VersionTLS10"])).toThrow('flag --tls-min-version: invalid value "VersionTLS10"');
  });
});

test("usage lists every flag with its placeholder, help, default and environment", () => {
  const text = flagUsage("demo [flags]", specs);
  expect(text.split("\n")[0]).toBe("usage: demo [flags]");
  expect(text).toMatch(/--namespace VALUE +namespace \(env MY_NAMESPACE, NAMESPACE\)\n/);
  expect(text).toMatch(/--port N +metrics port, 0 disables \(default 9120\)\n/);
  expect(text).toMatch(/--leader-elect\n/);
  expect(text).toMatch(/--log-level all\|debug\|info\|warn\|error\|none +log verbosity \(default info\)\n/);
  expect(text).toMatch(/--metrics-bind-address HOST:PORT +metrics address \(default 0.0.0.0:9140\)\n/);
});

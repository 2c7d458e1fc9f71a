// Bad-input fuzz of every CLI command: generated invalid manifests (wrong types, huge values, 1 MB
// strings, deep nesting, duplicate keys, non-UTF-8 bytes, YAML alias bombs, random text) go through
// main() with a fake CliIO, and a few through the built binary under a small heap. Each input must end
// in a clear error (exit 1 or 2, a message naming the problem) or be accepted (exit 0): never an
// exception escaping main(), an engine error message ("Cannot read properties of undefined", "Maximum
// call stack size exceeded"), a hang, or unbounded memory. The tally by class and outcome is written to
// $METALLB_TS_FUZZ_TALLY (if set) for docs/RELIABILITY.md.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { stringify } from "yaml";
import type { CliIO } from "./io.js";
import { main } from "./main.js";

const REPO = fileURLToPath(new URL("../../../", import.meta.url));
const BIN = join(REPO, "packages/cli/bin/metallb-ts.js");

/** Every command that reads manifests, with the flags it needs besides -f. */
const COMMANDS: readonly (readonly string[])[] = [
  ["allocate"],
  ["render", "frr", "--node", "node1"],
  ["render", "speaker", "--node", "node1"],
  ["validate"],
];

/** Messages only the JS engine writes: a command that lets one escape has a bug, not a clear error. */
const ENGINE_ERROR = /Cannot read propert|is not a function|is not iterable|undefined is not|of undefined|of null|Maximum call stack|Invalid string length|Invalid array length|heap out of memory|\[object Object\]/;
/** A run that takes longer than this counts as a hang (the slowest real case takes well under 1 s). */
const HANG_MS = 15_000;
/** An error must name the problem, not echo a megabyte of input back. */
const MAX_STDERR = 64 * 1024;

type Outcome = "accepted" | "rejected";

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

const tally = new Map<string, Record<Outcome, number>>();
function count(cls: string, outcome: Outcome): void {
  const row = tally.get(cls) ?? { accepted: 0, rejected: 0 };
  row[outcome]++;
  tally.set(cls, row);
}

const dir = mkdtempSync(join(tmpdir(), "metallb-ts-cli-fuzz-"));
let fileNo = 0;

function writeInput(content: string | Buffer): string {
  const path = join(dir, `input-${fileNo++}.yaml`);
  writeFileSync(path, content);
  return path;
}

async function runMain(argv: readonly string[], stdin: string): Promise<RunResult> {
  let stdout = "";
  let stderr = "";
  const io: CliIO = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), readStdin: () => stdin };
  const started = performance.now();
  // An exception escaping main() rejects here and fails the test: that is the "crash" outcome.
  const code = await main(argv, io);
  return { code, stdout, stderr, ms: performance.now() - started };
}

/** The invariants every run must satisfy; returns whether the input was accepted. */
function judge(what: string, r: RunResult): Outcome {
  expect(r.ms, `${what}: took ${Math.round(r.ms)} ms`).toBeLessThan(HANG_MS);
  expect([0, 1, 2], `${what}: exit code ${r.code}`).toContain(r.code);
  expect(r.stderr, `${what}: engine error escaped`).not.toMatch(ENGINE_ERROR);
  expect(r.stderr.length, `${what}: stderr of ${r.stderr.length} bytes`).toBeLessThan(MAX_STDERR);
  if (r.code === 0) return "accepted";
  expect(r.stderr.trim(), `${what}: rejected without a message`).not.toBe("");
  return "rejected";
}

/** Runs one input through every command, by file (raw bytes survive) and, for text, by stdin. */
async function fuzzAll(cls: string, content: string | Buffer): Promise<void> {
  const path = writeInput(content);
  for (const cmd of COMMANDS) {
    const byFile = await runMain([...cmd, "-f", path], "");
    count(cls, judge(`${cls} ${cmd.join(" ")} -f`, byFile));
    if (typeof content === "string") {
      const byStdin = await runMain([...cmd, "-f", "-"], content);
      count(cls, judge(`${cls} ${cmd.join(" ")} stdin`, byStdin));
    }
  }
  const heapMb = process.memoryUsage().heapUsed / 2 ** 20;
  expect(heapMb, `${cls}: heap after the run`).toBeLessThan(1024);
}

// ---- the valid seeds every mutation starts from ----------------------------------------------

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const SEEDS: readonly Json[] = [
  { apiVersion: "metallb.io/v1beta1", kind: "IPAddressPool", metadata: { name: "public", namespace: "metallb-system" },
    spec: { addresses: ["192.0.2.0/28", "2001:db8::/124"], autoAssign: true, serviceAllocation: { priority: 10, namespaces: ["default"] } } },
  { apiVersion: "metallb.io/v1beta2", kind: "BGPPeer", metadata: { name: "tor", namespace: "metallb-system" },
    spec: { myASN: 64512, peerASN: 64513, peerAddress: "198.51.100.1", holdTime: "90s", passwordSecret: { name: "tor-pw" }, nodeSelectors: [{ matchLabels: { zone: "a" } }] } },
  { apiVersion: "metallb.io/v1beta1", kind: "BGPAdvertisement", metadata: { name: "public", namespace: "metallb-system" },
    spec: { ipAddressPools: ["public"], aggregationLength: 32, localPref: 100, communities: ["64512:1"] } },
  { apiVersion: "metallb.io/v1beta1", kind: "L2Advertisement", metadata: { name: "l2", namespace: "metallb-system" }, spec: { ipAddressPools: ["public"], interfaces: ["eth0"] } },
  { apiVersion: "metallb.io/v1beta1", kind: "BFDProfile", metadata: { name: "fast", namespace: "metallb-system" }, spec: { receiveInterval: 300, transmitInterval: 300, detectMultiplier: 3 } },
  { apiVersion: "v1", kind: "Secret", metadata: { name: "tor-pw", namespace: "metallb-system" }, type: "kubernetes.io/basic-auth", data: { password: "c2VjcmV0" } },
  { apiVersion: "v1", kind: "Node", metadata: { name: "node1", labels: { "kubernetes.io/hostname": "node1", zone: "a" } } },
  { apiVersion: "v1", kind: "Service", metadata: { name: "web", namespace: "default" },
    spec: { type: "LoadBalancer", clusterIPs: ["10.96.0.10"], ports: [{ port: 80, protocol: "TCP" }], externalTrafficPolicy: "Cluster" },
    status: { loadBalancer: { ingress: [{ ip: "192.0.2.1" }] } } },
  { apiVersion: "frrk8s.metallb.io/v1beta1", kind: "FRRConfiguration", metadata: { name: "extra", namespace: "frr-k8s-system" },
    spec: { nodeSelector: { matchLabels: { zone: "a" } }, bgp: { routers: [{ asn: 64512, prefixes: ["192.0.2.0/28"], neighbors: [
      { address: "198.51.100.1", asn: 64513, holdTime: "90s", keepaliveTime: "30s", toAdvertise: { allowed: { prefixes: ["192.0.2.0/28"] } }, toReceive: { allowed: { mode: "all" } } }] }] },
      raw: { priority: 5, rawConfig: "ip prefix-list x seq 5 permit 192.0.2.0/24" } } },
];

/** Every path to a value inside a JSON value (the root excluded). */
function paths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== "object") return [];
  const entries: [string | number, Json][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  return entries.flatMap(([k, v]) => [[...prefix, k], ...paths(v, [...prefix, k])]);
}

function setAt(value: Json, path: readonly (string | number)[], replacement: Json): Json {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  if (Array.isArray(value)) return value.map((v, i) => (i === head ? setAt(v, rest, replacement) : v));
  const obj = value as Record<string, Json>;
  return { ...obj, [head]: setAt(obj[head] ?? null, rest, replacement) };
}

const MB = 1024 * 1024;

/** Values of every type and of absurd sizes, to put where something else belongs. */
const badValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(null, true, false, 0, -1, 1.5, 2 ** 53 + 2, 1e308, -1e308, "", "not-an-ip", "99999999999999999999", [], {}, [null], { "": null }),
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 }),
  fc.string({ maxLength: 40 }),
  fc.array(fc.oneof(fc.string({ maxLength: 8 }), fc.integer()), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), { maxKeys: 3 }),
);

const pickSeed = fc.integer({ min: 0, max: SEEDS.length - 1 }).map((i) => SEEDS[i] as Json);

/** A seed with one value replaced by a value of another type or size. */
const wrongTypeCase = pickSeed.chain((seed) => {
  const all = paths(seed);
  return fc.tuple(fc.constantFrom(...all), badValue).map(([path, value]) => setAt(seed, path, value));
});

function nestedArrays(depth: number): string {
  return "[".repeat(depth) + "]".repeat(depth);
}

function nestedMaps(depth: number): string {
  return "{a: ".repeat(depth) + "1" + "}".repeat(depth);
}

function aliasBomb(levels: number): string {
  const lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"];
  for (let i = 1; i < levels; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: 9 }, () => `*a${i - 1}`).join(", ")}]`);
  return `apiVersion: v1\nkind: Node\nmetadata: {name: node1}\nbomb:\n${lines.map((l) => `  ${l}`).join("\n")}\n`;
}

const pool = (addresses: Json): string => stringify({ apiVersion: "metallb.io/v1beta1", kind: "IPAddressPool", metadata: { name: "huge", namespace: "metallb-system" }, spec: { addresses } });
const svc = (name: string): string => stringify({ apiVersion: "v1", kind: "Service", metadata: { name, namespace: "default" }, spec: { type: "LoadBalancer", clusterIPs: ["10.96.0.1"], ports: [{ port: 80 }] } });

/** Fixed inputs of the classes random mutation does not reach, each named for the report. */
const FIXED: readonly { cls: string; content: () => string | Buffer }[] = [
  { cls: "1 MB string value", content: () => stringify(setAt(SEEDS[0] as Json, ["metadata", "name"], "x".repeat(MB))) },
  { cls: "1 MB string value", content: () => stringify(setAt(SEEDS[8] as Json, ["spec", "raw", "rawConfig"], "ip prefix-list y permit 192.0.2.0/24\n".repeat(MB / 38))) },
  { cls: "1 MB string value", content: () => stringify(setAt(SEEDS[1] as Json, ["spec", "password"], "p".repeat(MB))) },
  { cls: "1 MB string value", content: () => `apiVersion: v1\nkind: Node\nmetadata:\n  name: node1\n  labels: {${"k".repeat(MB)}: v}\n` },
  { cls: "1 MB string value", content: () => "z".repeat(MB) },
  { cls: "deep nesting", content: () => `apiVersion: v1\nkind: Node\nmetadata: {name: node1}\nspec: ${nestedArrays(10_000)}\n` },
  { cls: "deep nesting", content: () => `apiVersion: v1\nkind: Node\nmetadata: {name: node1}\nspec: ${nestedMaps(5_000)}\n` },
  { cls: "deep nesting", content: () => `{"apiVersion": "v1", "kind": "Node", "metadata": {"name": "node1"}, "spec": ${nestedArrays(50_000)}}` },
  { cls: "deep nesting", content: () => `apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata: {name: p, namespace: metallb-system}\nspec: {addresses: ${nestedArrays(2_000)}}\n` },
  { cls: "deep nesting", content: () => Array.from({ length: 3000 }, (_, i) => `${"  ".repeat(i)}k${i}:`).join("\n") + " 1\n" },
  { cls: "duplicate keys", content: () => "apiVersion: v1\nkind: Node\nkind: Secret\nmetadata: {name: node1}\n" },
  { cls: "duplicate keys", content: () => "apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata: {name: p, namespace: metallb-system, name: q}\nspec: {addresses: [192.0.2.0/24]}\n" },
  { cls: "duplicate keys", content: () => '{"apiVersion": "v1", "kind": "Node", "metadata": {"name": "a"}, "metadata": {"name": "b"}}' },
  { cls: "duplicate keys", content: () => stringify(SEEDS[2]) + "---\n" + stringify(SEEDS[2]) },
  { cls: "non-UTF-8", content: () => Buffer.concat([Buffer.from("apiVersion: v1\nkind: Node\nmetadata: {name: \""), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1]), Buffer.from("\"}\n")]) },
  { cls: "non-UTF-8", content: () => Buffer.from([0xfe, 0xff, 0x00, 0x61, 0x00, 0x3a, 0xd8, 0x00]) },
  { cls: "non-UTF-8", content: () => Buffer.concat([Buffer.from(stringify(SEEDS[0])), Buffer.from([0x80, 0x81, 0x82, 0x0a, 0xf0, 0x28, 0x8c, 0x28])]) },
  { cls: "non-UTF-8", content: () => Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) % 256)) },
  { cls: "YAML alias bomb", content: () => aliasBomb(9) },
  { cls: "YAML alias bomb", content: () => aliasBomb(20) },
  { cls: "YAML alias bomb", content: () => `a: &a [${"x, ".repeat(50)}x]\nb: &b [${"*a, ".repeat(50)}*a]\nc: [${"*b, ".repeat(50)}*b]\n` },
  { cls: "YAML alias bomb", content: () => "apiVersion: v1\nkind: Node\nmetadata: &m {name: node1, labels: *m}\n" },
  { cls: "huge values", content: () => pool(["0.0.0.0/0", "::/0"]) + "---\n" + svc("a") },
  { cls: "huge values", content: () => pool(Array.from({ length: 20_000 }, (_, i) => `10.${(i >> 8) & 255}.${i & 255}.0/30`)) + "---\n" + svc("a") },
  { cls: "huge values", content: () => pool(["2001:db8::/3"]) + "---\n" + Array.from({ length: 2000 }, (_, i) => svc(`s${i}`)).join("---\n") },
  { cls: "huge values", content: () => stringify(setAt(SEEDS[8] as Json, ["spec", "bgp", "routers", 0, "neighbors"], Array.from({ length: 5000 }, (_, i) => ({ address: `198.18.${i >> 8}.${i & 255}`, asn: 4294967295 })))) },
  { cls: "huge values", content: () => stringify(setAt(SEEDS[1] as Json, ["spec", "holdTime"], "99999999999999999999h")) },
  { cls: "huge values", content: () => Array.from({ length: 50_000 }, () => "---").join("\n") },
  { cls: "not a manifest", content: () => "" },
  { cls: "not a manifest", content: () => "- a\n- b\n" },
  { cls: "not a manifest", content: () => "just a string" },
  { cls: "not a manifest", content: () => "kind: List\nitems: [1, null, [2]]\n" },
  { cls: "not a manifest", content: () => "{{{{ not yaml" },
  { cls: "not a manifest", content: () => "\t- : : -\n  ? ?\n" },
  { cls: "not a manifest", content: () => "%YAML 9.9\n---\na: 1\n" },
  { cls: "not a manifest", content: () => "!!binary AAAA\n" },
];

afterAll(() => {
  // The per-class counts for docs/RELIABILITY.md, only when asked for (the suite leaves no files behind).
  const tallyPath = process.env["METALLB_TS_FUZZ_TALLY"];
  if (tallyPath) writeFileSync(tallyPath, JSON.stringify(Object.fromEntries(tally), null, 2));
  rmSync(dir, { recursive: true, force: true });
});

describe("CLI bad-input fuzz, in process", () => {
  test.for(FIXED.map((f, i) => ({ ...f, name: `${f.cls} #${i}` })))("$name: a clear error or accepted, in bounded time and memory", async ({ cls, content }) => {
    await fuzzAll(cls, content());
  });

  test("seeds with one value of the wrong type or size (fast-check, 150 cases)", async () => {
    await fc.assert(fc.asyncProperty(wrongTypeCase, async (manifest) => {
      await fuzzAll("wrong type or size", stringify(manifest));
    }), { numRuns: 150, seed: 1302 });
  });

  test("random text and bytes (fast-check, 100 cases)", async () => {
    const text = fc.oneof(fc.string({ maxLength: 200, unit: "binary" }), fc.uint8Array({ maxLength: 400 }).map((a) => Buffer.from(a)));
    await fc.assert(fc.asyncProperty(text, async (content) => {
      await fuzzAll("random text or bytes", content);
    }), { numRuns: 100, seed: 1303 });
  });

  test("every seed alone is accepted by validate (the mutations start from valid input)", async () => {
    const r = await runMain(["validate", "-f", writeInput(SEEDS.map((s) => stringify(s)).join("---\n"))], "");
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
  });
});

describe("CLI bad-input fuzz, the built binary under a 128 MB heap", () => {
  beforeAll(() => {
    execFileSync("npx", ["tsc", "-b", "packages/cli"], { cwd: REPO, stdio: "pipe" });
  }, 300_000);

  const cases = [
    { name: "YAML alias bomb", content: aliasBomb(20), want: /alias/i },
    { name: "deep nesting", content: `a: ${nestedArrays(100_000)}\n`, want: /invalid YAML/ },
    { name: "1 MB string", content: stringify(setAt(SEEDS[0] as Json, ["metadata", "name"], "x".repeat(MB))), want: null },
    { name: "non-UTF-8", content: Buffer.from([0xff, 0xfe, 0x3a, 0x0a, 0xc3, 0x28]), want: /./ },
    { name: "pool of ::/0 and 0.0.0.0/0", content: pool(["0.0.0.0/0", "::/0"]) + "---\n" + svc("a"), want: null },
  ];

  test.for(cases)("$name: exits with an error or success, no crash, within 30 s", ({ content, want }) => {
    const path = writeInput(content);
    for (const cmd of COMMANDS) {
      const r = spawnSync(process.execPath, ["--max-old-space-size=128", "--stack-size=984", BIN, ...cmd, "-f", path], { encoding: "utf8", timeout: 30_000 });
      const what = `${cmd.join(" ")}: status ${r.status} signal ${r.signal} stderr ${r.stderr.slice(0, 300)}`;
      expect(r.signal, what).toBeNull();
      expect([0, 1, 2], what).toContain(r.status);
      expect(r.stderr, what).not.toMatch(ENGINE_ERROR);
      expect(r.stderr, what).not.toMatch(/^\s+at /m); // no stack trace
      if (r.status !== 0 && want) expect(r.stderr, what).toMatch(want);
    }
  });
});

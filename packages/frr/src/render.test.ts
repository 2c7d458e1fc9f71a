// Golden files for rendering, and the proof that FRR 8.4 accepts every one of them.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { configsEqual } from "./equal.js";
import { renderFRRConfig, stableSequenceNumbers } from "./render.js";
import type { FRRConfigurationInput, SecretInput, APIToFRROptions } from "./resources.js";
import { checkFRRConfigs } from "./testing/frr-syntax-check.js";
import { basicAuthSecret, convertOK, frrConfiguration, neighbor, withRouters } from "./testing/fixtures.js";

interface GoldenCase {
  /** Also the golden file name: testdata/render/<name>.golden */
  name: string;
  configs: FRRConfigurationInput[];
  secrets?: SecretInput[];
  options?: APIToFRROptions;
}

const GOLDEN_DIR = new URL("./testdata/render/", import.meta.url).pathname;

const cases: GoldenCase[] = [
  { name: "empty", configs: [] },
  {
    name: "single-ebgp-session",
    configs: [
      withRouters("a", {
        asn: 64512,
        prefixes: ["192.0.2.0/26", "192.0.2.64/26"],
        neighbors: [neighbor("198.51.100.2", 64513, { port: 4567, toAdvertise: { allowed: { prefixes: ["192.0.2.0/26", "192.0.2.64/26"] } } })],
      }),
    ],
  },
  {
    name: "ibgp-community-localpref-receive-filtered",
    configs: [
      withRouters("a", {
        asn: 64512,
        prefixes: ["192.168.10.0/24", "2001:db8:10::/64"],
        neighbors: [
          neighbor("172.18.0.5", 64512, {
            toAdvertise: {
              allowed: { mode: "all" },
              withCommunity: [{ community: "10:100", prefixes: ["192.168.10.0/24"] }],
              withLocalPref: [{ localPref: 150, prefixes: ["192.168.10.0/24"] }],
            },
            toReceive: { allowed: { prefixes: [{ prefix: "10.0.0.0/8", le: 24 }] } },
          }),
        ],
      }),
    ],
  },
  {
    name: "two-routers-vrf-timers-large-community",
    configs: [
      withRouters(
        "a",
        {
          asn: 64512,
          id: "192.0.2.254",
          prefixes: ["192.0.2.0/26", "192.0.2.64/26"],
          neighbors: [
            neighbor("198.51.100.2", 64513, {
              holdTime: "80s",
              keepaliveTime: "40s",
              connectTime: "10s",
              toAdvertise: {
                allowed: { mode: "all" },
                withCommunity: [
                  { community: "10:169", prefixes: ["192.0.2.0/26"] },
                  { community: "large:123:456:7890", prefixes: ["192.0.2.0/26", "192.0.2.64/26"] },
                ],
                withLocalPref: [
                  { localPref: 100, prefixes: ["192.0.2.64/26"] },
                  { localPref: 150, prefixes: ["192.0.2.0/26"] },
                ],
              },
            }),
          ],
        },
        { asn: 64512, vrf: "red", prefixes: ["203.0.113.0/24"], neighbors: [neighbor("198.51.100.6", 64514, { toAdvertise: { allowed: { mode: "all" } } })] },
      ),
    ],
  },
  {
    name: "two-neighbors-receive-all",
    configs: [withRouters("a", { asn: 64512, neighbors: [neighbor("198.51.100.2", 64513, { toReceive: { allowed: { mode: "all" } } }), neighbor("198.51.100.3", 64513, { toReceive: { allowed: { mode: "all" } } })] })],
  },
  {
    name: "receive-filters-v4-v6-le-ge",
    configs: [
      withRouters("a", {
        asn: 64512,
        neighbors: [
          neighbor("198.51.100.2", 64513, {
            dualStackAddressFamily: true,
            toReceive: {
              allowed: {
                prefixes: [
                  { prefix: "192.0.101.0/24", le: 32, ge: 26 },
                  { prefix: "192.0.101.0/24", ge: 24 },
                  { prefix: "203.0.113.0/24" },
                  { prefix: "2001:db8:100::/48", le: 64, ge: 56 },
                  { prefix: "2001:db8:200::/48", le: 128 },
                ],
              },
            },
          }),
        ],
      }),
    ],
  },
  {
    name: "ipv6-single-hop-ebgp-next-hop",
    configs: [
      withRouters("a", {
        asn: 64512,
        prefixes: ["2001:db8:1::/64"],
        neighbors: [neighbor("2001:db8::2", 64513, { toAdvertise: { allowed: { mode: "all" }, nextHop: { ipv6: "2001:db8::100" } } }), neighbor("2001:db8::3", 64512)],
      }),
    ],
  },
  {
    name: "ebgp-multihop-next-hop-v4-update-source",
    configs: [
      withRouters("a", {
        asn: 64512,
        prefixes: ["192.0.2.0/26"],
        neighbors: [neighbor("203.0.113.9", 64513, { ebgpMultiHop: true, sourceaddress: "192.0.2.1", toAdvertise: { allowed: { mode: "all" }, nextHop: { ipv4: "192.0.2.100" } } })],
      }),
    ],
  },
  {
    name: "dual-stack-neighbors-v4-and-v6",
    configs: [
      withRouters("a", {
        asn: 64512,
        prefixes: ["192.0.2.0/26", "2001:db8:1::/64"],
        neighbors: [
          neighbor("198.51.100.2", 64513, { dualStackAddressFamily: true, toAdvertise: { allowed: { mode: "all" } } }),
          neighbor("2001:db8::2", 64513, { dualStackAddressFamily: true, ebgpMultiHop: true, toAdvertise: { allowed: { prefixes: ["2001:db8:1::/64"] } } }),
        ],
      }),
    ],
  },
  {
    name: "unnumbered-and-dynamic-asn",
    configs: [
      withRouters("a", {
        asn: 64512,
        prefixes: ["192.0.2.0/26", "2001:db8:1::/64"],
        neighbors: [{ interface: "net0", dynamicASN: "external", toAdvertise: { allowed: { mode: "all" } } }, { address: "198.51.100.9", dynamicASN: "internal" }],
      }),
    ],
  },
  {
    name: "local-asn-graceful-restart-passwords",
    configs: [
      withRouters("a", {
        asn: 64512,
        neighbors: [
          neighbor("198.51.100.2", 64513, { localASN: 64600, enableGracefulRestart: true, password: "cleartext-pw" }),
          neighbor("198.51.100.3", 64513, { passwordSecret: { name: "bgp-pw" } }),
        ],
      }),
    ],
    secrets: [basicAuthSecret("bgp-pw", "from-secret")],
  },
  {
    name: "always-block",
    configs: [withRouters("a", { asn: 64512, neighbors: [neighbor("198.51.100.2", 64513, { toReceive: { allowed: { mode: "all" } } }), neighbor("2001:db8::2", 64513)] })],
    options: { alwaysBlock: ["192.168.1.0/24", "2001:db8:ff::/64"] },
  },
  {
    name: "bfd-profiles",
    configs: [
      frrConfiguration("a", {
        bgp: {
          routers: [
            { asn: 64512, neighbors: [neighbor("198.51.100.2", 64513, { bfdProfile: "full" })] },
            { asn: 64512, vrf: "red", neighbors: [neighbor("198.51.100.6", 64513, { bfdProfile: "echo" })] },
          ],
          bfdProfiles: [
            { name: "full", receiveInterval: 300, transmitInterval: 300, detectMultiplier: 3, passiveMode: true, minimumTtl: 254 },
            { name: "echo", echoMode: true, echoInterval: 50 },
            { name: "empty" },
          ],
        },
      }),
    ],
  },
  {
    name: "import-vrfs",
    configs: [
      withRouters(
        "a",
        { asn: 64512, prefixes: ["192.0.2.0/26"], imports: [{ vrf: "red" }], neighbors: [neighbor("198.51.100.2", 64513, { toAdvertise: { allowed: { mode: "all" } } })] },
        { asn: 64512, vrf: "red", prefixes: ["203.0.113.0/24"] },
        { asn: 64512, vrf: "blue", imports: [{ vrf: "default" }], neighbors: [neighbor("198.51.100.10", 64513, { toAdvertise: { allowed: { prefixes: ["192.0.2.0/26"] } } })] },
      ),
    ],
  },
  { name: "log-level-debug", configs: [], options: { logLevel: "debug" } },
  {
    name: "raw-config-priority",
    configs: [
      withRouters("a", { asn: 64512, neighbors: [neighbor("198.51.100.2", 64513)] }),
      frrConfiguration("z-late", { raw: { priority: 10, rawConfig: "ip prefix-list raw-late seq 5 permit 10.0.0.0/8" } }),
      frrConfiguration("b-early", { raw: { priority: 1, rawConfig: "router bgp 64512\n  bgp route-map delay-timer 1\nexit" } }),
    ],
  },
  {
    name: "router-id-explicit-and-fallback",
    configs: [withRouters("a", { asn: 64512, neighbors: [neighbor("2001:db8::2", 64512)] }, { asn: 64512, vrf: "red", id: "192.0.2.1" })],
    options: { fallbackRouterID: "167.62.253.30" },
  },
  {
    // The scenario of the real-BGP acceptance test: one object advertises one prefix with a
    // community, the other advertises all its own prefixes and receives a filtered set.
    name: "merged-two-configurations",
    configs: [
      withRouters("community", {
        asn: 64512,
        prefixes: ["192.0.2.0/26"],
        neighbors: [neighbor("198.51.100.2", 64513, { toAdvertise: { allowed: { prefixes: ["192.0.2.0/26"] }, withCommunity: [{ community: "64512:100", prefixes: ["192.0.2.0/26"] }] } })],
      }),
      withRouters("all-and-receive", {
        asn: 64512,
        prefixes: ["192.0.2.64/26", "203.0.113.0/24"],
        neighbors: [neighbor("198.51.100.2", 64513, { toAdvertise: { allowed: { mode: "all" } }, toReceive: { allowed: { prefixes: [{ prefix: "198.18.0.0/15", le: 24 }] } } })],
      }),
    ],
  },
];

function render(c: GoldenCase): string {
  return renderFRRConfig(convertOK(c.configs, { ...(c.secrets === undefined ? {} : { secrets: c.secrets }), ...(c.options === undefined ? {} : { options: c.options }) }));
}

describe("renderFRRConfig golden files", () => {
  test.for(cases)("$name", async (c) => {
    await expect(render(c)).toMatchFileSnapshot(join(GOLDEN_DIR, `${c.name}.golden`));
  });

  test("every golden file belongs to a case (no stale files)", () => {
    const known = new Set(cases.map((c) => `${c.name}.golden`));
    expect(readdirSync(GOLDEN_DIR).filter((f) => !known.has(f))).toEqual([]);
  });

  test("rendering is stable: same model, same bytes; equal models compare equal", () => {
    for (const c of cases) {
      expect(render(c)).toBe(render(c));
      expect(configsEqual(convertOK(c.configs, c.secrets ? { secrets: c.secrets } : {}), convertOK(c.configs, c.secrets ? { secrets: c.secrets } : {}))).toBe(true);
    }
    // The model is a plain value: it survives JSON (the daemon may cache or log it) unchanged.
    const model = convertOK(cases[3]?.configs ?? []);
    expect(configsEqual(JSON.parse(JSON.stringify(model)), model)).toBe(true);
    const [one, two] = [cases[1], cases[2]] as [GoldenCase, GoldenCase];
    expect(configsEqual(convertOK(one.configs), convertOK(two.configs))).toBe(false);
  });
});

describe("FRR 8.4 accepts the rendered files", () => {
  // The texts checked are the ones the golden tests above compare byte for byte with the files.
  test("every golden case loads into a real FRR; a known-bad file is rejected", async () => {
    // One unknown command (grammar) and one prefix range FRR's handler refuses (semantics).
    const knownBad = ["frr-known-bad.conf", "frr-known-bad-semantic.conf"].map((f) => readFileSync(new URL(`./testdata/${f}`, import.meta.url), "utf8"));
    const texts = [...cases.map(render), ...knownBad];
    const started = performance.now();
    const results = await checkFRRConfigs(texts);
    const millis = performance.now() - started;
    results.slice(0, cases.length).forEach((r, i) => {
      expect(r.ok, `${cases[i]?.name}: FRR said: ${r.output}`).toBe(true);
    });
    const [grammar, semantic] = results.slice(cases.length);
    expect(grammar?.ok).toBe(false);
    expect(grammar?.output).toMatch(/Unknown command.*bogus-keyword/);
    expect(semantic?.ok).toBe(false);
    expect(semantic?.output).toMatch(/Invalid prefix range for 192\.0\.2\.0\/24/);
    expect(millis).toBeLessThan(30_000);
  });
});

describe("stable prefix-list sequence numbers", () => {
  const prefixes = Array.from({ length: 2000 }, (_, i) => (i % 2 === 0 ? `198.18.${i >> 8}.${i & 255}/32` : `2001:db8::${i.toString(16)}/128`));
  const numbered = (list: readonly string[]) => new Map(list.map((p, i) => [p, stableSequenceNumbers(list)[i]]));

  test("numbers are distinct, within FRR's range, and a prefix keeps its number when others come and go", () => {
    const all = numbered(prefixes);
    expect(new Set(all.values()).size).toBe(prefixes.length);
    const seqs = [...all.values()] as number[];
    expect(Math.min(...seqs)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...seqs)).toBeLessThanOrEqual(4_294_967_295);
    const fewer = numbered(prefixes.filter((_, i) => i % 7 !== 3));
    for (const [p, seq] of fewer) expect(seq, p).toBe(all.get(p));
  });

  test("a collision takes the next free number, in list order", () => {
    const seqs = stableSequenceNumbers(["192.0.2.1/32", "192.0.2.1/32", "192.0.2.1/32"]);
    expect(seqs.map((s) => s - seqs[0]!)).toEqual([0, 1, 2]);
  });
});

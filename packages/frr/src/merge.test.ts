import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { NeighborConfig, RouterConfig } from "./model.js";
import { renderFRRConfig } from "./render.js";
import type { FRRConfigurationInput, NeighborInput, RouterInput } from "./resources.js";
import { basicAuthSecret, convertErrors, convertOK, frrConfiguration, neighbor, neighborConfig, routerConfig, withRouters } from "./testing/fixtures.js";
import { configsEqual } from "./equal.js";

const A = "FRRConfiguration frr-k8s-system/a";
const B = "FRRConfiguration frr-k8s-system/b";
const n0 = "spec.bgp.routers[0].neighbors[0]";
const PEER = "192.0.2.1";

/** Two objects, each with one router (ASN 65000, default VRF) holding one neighbor PEER. */
function twoConfigs(a: Partial<NeighborInput>, b: Partial<NeighborInput>, routers: Partial<RouterInput> = {}): FRRConfigurationInput[] {
  return [
    withRouters("a", { asn: 65000, prefixes: ["192.0.2.0/26", "192.0.2.64/26", "2001:db8::/64"], ...routers, neighbors: [neighbor(PEER, 65001, a)] }),
    withRouters("b", { asn: 65000, prefixes: ["192.0.2.0/26", "192.0.2.128/26"], ...routers, neighbors: [neighbor(PEER, 65001, b)] }),
  ];
}

function mergedNeighbor(configs: FRRConfigurationInput[]): NeighborConfig {
  const [router] = convertOK(configs, { secrets: [basicAuthSecret("pw", "secret-1")] }).routers;
  const [n] = router?.neighbors ?? [];
  if (n === undefined) throw new Error("no neighbor in the merged model");
  return n;
}

interface NeighborMergeCase {
  name: string;
  a: Partial<NeighborInput>;
  b: Partial<NeighborInput>;
  want: Partial<NeighborConfig>;
}

describe("merging the same neighbor from two objects", () => {
  test.for<NeighborMergeCase>([
    {
      name: "outgoing prefixes are unioned (all of a's prefixes + b's subset)",
      a: { toAdvertise: { allowed: { mode: "all" } } },
      b: { toAdvertise: { allowed: { prefixes: ["192.0.2.128/26"] } } },
      want: { outgoing: { prefixesV4: ["192.0.2.0/26", "192.0.2.128/26", "192.0.2.64/26"], prefixesV6: [], nextHopV4: "", nextHopV6: "", localPrefModifiers: [], communityModifiers: [] } },
    },
    {
      name: "communities with the same value are unioned; a prefix may carry several",
      a: { toAdvertise: { allowed: { mode: "all" }, withCommunity: [{ community: "1:1", prefixes: ["192.0.2.0/26"] }, { community: "large:1:2:3", prefixes: ["192.0.2.0/26"] }] } },
      b: { toAdvertise: { allowed: { mode: "all" }, withCommunity: [{ community: "1:1", prefixes: ["192.0.2.128/26"] }, { community: "2:2", prefixes: ["192.0.2.0/26"] }] } },
      want: {
        outgoing: {
          prefixesV4: ["192.0.2.0/26", "192.0.2.128/26", "192.0.2.64/26"],
          prefixesV6: [],
          nextHopV4: "",
          nextHopV6: "",
          localPrefModifiers: [],
          communityModifiers: [
            { community: "1:1", ipFamily: "ipv4", prefixes: ["192.0.2.0/26", "192.0.2.128/26"] },
            { community: "2:2", ipFamily: "ipv4", prefixes: ["192.0.2.0/26"] },
            { community: "large:1:2:3", ipFamily: "ipv4", prefixes: ["192.0.2.0/26"] },
          ],
        },
      },
    },
    {
      name: "local preferences with the same value are unioned; the same prefix and value in both is fine",
      a: { toAdvertise: { allowed: { mode: "all" }, withLocalPref: [{ localPref: 100, prefixes: ["192.0.2.0/26", "192.0.2.64/26"] }] } },
      b: { toAdvertise: { allowed: { mode: "all" }, withLocalPref: [{ localPref: 100, prefixes: ["192.0.2.0/26"] }, { localPref: 50, prefixes: ["192.0.2.128/26"] }] } },
      want: {
        outgoing: {
          prefixesV4: ["192.0.2.0/26", "192.0.2.128/26", "192.0.2.64/26"],
          prefixesV6: [],
          nextHopV4: "",
          nextHopV6: "",
          localPrefModifiers: [
            { localPref: 50, ipFamily: "ipv4", prefixes: ["192.0.2.128/26"] },
            { localPref: 100, ipFamily: "ipv4", prefixes: ["192.0.2.0/26", "192.0.2.64/26"] },
          ],
          communityModifiers: [],
        },
      },
    },
    {
      name: "a next hop set by one object only is adopted",
      a: {},
      b: { toAdvertise: { nextHop: { ipv4: "192.0.2.100" } } },
      want: { outgoing: { prefixesV4: [], prefixesV6: [], nextHopV4: "192.0.2.100", nextHopV6: "", localPrefModifiers: [], communityModifiers: [] } },
    },
    {
      name: "receive: all absorbs explicit filters (all first)",
      a: { toReceive: { allowed: { mode: "all" } } },
      b: { toReceive: { allowed: { prefixes: [{ prefix: "10.0.0.0/8" }] } } },
      want: { incoming: { all: true, prefixesV4: [], prefixesV6: [] } },
    },
    {
      name: "receive: all absorbs explicit filters (all second)",
      a: { toReceive: { allowed: { prefixes: [{ prefix: "10.0.0.0/8" }] } } },
      b: { toReceive: { allowed: { mode: "all" } } },
      want: { incoming: { all: true, prefixesV4: [], prefixesV6: [] } },
    },
    {
      name: "receive: filters are unioned and de-duplicated, ordered by prefix+le+ge",
      a: { toReceive: { allowed: { prefixes: [{ prefix: "192.0.101.0/24", le: 32, ge: 26 }, { prefix: "10.0.0.0/8" }] } } },
      b: { toReceive: { allowed: { prefixes: [{ prefix: "192.0.101.0/24", ge: 24 }, { prefix: "10.0.0.0/8" }] } } },
      want: {
        incoming: {
          all: false,
          prefixesV4: [
            { ipFamily: "ipv4", prefix: "10.0.0.0/8", le: 0, ge: 0 },
            { ipFamily: "ipv4", prefix: "192.0.101.0/24", le: 0, ge: 24 },
            { ipFamily: "ipv4", prefix: "192.0.101.0/24", le: 32, ge: 26 },
          ],
          prefixesV6: [],
        },
      },
    },
    { name: "hold/keepalive: unset and the defaults are compatible, result unset", a: {}, b: { holdTime: "180s", keepaliveTime: "60s" }, want: { holdTime: undefined as never, keepaliveTime: undefined as never } },
    { name: "port: unset and 179 are compatible", a: { port: 179 }, b: {}, want: { port: undefined as never } },
    { name: "connect time: unset and 60s are compatible", a: {}, b: { connectTime: "1m" }, want: { connectTime: undefined as never } },
    { name: "equal non-default timers are kept", a: { holdTime: "9s", keepaliveTime: "3s", connectTime: "5s" }, b: { holdTime: "9s", keepaliveTime: "3s", connectTime: "5s" }, want: { holdTime: 9, keepaliveTime: 3, connectTime: 5 } },
    { name: "BFD profile: empty + value takes the value", a: {}, b: { bfdProfile: "p" }, want: { bfdProfile: "p" } },
    { name: "BFD profile: value + empty keeps the value", a: { bfdProfile: "p" }, b: {}, want: { bfdProfile: "p" } },
    { name: "BFD profile: same value twice", a: { bfdProfile: "p" }, b: { bfdProfile: "p" }, want: { bfdProfile: "p" } },
    { name: "local ASN: same value", a: { localASN: 65100 }, b: { localASN: 65100 }, want: { localASN: 65100 } },
    { name: "address families are unioned", a: { addressFamilies: ["unicast"] }, b: {}, want: { addressFamilies: ["unicast"] } },
    { name: "graceful restart is on when any object turns it on", a: {}, b: { enableGracefulRestart: true }, want: { gracefulRestart: true } },
    { name: "same password from the same secret and as cleartext", a: { passwordSecret: { name: "pw" } }, b: { password: "secret-1" }, want: { password: "secret-1" } },
  ])("$name", ({ a, b, want }) => {
    const profiles = { bfdProfiles: [{ name: "p" }] };
    const configs = twoConfigs(a, b).map((c) => frrConfiguration(c.metadata.name ?? "", { bgp: { ...c.spec?.bgp, ...profiles } }));
    const got = mergedNeighbor(configs);
    for (const [key, value] of Object.entries(want)) {
      if (value === undefined) expect(got, key).not.toHaveProperty(key);
      else expect(got[key as keyof NeighborConfig], key).toEqual(value);
    }
  });
});

interface ConflictCase {
  name: string;
  a: Partial<NeighborInput>;
  b: Partial<NeighborInput>;
  want: string[];
}

describe("neighbor conflicts name both objects, the field and both values", () => {
  test.for<ConflictCase>([
    { name: "ASN", a: {}, b: { asn: 65002 }, want: [`${A} ${n0}.asn = 65001 conflicts with ${B} ${n0}.asn = 65002: multiple asns specified for ${PEER}`] },
    { name: "dynamic vs numeric ASN", a: { asn: undefined, dynamicASN: "external" }, b: {}, want: [`${A} ${n0}.asn = external conflicts with ${B} ${n0}.asn = 65001: multiple asns specified for ${PEER}`] },
    { name: "port", a: {}, b: { port: 180 }, want: [`${A} ${n0}.port = unset (179) conflicts with ${B} ${n0}.port = 180: multiple ports specified for ${PEER}`] },
    { name: "source address", a: { sourceaddress: "192.0.2.10" }, b: {}, want: [`${A} ${n0}.sourceaddress = "192.0.2.10" conflicts with ${B} ${n0}.sourceaddress = "": multiple source addresses specified for ${PEER}`] },
    { name: "password (values are never printed)", a: { password: "one" }, b: { passwordSecret: { name: "pw" } }, want: [`${A} ${n0}.password = cleartext conflicts with ${B} ${n0}.password = secret "pw": multiple passwords specified for ${PEER}`] },
    { name: "eBGP multihop", a: { ebgpMultiHop: true }, b: {}, want: [`${A} ${n0}.ebgpMultiHop = true conflicts with ${B} ${n0}.ebgpMultiHop = false: conflicting ebgp-multihop specified for ${PEER}`] },
    { name: "dual-stack address family", a: { dualStackAddressFamily: true }, b: {}, want: [`${A} ${n0}.dualStackAddressFamily = dual conflicts with ${B} ${n0}.dualStackAddressFamily = ipv4: conflicting advertiseDualStack specified for ${PEER}`] },
    {
      name: "hold and keepalive times",
      a: { holdTime: "90s", keepaliveTime: "30s" },
      b: {},
      want: [
        `${A} ${n0}.holdTime = 90s conflicts with ${B} ${n0}.holdTime = unset (180s): multiple hold times specified for ${PEER}`,
        `${A} ${n0}.keepaliveTime = 30s conflicts with ${B} ${n0}.keepaliveTime = unset (60s): multiple keepalive times specified for ${PEER}`,
      ],
    },
    { name: "connect time", a: { connectTime: "10s" }, b: { connectTime: "20s" }, want: [`${A} ${n0}.connectTime = 10s conflicts with ${B} ${n0}.connectTime = 20s: multiple connect times specified for ${PEER}`] },
    { name: "local ASN (unset is not a wildcard)", a: { localASN: 65100 }, b: {}, want: [`${A} ${n0}.localASN = 65100 conflicts with ${B} ${n0}.localASN = unset: multiple localASNs specified for ${PEER}`] },
    { name: "BFD profile", a: { bfdProfile: "p" }, b: { bfdProfile: "q" }, want: [`${A} ${n0}.bfdProfile = p conflicts with ${B} ${n0}.bfdProfile = q: multiple bfd profiles specified for ${PEER}`] },
    {
      name: "IPv4 next hop",
      a: { toAdvertise: { nextHop: { ipv4: "192.0.2.100" } } },
      b: { toAdvertise: { nextHop: { ipv4: "192.0.2.101" } } },
      want: [`${A} ${n0}.toAdvertise.nextHop.ipv4 = 192.0.2.100 conflicts with ${B} ${n0}.toAdvertise.nextHop.ipv4 = 192.0.2.101: could not merge outgoing for neighbor ${PEER} vrf , err: ipv4 next hop: multiple next hops (192.0.2.100 != 192.0.2.101) specified`],
    },
    {
      name: "one prefix, two local preferences",
      a: { toAdvertise: { allowed: { mode: "all" }, withLocalPref: [{ localPref: 100, prefixes: ["192.0.2.0/26"] }] } },
      b: { toAdvertise: { allowed: { mode: "all" }, withLocalPref: [{ localPref: 150, prefixes: ["192.0.2.0/26"] }] } },
      want: [`${A} ${n0}.toAdvertise.withLocalPref[0] = 100 conflicts with ${B} ${n0}.toAdvertise.withLocalPref[0] = 150: multiple local prefs (100 != 150) specified for prefix 192.0.2.0/26`],
    },
  ])("$name", ({ a, b, want }) => {
    const profiles = { bfdProfiles: [{ name: "p" }, { name: "q" }] };
    const configs = twoConfigs(a, b).map((c) => frrConfiguration(c.metadata.name ?? "", { bgp: { ...c.spec?.bgp, ...profiles } }));
    expect(convertErrors(configs, { secrets: [basicAuthSecret("pw", "secret-1")] })).toEqual(want);
  });

  test("IPv6 next hop conflict", () => {
    const configs = [
      withRouters("a", { asn: 65000, neighbors: [neighbor("2001:db8::1", 65001, { toAdvertise: { nextHop: { ipv6: "2001:db8::100" } } })] }),
      withRouters("b", { asn: 65000, neighbors: [neighbor("2001:db8::1", 65001, { toAdvertise: { nextHop: { ipv6: "2001:db8::101" } } })] }),
    ];
    expect(convertErrors(configs)).toEqual([
      `${A} ${n0}.toAdvertise.nextHop.ipv6 = 2001:db8::100 conflicts with ${B} ${n0}.toAdvertise.nextHop.ipv6 = 2001:db8::101: could not merge outgoing for neighbor 2001:db8::1 vrf , err: ipv6 next hop: multiple next hops (2001:db8::100 != 2001:db8::101) specified`,
    ]);
  });

  test("the same neighbor twice in one object is merged the same way (and conflicts name both places)", () => {
    const cfg = withRouters("a", { asn: 65000, neighbors: [neighbor(PEER, 65001), neighbor(PEER, 65002)] });
    expect(convertErrors([cfg])).toEqual([`${A} ${n0}.asn = 65001 conflicts with ${A} spec.bgp.routers[0].neighbors[1].asn = 65002: multiple asns specified for ${PEER}`]);
    const sameInterface = withRouters("a", { asn: 65000, neighbors: [{ interface: "eth0", asn: 65001 }, { interface: "eth0", asn: 65001, toReceive: { allowed: { mode: "all" } } }] });
    expect(convertOK([sameInterface]).routers[0]?.neighbors).toHaveLength(1);
  });
});

describe("router and object level merge rules", () => {
  test.for<{ name: string; configs: FRRConfigurationInput[]; want: RouterConfig[] | string[] }>([
    {
      name: "same VRF: prefixes and imports unioned, neighbors from both sorted by ID",
      configs: [
        withRouters("a", { asn: 65000, prefixes: ["192.0.2.0/26"], neighbors: [neighbor("192.0.2.22", 65001)] }, { asn: 65000, vrf: "red" }),
        withRouters("b", { asn: 65000, prefixes: ["192.0.2.0/26", "2001:db8::/64"], imports: [{ vrf: "red" }], neighbors: [neighbor("192.0.2.1", 65001)] }, { asn: 65000, vrf: "red" }),
      ],
      want: [
        routerConfig(65000, { ipv4Prefixes: ["192.0.2.0/26"], ipv6Prefixes: ["2001:db8::/64"], importVRFs: ["red"], neighbors: [neighborConfig("192.0.2.1", 65001), neighborConfig("192.0.2.22", 65001)] }),
        routerConfig(65000, { vrf: "red" }),
      ],
    },
    {
      name: "router ID: empty is a wildcard",
      configs: [withRouters("a", { asn: 65000 }), withRouters("b", { asn: 65000, id: "192.0.2.9" })],
      want: [routerConfig(65000, { routerID: "192.0.2.9" })],
    },
    {
      name: "different VRFs are separate routers, even with different ASNs",
      configs: [withRouters("a", { asn: 65000 }), withRouters("b", { asn: 65010, vrf: "red" })],
      want: [routerConfig(65000), routerConfig(65010, { vrf: "red" })],
    },
    {
      name: "same VRF, different ASN",
      configs: [withRouters("a", { asn: 65000, vrf: "red" }), withRouters("b", { asn: 65001, vrf: "red" })],
      want: [`${A} spec.bgp.routers[0].asn = 65000 conflicts with ${B} spec.bgp.routers[0].asn = 65001: different asns (65000 != 65001) specified for same vrf: red`],
    },
    {
      name: "same VRF, different router IDs",
      configs: [withRouters("a", { asn: 65000, id: "192.0.2.1" }), withRouters("b", { asn: 65000, id: "192.0.2.2" })],
      want: [`${A} spec.bgp.routers[0].id = 192.0.2.1 conflicts with ${B} spec.bgp.routers[0].id = 192.0.2.2: different router ids (192.0.2.1 != 192.0.2.2) specified for same vrf: `],
    },
  ])("$name", ({ configs, want }) => {
    if (typeof want[0] === "string") expect(convertErrors(configs)).toEqual(want);
    else expect(convertOK(configs).routers).toEqual(want);
  });

  test("BFD profiles: identical in two objects is fine, different values conflict", () => {
    const fast = { name: "fast", receiveInterval: 100, echoMode: false };
    expect(convertOK([frrConfiguration("a", { bgp: { bfdProfiles: [fast] } }), frrConfiguration("b", { bgp: { bfdProfiles: [{ name: "fast", receiveInterval: 100 }] } })]).bfdProfiles).toEqual([
      { name: "fast", receiveInterval: 100, echoMode: false, passiveMode: false },
    ]);
    expect(convertErrors([frrConfiguration("a", { bgp: { bfdProfiles: [fast] } }), frrConfiguration("b", { bgp: { bfdProfiles: [{ name: "fast", receiveInterval: 200 }] } })])).toEqual([
      `${A} spec.bgp.bfdProfiles[0] = {receiveInterval: 100, echoMode: false, passiveMode: false} conflicts with ${B} spec.bgp.bfdProfiles[0] = {receiveInterval: 200, echoMode: false, passiveMode: false}: duplicate bfd profile name fast with different values for config b`,
    ]);
  });

  test("mode all is resolved per object: b's prefixes are not advertised by a's 'all'", () => {
    const configs = [
      withRouters("a", { asn: 65000, prefixes: ["192.0.2.0/26"], neighbors: [neighbor(PEER, 65001, { toAdvertise: { allowed: { mode: "all" } } })] }),
      withRouters("b", { asn: 65000, prefixes: ["198.51.100.0/24"], neighbors: [neighbor(PEER, 65001)] }),
    ];
    expect(mergedNeighbor(configs).outgoing.prefixesV4).toEqual(["192.0.2.0/26"]);
  });

  test("conflict messages do not depend on input order", () => {
    const configs = twoConfigs({}, { asn: 65002 });
    expect(convertErrors([...configs].reverse())).toEqual(convertErrors(configs));
  });
});

describe("order independence (property)", () => {
  // Objects drawn from a small vocabulary so that they overlap (same neighbors, prefixes, VRFs)
  // without conflicting: ASNs, ports and timers are fixed per neighbor address.
  const prefixes = ["192.0.2.0/26", "192.0.2.64/26", "198.51.100.0/24", "2001:db8::/64", "2001:db8:1::/64"];
  const peers = ["192.0.2.1", "192.0.2.10", "192.0.2.2", "2001:db8::2"];
  const neighborArb = fc.record({
    address: fc.constantFrom(...peers),
    mode: fc.constantFrom("all", "filtered"),
    advertised: fc.subarray(prefixes),
    community: fc.option(fc.constantFrom("1:1", "2:2", "large:1:2:3"), { nil: undefined }),
    localPref: fc.option(fc.constantFrom(100, 200), { nil: undefined }),
    receive: fc.oneof(fc.constant("all" as const), fc.subarray(["10.0.0.0/8", "172.16.0.0/12", "2001:db8:ff::/48"])),
    gracefulRestart: fc.boolean(),
  });
  const configArb = fc.record({
    vrf: fc.constantFrom("", "red"),
    routerPrefixes: fc.subarray(prefixes),
    neighbors: fc.array(neighborArb, { maxLength: 3 }),
    raw: fc.option(fc.constantFrom("! x", "! y"), { nil: undefined }),
    priority: fc.integer({ min: 0, max: 2 }),
  });

  type ConfigDraw = typeof configArb extends fc.Arbitrary<infer T> ? T : never;

  function toObject(c: ConfigDraw, i: number, withRaw = true): FRRConfigurationInput {
    const neighbors: NeighborInput[] = c.neighbors.map((n) => {
      const ownFamily = (p: string) => (n.address.includes(":") ? p.includes(":") : !p.includes(":"));
      const allowed = n.mode === "all" ? c.routerPrefixes.filter(ownFamily) : n.advertised.filter((p) => c.routerPrefixes.includes(p) && ownFamily(p));
      return {
        address: n.address,
        asn: 65001 + peers.indexOf(n.address),
        enableGracefulRestart: n.gracefulRestart,
        toAdvertise: {
          allowed: n.mode === "all" ? { mode: "all" } : { prefixes: allowed },
          // A local preference is tied to the prefix, so two objects never disagree on it.
          withLocalPref: n.localPref === undefined ? [] : allowed.map((p) => ({ localPref: 100 + prefixes.indexOf(p), prefixes: [p] })),
          withCommunity: n.community === undefined || allowed.length === 0 ? [] : [{ community: n.community, prefixes: allowed }],
        },
        toReceive: { allowed: n.receive === "all" ? { mode: "all" } : { prefixes: n.receive.map((prefix) => ({ prefix })) } },
      };
    });
    return frrConfiguration(`cfg-${i}`, {
      bgp: { routers: [{ asn: 65000, vrf: c.vrf, prefixes: c.routerPrefixes, neighbors }] },
      ...(c.raw === undefined || !withRaw ? {} : { raw: { priority: c.priority, rawConfig: c.raw } }),
    });
  }

  test("shuffled inputs give an identical model and identical frr.conf bytes", () => {
    fc.assert(
      fc.property(fc.array(configArb, { minLength: 1, maxLength: 5 }).chain((cs) => fc.tuple(fc.constant(cs), fc.shuffledSubarray(cs.map((c, i) => toObject(c, i)), { minLength: cs.length, maxLength: cs.length }))), ([cs, shuffled]) => {
        const inOrder = convertOK(cs.map((c, i) => toObject(c, i)));
        const reordered = convertOK(shuffled);
        expect(configsEqual(inOrder, reordered)).toBe(true);
        expect(renderFRRConfig(reordered)).toBe(renderFRRConfig(inOrder));
      }),
      { numRuns: 150 },
    );
  });

  test("the merge itself is commutative: objects named by position after shuffling (no raw config)", () => {
    fc.assert(
      fc.property(fc.array(configArb, { minLength: 2, maxLength: 5 }).chain((cs) => fc.tuple(fc.constant(cs), fc.shuffledSubarray(cs, { minLength: cs.length, maxLength: cs.length }))), ([cs, shuffled]) => {
        const inOrder = convertOK(cs.map((c, i) => toObject(c, i, false)));
        const reordered = convertOK(shuffled.map((c, i) => toObject(c, i, false)));
        expect(renderFRRConfig(reordered)).toBe(renderFRRConfig(inOrder));
      }),
      { numRuns: 150 },
    );
  });

  test("merging a configuration with a copy of itself changes nothing (idempotent union)", () => {
    fc.assert(
      fc.property(configArb, (c) => {
        const one = toObject(c, 0);
        const copy = frrConfiguration("copy", { bgp: one.spec?.bgp });
        expect(convertOK([one, copy]).routers).toEqual(convertOK([one]).routers);
      }),
      { numRuns: 100 },
    );
  });
});

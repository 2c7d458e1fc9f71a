import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { communityText } from "./community.js";
import { configFor, type ConfigForOptions } from "./config.js";
import { formatConfigError, type ConfigError } from "./errors.js";
import { formatCidr } from "./ip.js";
import type { Config } from "./model.js";
import type { ClusterResources } from "./resources.js";
import { ValidationMode } from "./validation.js";
import { NS, basicAuthSecret, bfd, bgpAdv, community, l2Adv, node, peer, pool } from "./testdata/builders.js";

const NONE: ConfigForOptions = { validation: ValidationMode.None };
const FRRK8S: ConfigForOptions = { validation: ValidationMode.FRRK8s };
const NATIVE: ConfigForOptions = { validation: ValidationMode.Native };

function mustParse(r: ClusterResources, opts: ConfigForOptions = NONE): Config {
  const result = configFor(r, opts);
  if (!result.ok) throw new Error(result.errors.map(formatConfigError).join("\n"));
  return result.config;
}

interface ErrorCase {
  name: string;
  resources: ClusterResources;
  options?: ConfigForOptions;
  /** Expected first error: the object name, the field, a message fragment, transient flag. */
  object: string;
  field: string;
  message: string;
  transient?: boolean;
}

const v4pool = pool("pool-a", ["10.20.0.0/24"]);

const errorCases: ErrorCase[] = [
  // BGPPeer parse rules, in upstream's order.
  { name: "peer without myASN", resources: { peers: [peer("p", { myASN: 0 })] }, object: "p", field: "spec.myASN", message: "missing local ASN" },
  { name: "peer with neither peerASN nor dynamicASN", resources: { peers: [peer("p", { peerASN: undefined })] }, object: "p", field: "spec.peerASN", message: "missing peer ASN and dynamicASN" },
  { name: "peer with peerASN and dynamicASN", resources: { peers: [peer("p", { dynamicASN: "external" })] }, object: "p", field: "spec.dynamicASN", message: "both peer ASN and dynamicASN specified" },
  { name: "peer with an unknown dynamicASN", resources: { peers: [peer("p", { peerASN: undefined, dynamicASN: "sideways" })] }, object: "p", field: "spec.dynamicASN", message: "invalid dynamicASN sideways" },
  { name: "iBGP peer with ebgpMultiHop", resources: { peers: [peer("p", { peerASN: 64512, ebgpMultiHop: true })] }, object: "p", field: "spec.ebgpMultiHop", message: "invalid ebgp-multihop parameter set for an ibgp peer" },
  { name: "peer without address or interface", resources: { peers: [peer("p", { peerAddress: undefined })] }, object: "p", field: "spec.peerAddress", message: "peer has no Address or Interface specified" },
  { name: "peer with address and interface", resources: { peers: [peer("p", { interface: "eth1" })] }, object: "p", field: "spec.interface", message: "peer has both Address and Interface specified" },
  { name: "interface with a line break", resources: { peers: [peer("p", { peerAddress: undefined, interface: "eth1\nx" })] }, object: "p", field: "spec.interface", message: "contains invalid characters" },
  { name: "hold time under 3s", resources: { peers: [peer("p", { holdTime: "2s" })] }, object: "p", field: "spec.holdTime", message: 'invalid BGPPeer timers: invalid hold time "2s": must be 0 or >=3s' },
  { name: "keepalive-only giving a 1.5s hold", resources: { peers: [peer("p", { keepaliveTime: "500ms" })] }, object: "p", field: "spec.holdTime", message: "must be 0 or >=3s" },
  { name: "keepalive above hold", resources: { peers: [peer("p", { holdTime: "9s", keepaliveTime: "10s" })] }, object: "p", field: "spec.keepaliveTime", message: 'invalid keepaliveTime "10s", must be lower than holdTime "9s"' },
  { name: "unparsable hold time", resources: { peers: [peer("p", { holdTime: "soon" })] }, object: "p", field: "spec.holdTime", message: 'invalid duration "soon"' },
  { name: "bad peer address", resources: { peers: [peer("p", { peerAddress: "192.0.2.300" })] }, object: "p", field: "spec.peerAddress", message: 'invalid BGPPeer address "192.0.2.300"' },
  { name: "bad router ID", resources: { peers: [peer("p", { routerID: "router-1" })] }, object: "p", field: "spec.routerID", message: 'invalid router ID "router-1"' },
  { name: "bad source address", resources: { peers: [peer("p", { sourceAddress: "eth0" })] }, object: "p", field: "spec.sourceAddress", message: 'invalid source IP "eth0"' },
  { name: "duplicate peer node selectors", resources: { peers: [peer("p", { nodeSelectors: [{ matchLabels: { a: "b" } }, { matchLabels: { a: "b" } }] })] }, object: "p", field: "spec.nodeSelectors", message: "duplicate definition of nodeSelectors" },
  { name: "invalid selector operator", resources: { peers: [peer("p", { nodeSelectors: [{ matchExpressions: [{ key: "a", operator: "Near" }] }] })] }, object: "p", field: "spec.nodeSelectors", message: 'invalid nodeSelectors "a Near ()": matchExpressions key "a": "Near" is not a valid operator' },
  { name: "In without values", resources: { peers: [peer("p", { nodeSelectors: [{ matchExpressions: [{ key: "a", operator: "In" }] }] })] }, object: "p", field: "spec.nodeSelectors", message: 'matchExpressions key "a": operator In needs at least one value' },
  { name: "duplicate expression values", resources: { peers: [peer("p", { nodeSelectors: [{ matchExpressions: [{ key: "a", operator: "In", values: ["x", "x"] }] }] })] }, object: "p", field: "spec.nodeSelectors", message: 'duplicate definition of match expression value in label selector "x"' },
  { name: "connect time with milliseconds", resources: { peers: [peer("p", { connectTime: "1500ms" })] }, object: "p", field: "spec.connectTime", message: "whole number of seconds" },
  { name: "connect time too long", resources: { peers: [peer("p", { connectTime: "65536s" })] }, object: "p", field: "spec.connectTime", message: "between 1 seconds to 65535" },
  { name: "password and passwordSecret", resources: { peers: [peer("p", { password: "x", passwordSecret: { name: "s" } })] }, object: "p", field: "spec.passwordSecret", message: `can not have both password and secret ref set in peer config "${NS}"/"p"` },
  { name: "missing password secret (transient)", resources: { peers: [peer("p", { passwordSecret: { name: "s" } })] }, object: "p", field: "spec.passwordSecret", message: "secret ref not found for peer config", transient: true },
  { name: "password secret of the wrong type", resources: { peers: [peer("p", { passwordSecret: { name: "s" } })], secrets: [basicAuthSecret("s", "pw", "Opaque")] }, object: "p", field: "spec.passwordSecret", message: 'type "kubernetes.io/basic-auth" is expected' },
  { name: "password secret without password key", resources: { peers: [peer("p", { passwordSecret: { name: "s" } })], secrets: [basicAuthSecret("s", undefined)] }, object: "p", field: "spec.passwordSecret", message: "password not specified in the secret" },
  { name: "missing BFD profile (transient)", resources: { peers: [peer("p", { bfdProfile: "fast" })] }, object: "p", field: "spec.bfdProfile", message: "peer p referencing non existing bfd profile fast", transient: true },
  { name: "two identical peers", resources: { peers: [peer("p1"), peer("p2")] }, object: "p2", field: "", message: "peer p2 already exists" },
  // BFDProfile ranges.
  { name: "BFD detect multiplier out of range", resources: { bfdProfiles: [bfd("b", { detectMultiplier: 1 })] }, object: "b", field: "spec.detectMultiplier", message: "invalid detect multiplier value: invalid value 1, must be in 2-255 range" },
  { name: "BFD receive interval out of range", resources: { bfdProfiles: [bfd("b", { receiveInterval: 5 })] }, object: "b", field: "spec.receiveInterval", message: "invalid receive interval value" },
  { name: "BFD minimum TTL out of range", resources: { bfdProfiles: [bfd("b", { minimumTtl: 255 })] }, object: "b", field: "spec.minimumTtl", message: "invalid minimum ttl value" },
  // Community aliases.
  { name: "invalid alias value", resources: { communities: [community("c", { bad: "70000:1" })] }, object: "c", field: "spec.communities[0].value", message: 'parsing community "bad": invalid community value' },
  { name: "alias defined twice across CRs", resources: { communities: [community("c1", { a: "1:1" }), community("c2", { a: "2:2" })] }, object: "c2", field: "spec.communities[0].name", message: 'duplicate definition of community "a"' },
  // IPAddressPool.
  { name: "pool without addresses", resources: { pools: [pool("p", [])] }, object: "p", field: "spec.addresses", message: "pool has no prefixes defined" },
  { name: "pool with a bare IP", resources: { pools: [pool("p", ["10.0.0.0/24", "10.1.0.1"])] }, object: "p", field: "spec.addresses[1]", message: 'invalid CIDR "10.1.0.1" in pool "p"' },
  { name: "pool range reversed", resources: { pools: [pool("p", ["10.0.0.9-10.0.0.1"])] }, object: "p", field: "spec.addresses[0]", message: 'invalid CIDR "10.0.0.9-10.0.0.1" in pool "p": "10.0.0.9-10.0.0.1" is not a valid range: start is after end' },
  { name: "pool CIDR with a bad prefix", resources: { pools: [pool("p", ["10.0.0.0/33"])] }, object: "p", field: "spec.addresses[0]", message: 'invalid CIDR "10.0.0.0/33" in pool "p": "10.0.0.0/33" is not a valid CIDR' },
  { name: "pool ranges overlapping: the message names the meeting CIDRs", resources: { pools: [pool("a", ["10.0.0.0-10.0.0.5"]), pool("b", ["10.0.0.8/29", "10.0.0.4-10.0.0.9"])] }, object: "b", field: "spec.addresses[1]", message: 'CIDR "10.0.0.4/30" in pool "b" overlaps with already defined CIDR "10.0.0.4/31" (pool "a")' },
  { name: "pools overlapping", resources: { pools: [pool("a", ["10.0.0.0/16"]), pool("b", ["10.0.3.0-10.0.3.9"])] }, object: "b", field: "spec.addresses[0]", message: 'in pool "b" overlaps with already defined CIDR "10.0.0.0/16" (pool "a")' },
  { name: "pool overlapping itself", resources: { pools: [pool("a", ["2001:db8::/64", "2001:db8::5/128"])] }, object: "a", field: "spec.addresses[1]", message: 'CIDR "2001:db8::5/128" in pool "a" overlaps with already defined CIDR "2001:db8::/64"' },
  { name: "duplicate namespaces in serviceAllocation", resources: { pools: [pool("a", ["10.0.0.0/24"], { serviceAllocation: { namespaces: ["x", "x"] } })] }, object: "a", field: "spec.serviceAllocation.namespaces", message: "duplicate definition in namespaces field" },
  { name: "duplicate serviceSelectors in serviceAllocation", resources: { pools: [pool("a", ["10.0.0.0/24"], { serviceAllocation: { serviceSelectors: [{}, {}] } })] }, object: "a", field: "spec.serviceAllocation.serviceSelectors", message: "duplicate definition of serviceSelectors" },
  // BGPAdvertisement.
  { name: "duplicate ipAddressPools", resources: { pools: [v4pool], bgpAdvertisements: [bgpAdv("a", { ipAddressPools: ["pool-a", "pool-a"] })] }, object: "a", field: "spec.ipAddressPools", message: 'duplicate definition of ipAddressPools "pool-a"' },
  { name: "duplicate communities", resources: { bgpAdvertisements: [bgpAdv("a", { communities: ["1:1", "1:1"] })] }, object: "a", field: "spec.communities", message: 'duplicate definition of community "1:1"' },
  { name: "duplicate peers", resources: { bgpAdvertisements: [bgpAdv("a", { peers: ["x", "x"] })] }, object: "a", field: "spec.peers", message: 'duplicate definition of peers "x"' },
  { name: "serviceSelectors with aggregationLength", resources: { bgpAdvertisements: [bgpAdv("a", { serviceSelectors: [{}], aggregationLength: 24 })] }, object: "a", field: "spec.aggregationLength", message: "serviceSelectors and aggregationLength are mutually exclusive, both cannot be set in a" },
  { name: "serviceSelectors with aggregationLengthV6", resources: { bgpAdvertisements: [bgpAdv("a", { serviceSelectors: [{}], aggregationLengthV6: 64 })] }, object: "a", field: "spec.aggregationLengthV6", message: "serviceSelectors and aggregationLengthV6 are mutually exclusive" },
  { name: "IPv4 aggregation above 32", resources: { bgpAdvertisements: [bgpAdv("a", { aggregationLength: 33 })] }, object: "a", field: "spec.aggregationLength", message: "invalid aggregation length 33 for IPv4" },
  { name: "IPv6 aggregation above 128", resources: { bgpAdvertisements: [bgpAdv("a", { aggregationLengthV6: 129 })] }, object: "a", field: "spec.aggregationLengthV6", message: "invalid aggregation length 129 for IPv6" },
  { name: "aggregation shorter than the pool mask", resources: { pools: [v4pool], bgpAdvertisements: [bgpAdv("a", { aggregationLength: 16 })] }, object: "a", field: "spec.aggregationLength", message: "invalid aggregation length 16: prefix 24 in this pool is more specific than the aggregation length for addresses 10.20.0.0/24" },
  { name: "aggregation shorter than a range's widest CIDR", resources: { pools: [pool("r", ["10.0.0.0-10.0.1.255"])], bgpAdvertisements: [bgpAdv("a", { aggregationLength: 22 })] }, object: "a", field: "spec.aggregationLength", message: "prefix 23 in this pool" },
  { name: "IPv6 aggregation shorter than the pool mask", resources: { pools: [pool("v6", ["2001:db8::/64"])], bgpAdvertisements: [bgpAdv("a", { aggregationLengthV6: 48 })] }, object: "a", field: "spec.aggregationLengthV6", message: "invalid aggregation length 48: prefix 64" },
  { name: "community with an out-of-range value", resources: { bgpAdvertisements: [bgpAdv("a", { communities: ["1:70000"] })] }, object: "a", field: "spec.communities[0]", message: "invalid community value" },
  { name: "unknown alias (transient)", resources: { bgpAdvertisements: [bgpAdv("a", { communities: ["no-export-please"] })] }, object: "a", field: "spec.communities[0]", message: "invalid community format: no-export-please", transient: true },
  {
    name: "two advertisements of one pool with different LOCAL_PREF",
    resources: { pools: [v4pool], nodes: [node("n1")], bgpAdvertisements: [bgpAdv("a1", { localPref: 100 }), bgpAdv("a2", { localPref: 200 })] },
    object: "a2",
    field: "spec.localPref",
    message: "invalid local preference 200: local preferernce 100 was already set for the same type of BGP update",
  },
  {
    name: "dual-stack pool: a different IPv4 aggregation alone does not separate updates",
    resources: { pools: [pool("ds", ["10.0.0.0/24", "2001:db8::/120"])], nodes: [node("n1")], bgpAdvertisements: [bgpAdv("a1", { localPref: 100 }), bgpAdv("a2", { localPref: 200, aggregationLength: 28 })] },
    object: "a2",
    field: "spec.localPref",
    message: "invalid local preference 200",
  },
  {
    name: "peer lists that share a peer",
    resources: { pools: [v4pool], nodes: [node("n1")], bgpAdvertisements: [bgpAdv("a1", { localPref: 100, peers: ["x", "y"] }), bgpAdv("a2", { localPref: 200, peers: ["y"] })] },
    object: "a2",
    field: "spec.localPref",
    message: "invalid local preference",
  },
  // L2Advertisement.
  { name: "L2 duplicate ipAddressPools", resources: { l2Advertisements: [l2Adv("l", { ipAddressPools: ["a", "a"] })] }, object: "l", field: "spec.ipAddressPools", message: 'duplicate definition of ipAddressPools "a"' },
  { name: "L2 duplicate node selectors", resources: { l2Advertisements: [l2Adv("l", { nodeSelectors: [{ matchLabels: { a: "1" } }, { matchLabels: { a: "1" } }] })] }, object: "l", field: "spec.nodeSelectors", message: "duplicate definition of nodeSelectors" },
  { name: "L2 invalid preferred node selector", resources: { l2Advertisements: [l2Adv("l", { preferredNodeSelectors: [{ weight: 10, preference: { matchExpressions: [{ key: "a", operator: "In" }] } }] })] }, object: "l", field: "spec.preferredNodeSelectors[0].preference", message: "invalid preferred node selector" },
  // Cross-kind.
  {
    name: "BFD echo towards a peer of an IPv6 pool",
    resources: { pools: [pool("v6", ["2001:db8::/120"])], bfdProfiles: [bfd("echo", { echoMode: true })], peers: [peer("p", { bfdProfile: "echo" })], bgpAdvertisements: [bgpAdv("a")] },
    object: "v6",
    field: "",
    message: "pool v6 has bgpadvertisement a which references peer p which has bfd echo enabled, which is not possible",
  },
  // FRR-mode peer rules.
  { name: "FRR: different router IDs on one node", options: FRRK8S, resources: { nodes: [node("n1")], peers: [peer("a", { routerID: "10.0.0.1" }), peer("b", { routerID: "10.0.0.2", peerAddress: "192.0.2.2" })] }, object: "b", field: "spec.routerID", message: "peer 10.0.0.2 has RouterID different from 10.0.0.1, in FRR mode peers selecting the same node must all have the same RouterID" },
  { name: "FRR: the same address twice in one VRF", options: FRRK8S, resources: { nodes: [node("n1")], peers: [peer("a"), peer("b", { peerASN: 64501 })] }, object: "b", field: "spec.peerAddress", message: "peer 192.0.2.1 already exists, FRR mode doesn't support duplicate BGPPeers selecting the same node" },
  { name: "FRR: different myASN in one VRF", options: FRRK8S, resources: { nodes: [node("n1")], peers: [peer("a"), peer("b", { myASN: 64513, peerAddress: "192.0.2.2" })] }, object: "b", field: "spec.myASN", message: "peer 192.0.2.2 has myAsn different from 192.0.2.1" },
  { name: "FRR: with no Nodes, every pair shares a node", options: FRRK8S, resources: { peers: [peer("a", { nodeSelectors: [{ matchLabels: { rack: "1" } }] }), peer("b", { myASN: 1, peerAddress: "192.0.2.2", nodeSelectors: [{ matchLabels: { rack: "2" } }] })] }, object: "b", field: "spec.myASN", message: "has myAsn different" },
  { name: "frr-k8s rejects bgpextras", options: FRRK8S, resources: { bgpExtras: "router bgp 1" }, object: "bgpextras", field: "data.extras", message: "extra info not supported in frr-k8s mode" },
  // Native-mode checks.
  { name: "native: bfdProfile", options: NATIVE, resources: { peers: [peer("p", { bfdProfile: "x" })] }, object: "p", field: "spec.bfdProfile", message: "peer 192.0.2.1 has bfd-profile set on native bgp mode" },
  { name: "native: keepalive", options: NATIVE, resources: { peers: [peer("p", { keepaliveTime: "10s" })] }, object: "p", field: "spec.keepaliveTime", message: "has keepalive-time set on native bgp mode" },
  { name: "native: vrf", options: NATIVE, resources: { peers: [peer("p", { vrf: "red" })] }, object: "p", field: "spec.vrf", message: "has vrf set on native bgp mode" },
  { name: "native: dynamicASN", options: NATIVE, resources: { peers: [peer("p", { peerASN: undefined, dynamicASN: "external" })] }, object: "p", field: "spec.dynamicASN", message: "has dynamicASN set on native bgp mode" },
  { name: "native: localASN", options: NATIVE, resources: { peers: [peer("p", { localASN: 65000 })] }, object: "p", field: "spec.localASN", message: "has localASN set on native bgp mode" },
  { name: "native: BFD profiles", options: NATIVE, resources: { bfdProfiles: [bfd("b")] }, object: "b", field: "", message: "bfd profiles section set" },
  { name: "native: IPv6 pool advertised", options: NATIVE, resources: { pools: [pool("v6", ["2001:db8::/120"])], bgpAdvertisements: [bgpAdv("a")] }, object: "v6", field: "spec.addresses[0]", message: 'pool "v6" has ipv6 CIDR 2001:db8::/120, native bgp mode does not support ipv6' },
  { name: "native: large community literal", options: NATIVE, resources: { bgpAdvertisements: [bgpAdv("a", { communities: ["large:1:2:3"] })] }, object: "a", field: "spec.communities[0]", message: 'BGP advertisement "a" has non legacy community "large:1:2:3"' },
  { name: "native: large community alias", options: NATIVE, resources: { communities: [community("c", { big: "large:1:2:3" })] }, object: "c", field: "spec.communities[0].value", message: 'BGP community CR "c" has non legacy community "big"' },
];

describe("configFor rejects", () => {
  test.for(errorCases)("$name", (c) => {
    const result = configFor(c.resources, c.options ?? NONE);
    expect(result.ok).toBe(false);
    const first = (result as { errors: readonly ConfigError[] }).errors[0] as ConfigError;
    expect({ object: first.object.name, field: first.field, transient: first.transient }).toEqual({ object: c.object, field: c.field, transient: c.transient ?? false });
    expect(first.message).toContain(c.message);
  });
});

describe("configFor accepts", () => {
  test.for([
    { name: "sub-second hold time (truncates to 0, upstream quirk)", resources: { peers: [peer("p", { holdTime: "500ms", keepaliveTime: "100ms" })] } },
    { name: "LOCAL_PREF differs but aggregation differs", resources: { pools: [v4pool], bgpAdvertisements: [bgpAdv("a1", { localPref: 1 }), bgpAdv("a2", { localPref: 2, aggregationLength: 24 })] } },
    { name: "LOCAL_PREF differs but peer lists are disjoint", resources: { pools: [v4pool], bgpAdvertisements: [bgpAdv("a1", { localPref: 1, peers: ["x"] }), bgpAdv("a2", { localPref: 2, peers: ["y"] })] } },
    { name: "LOCAL_PREF differs but node sets are disjoint", resources: { pools: [v4pool], nodes: [node("n1", { rack: "1" }), node("n2", { rack: "2" })], bgpAdvertisements: [bgpAdv("a1", { localPref: 1, nodeSelectors: [{ matchLabels: { rack: "1" } }] }), bgpAdv("a2", { localPref: 2, nodeSelectors: [{ matchLabels: { rack: "2" } }] })] } },
    { name: "LOCAL_PREF differs on serviceSelector advertisements (checked at announce time)", resources: { pools: [v4pool], nodes: [node("n1")], bgpAdvertisements: [bgpAdv("a1", { localPref: 1 }), bgpAdv("a2", { localPref: 2, serviceSelectors: [{ matchLabels: { app: "x" } }] })] } },
    { name: "LOCAL_PREF differs on a dual-stack pool with both aggregations different", resources: { pools: [pool("ds", ["10.0.0.0/24", "2001:db8::/120"])], nodes: [node("n1")], bgpAdvertisements: [bgpAdv("a1", { localPref: 1 }), bgpAdv("a2", { localPref: 2, aggregationLength: 28, aggregationLengthV6: 124 })] } },
    { name: "FRR: peers on disjoint nodes may differ", options: FRRK8S, resources: { nodes: [node("n1", { rack: "1" }), node("n2", { rack: "2" })], peers: [peer("a", { routerID: "10.0.0.1", nodeSelectors: [{ matchLabels: { rack: "1" } }] }), peer("b", { routerID: "10.0.0.2", myASN: 1, nodeSelectors: [{ matchLabels: { rack: "2" } }] })] } },
    { name: "FRR: same address in two VRFs with different myASN", options: FRRK8S, resources: { nodes: [node("n1")], peers: [peer("a"), peer("b", { vrf: "red", myASN: 64999 })] } },
    { name: "secret pass-through does not need the Secret", options: { validation: ValidationMode.FRRK8s, secretPassthrough: true }, resources: { peers: [peer("p", { passwordSecret: { name: "elsewhere" } })] } },
    { name: "native: IPv6 pool not advertised over BGP", options: NATIVE, resources: { pools: [pool("v6", ["2001:db8::/120"]), v4pool], bgpAdvertisements: [bgpAdv("a", { ipAddressPools: ["pool-a"] })] } },
  ] as { name: string; resources: ClusterResources; options?: ConfigForOptions }[])("$name", (c) => {
    mustParse(c.resources, c.options ?? NONE);
  });

  test.for([
    { name: "hold only: keepalive = hold/3", spec: { holdTime: "90s" }, hold: 90e9, keepalive: 30e9 },
    { name: "keepalive only: hold = 3*keepalive", spec: { keepaliveTime: "10s" }, hold: 30e9, keepalive: 10e9 },
    { name: "both", spec: { holdTime: "9s", keepaliveTime: "3s" }, hold: 9e9, keepalive: 3e9 },
    { name: "explicit zeros", spec: { holdTime: "0s", keepaliveTime: "0s" }, hold: 0, keepalive: 0 },
    { name: "neither", spec: {}, hold: undefined, keepalive: undefined },
  ])("timers: $name", ({ spec, hold, keepalive }) => {
    const p = mustParse({ peers: [peer("p", spec)] }).peers.get("p");
    expect({ hold: p?.holdTime, keepalive: p?.keepaliveTime }).toEqual({ hold, keepalive });
  });

  test("a v1beta1 peer is converted: explicit 0s timers, legacy selectors", () => {
    const cfg = mustParse({
      nodes: [node("n1")],
      peersV1beta1: [{ metadata: { name: "old", namespace: NS }, spec: { myASN: 1, peerASN: 2, peerAddress: "192.0.2.9", nodeSelectors: [{}, { matchLabels: { a: "b" } }] } }],
    });
    const p = cfg.peers.get("old");
    expect(p).toMatchObject({ holdTime: 0, keepaliveTime: 0, port: 179, nodeSelectors: [{}, { matchLabels: { a: "b" } }] });
  });

  test("a v1beta1 peer with an unparsable timer is reported, not converted to 0s", () => {
    const r = configFor({ peersV1beta1: [{ metadata: { name: "old", namespace: NS }, spec: { myASN: 1, peerASN: 2, peerAddress: "192.0.2.9", holdTime: "soon" } }] }, NONE);
    expect(!r.ok && r.errors.map(formatConfigError)).toEqual([`BGPPeer ${NS}/old: spec.holdTime: invalid duration "soon"`]);
  });

  test("peer fields are carried: dynamic ASN, unnumbered, VRF, graceful restart, localASN, resolved secret", () => {
    const cfg = mustParse({
      bfdProfiles: [bfd("fast", { receiveInterval: 100 })],
      secrets: [basicAuthSecret("bgp-auth", "s3cret")],
      peers: [
        peer("unnumbered", { peerAddress: undefined, interface: "eth1", peerASN: undefined, dynamicASN: "internal", vrf: "red", bfdProfile: "fast" }),
        peer("v6", { peerAddress: "2001:db8::1", peerPort: 1179, enableGracefulRestart: true, localASN: 65000, passwordSecret: { name: "bgp-auth", namespace: "ignored" }, connectTime: "5s" }),
      ],
    });
    expect(cfg.peers.get("unnumbered")).toMatchObject({ interface: "eth1", dynamicASN: "internal", peerASN: undefined, vrf: "red", bfdProfile: "fast", address: undefined });
    expect(cfg.peers.get("v6")).toMatchObject({ addressFamily: 6, port: 1179, enableGracefulRestart: true, localASN: 65000, secretPassword: "s3cret", passwordSecret: { name: "bgp-auth", namespace: "ignored" }, connectTime: 5e9 });
  });

  test("pools: ranges, families, serviceAllocation (empty matches all, selectors resolve namespaces)", () => {
    const cfg = mustParse({
      namespaces: [{ metadata: { name: "team-a", labels: { team: "a" } } }, { metadata: { name: "team-b", labels: { team: "b" } } }],
      pools: [
        pool("ds", ["10.0.0.1-10.0.0.2", "2001:db8::/126"], { autoAssign: false, avoidBuggyIPs: true }),
        pool("pinned", ["10.1.0.0/24"], { serviceAllocation: { priority: 5, namespaces: ["ops"], namespaceSelectors: [{ matchLabels: { team: "a" } }] } }),
        pool("all", ["10.2.0.0/24"], { serviceAllocation: {} }),
      ],
    });
    const ds = cfg.pools.get("ds");
    expect(ds?.cidrs.map(formatCidr)).toEqual(["10.0.0.1/32", "10.0.0.2/32", "2001:db8::/126"]);
    expect(ds).toMatchObject({ hasIPv4: true, hasIPv6: true, autoAssign: false, avoidBuggyIPs: true });
    expect(cfg.pools.get("pinned")?.serviceAllocation).toEqual({ priority: 5, namespaces: ["ops", "team-a"], serviceSelectors: [] });
    expect(cfg.pools.get("all")?.serviceAllocation).toEqual({ priority: 0, namespaces: [], serviceSelectors: [{}] });
  });

  test("advertisements: pool selection by name, label or all; aliases and large communities; node sets", () => {
    const cfg = mustParse({
      nodes: [node("n1", { rack: "1" }), node("n2", { rack: "2" })],
      communities: [community("aliases", { "no-adv": "65535:65282", big: "large:64512:1:2" })],
      pools: [pool("a", ["10.0.0.0/24"], {}, { tier: "gold" }), pool("b", ["10.1.0.0/24"]), pool("c", ["10.2.0.0/24"])],
      bgpAdvertisements: [
        bgpAdv("by-label", { ipAddressPoolSelectors: [{ matchLabels: { tier: "gold" } }], communities: ["big", "65535:65282", "no-adv", "01:02"], nodeSelectors: [{ matchLabels: { rack: "1" } }] }),
        bgpAdv("by-name", { ipAddressPools: ["b", "missing"] }),
        bgpAdv("everything", {}),
      ],
    });
    const names = (pool: string): string[] => (cfg.pools.get(pool)?.bgpAdvertisements ?? []).map((a) => a.name);
    expect([names("a"), names("b"), names("c")]).toEqual([["by-label", "everything"], ["by-name", "everything"], ["everything"]]);
    const byLabel = cfg.pools.get("a")?.bgpAdvertisements[0];
    // Upstream order: 1:2 compares as 65538:0:0, after large:64512:1:2.
    expect(byLabel?.communities.map(communityText)).toEqual(["large:64512:1:2", "1:2", "65535:65282"]);
    expect([...(byLabel?.nodes ?? [])]).toEqual(["n1"]);
    expect([...(cfg.pools.get("c")?.bgpAdvertisements[0]?.nodes ?? [])]).toEqual(["n1", "n2"]);
  });

  test("L2 advertisements: equivalent ones attach once, preferred weights sum over matching selectors", () => {
    const cfg = mustParse({
      nodes: [node("n1", { ssd: "yes", zone: "a" }), node("n2", { zone: "a" }), node("n3")],
      pools: [pool("a", ["10.0.0.0/24"])],
      l2Advertisements: [
        l2Adv("l1"),
        l2Adv("l2"),
        l2Adv("pref", { nodeSelectors: [{ matchLabels: { zone: "a" } }], preferredNodeSelectors: [{ weight: 10, preference: { matchLabels: { ssd: "yes" } } }, { weight: 5, preference: {} }] }),
      ],
    });
    const l2 = cfg.pools.get("a")?.l2Advertisements ?? [];
    expect(l2.map((a) => a.name)).toEqual(["l1", "pref"]);
    expect(Object.fromEntries(l2[1]?.preferredNodes ?? [])).toEqual({ n1: 15, n2: 5 });
  });
});

describe("collecting errors", () => {
  test("every failing object of the first failing stage is reported", () => {
    const r = configFor({ peers: [peer("a", { myASN: 0 }), peer("b", { holdTime: "1s" })], pools: [pool("bad", [])] }, NONE);
    expect(!r.ok && r.errors.map(formatConfigError)).toEqual([
      `BGPPeer ${NS}/a: spec.myASN: missing local ASN`,
      `BGPPeer ${NS}/b: spec.holdTime: invalid BGPPeer timers: invalid hold time "1s": must be 0 or >=3s`,
    ]);
  });
});

/** A printable, order-revealing form of a Config (Sets and Maps as arrays). */
function snapshot(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v instanceof Map) return [...v.entries()];
    if (v instanceof Set) return [...v];
    if (typeof v === "bigint") return v.toString();
    return v;
  });
}

test("the result does not depend on input order", () => {
  const base: ClusterResources = {
    nodes: [node("n1", { rack: "1" }), node("n2", { rack: "2" }), node("n3")],
    communities: [community("c1", { a: "1:1" }), community("c2", { b: "large:1:2:3" })],
    bfdProfiles: [bfd("slow"), bfd("fast", { detectMultiplier: 3 })],
    peers: [peer("p1"), peer("p2", { peerAddress: "192.0.2.2", bfdProfile: "fast" }), peer("p3", { peerAddress: "2001:db8::1" })],
    pools: [pool("a", ["10.0.0.0/24"]), pool("b", ["10.1.0.0/24", "2001:db8:1::/120"]), pool("c", ["10.2.0.0-10.2.0.9"])],
    bgpAdvertisements: [bgpAdv("x", { localPref: 10, communities: ["a", "b"] }), bgpAdv("y", { localPref: 10, peers: ["p1"] }), bgpAdv("z", { aggregationLength: 30, ipAddressPools: ["c"] })],
    l2Advertisements: [l2Adv("l1"), l2Adv("l2", { interfaces: ["eth0"] })],
  };
  const want = snapshot(mustParse(base));
  const shuffled = <T>(items: readonly T[] | undefined) => fc.shuffledSubarray([...(items ?? [])], { minLength: items?.length ?? 0 });
  fc.assert(
    fc.property(
      fc.record({
        nodes: shuffled(base.nodes),
        communities: shuffled(base.communities),
        bfdProfiles: shuffled(base.bfdProfiles),
        peers: shuffled(base.peers),
        pools: shuffled(base.pools),
        bgpAdvertisements: shuffled(base.bgpAdvertisements),
        l2Advertisements: shuffled(base.l2Advertisements),
      }),
      (r) => snapshot(mustParse(r)) === want,
    ),
    { numRuns: 50 },
  );
});

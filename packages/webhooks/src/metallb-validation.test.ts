import { ValidationMode } from "@metallb-ts/config";
import { describe, expect, test } from "vitest";
import { AdmissionOperation, type AdmissionRequest, type Verdict } from "./admission.js";
import { DISABLE_MP_WARNING, MetalLBWebhookKind, listsNeeded, validateMetalLB, type ExistingObjects } from "./metallb-validation.js";

const NS = "metallb-system";
type Obj = Record<string, unknown>;

function meta(name: string, namespace = NS, labels?: Record<string, string>): Obj {
  return { name, namespace, ...(labels ? { labels } : {}) };
}
const pool = (name: string, addresses: string[], spec: Obj = {}, namespace = NS): Obj => ({
  apiVersion: "metallb.io/v1beta1",
  kind: "IPAddressPool",
  metadata: meta(name, namespace),
  spec: { addresses, ...spec },
});
const peer = (name: string, spec: Obj, namespace = NS): Obj => ({ apiVersion: "metallb.io/v1beta2", kind: "BGPPeer", metadata: meta(name, namespace), spec: { myASN: 64500, peerASN: 64501, peerAddress: "192.0.2.1", ...spec } });
const peerV1beta1 = (name: string, spec: Obj): Obj => ({ apiVersion: "metallb.io/v1beta1", kind: "BGPPeer", metadata: meta(name), spec: { myASN: 64500, peerASN: 64501, peerAddress: "192.0.2.1", ...spec } });
const bgpAdv = (name: string, spec: Obj = {}): Obj => ({ apiVersion: "metallb.io/v1beta1", kind: "BGPAdvertisement", metadata: meta(name), spec });
const l2Adv = (name: string, spec: Obj = {}): Obj => ({ apiVersion: "metallb.io/v1beta1", kind: "L2Advertisement", metadata: meta(name), spec });
const community = (name: string, aliases: [string, string][]): Obj => ({
  apiVersion: "metallb.io/v1beta1",
  kind: "Community",
  metadata: meta(name),
  spec: { communities: aliases.map(([n, value]) => ({ name: n, value })) },
});
const bfd = (name: string, namespace = NS): Obj => ({ apiVersion: "metallb.io/v1beta1", kind: "BFDProfile", metadata: meta(name, namespace), spec: { receiveInterval: 300 } });
const node = (name: string, labels: Record<string, string>): Obj => ({ apiVersion: "v1", kind: "Node", metadata: { name, labels } });

function request(operation: AdmissionOperation, object: Obj, oldObject?: Obj): AdmissionRequest {
  const m = (object["metadata"] ?? {}) as Obj;
  return {
    uid: "uid-1",
    operation,
    name: m["name"] as string,
    namespace: m["namespace"] as string,
    ...(operation === AdmissionOperation.Delete ? { oldObject: object } : { object }),
    ...(oldObject ? { oldObject } : {}),
  };
}

interface Case {
  name: string;
  kind: MetalLBWebhookKind;
  op?: AdmissionOperation;
  object: Obj;
  existing?: ExistingObjects;
  mode?: ValidationMode;
  /** undefined: allowed; otherwise the denial message must match. */
  denied?: RegExp;
  warning?: RegExp;
}

function run(c: Case): Verdict {
  return validateMetalLB(c.kind, request(c.op ?? AdmissionOperation.Create, c.object), c.existing ?? {}, { namespace: NS, validation: c.mode ?? ValidationMode.FRRK8s });
}

function check(c: Case): void {
  const verdict = run(c);
  if (c.denied === undefined) {
    expect(verdict.allowed, verdict.allowed ? "" : verdict.message).toBe(true);
  } else {
    expect(verdict.allowed).toBe(false);
    if (!verdict.allowed) expect(verdict.message).toMatch(c.denied);
  }
  if (c.warning) expect(verdict.warnings.join("\n")).toMatch(c.warning);
}

const K = MetalLBWebhookKind;

describe("IPAddressPool", () => {
  test.for<Case>([
    { name: "valid CIDR and range", kind: K.IPAddressPool, object: pool("a", ["192.0.2.0/25", "198.51.100.10-198.51.100.20"]) },
    { name: "created outside the metallb namespace", kind: K.IPAddressPool, object: pool("a", ["192.0.2.0/25"], {}, "default"), denied: /^IPAddressPool default\/a: metadata\.namespace: resource must be created in metallb-system namespace \(rule: namespace\)$/ },
    { name: "namespace is only checked on CREATE", kind: K.IPAddressPool, op: AdmissionOperation.Update, object: pool("a", ["192.0.2.0/25"], {}, "default") },
    { name: "no addresses", kind: K.IPAddressPool, object: pool("a", []), denied: /IPAddressPool metallb-system\/a: spec\.addresses: pool has no prefixes defined \(rule: required\)/ },
    { name: "bare IP is not a CIDR", kind: K.IPAddressPool, object: pool("a", ["192.0.2.7"]), denied: /spec\.addresses\[0\]: "192\.0\.2\.7" is not a valid CIDR or range: a single IP needs a \/32 or \/128 prefix .*\(rule: ip-range\)/ },
    { name: "range start after end", kind: K.IPAddressPool, object: pool("a", ["192.0.2.9-192.0.2.1"]), denied: /"192\.0\.2\.9-192\.0\.2\.1" is not a valid range: start is after end/ },
    { name: "overlap inside the pool", kind: K.IPAddressPool, object: pool("a", ["192.0.2.0/24", "192.0.2.128/25"]), denied: /overlaps with already defined CIDR.*\(rule: overlap\)/ },
    {
      name: "overlap with a stored pool names both CIDRs",
      kind: K.IPAddressPool,
      object: pool("b", ["192.0.2.64/26"]),
      existing: { pools: [pool("a", ["192.0.2.0/24"])] },
      denied: /CIDR "192\.0\.2\.64\/26" in pool "b" overlaps with already defined CIDR "192\.0\.2\.0\/24"/,
    },
    { name: "pools in other namespaces are not considered", kind: K.IPAddressPool, object: pool("b", ["192.0.2.64/26"]), existing: { pools: [pool("a", ["192.0.2.0/24"], {}, "other")] } },
    { name: "update replaces the stored version of itself", kind: K.IPAddressPool, op: AdmissionOperation.Update, object: pool("a", ["192.0.2.0/25"]), existing: { pools: [pool("a", ["192.0.2.0/24"])] } },
    { name: "duplicate namespaces", kind: K.IPAddressPool, object: pool("a", ["192.0.2.0/25"], { serviceAllocation: { namespaces: ["x", "x"] } }), denied: /duplicate definition in namespaces field/ },
    {
      name: "duplicate serviceSelectors",
      kind: K.IPAddressPool,
      object: pool("a", ["192.0.2.0/25"], { serviceAllocation: { serviceSelectors: [{ matchLabels: { app: "x" } }, { matchLabels: { app: "x" } }] } }),
      denied: /duplicate definition of serviceSelectors/,
    },
    {
      name: "duplicate values in a match expression",
      kind: K.IPAddressPool,
      object: pool("a", ["192.0.2.0/25"], { serviceAllocation: { namespaceSelectors: [{ matchExpressions: [{ key: "k", operator: "In", values: ["v", "v"] }] }] } }),
      denied: /duplicate definition of match expression value in label selector "v"/,
    },
    {
      name: "invalid selector operator (schema rule)",
      kind: K.IPAddressPool,
      object: pool("a", ["192.0.2.0/25"], { serviceAllocation: { serviceSelectors: [{ matchExpressions: [{ key: "k", operator: "Near" }] }] } }),
      denied: /IPAddressPool metallb-system\/a: spec\.serviceAllocation\.serviceSelectors\[0\]\.matchExpressions\[0\]\.operator: .*not a valid label selector operator/,
    },
    {
      name: "a stored broken pool does not block an unrelated pool (warning only)",
      kind: K.IPAddressPool,
      object: pool("c", ["203.0.113.0/24"]),
      existing: { pools: [pool("a", ["192.0.2.0/24"]), pool("b", ["192.0.2.0/25"])] },
      warning: /already has errors this change does not cause: .*overlaps/,
    },
    {
      name: "fixing a broken pool is allowed",
      kind: K.IPAddressPool,
      op: AdmissionOperation.Update,
      object: pool("b", ["198.51.100.0/25"]),
      existing: { pools: [pool("a", ["192.0.2.0/24"]), pool("b", ["192.0.2.0/25"])] },
    },
  ])("$name", check);
});

describe("BGPPeer", () => {
  const nodes = [node("n1", { zone: "a" }), node("n2", { zone: "b" })];
  test.for<Case>([
    { name: "valid v1beta2", kind: K.BGPPeerV1beta2, object: peer("a", { holdTime: "90s", keepaliveTime: "30s" }) },
    { name: "created outside the metallb namespace", kind: K.BGPPeerV1beta2, object: peer("a", {}, "default"), denied: /resource must be created in metallb-system namespace/ },
    { name: "disableMP on create: allowed with a warning", kind: K.BGPPeerV1beta2, object: peer("a", { disableMP: true }), warning: new RegExp(DISABLE_MP_WARNING) },
    { name: "disableMP does not skip the other checks", kind: K.BGPPeerV1beta2, object: peer("a", { disableMP: true, holdTime: "1s" }), denied: /invalid hold time/ },
    { name: "missing local ASN", kind: K.BGPPeerV1beta2, object: peer("a", { myASN: 0 }), denied: /BGPPeer metallb-system\/a: spec\.myASN: missing local ASN/ },
    { name: "neither peerASN nor dynamicASN", kind: K.BGPPeerV1beta2, object: peer("a", { peerASN: 0 }), denied: /missing peer ASN and dynamicASN/ },
    { name: "both peerASN and dynamicASN", kind: K.BGPPeerV1beta2, object: peer("a", { dynamicASN: "external" }), denied: /both peer ASN and dynamicASN specified/ },
    { name: "address and interface", kind: K.BGPPeerV1beta2, object: peer("a", { interface: "eth0" }), denied: /peer has both Address and Interface specified/ },
    { name: "neither address nor interface", kind: K.BGPPeerV1beta2, object: peer("a", { peerAddress: undefined }), denied: /peer has no Address or Interface specified/ },
    { name: "invalid address", kind: K.BGPPeerV1beta2, object: peer("a", { peerAddress: "192.0.2.300" }), denied: /invalid BGPPeer address "192\.0\.2\.300"/ },
    { name: "hold time below 3s", kind: K.BGPPeerV1beta2, object: peer("a", { holdTime: "2s" }), denied: /spec\.holdTime: invalid BGPPeer timers: invalid hold time "2s": must be 0 or >=3s \(rule: timers\)/ },
    { name: "keepalive above hold time", kind: K.BGPPeerV1beta2, object: peer("a", { holdTime: "9s", keepaliveTime: "10s" }), denied: /must be lower than holdTime/ },
    { name: "ebgp-multihop on an iBGP peer", kind: K.BGPPeerV1beta2, object: peer("a", { peerASN: 64500, ebgpMultiHop: true }), denied: /invalid ebgp-multihop parameter set for an ibgp peer/ },
    { name: "duplicate nodeSelectors", kind: K.BGPPeerV1beta2, object: peer("a", { nodeSelectors: [{ matchLabels: { a: "b" } }, { matchLabels: { a: "b" } }] }), denied: /duplicate definition of nodeSelectors/ },
    { name: "a missing BFD profile is transient: allowed", kind: K.BGPPeerV1beta2, object: peer("a", { bfdProfile: "does-not-exist-yet" }) },
    { name: "a missing password Secret is transient: allowed", kind: K.BGPPeerV1beta2, object: peer("a", { passwordSecret: { name: "later" } }) },
    {
      name: "FRR: different router IDs on a shared node",
      kind: K.BGPPeerV1beta2,
      object: peer("b", { peerAddress: "192.0.2.2", routerID: "10.0.0.2" }),
      existing: { peers: [peer("a", { routerID: "10.0.0.1" })], nodes },
      denied: /has RouterID different from/,
    },
    {
      name: "FRR: the same address twice on a shared node",
      kind: K.BGPPeerV1beta2,
      object: peer("b", {}),
      existing: { peers: [peer("a", {})], nodes },
      denied: /peer 192\.0\.2\.1 already exists, FRR mode doesn't support duplicate BGPPeers selecting the same node/,
    },
    {
      name: "FRR: different myASN in the same VRF",
      kind: K.BGPPeerV1beta2,
      object: peer("b", { peerAddress: "192.0.2.2", myASN: 64999 }),
      existing: { peers: [peer("a", {})], nodes },
      denied: /has myAsn different from .* within the same VRF/,
    },
    { name: "FRR: different myASN in another VRF is fine", kind: K.BGPPeerV1beta2, object: peer("b", { peerAddress: "192.0.2.2", myASN: 64999, vrf: "red" }), existing: { peers: [peer("a", {})], nodes } },
    {
      name: "FRR: peers on disjoint nodes may conflict",
      kind: K.BGPPeerV1beta2,
      object: peer("b", { nodeSelectors: [{ matchLabels: { zone: "b" } }] }),
      existing: { peers: [peer("a", { nodeSelectors: [{ matchLabels: { zone: "a" } }] })], nodes },
    },
    { name: "native: vrf is refused", kind: K.BGPPeerV1beta2, object: peer("a", { vrf: "red" }), mode: ValidationMode.Native, denied: /peer 192\.0\.2\.1 has vrf set on native bgp mode/ },
    { name: "native: interface is refused", kind: K.BGPPeerV1beta2, object: peer("a", { peerAddress: undefined, interface: "eth0" }), mode: ValidationMode.Native, denied: /has interface set on native bgp mode/ },
    { name: "v1beta1: valid", kind: K.BGPPeerV1beta1, object: peerV1beta1("a", { holdTime: "90s" }) },
    { name: "v1beta1: converted, then validated", kind: K.BGPPeerV1beta1, object: peerV1beta1("a", { holdTime: "2s" }), denied: /invalid hold time "2s"/ },
    { name: "v1beta1: schema (peerAddress required)", kind: K.BGPPeerV1beta1, object: { ...peerV1beta1("a", {}), spec: { myASN: 1, peerASN: 2 } }, denied: /spec\.peerAddress: required field is missing \(rule: required\)/ },
  ])("$name", check);

  test("the stored peer list and the nodes are what BGPPeer validation reads", () => {
    expect(listsNeeded(K.BGPPeerV1beta2, AdmissionOperation.Create)).toEqual(["peers", "nodes"]);
  });
});

describe("BGPAdvertisement", () => {
  const pools = [pool("v4", ["192.0.2.0/24"]), pool("v6", ["2001:db8::/64"])];
  test.for<Case>([
    { name: "valid", kind: K.BGPAdvertisement, object: bgpAdv("a", { ipAddressPools: ["v4"], aggregationLength: 32, communities: ["64500:1"] }), existing: { pools } },
    { name: "created outside the metallb namespace", kind: K.BGPAdvertisement, object: { ...bgpAdv("a"), metadata: meta("a", "default") }, denied: /resource must be created in metallb-system namespace/ },
    { name: "duplicate ipAddressPools", kind: K.BGPAdvertisement, object: bgpAdv("a", { ipAddressPools: ["v4", "v4"] }), existing: { pools }, denied: /duplicate definition of ipAddressPools "v4"/ },
    { name: "duplicate communities", kind: K.BGPAdvertisement, object: bgpAdv("a", { communities: ["64500:1", "64500:1"] }), existing: { pools }, denied: /duplicate definition of community "64500:1"/ },
    { name: "duplicate peers", kind: K.BGPAdvertisement, object: bgpAdv("a", { peers: ["p", "p"] }), existing: { pools }, denied: /duplicate definition of peers "p"/ },
    { name: "aggregation length over 32", kind: K.BGPAdvertisement, object: bgpAdv("a", { aggregationLength: 33 }), existing: { pools }, denied: /invalid aggregation length 33 for IPv4/ },
    {
      name: "aggregation length shorter than a pool CIDR",
      kind: K.BGPAdvertisement,
      object: bgpAdv("a", { ipAddressPools: ["v4"], aggregationLength: 16 }),
      existing: { pools },
      denied: /invalid aggregation length 16: prefix .* is more specific than the aggregation length .*\(rule: aggregation-length\)/,
    },
    {
      name: "serviceSelectors with aggregationLength (CEL rule)",
      kind: K.BGPAdvertisement,
      object: bgpAdv("a", { serviceSelectors: [{ matchLabels: { a: "b" } }], aggregationLength: 24 }),
      existing: { pools },
      denied: /serviceSelectors and aggregationLength are mutually exclusive/,
    },
    { name: "invalid literal community", kind: K.BGPAdvertisement, object: bgpAdv("a", { communities: ["64500:99999"] }), existing: { pools }, denied: /invalid community "64500:99999"/ },
    { name: "an alias name is transient: allowed", kind: K.BGPAdvertisement, object: bgpAdv("a", { communities: ["gold"] }), existing: { pools } },
    {
      name: "conflicting local preferences for the same pool",
      kind: K.BGPAdvertisement,
      object: bgpAdv("b", { ipAddressPools: ["v4"], localPref: 200 }),
      existing: { pools, bgpAdvertisements: [bgpAdv("a", { ipAddressPools: ["v4"], localPref: 100 })], nodes: [node("n1", {})] },
      denied: /invalid local preference 200/,
    },
    { name: "native: IPv6 pool advertised", kind: K.BGPAdvertisement, object: bgpAdv("a", { ipAddressPools: ["v6"] }), existing: { pools }, mode: ValidationMode.Native, denied: /pool "v6" has ipv6 CIDR 2001:db8::\/64, native bgp mode does not support ipv6/ },
    { name: "native: large community", kind: K.BGPAdvertisement, object: bgpAdv("a", { ipAddressPools: ["v4"], communities: ["large:1:2:3"] }), existing: { pools }, mode: ValidationMode.Native, denied: /non legacy community/ },
    { name: "FRR: large community is fine", kind: K.BGPAdvertisement, object: bgpAdv("a", { ipAddressPools: ["v4"], communities: ["large:1:2:3"] }), existing: { pools } },
  ])("$name", check);
});

describe("L2Advertisement", () => {
  const pools = [pool("v4", ["192.0.2.0/24"])];
  test.for<Case>([
    { name: "valid", kind: K.L2Advertisement, object: l2Adv("a", { ipAddressPools: ["v4"], interfaces: ["eth0"], preferredNodeSelectors: [{ weight: 10, preference: { matchLabels: { a: "b" } } }] }), existing: { pools } },
    { name: "created outside the metallb namespace", kind: K.L2Advertisement, object: { ...l2Adv("a"), metadata: meta("a", "default") }, denied: /resource must be created in metallb-system namespace/ },
    { name: "duplicate ipAddressPools", kind: K.L2Advertisement, object: l2Adv("a", { ipAddressPools: ["v4", "v4"] }), existing: { pools }, denied: /duplicate definition of ipAddressPools "v4"/ },
    { name: "duplicate nodeSelectors", kind: K.L2Advertisement, object: l2Adv("a", { nodeSelectors: [{ matchLabels: { a: "b" } }, { matchLabels: { a: "b" } }] }), existing: { pools }, denied: /duplicate definition of nodeSelectors/ },
    {
      name: "duplicate expressions in one selector",
      kind: K.L2Advertisement,
      object: l2Adv("a", { serviceSelectors: [{ matchExpressions: [{ key: "k", operator: "Exists" }, { key: "k", operator: "Exists" }] }] }),
      existing: { pools },
      denied: /duplicate definition of match expressions/,
    },
    {
      name: "invalid preferred node selector",
      kind: K.L2Advertisement,
      object: l2Adv("a", { preferredNodeSelectors: [{ weight: 1, preference: { matchExpressions: [{ key: "k", operator: "In", values: [] }] } }] }),
      existing: { pools },
      denied: /preferredNodeSelectors\[0\]\.preference\.matchExpressions\[0\]\.operator: operator In needs at least one value/,
    },
  ])("$name", check);
});

describe("Community", () => {
  test.for<Case>([
    { name: "valid", kind: K.Community, object: community("a", [["gold", "64500:100"], ["big", "large:1:2:3"]]) },
    { name: "created outside the metallb namespace", kind: K.Community, object: { ...community("a", []), metadata: meta("a", "default") }, denied: /resource must be created in metallb-system namespace/ },
    { name: "invalid value", kind: K.Community, object: community("a", [["gold", "64500"]]), denied: /Community metallb-system\/a: spec\.communities\[0\]\.value: parsing community "gold"/ },
    { name: "alias defined twice across objects", kind: K.Community, object: community("b", [["gold", "64500:2"]]), existing: { communities: [community("a", [["gold", "64500:1"]])] }, denied: /duplicate definition of community "gold"/ },
    { name: "native: large value", kind: K.Community, object: community("a", [["big", "large:1:2:3"]]), mode: ValidationMode.Native, denied: /native BGP mode only supports legacy communities/ },
  ])("$name", check);
});

describe("BFDProfile", () => {
  test.for<Case>([
    { name: "create", kind: K.BFDProfile, object: bfd("slow") },
    { name: "created outside the metallb namespace", kind: K.BFDProfile, object: bfd("slow", "default"), denied: /BFDProfile default\/slow: metadata\.namespace: resource must be created in metallb-system namespace/ },
    { name: "delete unused", kind: K.BFDProfile, op: AdmissionOperation.Delete, object: bfd("slow"), existing: { peers: [peer("a", { bfdProfile: "fast" })] } },
    {
      name: "delete in use names every user",
      kind: K.BFDProfile,
      op: AdmissionOperation.Delete,
      object: bfd("slow"),
      existing: { peers: [peer("b", { bfdProfile: "slow" }), peer("a", { bfdProfile: "slow" }), peer("c", {})] },
      denied: /^BFDProfile metallb-system\/slow: failed to delete BFDProfile slow, used by BGPPeer a, b \(rule: in-use\)$/,
    },
    { name: "peers of other namespaces do not hold a profile", kind: K.BFDProfile, op: AdmissionOperation.Delete, object: bfd("slow"), existing: { peers: [peer("a", { bfdProfile: "slow" }, "other")] } },
  ])("$name", check);

  test("CREATE reads nothing, DELETE reads the peers", () => {
    expect(listsNeeded(K.BFDProfile, AdmissionOperation.Create)).toEqual([]);
    expect(listsNeeded(K.BFDProfile, AdmissionOperation.Delete)).toEqual(["peers"]);
  });
});

describe("requests", () => {
  test("a request without an object is a bad request", () => {
    const verdict = validateMetalLB(K.IPAddressPool, { uid: "u", operation: AdmissionOperation.Create }, {}, { namespace: NS, validation: ValidationMode.FRRK8s });
    expect(verdict).toMatchObject({ allowed: false, code: 400 });
  });

  test("generateName objects are named after the prefix in messages", () => {
    const object = { ...pool("x", []), metadata: { generateName: "pool-", namespace: NS } };
    const verdict = validateMetalLB(K.IPAddressPool, { uid: "u", operation: AdmissionOperation.Create, namespace: NS, object }, {}, { namespace: NS, validation: ValidationMode.FRRK8s });
    expect(verdict.allowed ? "" : verdict.message).toMatch(/IPAddressPool metallb-system\/pool-<generated>: spec\.addresses: pool has no prefixes defined/);
  });
});

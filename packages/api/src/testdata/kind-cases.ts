// Valid and invalid objects per kind, shared by the unit tests (zod) and the integration test (real
// kube-apiserver), so both layers are held to the same verdicts and field paths.

export type Manifest = Record<string, unknown> & { apiVersion: string; kind: string; metadata: { name: string } };

export interface ValidCase {
  name: string;
  object: Manifest;
}

export interface InvalidCase extends ValidCase {
  /** Field path both the API server and parseObject report. */
  path: string;
  /** Rule parseObject reports. */
  rule: string;
  /** Written through the status subresource (status is ignored on create). */
  status?: boolean;
}

const v1beta1 = "metallb.io/v1beta1";
const frr = "frrk8s.metallb.io/v1beta1";

let counter = 0;
function make(apiVersion: string, kind: string, body: Record<string, unknown>): Manifest {
  counter += 1;
  return { apiVersion, kind, metadata: { name: `${kind.toLowerCase()}-${counter}` }, ...body };
}

const pool = (spec: unknown) => make(v1beta1, "IPAddressPool", { spec });
const bgpAdv = (spec: unknown) => make(v1beta1, "BGPAdvertisement", { spec });
const l2Adv = (spec: unknown) => make(v1beta1, "L2Advertisement", { spec });
const bfd = (spec: unknown) => make(v1beta1, "BFDProfile", { spec });
const peer = (spec: unknown) => make("metallb.io/v1beta2", "BGPPeer", { spec });
const legacyPeer = (spec: unknown) => make(v1beta1, "BGPPeer", { spec });
const frrConfig = (spec: unknown) => make(frr, "FRRConfiguration", { spec });
const router = (fields: Record<string, unknown>) => frrConfig({ bgp: { routers: [{ asn: 64512, ...fields }] } });
const neighbor = (fields: Record<string, unknown>) => router({ neighbors: [{ asn: 64513, address: "192.0.2.1", ...fields }] });
const evpn = (fields: Record<string, unknown>) => router({ vrf: "red", evpn: fields });
const l2vni = (fields: Record<string, unknown>) => evpn({ l2vnis: [{ vni: 100, ...fields }] });

export const validCases: ValidCase[] = [
  { name: "IPAddressPool with defaults", object: pool({ addresses: ["192.0.2.0/24"] }) },
  { name: "IPAddressPool with ranges and IPv6", object: pool({ addresses: ["198.51.100.1-198.51.100.1", "2001:db8::/64", "2001:db8:1::1 - 2001:db8:1::ff"], autoAssign: false }) },
  { name: "IPAddressPool with an empty serviceAllocation", object: pool({ addresses: ["192.0.2.0/24"], serviceAllocation: {} }) },
  { name: "BGPAdvertisement empty spec", object: bgpAdv({}) },
  { name: "BGPAdvertisement serviceSelectors with default lengths", object: bgpAdv({ serviceSelectors: [{ matchLabels: { a: "b" } }], aggregationLength: 32, aggregationLengthV6: 128 }) },
  { name: "BGPAdvertisement aggregation without serviceSelectors", object: bgpAdv({ aggregationLength: 24, serviceSelectors: [] }) },
  { name: "L2Advertisement preferred nodes", object: l2Adv({ preferredNodeSelectors: [{ weight: 100, preference: {} }] }) },
  { name: "BFDProfile at the bounds", object: bfd({ receiveInterval: 10, transmitInterval: 60000, detectMultiplier: 2, echoInterval: 60000, minimumTtl: 1 }) },
  { name: "BGPPeer minimal", object: peer({ myASN: 64512, peerASN: 64513, peerAddress: "192.0.2.1" }) },
  { name: "BGPPeer connectTime at the bounds", object: peer({ myASN: 1, peerASN: 2, peerAddress: "192.0.2.1", connectTime: "18h12m15s" }) },
  { name: "BGPPeer 4-byte ASNs", object: peer({ myASN: 4294967295, peerASN: 0, dynamicASN: "internal", interface: "eth0", peerPort: 16384 }) },
  { name: "BGPPeer v1beta1", object: legacyPeer({ myASN: 1, peerASN: 2, peerAddress: "192.0.2.1", peerPort: 0, holdTime: "3s" }) },
  { name: "Community", object: make(v1beta1, "Community", { spec: { communities: [{ name: "a", value: "1:1" }] } }) },
  { name: "ServiceBGPStatus", object: make(v1beta1, "ServiceBGPStatus", { spec: {} }) },
  { name: "ServiceL2Status", object: make(v1beta1, "ServiceL2Status", { spec: {} }) },
  { name: "ConfigurationState without status", object: make(v1beta1, "ConfigurationState", {}) },
  { name: "FRRConfiguration empty", object: frrConfig({}) },
  { name: "FRRConfiguration neighbor defaults", object: neighbor({ toAdvertise: { allowed: {} }, toReceive: { allowed: { prefixes: [{ prefix: "192.0.2.0/24" }] } } }) },
  { name: "FRRConfiguration route targets", object: l2vni({ rd: "65535:4294967295", importRTs: ["*:4294967295", "192.0.2.1:65535", "65536:65535"], exportRTs: ["4294967295:1"] }) },
  { name: "FRRConfiguration l3vni", object: evpn({ l3vni: { vni: 16777215, advertisePrefixes: ["unicast"] } }) },
  { name: "FRRK8sConfiguration", object: make(frr, "FRRK8sConfiguration", { spec: { logLevel: "none" } }) },
  { name: "BGPSessionState", object: make(frr, "BGPSessionState", { spec: {} }) },
  { name: "FRRNodeState", object: make(frr, "FRRNodeState", { spec: {} }) },
];

export const invalidCases: InvalidCase[] = [
  // IPAddressPool
  { name: "pool without spec", object: make(v1beta1, "IPAddressPool", {}), path: "spec", rule: "required" },
  { name: "pool without addresses", object: pool({ autoAssign: true }), path: "spec.addresses", rule: "required" },
  { name: "pool addresses not a list", object: pool({ addresses: "192.0.2.0/24" }), path: "spec.addresses", rule: "type" },
  { name: "pool autoAssign not a boolean", object: pool({ addresses: [], autoAssign: "yes" }), path: "spec.autoAssign", rule: "type" },
  { name: "pool priority not an integer", object: pool({ addresses: [], serviceAllocation: { priority: "high" } }), path: "spec.serviceAllocation.priority", rule: "type" },
  // BGPAdvertisement
  { name: "aggregationLength 0", object: bgpAdv({ aggregationLength: 0 }), path: "spec.aggregationLength", rule: "minimum" },
  { name: "serviceSelectors with aggregationLength", object: bgpAdv({ aggregationLength: 24, serviceSelectors: [{}] }), path: "spec", rule: "cel:service-selectors-aggregation" },
  { name: "serviceSelectors with aggregationLengthV6", object: bgpAdv({ aggregationLengthV6: 64, serviceSelectors: [{ matchLabels: { a: "b" } }] }), path: "spec", rule: "cel:service-selectors-aggregation" },
  { name: "localPref negative", object: bgpAdv({ localPref: -1 }), path: "spec.localPref", rule: "minimum" },
  // L2Advertisement
  { name: "preferred weight 0", object: l2Adv({ preferredNodeSelectors: [{ weight: 0, preference: {} }] }), path: "spec.preferredNodeSelectors[0].weight", rule: "minimum" },
  { name: "preferred weight 101", object: l2Adv({ preferredNodeSelectors: [{ weight: 101, preference: {} }] }), path: "spec.preferredNodeSelectors[0].weight", rule: "maximum" },
  { name: "preferred without preference", object: l2Adv({ preferredNodeSelectors: [{ weight: 1 }] }), path: "spec.preferredNodeSelectors[0].preference", rule: "required" },
  { name: "selector without key", object: l2Adv({ nodeSelectors: [{ matchExpressions: [{ operator: "Exists" }] }] }), path: "spec.nodeSelectors[0].matchExpressions[0].key", rule: "required" },
  // BFDProfile
  { name: "receiveInterval 9", object: bfd({ receiveInterval: 9 }), path: "spec.receiveInterval", rule: "minimum" },
  { name: "transmitInterval 60001", object: bfd({ transmitInterval: 60001 }), path: "spec.transmitInterval", rule: "maximum" },
  { name: "detectMultiplier 256", object: bfd({ detectMultiplier: 256 }), path: "spec.detectMultiplier", rule: "maximum" },
  { name: "echoInterval 1", object: bfd({ echoInterval: 1 }), path: "spec.echoInterval", rule: "minimum" },
  { name: "minimumTtl 255", object: bfd({ minimumTtl: 255 }), path: "spec.minimumTtl", rule: "maximum" },
  { name: "echoMode not a boolean", object: bfd({ echoMode: "on" }), path: "spec.echoMode", rule: "type" },
  // BGPPeer v1beta2
  { name: "peer without myASN", object: peer({ peerASN: 1 }), path: "spec.myASN", rule: "required" },
  { name: "peer myASN above uint32", object: peer({ myASN: 4294967296 }), path: "spec.myASN", rule: "maximum" },
  { name: "peer peerASN negative", object: peer({ myASN: 1, peerASN: -1 }), path: "spec.peerASN", rule: "minimum" },
  { name: "peer localASN 0", object: peer({ myASN: 1, localASN: 0 }), path: "spec.localASN", rule: "minimum" },
  { name: "peer port 0", object: peer({ myASN: 1, peerPort: 0 }), path: "spec.peerPort", rule: "minimum" },
  { name: "peer port 16385", object: peer({ myASN: 1, peerPort: 16385 }), path: "spec.peerPort", rule: "maximum" },
  { name: "peer dynamicASN bad enum", object: peer({ myASN: 1, dynamicASN: "both" }), path: "spec.dynamicASN", rule: "enum" },
  { name: "peer connectTime 0s", object: peer({ myASN: 1, connectTime: "0s" }), path: "spec.connectTime", rule: "cel:connect-time-range" },
  { name: "peer connectTime 65536s", object: peer({ myASN: 1, connectTime: "65536s" }), path: "spec.connectTime", rule: "cel:connect-time-range" },
  { name: "peer connectTime 1500ms", object: peer({ myASN: 1, connectTime: "1500ms" }), path: "spec.connectTime", rule: "cel:connect-time-whole-seconds" },
  { name: "peer ebgpMultiHop not a boolean", object: peer({ myASN: 1, ebgpMultiHop: "true" }), path: "spec.ebgpMultiHop", rule: "type" },
  // BGPPeer v1beta1
  { name: "v1beta1 peer without peerAddress", object: legacyPeer({ myASN: 1, peerASN: 2 }), path: "spec.peerAddress", rule: "required" },
  { name: "v1beta1 peer without peerASN", object: legacyPeer({ myASN: 1, peerAddress: "192.0.2.1" }), path: "spec.peerASN", rule: "required" },
  { name: "v1beta1 peer port -1", object: legacyPeer({ myASN: 1, peerASN: 2, peerAddress: "192.0.2.1", peerPort: -1 }), path: "spec.peerPort", rule: "minimum" },
  {
    name: "v1beta1 selector expression without values",
    object: legacyPeer({ myASN: 1, peerASN: 2, peerAddress: "192.0.2.1", nodeSelectors: [{ matchExpressions: [{ key: "a", operator: "Exists", values: [] }] }] }),
    path: "spec.nodeSelectors[0].matchExpressions[0].values",
    rule: "minItems",
  },
  // Status kinds (written through the status subresource)
  { name: "ConfigurationState bad result", object: make(v1beta1, "ConfigurationState", { status: { result: "Broken" } }), path: "status.result", rule: "enum", status: true },
  {
    name: "ConfigurationState condition with bad status",
    object: make(v1beta1, "ConfigurationState", { status: { conditions: [{ type: "poolReconcilerValid", status: "Maybe", reason: "Reconciled", message: "", lastTransitionTime: "2026-01-01T00:00:00Z" }] } }),
    path: "status.conditions[0].status",
    rule: "enum",
    status: true,
  },
  { name: "ServiceBGPStatus peers not a list", object: make(v1beta1, "ServiceBGPStatus", { status: { peers: "p1" } }), path: "status.peers", rule: "type", status: true },
  { name: "BGPSessionState node not a string", object: make(frr, "BGPSessionState", { status: { node: 5 } }), path: "status.node", rule: "type", status: true },
  // FRRConfiguration
  { name: "router without asn", object: frrConfig({ bgp: { routers: [{ id: "1.1.1.1" }] } }), path: "spec.bgp.routers[0].asn", rule: "required" },
  { name: "router asn above uint32", object: router({ asn: 4294967296 }), path: "spec.bgp.routers[0].asn", rule: "maximum" },
  { name: "neighbor port 16385", object: neighbor({ port: 16385 }), path: "spec.bgp.routers[0].neighbors[0].port", rule: "maximum" },
  { name: "neighbor localASN 0", object: neighbor({ localASN: 0 }), path: "spec.bgp.routers[0].neighbors[0].localASN", rule: "minimum" },
  { name: "neighbor dynamicASN bad enum", object: neighbor({ dynamicASN: "any" }), path: "spec.bgp.routers[0].neighbors[0].dynamicASN", rule: "enum" },
  { name: "neighbor connectTime 0.5s", object: neighbor({ connectTime: "0.5s" }), path: "spec.bgp.routers[0].neighbors[0].connectTime", rule: "cel:connect-time-range" },
  { name: "neighbor three address families", object: neighbor({ addressFamilies: ["unicast", "evpn", "unicast"] }), path: "spec.bgp.routers[0].neighbors[0].addressFamilies", rule: "maxItems" },
  { name: "neighbor unknown address family", object: neighbor({ addressFamilies: ["multicast"] }), path: "spec.bgp.routers[0].neighbors[0].addressFamilies[0]", rule: "enum" },
  { name: "advertise mode bad enum", object: neighbor({ toAdvertise: { allowed: { mode: "some" } } }), path: "spec.bgp.routers[0].neighbors[0].toAdvertise.allowed.mode", rule: "enum" },
  { name: "nextHop ipv4 is IPv6", object: neighbor({ toAdvertise: { nextHop: { ipv4: "2001:db8::1" } } }), path: "spec.bgp.routers[0].neighbors[0].toAdvertise.nextHop.ipv4", rule: "format:ipv4" },
  { name: "nextHop ipv6 is IPv4", object: neighbor({ toAdvertise: { nextHop: { ipv6: "192.0.2.1" } } }), path: "spec.bgp.routers[0].neighbors[0].toAdvertise.nextHop.ipv6", rule: "format:ipv6" },
  { name: "withLocalPref empty prefixes", object: neighbor({ toAdvertise: { withLocalPref: [{ prefixes: [], localPref: 1 }] } }), path: "spec.bgp.routers[0].neighbors[0].toAdvertise.withLocalPref[0].prefixes", rule: "minItems" },
  { name: "receive prefix not a CIDR", object: neighbor({ toReceive: { allowed: { prefixes: [{ prefix: "192.0.2.0" }] } } }), path: "spec.bgp.routers[0].neighbors[0].toReceive.allowed.prefixes[0].prefix", rule: "format:cidr" },
  { name: "receive le 129", object: neighbor({ toReceive: { allowed: { prefixes: [{ prefix: "192.0.2.0/24", le: 129 }] } } }), path: "spec.bgp.routers[0].neighbors[0].toReceive.allowed.prefixes[0].le", rule: "maximum" },
  { name: "receive ge 0", object: neighbor({ toReceive: { allowed: { prefixes: [{ prefix: "192.0.2.0/24", ge: 0 }] } } }), path: "spec.bgp.routers[0].neighbors[0].toReceive.allowed.prefixes[0].ge", rule: "minimum" },
  { name: "bfd profile without name", object: frrConfig({ bgp: { bfdProfiles: [{ receiveInterval: 100 }] } }), path: "spec.bgp.bfdProfiles[0].name", rule: "required" },
  { name: "bfd profile detectMultiplier 1", object: frrConfig({ bgp: { bfdProfiles: [{ name: "x", detectMultiplier: 1 }] } }), path: "spec.bgp.bfdProfiles[0].detectMultiplier", rule: "minimum" },
  { name: "advertiseVNIs bad enum", object: evpn({ advertiseVNIs: "Some" }), path: "spec.bgp.routers[0].evpn.advertiseVNIs", rule: "enum" },
  { name: "l2vni vni 0", object: l2vni({ vni: 0 }), path: "spec.bgp.routers[0].evpn.l2vnis[0].vni", rule: "minimum" },
  { name: "l3vni vni above 24 bits", object: evpn({ l3vni: { vni: 16777216, advertisePrefixes: ["unicast"] } }), path: "spec.bgp.routers[0].evpn.l3vni.vni", rule: "maximum" },
  { name: "l3vni without advertisePrefixes", object: evpn({ l3vni: { vni: 1 } }), path: "spec.bgp.routers[0].evpn.l3vni.advertisePrefixes", rule: "required" },
  { name: "l3vni advertisePrefixes empty", object: evpn({ l3vni: { vni: 1, advertisePrefixes: [] } }), path: "spec.bgp.routers[0].evpn.l3vni.advertisePrefixes", rule: "minItems" },
  { name: "rd longer than 21", object: l2vni({ rd: "4294967295:4294967295x" }), path: "spec.bgp.routers[0].evpn.l2vnis[0].rd", rule: "maxLength" },
  { name: "rd with two colons", object: l2vni({ rd: "1:2:3" }), path: "spec.bgp.routers[0].evpn.l2vnis[0].rd", rule: "cel:rd-one-colon" },
  { name: "rd with a name as global administrator", object: l2vni({ rd: "abc:1" }), path: "spec.bgp.routers[0].evpn.l2vnis[0].rd", rule: "cel:rd-global-administrator" },
  { name: "rd with a non-numeric local administrator", object: l2vni({ rd: "65000:x" }), path: "spec.bgp.routers[0].evpn.l2vnis[0].rd", rule: "cel:rd-local-administrator" },
  { name: "rd IPv4 with large local", object: l2vni({ rd: "192.0.2.1:65536" }), path: "spec.bgp.routers[0].evpn.l2vnis[0].rd", rule: "cel:rd-ipv4-global" },
  { name: "rd 4-byte ASN with large local", object: l2vni({ rd: "65536:65536" }), path: "spec.bgp.routers[0].evpn.l2vnis[0].rd", rule: "cel:rd-4-byte-asn" },
  { name: "rd 2-byte ASN with local above uint32", object: l2vni({ rd: "65535:4294967296" }), path: "spec.bgp.routers[0].evpn.l2vnis[0].rd", rule: "cel:rd-2-byte-asn" },
  { name: "export rt with wildcard", object: l2vni({ exportRTs: ["*:1"] }), path: "spec.bgp.routers[0].evpn.l2vnis[0].exportRTs[0]", rule: "cel:rt-global-administrator" },
  { name: "import rt wildcard above uint32", object: l2vni({ importRTs: ["*:4294967296"] }), path: "spec.bgp.routers[0].evpn.l2vnis[0].importRTs[0]", rule: "cel:rt-wildcard" },
  { name: "import rt with bad IPv4", object: l2vni({ importRTs: ["192.0.2.256:1"] }), path: "spec.bgp.routers[0].evpn.l2vnis[0].importRTs[0]", rule: "cel:rt-global-administrator" },
  // FRRK8sConfiguration
  { name: "logLevel bad enum", object: make(frr, "FRRK8sConfiguration", { spec: { logLevel: "verbose" } }), path: "spec.logLevel", rule: "enum" },
];

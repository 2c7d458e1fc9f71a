// Group/version/kind, REST names, scope, printer columns and subresources of every kind, as constants.
// hack/gen-crds.ts builds the CRDs from these plus the zod schemas.

export interface PrinterColumn {
  readonly name: string;
  readonly type: "string" | "integer" | "number" | "boolean" | "date";
  readonly jsonPath: string;
  readonly priority?: number;
  readonly description?: string;
}

export interface ResourceInfo {
  readonly group: string;
  readonly version: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly plural: string;
  readonly singular: string;
  readonly listKind: string;
  readonly namespaced: boolean;
  readonly shortNames: readonly string[];
  readonly categories: readonly string[];
  readonly subresources: { readonly status: boolean };
  readonly printerColumns: readonly PrinterColumn[];
  /** CRD version flags; core kinds are not CRDs. */
  readonly served: boolean;
  readonly storage: boolean;
  readonly deprecated: boolean;
  readonly deprecationWarning?: string;
}

const none: readonly string[] = [];

const metallb = {
  group: "metallb.io",
  version: "v1beta1",
  apiVersion: "metallb.io/v1beta1",
  namespaced: true,
  shortNames: none,
  categories: none,
  subresources: { status: true },
  served: true,
  storage: true,
  deprecated: false,
} as const;

const frrk8s = { ...metallb, group: "frrk8s.metallb.io", apiVersion: "frrk8s.metallb.io/v1beta1" } as const;

export const IPAddressPoolResource = {
  ...metallb,
  kind: "IPAddressPool",
  plural: "ipaddresspools",
  singular: "ipaddresspool",
  listKind: "IPAddressPoolList",
  printerColumns: [
    { name: "Auto Assign", type: "boolean", jsonPath: ".spec.autoAssign" },
    { name: "Avoid Buggy IPs", type: "boolean", jsonPath: ".spec.avoidBuggyIPs" },
    { name: "Addresses", type: "string", jsonPath: ".spec.addresses" },
  ],
} as const satisfies ResourceInfo;

export const BGPAdvertisementResource = {
  ...metallb,
  kind: "BGPAdvertisement",
  plural: "bgpadvertisements",
  singular: "bgpadvertisement",
  listKind: "BGPAdvertisementList",
  printerColumns: [
    { name: "IPAddressPools", type: "string", jsonPath: ".spec.ipAddressPools" },
    { name: "IPAddressPool Selectors", type: "string", jsonPath: ".spec.ipAddressPoolSelectors" },
    { name: "Peers", type: "string", jsonPath: ".spec.peers" },
    { name: "Node Selectors", type: "string", jsonPath: ".spec.nodeSelectors", priority: 10 },
  ],
} as const satisfies ResourceInfo;

export const L2AdvertisementResource = {
  ...metallb,
  kind: "L2Advertisement",
  plural: "l2advertisements",
  singular: "l2advertisement",
  listKind: "L2AdvertisementList",
  printerColumns: [
    { name: "IPAddressPools", type: "string", jsonPath: ".spec.ipAddressPools" },
    { name: "IPAddressPool Selectors", type: "string", jsonPath: ".spec.ipAddressPoolSelectors" },
    { name: "Interfaces", type: "string", jsonPath: ".spec.interfaces" },
    { name: "Node Selectors", type: "string", jsonPath: ".spec.nodeSelectors", priority: 10 },
  ],
} as const satisfies ResourceInfo;

const bgpPeerColumns = [
  { name: "Address", type: "string", jsonPath: ".spec.peerAddress" },
  { name: "ASN", type: "string", jsonPath: ".spec.peerASN" },
  { name: "BFD Profile", type: "string", jsonPath: ".spec.bfdProfile" },
  { name: "Multi Hops", type: "string", jsonPath: ".spec.ebgpMultiHop" },
] as const;

/** BGPPeer v1beta2: served, storage version and conversion hub. */
export const BGPPeerResource = {
  ...metallb,
  version: "v1beta2",
  apiVersion: "metallb.io/v1beta2",
  kind: "BGPPeer",
  plural: "bgppeers",
  singular: "bgppeer",
  listKind: "BGPPeerList",
  printerColumns: bgpPeerColumns,
} as const satisfies ResourceInfo;

/** BGPPeer v1beta1: served, not stored, deprecated. */
export const BGPPeerV1beta1Resource = {
  ...BGPPeerResource,
  version: "v1beta1",
  apiVersion: "metallb.io/v1beta1",
  storage: false,
  deprecated: true,
  deprecationWarning: "v1beta1 is deprecated, please use v1beta2",
} as const satisfies ResourceInfo;

export const BFDProfileResource = {
  ...metallb,
  kind: "BFDProfile",
  plural: "bfdprofiles",
  singular: "bfdprofile",
  listKind: "BFDProfileList",
  printerColumns: [
    { name: "Passive Mode", type: "boolean", jsonPath: ".spec.passiveMode" },
    { name: "Transmit Interval", type: "integer", jsonPath: ".spec.transmitInterval" },
    { name: "Receive Interval", type: "integer", jsonPath: ".spec.receiveInterval" },
    { name: "Multiplier", type: "integer", jsonPath: ".spec.detectMultiplier" },
  ],
} as const satisfies ResourceInfo;

export const CommunityResource = {
  ...metallb,
  kind: "Community",
  plural: "communities",
  singular: "community",
  listKind: "CommunityList",
  printerColumns: [],
} as const satisfies ResourceInfo;

export const ServiceBGPStatusResource = {
  ...metallb,
  kind: "ServiceBGPStatus",
  plural: "servicebgpstatuses",
  singular: "servicebgpstatus",
  listKind: "ServiceBGPStatusList",
  printerColumns: [
    { name: "Node", type: "string", jsonPath: ".status.node" },
    { name: "Service Name", type: "string", jsonPath: ".status.serviceName" },
    { name: "Service Namespace", type: "string", jsonPath: ".status.serviceNamespace" },
  ],
} as const satisfies ResourceInfo;

export const ServiceL2StatusResource = {
  ...metallb,
  kind: "ServiceL2Status",
  plural: "servicel2statuses",
  singular: "servicel2status",
  listKind: "ServiceL2StatusList",
  printerColumns: [
    { name: "Allocated Node", type: "string", jsonPath: ".status.node" },
    { name: "Service Name", type: "string", jsonPath: ".status.serviceName" },
    { name: "Service Namespace", type: "string", jsonPath: ".status.serviceNamespace" },
  ],
} as const satisfies ResourceInfo;

export const ConfigurationStateResource = {
  ...metallb,
  kind: "ConfigurationState",
  plural: "configurationstates",
  singular: "configurationstate",
  listKind: "ConfigurationStateList",
  printerColumns: [
    { name: "Result", type: "string", jsonPath: ".status.result" },
    { name: "ErrorSummary", type: "string", jsonPath: ".status.errorSummary" },
    { name: "Age", type: "date", jsonPath: ".metadata.creationTimestamp" },
  ],
} as const satisfies ResourceInfo;

export const FRRConfigurationResource = {
  ...frrk8s,
  kind: "FRRConfiguration",
  plural: "frrconfigurations",
  singular: "frrconfiguration",
  listKind: "FRRConfigurationList",
  printerColumns: [],
} as const satisfies ResourceInfo;

export const FRRNodeStateResource = {
  ...frrk8s,
  namespaced: false,
  kind: "FRRNodeState",
  plural: "frrnodestates",
  singular: "frrnodestate",
  listKind: "FRRNodeStateList",
  printerColumns: [],
} as const satisfies ResourceInfo;

export const BGPSessionStateResource = {
  ...frrk8s,
  kind: "BGPSessionState",
  plural: "bgpsessionstates",
  singular: "bgpsessionstate",
  listKind: "BGPSessionStateList",
  printerColumns: [
    { name: "Node", type: "string", jsonPath: ".status.node" },
    { name: "Peer", type: "string", jsonPath: ".status.peer" },
    { name: "VRF", type: "string", jsonPath: ".status.vrf" },
    { name: "BGP", type: "string", jsonPath: ".status.bgpStatus" },
    { name: "BFD", type: "string", jsonPath: ".status.bfdStatus" },
  ],
} as const satisfies ResourceInfo;

export const FRRK8sConfigurationResource = {
  ...frrk8s,
  kind: "FRRK8sConfiguration",
  plural: "frrk8sconfigurations",
  singular: "frrk8sconfiguration",
  listKind: "FRRK8sConfigurationList",
  printerColumns: [],
} as const satisfies ResourceInfo;

const core = {
  group: "",
  version: "v1",
  apiVersion: "v1",
  namespaced: true,
  categories: none,
  subresources: { status: true },
  printerColumns: [],
  served: true,
  storage: true,
  deprecated: false,
} as const;

export const ServiceResource = {
  ...core,
  kind: "Service",
  plural: "services",
  singular: "service",
  listKind: "ServiceList",
  shortNames: ["svc"],
} as const satisfies ResourceInfo;

export const NodeResource = {
  ...core,
  namespaced: false,
  kind: "Node",
  plural: "nodes",
  singular: "node",
  listKind: "NodeList",
  shortNames: ["no"],
} as const satisfies ResourceInfo;

export const NamespaceResource = {
  ...core,
  namespaced: false,
  kind: "Namespace",
  plural: "namespaces",
  singular: "namespace",
  listKind: "NamespaceList",
  shortNames: ["ns"],
} as const satisfies ResourceInfo;

export const SecretResource = {
  ...core,
  subresources: { status: false },
  kind: "Secret",
  plural: "secrets",
  singular: "secret",
  listKind: "SecretList",
  shortNames: none,
} as const satisfies ResourceInfo;

export const EndpointSliceResource = {
  ...core,
  group: "discovery.k8s.io",
  apiVersion: "discovery.k8s.io/v1",
  subresources: { status: false },
  kind: "EndpointSlice",
  plural: "endpointslices",
  singular: "endpointslice",
  listKind: "EndpointSliceList",
  shortNames: none,
} as const satisfies ResourceInfo;

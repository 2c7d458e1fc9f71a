// The cluster snapshot configFor reads. These are read-only structural views of the CR JSON
// (field names as on the wire), so the objects @metallb-ts/api parses (once metadata.name is known
// to be set) and plain objects in tests fit without conversion. They stay views rather than aliases
// of the api's types, which require apiVersion/kind and declare mutable arrays; selectors.ts and
// peers.ts adapt where config calls into the api.

export interface ObjectMetaView {
  readonly name: string;
  readonly namespace?: string | undefined;
  readonly labels?: Readonly<Record<string, string>> | undefined;
}

export interface LabelSelectorRequirement {
  readonly key: string;
  readonly operator: string;
  readonly values?: readonly string[] | undefined;
}

export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>> | undefined;
  readonly matchExpressions?: readonly LabelSelectorRequirement[] | undefined;
}

export interface IPAddressPoolView {
  readonly metadata: ObjectMetaView;
  readonly spec: {
    readonly addresses?: readonly string[] | undefined;
    readonly autoAssign?: boolean | undefined;
    readonly avoidBuggyIPs?: boolean | undefined;
    readonly serviceAllocation?:
      | {
          readonly priority?: number | undefined;
          readonly namespaces?: readonly string[] | undefined;
          readonly namespaceSelectors?: readonly LabelSelector[] | undefined;
          readonly serviceSelectors?: readonly LabelSelector[] | undefined;
        }
      | undefined;
  };
}

export interface BGPAdvertisementView {
  readonly metadata: ObjectMetaView;
  readonly spec?:
    | {
        readonly aggregationLength?: number | undefined;
        readonly aggregationLengthV6?: number | undefined;
        readonly localPref?: number | undefined;
        readonly communities?: readonly string[] | undefined;
        readonly ipAddressPools?: readonly string[] | undefined;
        readonly ipAddressPoolSelectors?: readonly LabelSelector[] | undefined;
        readonly nodeSelectors?: readonly LabelSelector[] | undefined;
        readonly peers?: readonly string[] | undefined;
        readonly serviceSelectors?: readonly LabelSelector[] | undefined;
      }
    | undefined;
}

export interface L2AdvertisementView {
  readonly metadata: ObjectMetaView;
  readonly spec?:
    | {
        readonly ipAddressPools?: readonly string[] | undefined;
        readonly ipAddressPoolSelectors?: readonly LabelSelector[] | undefined;
        readonly nodeSelectors?: readonly LabelSelector[] | undefined;
        readonly interfaces?: readonly string[] | undefined;
        readonly serviceSelectors?: readonly LabelSelector[] | undefined;
        readonly preferredNodeSelectors?:
          | readonly { readonly weight: number; readonly preference: LabelSelector }[]
          | undefined;
      }
    | undefined;
}

export interface SecretReferenceView {
  readonly name?: string | undefined;
  readonly namespace?: string | undefined;
}

/** metallb.io/v1beta2 BGPPeer. */
export interface BGPPeerView {
  readonly metadata: ObjectMetaView;
  readonly spec: {
    readonly myASN: number;
    readonly peerASN?: number | undefined;
    readonly localASN?: number | undefined;
    readonly dynamicASN?: string | undefined;
    readonly peerAddress?: string | undefined;
    readonly interface?: string | undefined;
    readonly sourceAddress?: string | undefined;
    readonly peerPort?: number | undefined;
    readonly holdTime?: string | undefined;
    readonly keepaliveTime?: string | undefined;
    readonly connectTime?: string | undefined;
    readonly routerID?: string | undefined;
    readonly nodeSelectors?: readonly LabelSelector[] | undefined;
    readonly password?: string | undefined;
    readonly passwordSecret?: SecretReferenceView | undefined;
    readonly bfdProfile?: string | undefined;
    readonly enableGracefulRestart?: boolean | undefined;
    readonly ebgpMultiHop?: boolean | undefined;
    readonly vrf?: string | undefined;
    readonly disableMP?: boolean | undefined;
    readonly dualStackAddressFamily?: boolean | undefined;
  };
}

/** metallb.io/v1beta1 BGPPeer (deprecated, served). */
export interface BGPPeerV1beta1View {
  readonly metadata: ObjectMetaView;
  readonly spec: {
    readonly myASN: number;
    readonly peerASN: number;
    readonly peerAddress: string;
    readonly sourceAddress?: string | undefined;
    readonly peerPort?: number | undefined;
    readonly holdTime?: string | undefined;
    readonly keepaliveTime?: string | undefined;
    readonly routerID?: string | undefined;
    readonly nodeSelectors?:
      | readonly {
          readonly matchLabels?: Readonly<Record<string, string>> | undefined;
          readonly matchExpressions?: readonly LabelSelectorRequirement[] | undefined;
        }[]
      | undefined;
    readonly password?: string | undefined;
    readonly bfdProfile?: string | undefined;
    readonly ebgpMultiHop?: boolean | undefined;
  };
}

export interface BFDProfileView {
  readonly metadata: ObjectMetaView;
  readonly spec?:
    | {
        readonly receiveInterval?: number | undefined;
        readonly transmitInterval?: number | undefined;
        readonly detectMultiplier?: number | undefined;
        readonly echoInterval?: number | undefined;
        readonly echoMode?: boolean | undefined;
        readonly passiveMode?: boolean | undefined;
        readonly minimumTtl?: number | undefined;
      }
    | undefined;
}

/** One alias; the CRD leaves both fields optional, and a missing one reads as "" (Go's zero value). */
export interface CommunityAliasView {
  readonly name?: string | undefined;
  readonly value?: string | undefined;
}

export interface CommunityView {
  readonly metadata: ObjectMetaView;
  readonly spec?: { readonly communities?: readonly CommunityAliasView[] | undefined } | undefined;
}

export interface SecretView {
  readonly metadata: ObjectMetaView;
  readonly type?: string | undefined;
  /** base64 values, as stored. */
  readonly data?: Readonly<Record<string, string>> | undefined;
  /** Plain values, as written in manifests (the API server folds them into data). */
  readonly stringData?: Readonly<Record<string, string>> | undefined;
}

export interface NodeConditionView {
  readonly type: string;
  readonly status: string;
}

export interface NodeView {
  readonly metadata: ObjectMetaView;
  readonly status?: { readonly conditions?: readonly NodeConditionView[] | undefined } | undefined;
}

export interface NamespaceView {
  readonly metadata: ObjectMetaView;
}

/** Everything configFor reads, listed from the metallb namespace (CRs, Secrets) and the cluster (Nodes, Namespaces). */
export interface ClusterResources {
  readonly pools?: readonly IPAddressPoolView[] | undefined;
  readonly peers?: readonly BGPPeerView[] | undefined;
  /** v1beta1 peers; converted to v1beta2 before parsing, exactly as the API server's conversion webhook would. */
  readonly peersV1beta1?: readonly BGPPeerV1beta1View[] | undefined;
  readonly bfdProfiles?: readonly BFDProfileView[] | undefined;
  readonly bgpAdvertisements?: readonly BGPAdvertisementView[] | undefined;
  readonly l2Advertisements?: readonly L2AdvertisementView[] | undefined;
  readonly communities?: readonly CommunityView[] | undefined;
  readonly secrets?: readonly SecretView[] | undefined;
  readonly nodes?: readonly NodeView[] | undefined;
  readonly namespaces?: readonly NamespaceView[] | undefined;
  /** Content of the `bgpextras` ConfigMap key `extras` (frr mode only). */
  readonly bgpExtras?: string | undefined;
}

// What apiToFRR reads: FRRConfiguration objects (CRD JSON shape), the node, and secrets.
// These are structural slices of the frrk8s.metallb.io/v1beta1 and core/v1 types, so both the
// zod-parsed objects of @metallb-ts/api and plain YAML/JSON objects fit.

export interface LabelSelectorInput {
  readonly matchLabels?: Readonly<Record<string, string>> | undefined;
  readonly matchExpressions?:
    | readonly { readonly key: string; readonly operator: string; readonly values?: readonly string[] | undefined }[]
    | undefined;
}

export interface ObjectMetaInput {
  readonly name?: string | undefined;
  readonly namespace?: string | undefined;
}

export interface PrefixSelectorInput {
  readonly prefix?: string | undefined;
  readonly le?: number | undefined;
  readonly ge?: number | undefined;
}

export interface AdvertiseInput {
  readonly allowed?: { readonly mode?: string | undefined; readonly prefixes?: readonly string[] | undefined } | undefined;
  readonly nextHop?: { readonly ipv4?: string | undefined; readonly ipv6?: string | undefined } | undefined;
  readonly withLocalPref?:
    | readonly { readonly prefixes?: readonly string[] | undefined; readonly localPref?: number | undefined }[]
    | undefined;
  readonly withCommunity?:
    | readonly { readonly prefixes?: readonly string[] | undefined; readonly community?: string | undefined }[]
    | undefined;
}

export interface ReceiveInput {
  readonly allowed?:
    | { readonly mode?: string | undefined; readonly prefixes?: readonly PrefixSelectorInput[] | undefined }
    | undefined;
}

export interface NeighborInput {
  readonly asn?: number | undefined;
  readonly dynamicASN?: string | undefined;
  readonly localASN?: number | undefined;
  /** JSON key is all lower-case in the CRD. */
  readonly sourceaddress?: string | undefined;
  readonly address?: string | undefined;
  readonly interface?: string | undefined;
  readonly port?: number | undefined;
  readonly password?: string | undefined;
  readonly passwordSecret?: { readonly name?: string | undefined; readonly namespace?: string | undefined } | undefined;
  readonly holdTime?: string | undefined;
  readonly keepaliveTime?: string | undefined;
  readonly connectTime?: string | undefined;
  readonly ebgpMultiHop?: boolean | undefined;
  readonly bfdProfile?: string | undefined;
  readonly enableGracefulRestart?: boolean | undefined;
  readonly toAdvertise?: AdvertiseInput | undefined;
  readonly toReceive?: ReceiveInput | undefined;
  readonly disableMP?: boolean | undefined;
  readonly dualStackAddressFamily?: boolean | undefined;
  readonly addressFamilies?: readonly string[] | undefined;
}

export interface RouterInput {
  readonly asn: number;
  readonly id?: string | undefined;
  readonly vrf?: string | undefined;
  readonly neighbors?: readonly NeighborInput[] | undefined;
  readonly prefixes?: readonly string[] | undefined;
  readonly imports?: readonly { readonly vrf?: string | undefined }[] | undefined;
}

export interface BFDProfileInput {
  readonly name: string;
  readonly receiveInterval?: number | undefined;
  readonly transmitInterval?: number | undefined;
  readonly detectMultiplier?: number | undefined;
  readonly echoInterval?: number | undefined;
  readonly echoMode?: boolean | undefined;
  readonly passiveMode?: boolean | undefined;
  readonly minimumTtl?: number | undefined;
}

export interface FRRConfigurationInput {
  readonly metadata: ObjectMetaInput;
  readonly spec?:
    | {
        readonly bgp?:
          | { readonly routers?: readonly RouterInput[] | undefined; readonly bfdProfiles?: readonly BFDProfileInput[] | undefined }
          | undefined;
        readonly raw?: { readonly priority?: number | undefined; readonly rawConfig?: string | undefined } | undefined;
        readonly nodeSelector?: LabelSelectorInput | undefined;
      }
    | undefined;
}

/** A core/v1 Secret slice: `data` is base64 as the API serves it; `stringData` as written in manifests. */
export interface SecretInput {
  readonly metadata: ObjectMetaInput;
  readonly type?: string | undefined;
  readonly data?: Readonly<Record<string, string>> | undefined;
  readonly stringData?: Readonly<Record<string, string>> | undefined;
}

export interface NodeInput {
  readonly name: string;
  readonly labels?: Readonly<Record<string, string>> | undefined;
}

/** frr-k8s log levels (`--log-level`, FRRK8sConfiguration `spec.logLevel`). */
export const FRRK8sLogLevel = { all: "all", debug: "debug", info: "info", warn: "warn", error: "error", none: "none" } as const;
export type FRRK8sLogLevel = (typeof FRRK8sLogLevel)[keyof typeof FRRK8sLogLevel];

export interface ClusterResources {
  /** FRRConfigurations of the frr-k8s namespace (others must be filtered out by the caller). */
  readonly frrConfigurations: readonly FRRConfigurationInput[];
  /** The node the configuration is for: its labels select configurations, its name is the default hostname. */
  readonly node: NodeInput;
  /** Secrets of the frr-k8s namespace, by name (upstream ignores `passwordSecret.namespace`). */
  readonly secrets: ReadonlyMap<string, SecretInput>;
}

export interface APIToFRROptions {
  /** `--always-block` CIDRs: denied inbound on every neighbor, whatever `toReceive` says. */
  readonly alwaysBlock?: readonly string[];
  /** frr-k8s level; mapped to FRR's `log stdout` level. Default "info". */
  readonly logLevel?: string;
  /** Defaults to the node name (upstream uses the host name of the node). */
  readonly hostname?: string;
  /** Router ID for routers without an explicit `id` (upstream derives one on IPv6-only hosts). */
  readonly fallbackRouterID?: string;
  /**
   * Skip node-selector filtering: the configurations are already the ones selecting the node
   * (the daemon filters before caching with configurationsForNode).
   */
  readonly preselected?: boolean;
}

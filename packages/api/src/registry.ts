// Every kind the api package knows: its TypeScript type name, resource constants and schema.
// parseObject dispatches on it; hack/gen-crds.ts generates a CRD for each entry with `crd: true`.
import type { z } from "zod";
import { BGPPeerSchema, BGPPeerV1beta1Schema } from "./bgp-peer.js";
import { EndpointSliceSchema, NamespaceSchema, NodeSchema, SecretSchema, ServiceSchema } from "./core.js";
import {
  BGPSessionStateSchema,
  FRRConfigurationSchema,
  FRRK8sConfigurationSchema,
  FRRNodeStateSchema,
} from "./frr-k8s.js";
import {
  BFDProfileSchema,
  BGPAdvertisementSchema,
  CommunitySchema,
  ConfigurationStateSchema,
  IPAddressPoolSchema,
  L2AdvertisementSchema,
  ServiceBGPStatusSchema,
  ServiceL2StatusSchema,
} from "./metallb.js";
import * as R from "./resources.js";
import type { ResourceInfo } from "./resources.js";

const schemas = {
  IPAddressPool: IPAddressPoolSchema,
  BGPAdvertisement: BGPAdvertisementSchema,
  L2Advertisement: L2AdvertisementSchema,
  BFDProfile: BFDProfileSchema,
  Community: CommunitySchema,
  BGPPeer: BGPPeerSchema,
  BGPPeerV1beta1: BGPPeerV1beta1Schema,
  ServiceBGPStatus: ServiceBGPStatusSchema,
  ServiceL2Status: ServiceL2StatusSchema,
  ConfigurationState: ConfigurationStateSchema,
  FRRConfiguration: FRRConfigurationSchema,
  FRRNodeState: FRRNodeStateSchema,
  BGPSessionState: BGPSessionStateSchema,
  FRRK8sConfiguration: FRRK8sConfigurationSchema,
  Service: ServiceSchema,
  Node: NodeSchema,
  Namespace: NamespaceSchema,
  Secret: SecretSchema,
  EndpointSlice: EndpointSliceSchema,
} as const;

/** TypeScript type name of each known kind and version ("BGPPeer" is v1beta2, "BGPPeerV1beta1" v1beta1). */
export type KindName = keyof typeof schemas;
export type KindObject<K extends KindName> = z.output<(typeof schemas)[K]>;

export interface KindEntry<K extends KindName = KindName> {
  readonly type: K;
  readonly resource: ResourceInfo;
  readonly schema: (typeof schemas)[K];
  /** Whether the kind is one of ours (has a generated CRD) rather than a built-in. */
  readonly crd: boolean;
}

function entry<K extends KindName>(type: K, resource: ResourceInfo, crd = true): KindEntry<K> {
  return { type, resource, schema: schemas[type], crd };
}

export const kinds: readonly KindEntry[] = [
  entry("IPAddressPool", R.IPAddressPoolResource),
  entry("BGPAdvertisement", R.BGPAdvertisementResource),
  entry("L2Advertisement", R.L2AdvertisementResource),
  entry("BFDProfile", R.BFDProfileResource),
  entry("Community", R.CommunityResource),
  entry("BGPPeer", R.BGPPeerResource),
  entry("BGPPeerV1beta1", R.BGPPeerV1beta1Resource),
  entry("ServiceBGPStatus", R.ServiceBGPStatusResource),
  entry("ServiceL2Status", R.ServiceL2StatusResource),
  entry("ConfigurationState", R.ConfigurationStateResource),
  entry("FRRConfiguration", R.FRRConfigurationResource),
  entry("FRRNodeState", R.FRRNodeStateResource),
  entry("BGPSessionState", R.BGPSessionStateResource),
  entry("FRRK8sConfiguration", R.FRRK8sConfigurationResource),
  entry("Service", R.ServiceResource, false),
  entry("Node", R.NodeResource, false),
  entry("Namespace", R.NamespaceResource, false),
  entry("Secret", R.SecretResource, false),
  entry("EndpointSlice", R.EndpointSliceResource, false),
];

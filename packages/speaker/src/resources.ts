// Resource descriptors for the kinds the speaker reads and writes, built from @metallb-ts/api's
// constants. Core kinds are validated at the boundary with the api's loose schemas; MetalLB CRs are
// not (the API server already enforced the CRD schema, and semantic problems must reach the
// configuration parser, which reports them in ConfigurationState instead of dropping the object).
import {
  BFDProfileResource as BFDProfileInfo,
  BGPAdvertisementResource as BGPAdvertisementInfo,
  BGPPeerResource as BGPPeerInfo,
  CommunityResource as CommunityInfo,
  ConfigurationStateResource as ConfigurationStateInfo,
  EndpointSliceSchema,
  FRRConfigurationResource as FRRConfigurationInfo,
  FRRNodeStateResource as FRRNodeStateInfo,
  IPAddressPoolResource as IPAddressPoolInfo,
  L2AdvertisementResource as L2AdvertisementInfo,
  NamespaceSchema,
  NodeSchema,
  SecretSchema,
  ServiceBGPStatusResource as ServiceBGPStatusInfo,
  ServiceSchema,
  type ConfigurationState,
  type EndpointSlice,
  type FRRNodeState,
  type Namespace,
  type Node,
  type Secret,
  type Service,
  type ServiceBGPStatus,
} from "@metallb-ts/api";
import {
  ConfigMapResource,
  EndpointSliceResource as CoreEndpointSliceResource,
  NamespaceResource as CoreNamespaceResource,
  NodeResource as CoreNodeResource,
  SecretResource as CoreSecretResource,
  ServiceResource as CoreServiceResource,
  resourceFromInfo,
  withSchema,
} from "@metallb-ts/runtime";
import type { BFDProfileView, BGPAdvertisementView, BGPPeerView, CommunityView, IPAddressPoolView, L2AdvertisementView } from "@metallb-ts/config";
import type { FRRConfigurationObject } from "./frrk8s/frr-configuration.js";

// MetalLB CRs are typed with the configuration parser's views: what it reads is all the speaker reads.
export const IPAddressPoolResource = resourceFromInfo<IPAddressPoolView>(IPAddressPoolInfo);
export const BGPPeerResource = resourceFromInfo<BGPPeerView>(BGPPeerInfo);
export const BGPAdvertisementResource = resourceFromInfo<BGPAdvertisementView>(BGPAdvertisementInfo);
export const L2AdvertisementResource = resourceFromInfo<L2AdvertisementView>(L2AdvertisementInfo);
export const BFDProfileResource = resourceFromInfo<BFDProfileView>(BFDProfileInfo);
export const CommunityResource = resourceFromInfo<CommunityView>(CommunityInfo);
export const ServiceBGPStatusResource = resourceFromInfo<ServiceBGPStatus>(ServiceBGPStatusInfo);
export const ConfigurationStateResource = resourceFromInfo<ConfigurationState>(ConfigurationStateInfo);
/** Typed with the speaker's own object shape: it is what the speaker writes (and compares with). */
export const FRRConfigurationResource = resourceFromInfo<FRRConfigurationObject>(FRRConfigurationInfo);
export const FRRNodeStateResource = resourceFromInfo<FRRNodeState>(FRRNodeStateInfo);

export const ServiceResource = withSchema<Service>(CoreServiceResource, ServiceSchema);
export const EndpointSliceResource = withSchema<EndpointSlice>(CoreEndpointSliceResource, EndpointSliceSchema);
export const NodeResource = withSchema<Node>(CoreNodeResource, NodeSchema);
export const NamespaceResource = withSchema<Namespace>(CoreNamespaceResource, NamespaceSchema);
export const SecretResource = withSchema<Secret>(CoreSecretResource, SecretSchema);
export { ConfigMapResource };

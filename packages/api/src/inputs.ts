// Input types (what a manifest may omit because the schema fills a default), e.g. for building objects in code.
import type { z } from "zod";
import type * as S from "./schemas.js";

export type IPAddressPoolInput = z.input<typeof S.IPAddressPoolSchema>;
export type BGPAdvertisementInput = z.input<typeof S.BGPAdvertisementSchema>;
export type L2AdvertisementInput = z.input<typeof S.L2AdvertisementSchema>;
export type BFDProfileInput = z.input<typeof S.BFDProfileSchema>;
export type CommunityInput = z.input<typeof S.CommunitySchema>;
export type BGPPeerInput = z.input<typeof S.BGPPeerSchema>;
export type BGPPeerV1beta1Input = z.input<typeof S.BGPPeerV1beta1Schema>;
export type ServiceBGPStatusInput = z.input<typeof S.ServiceBGPStatusSchema>;
export type ServiceL2StatusInput = z.input<typeof S.ServiceL2StatusSchema>;
export type ConfigurationStateInput = z.input<typeof S.ConfigurationStateSchema>;
export type FRRConfigurationInput = z.input<typeof S.FRRConfigurationSchema>;
export type FRRNodeStateInput = z.input<typeof S.FRRNodeStateSchema>;
export type BGPSessionStateInput = z.input<typeof S.BGPSessionStateSchema>;
export type FRRK8sConfigurationInput = z.input<typeof S.FRRK8sConfigurationSchema>;
export type ServiceInput = z.input<typeof S.ServiceSchema>;
export type NodeInput = z.input<typeof S.NodeSchema>;
export type NamespaceInput = z.input<typeof S.NamespaceSchema>;
export type SecretInput = z.input<typeof S.SecretSchema>;
export type EndpointSliceInput = z.input<typeof S.EndpointSliceSchema>;

// How the daemon addresses the frrk8s.metallb.io kinds on the API server. FRRConfigurations are not
// validated by the informer: most of them do not select this node, so they are projected first
// (configuration-store.ts) and only the selecting ones are validated.
import {
  BGPSessionStateResource as BGPSessionStateInfo,
  BGPSessionStateSchema,
  FRRConfigurationResource as FRRConfigurationInfo,
  FRRK8sConfigurationResource as FRRK8sConfigurationInfo,
  FRRK8sConfigurationSchema,
  FRRNodeStateResource as FRRNodeStateInfo,
  type BGPSessionState,
  type FRRConfiguration,
  type FRRK8sConfiguration,
  type FRRNodeState,
} from "@metallb-ts/api";
import { resourceFromInfo } from "@metallb-ts/runtime";

export const FRRConfigurationResource = resourceFromInfo<FRRConfiguration>(FRRConfigurationInfo);
export const FRRNodeStateResource = resourceFromInfo<FRRNodeState>(FRRNodeStateInfo);
export const BGPSessionStateResource = resourceFromInfo<BGPSessionState>(BGPSessionStateInfo, BGPSessionStateSchema);
export const FRRK8sConfigurationResource = resourceFromInfo<FRRK8sConfiguration>(FRRK8sConfigurationInfo, FRRK8sConfigurationSchema);

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
import { defineResource, type KubeObject, type ResourceType } from "@metallb-ts/runtime";

interface Info {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly plural: string;
  readonly namespaced: boolean;
}

type Schema<T extends KubeObject> = NonNullable<ResourceType<T>["schema"]>;

function resource<T extends KubeObject>(info: Info, schema?: Schema<T>): ResourceType<T> {
  const { group, version, kind, plural, namespaced } = info;
  return defineResource<T>({ group, version, kind, plural, namespaced, statusSubresource: true, ...(schema ? { schema } : {}) });
}

export const FRRConfigurationResource = resource<FRRConfiguration>(FRRConfigurationInfo);
export const FRRNodeStateResource = resource<FRRNodeState>(FRRNodeStateInfo);
export const BGPSessionStateResource = resource<BGPSessionState>(BGPSessionStateInfo, BGPSessionStateSchema);
export const FRRK8sConfigurationResource = resource<FRRK8sConfiguration>(FRRK8sConfigurationInfo, FRRK8sConfigurationSchema);

// The API resources the webhooks read and write, as runtime ResourceTypes.
import { BGPAdvertisementResource, BGPPeerResource, CommunityResource, FRRConfigurationResource, IPAddressPoolResource, L2AdvertisementResource } from "@metallb-ts/api";
import { defineResource, type KubeObject, type ResourceType } from "@metallb-ts/runtime";

function crResource(info: { group: string; version: string; kind: string; plural: string }): ResourceType {
  return defineResource({ group: info.group, version: info.version, kind: info.kind, plural: info.plural, namespaced: true, statusSubresource: true });
}

export const IPAddressPools = crResource(IPAddressPoolResource);
export const BGPPeersV1beta2 = crResource(BGPPeerResource);
export const BGPAdvertisements = crResource(BGPAdvertisementResource);
export const L2Advertisements = crResource(L2AdvertisementResource);
export const Communities = crResource(CommunityResource);
export const FRRConfigurations = crResource(FRRConfigurationResource);

export interface WebhookClientConfig {
  caBundle?: string | undefined;
  url?: string | undefined;
  service?: { name: string; namespace: string; path?: string | undefined; port?: number | undefined } | undefined;
}

export interface ValidatingWebhookConfiguration extends KubeObject {
  webhooks?: { name: string; clientConfig?: WebhookClientConfig | undefined; [k: string]: unknown }[] | undefined;
}

export interface CustomResourceDefinition extends KubeObject {
  spec?: {
    conversion?: { strategy?: string | undefined; webhook?: { clientConfig?: WebhookClientConfig | undefined; conversionReviewVersions?: string[] | undefined } | undefined } | undefined;
    [k: string]: unknown;
  } | undefined;
}

export const ValidatingWebhookConfigurations = defineResource<ValidatingWebhookConfiguration>({
  group: "admissionregistration.k8s.io",
  version: "v1",
  kind: "ValidatingWebhookConfiguration",
  plural: "validatingwebhookconfigurations",
  namespaced: false,
});

export const CustomResourceDefinitions = defineResource<CustomResourceDefinition>({
  group: "apiextensions.k8s.io",
  version: "v1",
  kind: "CustomResourceDefinition",
  plural: "customresourcedefinitions",
  namespaced: false,
  statusSubresource: true,
});

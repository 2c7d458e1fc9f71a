// The API resources the webhooks read and write, as runtime ResourceTypes.
import { BGPAdvertisementResource, BGPPeerResource, CommunityResource, FRRConfigurationResource, IPAddressPoolResource, L2AdvertisementResource } from "@metallb-ts/api";
import { defineResource, resourceFromInfo, type KubeObject } from "@metallb-ts/runtime";

export const IPAddressPools = resourceFromInfo(IPAddressPoolResource);
export const BGPPeersV1beta2 = resourceFromInfo(BGPPeerResource);
export const BGPAdvertisements = resourceFromInfo(BGPAdvertisementResource);
export const L2Advertisements = resourceFromInfo(L2AdvertisementResource);
export const Communities = resourceFromInfo(CommunityResource);
export const FRRConfigurations = resourceFromInfo(FRRConfigurationResource);

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

// Resource descriptors for what the controller reads and writes. Services and Namespaces are validated
// at the boundary with the api's loose schemas; MetalLB CRs are not (the API server enforced the CRD
// schema, and semantic problems must reach configFor, which reports them in ConfigurationState).
import {
  CommunityResource as CommunityInfo,
  ConfigurationStateResource as ConfigurationStateInfo,
  IPAddressPoolResource as IPAddressPoolInfo,
  NamespaceSchema,
  ServiceSchema,
  type Community,
  type ConfigurationState,
  type IPAddressPool,
  type Namespace,
  type ResourceInfo,
  type Service,
} from "@metallb-ts/api";
import {
  NamespaceResource as CoreNamespaceResource,
  ServiceResource as CoreServiceResource,
  defineResource,
  withSchema,
  type KubeObject,
  type ResourceType,
} from "@metallb-ts/runtime";

function fromInfo<T extends KubeObject>(info: ResourceInfo): ResourceType<T> {
  return defineResource<T>({
    group: info.group,
    version: info.version,
    kind: info.kind,
    plural: info.plural,
    namespaced: info.namespaced,
    statusSubresource: info.subresources.status,
  });
}

export const ServiceResource: ResourceType<Service> = withSchema(CoreServiceResource, ServiceSchema);
export const NamespaceResource: ResourceType<Namespace> = withSchema(CoreNamespaceResource, NamespaceSchema);
export const IPAddressPoolResource: ResourceType<IPAddressPool> = fromInfo(IPAddressPoolInfo);
export const CommunityResource: ResourceType<Community> = fromInfo(CommunityInfo);
export const ConfigurationStateResource: ResourceType<ConfigurationState> = fromInfo(ConfigurationStateInfo);
export const DeploymentResource: ResourceType = defineResource({ group: "apps", version: "v1", kind: "Deployment", plural: "deployments", namespaced: true });

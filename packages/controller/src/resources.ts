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
  type Service,
} from "@metallb-ts/api";
import {
  NamespaceResource as CoreNamespaceResource,
  ServiceResource as CoreServiceResource,
  defineResource,
  resourceFromInfo,
  withSchema,
  type ResourceType,
} from "@metallb-ts/runtime";

export const ServiceResource: ResourceType<Service> = withSchema(CoreServiceResource, ServiceSchema);
export const NamespaceResource: ResourceType<Namespace> = withSchema(CoreNamespaceResource, NamespaceSchema);
export const IPAddressPoolResource: ResourceType<IPAddressPool> = resourceFromInfo(IPAddressPoolInfo);
export const CommunityResource: ResourceType<Community> = resourceFromInfo(CommunityInfo);
export const ConfigurationStateResource: ResourceType<ConfigurationState> = resourceFromInfo(ConfigurationStateInfo);
export const DeploymentResource: ResourceType = defineResource({ group: "apps", version: "v1", kind: "Deployment", plural: "deployments", namespaced: true });

// Annotation and label keys read or written by MetalLB and frr-k8s.

/** Service annotations: current keys (metallb.io/*); the legacy keys below are still read. */
export const Annotation = {
  addressPool: "metallb.io/address-pool",
  loadBalancerIPs: "metallb.io/loadBalancerIPs",
  allowSharedIP: "metallb.io/allow-shared-ip",
  /** Written by the controller: the pool the Service's current IPs came from. */
  ipAllocatedFromPool: "metallb.io/ip-allocated-from-pool",
} as const;
export type Annotation = (typeof Annotation)[keyof typeof Annotation];

/**
 * Legacy keys. The current key wins when present, even with an empty value. `ipAllocatedFromPool` is
 * defined upstream but never read or written.
 */
export const LegacyAnnotation = {
  addressPool: "metallb.universe.tf/address-pool",
  loadBalancerIPs: "metallb.universe.tf/loadBalancerIPs",
  allowSharedIP: "metallb.universe.tf/allow-shared-ip",
  ipAllocatedFromPool: "metallb.universe.tf/ip-allocated-from-pool",
} as const;
export type LegacyAnnotation = (typeof LegacyAnnotation)[keyof typeof LegacyAnnotation];

/** Prefix of every legacy annotation; the controller warns (`deprecatedAnnotation`) about each one. */
export const legacyAnnotationPrefix = "metallb.universe.tf";

/** Labels MetalLB puts on its own status objects (ServiceBGPStatus, ServiceL2Status, ConfigurationState). */
export const MetalLBLabel = {
  /** ServiceBGPStatus / ServiceL2Status: the announcing node. */
  node: "metallb.io/node",
  serviceName: "metallb.io/service-name",
  serviceNamespace: "metallb.io/service-namespace",
  /** ConfigurationState: `controller` or `speaker`. */
  componentType: "metallb.io/component-type",
  /** ConfigurationState of a speaker: its node. */
  nodeName: "metallb.io/node-name",
} as const;
export type MetalLBLabel = (typeof MetalLBLabel)[keyof typeof MetalLBLabel];

/** Labels frr-k8s puts on BGPSessionState objects. */
export const FRRK8sLabel = {
  node: "frrk8s.metallb.io/node",
  peer: "frrk8s.metallb.io/peer",
  vrf: "frrk8s.metallb.io/vrf",
} as const;
export type FRRK8sLabel = (typeof FRRK8sLabel)[keyof typeof FRRK8sLabel];

/** Well-known Kubernetes labels MetalLB and frr-k8s read. */
export const KubernetesLabel = {
  hostname: "kubernetes.io/hostname",
  /** Nodes carrying this label (any value) never announce, unless the speaker runs with --ignore-exclude-lb. */
  excludeFromExternalLoadBalancers: "node.kubernetes.io/exclude-from-external-load-balancers",
  /** Services labelled with a service proxy name are handled by that proxy, not kube-proxy. */
  serviceProxyName: "service.kubernetes.io/service-proxy-name",
  /** Services labelled headless have no cluster IP proxying. */
  headless: "service.kubernetes.io/headless",
  /** EndpointSlice → owning Service. */
  endpointSliceServiceName: "kubernetes.io/service-name",
} as const;
export type KubernetesLabel = (typeof KubernetesLabel)[keyof typeof KubernetesLabel];

/** Values of `metallb.io/component-type` on ConfigurationState objects. */
export const ComponentType = { controller: "controller", speaker: "speaker" } as const;
export type ComponentType = (typeof ComponentType)[keyof typeof ComponentType];

/** Secret type and key a BGP password secret must have. */
export const BGPPasswordSecret = { type: "kubernetes.io/basic-auth", key: "password" } as const;

// Slices of core/v1 and discovery.k8s.io/v1 that MetalLB and frr-k8s read. Only those fields are typed
// and validated; every other field passes through untouched (looseObject), so an object read, changed
// and written back loses nothing. Defaults are the API server's, so parsing a manifest gives what the
// server would store for the fields we model.
import { z } from "zod";
import { objectFields } from "./meta.js";

const stringMap = () => z.record(z.string(), z.string());
const port = () => z.number().int().min(0).max(65535);


// ---- Service ------------------------------------------------------------------------------------

export const ServiceType = {
  clusterIP: "ClusterIP",
  nodePort: "NodePort",
  loadBalancer: "LoadBalancer",
  externalName: "ExternalName",
} as const;
export type ServiceType = (typeof ServiceType)[keyof typeof ServiceType];

export const IPFamilyPolicy = {
  singleStack: "SingleStack",
  preferDualStack: "PreferDualStack",
  requireDualStack: "RequireDualStack",
} as const;
export type IPFamilyPolicy = (typeof IPFamilyPolicy)[keyof typeof IPFamilyPolicy];

const protocol = () => z.enum(["TCP", "UDP", "SCTP"]);

export const ServicePortSchema = z.looseObject({
  name: z.string().optional(),
  protocol: protocol().default("TCP"),
  port: port(),
  targetPort: z.union([z.number().int(), z.string()]).optional(),
  nodePort: port().optional(),
  appProtocol: z.string().optional(),
});
export type ServicePort = z.infer<typeof ServicePortSchema>;

export const ServiceSpecSchema = z.looseObject({
  type: z.enum(["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"]).default("ClusterIP"),
  ports: z.array(ServicePortSchema).optional(),
  selector: stringMap().optional(),
  clusterIP: z.string().optional(),
  clusterIPs: z.array(z.string()).optional(),
  ipFamilies: z.array(z.enum(["IPv4", "IPv6"])).optional(),
  ipFamilyPolicy: z.enum(["SingleStack", "PreferDualStack", "RequireDualStack"]).optional(),
  loadBalancerIP: z.string().optional(),
  loadBalancerClass: z.string().optional(),
  loadBalancerSourceRanges: z.array(z.string()).optional(),
  externalTrafficPolicy: z.enum(["Cluster", "Local"]).optional(),
  internalTrafficPolicy: z.enum(["Cluster", "Local"]).optional(),
  externalIPs: z.array(z.string()).optional(),
  healthCheckNodePort: port().optional(),
  allocateLoadBalancerNodePorts: z.boolean().optional(),
  sessionAffinity: z.string().optional(),
});
export type ServiceSpec = z.infer<typeof ServiceSpecSchema>;

export const LoadBalancerIngressSchema = z.looseObject({
  ip: z.string().optional(),
  hostname: z.string().optional(),
  ipMode: z.enum(["VIP", "Proxy"]).optional(),
  ports: z
    .array(z.looseObject({ port: port(), protocol: protocol(), error: z.string().optional() }))
    .optional(),
});
export type LoadBalancerIngress = z.infer<typeof LoadBalancerIngressSchema>;

export const ServiceStatusSchema = z.looseObject({
  loadBalancer: z.looseObject({ ingress: z.array(LoadBalancerIngressSchema).optional() }).optional(),
  conditions: z.array(z.looseObject({ type: z.string(), status: z.string() })).optional(),
});
export type ServiceStatus = z.infer<typeof ServiceStatusSchema>;

export const ServiceSchema = z.looseObject({
  ...objectFields("v1", "Service"),
  spec: ServiceSpecSchema.optional(),
  status: ServiceStatusSchema.optional(),
});
export type Service = z.infer<typeof ServiceSchema>;

// ---- Node ---------------------------------------------------------------------------------------

export const NodeAddressSchema = z.looseObject({ type: z.string(), address: z.string() });
export type NodeAddress = z.infer<typeof NodeAddressSchema>;

export const TaintSchema = z.looseObject({
  key: z.string(),
  value: z.string().optional(),
  effect: z.enum(["NoSchedule", "PreferNoSchedule", "NoExecute"]),
});
export type Taint = z.infer<typeof TaintSchema>;

export const NodeSpecSchema = z.looseObject({
  podCIDR: z.string().optional(),
  podCIDRs: z.array(z.string()).optional(),
  unschedulable: z.boolean().optional(),
  taints: z.array(TaintSchema).optional(),
});
export type NodeSpec = z.infer<typeof NodeSpecSchema>;

export const NodeConditionSchema = z.looseObject({
  type: z.string(),
  status: z.enum(["True", "False", "Unknown"]),
  reason: z.string().optional(),
  message: z.string().optional(),
  lastHeartbeatTime: z.string().optional(),
  lastTransitionTime: z.string().optional(),
});
export type NodeCondition = z.infer<typeof NodeConditionSchema>;

export const NodeStatusSchema = z.looseObject({
  addresses: z.array(NodeAddressSchema).optional(),
  conditions: z.array(NodeConditionSchema).optional(),
});
export type NodeStatus = z.infer<typeof NodeStatusSchema>;

export const NodeSchema = z.looseObject({
  ...objectFields("v1", "Node"),
  spec: NodeSpecSchema.optional(),
  status: NodeStatusSchema.optional(),
});
export type Node = z.infer<typeof NodeSchema>;

// ---- Namespace ----------------------------------------------------------------------------------

export const NamespaceSpecSchema = z.looseObject({ finalizers: z.array(z.string()).optional() });
export type NamespaceSpec = z.infer<typeof NamespaceSpecSchema>;

export const NamespaceStatusSchema = z.looseObject({ phase: z.enum(["Active", "Terminating"]).optional() });
export type NamespaceStatus = z.infer<typeof NamespaceStatusSchema>;

export const NamespaceSchema = z.looseObject({
  ...objectFields("v1", "Namespace"),
  spec: NamespaceSpecSchema.optional(),
  status: NamespaceStatusSchema.optional(),
});
export type Namespace = z.infer<typeof NamespaceSchema>;

// ---- Secret -------------------------------------------------------------------------------------

/** Secrets have no spec; `SecretSpec` names the payload fields for symmetry with the other kinds. */
export const SecretSpecSchema = z.object({
  type: z.string().default("Opaque"),
  /** Base64-encoded values, as on the wire. */
  data: stringMap().optional(),
  /** Write-only convenience field; the API server merges it into `data`. */
  stringData: stringMap().optional(),
  immutable: z.boolean().optional(),
});
export type SecretSpec = z.infer<typeof SecretSpecSchema>;

export const SecretSchema = z.looseObject({
  ...objectFields("v1", "Secret"),
  ...SecretSpecSchema.shape,
});
export type Secret = z.infer<typeof SecretSchema>;

/** Decoded value of `key` in a Secret (from `data`, else `stringData`), or undefined. */
export function secretValue(secret: Pick<Secret, "data" | "stringData">, key: string): string | undefined {
  const encoded = secret.data?.[key];
  if (encoded !== undefined) return new TextDecoder().decode(Uint8Array.from(atob(encoded), (c) => c.charCodeAt(0)));
  return secret.stringData?.[key];
}

// ---- EndpointSlice ------------------------------------------------------------------------------

export const EndpointConditionsSchema = z.looseObject({
  ready: z.boolean().optional(),
  serving: z.boolean().optional(),
  terminating: z.boolean().optional(),
});
export type EndpointConditions = z.infer<typeof EndpointConditionsSchema>;

export const EndpointSchema = z.looseObject({
  addresses: z.array(z.string()),
  conditions: EndpointConditionsSchema.optional(),
  hostname: z.string().optional(),
  nodeName: z.string().optional(),
  zone: z.string().optional(),
  targetRef: z.looseObject({ kind: z.string().optional(), name: z.string().optional(), namespace: z.string().optional() }).optional(),
});
export type Endpoint = z.infer<typeof EndpointSchema>;

export const EndpointSliceSpecSchema = z.object({
  addressType: z.enum(["IPv4", "IPv6", "FQDN"]),
  endpoints: z.array(EndpointSchema).nullable().optional(),
  ports: z
    .array(
      z.looseObject({
        name: z.string().optional(),
        port: z.number().int().optional(),
        protocol: protocol().optional(),
        appProtocol: z.string().optional(),
      }),
    )
    .nullable()
    .optional(),
});
export type EndpointSliceSpec = z.infer<typeof EndpointSliceSpecSchema>;

/** EndpointSlice keeps its fields at the top level; `EndpointSliceSpec` names them for symmetry. */
export const EndpointSliceSchema = z.looseObject({
  ...objectFields("discovery.k8s.io/v1", "EndpointSlice"),
  ...EndpointSliceSpecSchema.shape,
});
export type EndpointSlice = z.infer<typeof EndpointSliceSchema>;

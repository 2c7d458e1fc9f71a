// Resource descriptors: how a kind is addressed on the API server ({group, version, plural, namespaced}),
// optionally with the zod schema that validates objects of that kind at the boundary.
import type { ResourceInfo } from "@metallb-ts/api";
import type { z } from "zod";

export interface OwnerReference {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly uid: string;
  readonly controller?: boolean | undefined;
  readonly blockOwnerDeletion?: boolean | undefined;
}

/** The metadata fields runtime reads or writes. Optional props accept `undefined` (zod-inferred types do). */
export interface ObjectMeta {
  name?: string | undefined;
  generateName?: string | undefined;
  namespace?: string | undefined;
  uid?: string | undefined;
  resourceVersion?: string | undefined;
  generation?: number | undefined;
  creationTimestamp?: string | undefined;
  deletionTimestamp?: string | undefined;
  labels?: Record<string, string> | undefined;
  annotations?: Record<string, string> | undefined;
  ownerReferences?: OwnerReference[] | undefined;
  finalizers?: string[] | undefined;
  managedFields?: unknown[] | undefined;
}

export interface KubeObject {
  apiVersion?: string | undefined;
  kind?: string | undefined;
  metadata?: ObjectMeta | undefined;
}

export interface ResourceType<T extends KubeObject = KubeObject> {
  /** "" for the core group. */
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** Lower-case plural used in URLs ("services", "ipaddresspools"). */
  readonly plural: string;
  readonly namespaced: boolean;
  /** True when the kind has a /status subresource: the main endpoint then ignores `.status`. */
  readonly statusSubresource: boolean;
  /** When set, informers validate every object with it and surface failures as InvalidObjectError. */
  readonly schema?: z.ZodType<T> | undefined;
}

/** Declares a resource; `T` is the object type the client and informers hand out. */
export function defineResource<T extends KubeObject = KubeObject>(spec: {
  group: string;
  version: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  statusSubresource?: boolean;
  schema?: z.ZodType<T>;
}): ResourceType<T> {
  return { ...spec, statusSubresource: spec.statusSubresource ?? false };
}

/**
 * The descriptor of a kind described by @metallb-ts/api (`IPAddressPoolResource` and the like), typed
 * with the object type the caller reads; with `schema`, informers validate objects at the boundary.
 */
export function resourceFromInfo<T extends KubeObject = KubeObject>(info: ResourceInfo, schema?: z.ZodType<T>): ResourceType<T> {
  return defineResource<T>({
    group: info.group,
    version: info.version,
    kind: info.kind,
    plural: info.plural,
    namespaced: info.namespaced,
    statusSubresource: info.subresources.status,
    ...(schema ? { schema } : {}),
  });
}

/** The same resource, validated at the boundary by `schema`. */
export function withSchema<T extends KubeObject>(resource: ResourceType, schema: z.ZodType<T>): ResourceType<T> {
  return { ...resource, schema };
}

export function apiVersionOf(resource: ResourceType): string {
  return resource.group === "" ? resource.version : `${resource.group}/${resource.version}`;
}

/** Stable identity of a resource type, e.g. "services" or "ipaddresspools.metallb.io". */
export function resourceId(resource: ResourceType): string {
  return resource.group === "" ? resource.plural : `${resource.plural}.${resource.group}`;
}

/** URL path of a collection or an object: /api/v1/namespaces/ns/services/name/status. */
export function resourcePath(
  resource: ResourceType,
  at: { namespace?: string | undefined; name?: string | undefined; subresource?: string | undefined } = {},
): string {
  const root = resource.group === "" ? `/api/${resource.version}` : `/apis/${resource.group}/${resource.version}`;
  const ns = resource.namespaced && at.namespace ? `/namespaces/${encodeURIComponent(at.namespace)}` : "";
  const name = at.name === undefined ? "" : `/${encodeURIComponent(at.name)}`;
  const sub = at.name !== undefined && at.subresource ? `/${at.subresource}` : "";
  return `${root}${ns}/${resource.plural}${name}${sub}`;
}

/** "ns/name" for namespaced objects, "name" for cluster-scoped ones: the cache key client-go uses. */
export function objectKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

export function keyOfObject(obj: KubeObject): string {
  return objectKey(obj.metadata?.namespace, obj.metadata?.name ?? "");
}

/** "Service demo/web", for messages. */
export function describeObject(resource: ResourceType, obj: KubeObject): string {
  return `${resource.kind} ${keyOfObject(obj)}`;
}

// --- core kinds used by runtime itself and by every binary ---------------------------------------

export interface ConfigMap extends KubeObject {
  data?: Record<string, string> | undefined;
  binaryData?: Record<string, string> | undefined;
}

export interface LeaseSpec {
  holderIdentity?: string | undefined;
  leaseDurationSeconds?: number | undefined;
  acquireTime?: string | undefined;
  renewTime?: string | undefined;
  leaseTransitions?: number | undefined;
}

export interface Lease extends KubeObject {
  spec?: LeaseSpec | undefined;
}

export interface ObjectReference {
  apiVersion?: string | undefined;
  kind?: string | undefined;
  namespace?: string | undefined;
  name?: string | undefined;
  uid?: string | undefined;
  resourceVersion?: string | undefined;
  fieldPath?: string | undefined;
}

/** core/v1 Event (the API kubectl describe shows). */
export interface CoreEvent extends KubeObject {
  involvedObject: ObjectReference;
  reason?: string | undefined;
  message?: string | undefined;
  type?: string | undefined;
  source?: { component?: string | undefined; host?: string | undefined } | undefined;
  count?: number | undefined;
  firstTimestamp?: string | undefined;
  lastTimestamp?: string | undefined;
  reportingComponent?: string | undefined;
  reportingInstance?: string | undefined;
}

function core<T extends KubeObject = KubeObject>(kind: string, plural: string, namespaced: boolean, statusSubresource = false): ResourceType<T> {
  return defineResource<T>({ group: "", version: "v1", kind, plural, namespaced, statusSubresource });
}

export const ServiceResource = core("Service", "services", true, true);
export const NodeResource = core("Node", "nodes", false, true);
export const NamespaceResource = core("Namespace", "namespaces", false, true);
export const SecretResource = core("Secret", "secrets", true);
export const PodResource = core("Pod", "pods", true, true);
export const ConfigMapResource = core<ConfigMap>("ConfigMap", "configmaps", true);
export const EventResource = core<CoreEvent>("Event", "events", true);
export const EndpointSliceResource = defineResource({
  group: "discovery.k8s.io",
  version: "v1",
  kind: "EndpointSlice",
  plural: "endpointslices",
  namespaced: true,
});
export const LeaseResource: ResourceType<Lease> = defineResource<Lease>({
  group: "coordination.k8s.io",
  version: "v1",
  kind: "Lease",
  plural: "leases",
  namespaced: true,
});

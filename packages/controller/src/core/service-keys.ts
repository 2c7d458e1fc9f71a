// The only place where Service fields become allocator vocabulary (upstream k8salloc): which Services
// MetalLB handles, their current LoadBalancer IPs, and the allocator request.
import { Annotation, LegacyAnnotation, type Service } from "@metallb-ts/api";
import { resolveRequestedIPs, serviceRequestFor, type Labels, type ServiceRequestResult } from "@metallb-ts/allocator";

/** `namespace/name`, the allocator's and the work queue's key. */
export function serviceKeyOf(service: Pick<Service, "metadata">): string {
  return `${service.metadata.namespace ?? "default"}/${service.metadata.name}`;
}

export function isLoadBalancer(service: Service): boolean {
  return service.spec?.type === "LoadBalancer";
}

/**
 * The `--lb-class` filter (spec §2.1): without a class, only Services without `spec.loadBalancerClass`;
 * with one, only Services of exactly that class. Services filtered out are never touched.
 */
export function handlesClass(service: Service, lbClass: string | undefined): boolean {
  const own = service.spec?.loadBalancerClass ?? "";
  return own === (lbClass ?? "");
}

/** Non-empty `status.loadBalancer.ingress[].ip` values, in status order (hostnames are ignored). */
export function ingressIPs(service: Service): string[] {
  return (service.status?.loadBalancer?.ingress ?? []).map((i) => i.ip ?? "").filter((ip) => ip !== "");
}

export function allocatedPoolAnnotation(service: Service): string | undefined {
  return service.metadata.annotations?.[Annotation.ipAllocatedFromPool];
}

/** Keys of legacy `metallb.universe.tf/*` annotations, sorted (each gets a deprecatedAnnotation event). */
export function legacyAnnotationKeys(service: Service): string[] {
  return Object.keys(service.metadata.annotations ?? {})
    .filter((k) => k.startsWith("metallb.universe.tf"))
    .sort();
}

export type RequestedIPs = { ok: true; ips: string[] } | { ok: false; message: string };

export function requestedIPsOf(service: Service): RequestedIPs {
  return resolveRequestedIPs(service.metadata.annotations, service.spec?.loadBalancerIP);
}

/**
 * The allocator request. When the requested IPs themselves are invalid, the request is built without
 * them, so that the Service's current IPs can still be re-claimed (spec §2.9 step 9 keeps them).
 */
export function serviceRequestOf(service: Service, namespaceLabels: Labels): ServiceRequestResult {
  if (requestedIPsOf(service).ok) return serviceRequestFor(service, namespaceLabels);
  const annotations = { ...service.metadata.annotations };
  delete annotations[Annotation.loadBalancerIPs];
  delete annotations[LegacyAnnotation.loadBalancerIPs];
  const { loadBalancerIP: _ignored, ...spec } = service.spec ?? {};
  return serviceRequestFor({ ...service, metadata: { ...service.metadata, annotations }, spec }, namespaceLabels);
}

// Endpoint usability as the speaker sees it: at least one address, and ready (or readiness not
// reported) or serving. Terminating-but-serving endpoints count; `terminating` itself is ignored.
import { SERVICE_NAME_LABEL, serviceKey, type EndpointSliceView, type ServiceView } from "./views.js";

type Endpoint = NonNullable<EndpointSliceView["endpoints"]>[number];

export function isUsableEndpoint(ep: Endpoint): boolean {
  if ((ep.addresses ?? []).length === 0) return false;
  const ready = ep.conditions?.ready;
  return ready === undefined || ready === null || ready === true || ep.conditions?.serving === true;
}

/** The slices of `svc`: same namespace, label kubernetes.io/service-name = its name. */
export function slicesOf(svc: ServiceView, slices: readonly EndpointSliceView[]): EndpointSliceView[] {
  const ns = svc.metadata.namespace ?? "default";
  return slices.filter((s) => (s.metadata.namespace ?? "default") === ns && s.metadata.labels?.[SERVICE_NAME_LABEL] === svc.metadata.name);
}

/** Indexes slices by "ns/service" once, for planning many Services. */
export function indexSlices(slices: readonly EndpointSliceView[]): Map<string, EndpointSliceView[]> {
  const out = new Map<string, EndpointSliceView[]>();
  for (const s of slices) {
    const svc = s.metadata.labels?.[SERVICE_NAME_LABEL];
    if (svc === undefined) continue;
    const key = serviceKey({ metadata: { name: svc, namespace: s.metadata.namespace } });
    out.set(key, [...(out.get(key) ?? []), s]);
  }
  return out;
}

/** With `nodeName`, only endpoints on that node count (externalTrafficPolicy Local). */
export function hasUsableEndpoint(slices: readonly EndpointSliceView[], nodeName?: string): boolean {
  return slices.some((s) => (s.endpoints ?? []).some((ep) => isUsableEndpoint(ep) && (nodeName === undefined || ep.nodeName === nodeName)));
}

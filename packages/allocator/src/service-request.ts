// What the allocator needs to know about a Service (ServiceRequest), and the pure helpers that derive it
// from a Service object: requested IPs with annotation precedence (spec §2.2, §2.3), the family from the
// ClusterIPs (§2.4), ports, sharing and backend keys (§2.7).
import { Annotation, type IPFamilyPolicy, LegacyAnnotation } from "@metallb-ts/api";
import { formatAddress, parseAddress } from "./address.js";
import { goQuote } from "./go-format.js";
import { type AddressFamily, familyForAddresses, type ServiceFamily } from "./ip-family.js";
import type { Labels } from "./label-selector.js";

/** A (protocol, port) pair of `spec.ports`; two Services sharing an IP must not both use one. */
export interface ServicePortKey {
  readonly protocol: string;
  readonly port: number;
}

export interface ServiceRequest {
  readonly namespace: string;
  readonly name: string;
  /** Service labels, matched by `serviceAllocation.serviceSelectors`. */
  readonly labels?: Labels | undefined;
  /** Labels of the Service's Namespace, matched by `serviceAllocation.namespaceSelectors`. */
  readonly namespaceLabels?: Labels | undefined;
  /** From the ClusterIPs (not `spec.ipFamilies`): see `serviceFamilyFor`. */
  readonly family: ServiceFamily;
  /** Absent means SingleStack. */
  readonly ipFamilyPolicy?: IPFamilyPolicy | undefined;
  /** `spec.ipFamilies[0]`; decides which single family PreferDualStack falls back to. Default ipv4. */
  readonly primaryFamily?: AddressFamily | undefined;
  /** Resolved with `resolveRequestedIPs`; empty or absent for none. */
  readonly requestedIPs?: readonly string[] | undefined;
  /** Pool pinned by `metallb.io/address-pool`. */
  readonly pool?: string | undefined;
  /** `metallb.io/allow-shared-ip`; empty means the Service shares with nobody. */
  readonly sharingKey?: string | undefined;
  /** See `backendKeyFor`. */
  readonly backendKey?: string | undefined;
  readonly ports?: readonly ServicePortKey[] | undefined;
}

/** The allocation key of a Service: `namespace/name`. */
export function serviceKey(request: Pick<ServiceRequest, "namespace" | "name">): string {
  return `${request.namespace}/${request.name}`;
}

type Annotations = Readonly<Record<string, string>> | undefined;

/** The value of a MetalLB annotation: the current key wins when present, even empty; else the legacy key. */
export function annotationValue(annotations: Annotations, name: "addressPool" | "loadBalancerIPs" | "allowSharedIP"): string | undefined {
  if (annotations === undefined) return undefined;
  const current = Annotation[name];
  if (Object.hasOwn(annotations, current)) return annotations[current];
  return annotations[LegacyAnnotation[name]];
}

export type RequestedIPsResult = { ok: true; ips: string[] } | { ok: false; message: string };

/**
 * The IPs a Service asks for: `metallb.io/loadBalancerIPs` (or its legacy key; comma-separated, 1 IP or
 * one per family) or `spec.loadBalancerIP`, never both. IPs come back in canonical form. Upstream's texts.
 */
export function resolveRequestedIPs(annotations: Annotations, loadBalancerIP: string | undefined): RequestedIPsResult {
  const fromAnnotation = annotationValue(annotations, "loadBalancerIPs") ?? "";
  const fromSpec = loadBalancerIP ?? "";
  if (fromAnnotation !== "" && fromSpec !== "") {
    return { ok: false, message: "service can not have both metallb.io/loadBalancerIPs and svc.Spec.LoadBalancerIP" };
  }
  if (fromAnnotation !== "") {
    const ips: string[] = [];
    for (const item of fromAnnotation.split(",")) {
      const parsed = parseAddress(item.trim());
      if (!parsed) return { ok: false, message: `invalid metallb.io/loadBalancerIPs: ${goQuote(fromAnnotation)}` };
      ips.push(formatAddress(parsed));
    }
    const family = familyForAddresses(ips);
    return family.ok ? { ok: true, ips } : { ok: false, message: family.message };
  }
  if (fromSpec !== "") {
    const parsed = parseAddress(fromSpec);
    if (!parsed) return { ok: false, message: `invalid spec.loadBalancerIP ${goQuote(fromSpec)}` };
    return { ok: true, ips: [formatAddress(parsed)] };
  }
  return { ok: true, ips: [] };
}

/** The fields of a core/v1 Service the helpers read (the @metallb-ts/api Service is assignable to it). */
export interface ServiceSource {
  readonly metadata: {
    readonly name?: string | undefined;
    readonly namespace?: string | undefined;
    readonly labels?: Readonly<Record<string, string>> | undefined;
    readonly annotations?: Readonly<Record<string, string>> | undefined;
  };
  readonly spec?:
    | {
        readonly ports?: readonly { readonly protocol?: string | undefined; readonly port: number }[] | undefined;
        readonly selector?: Readonly<Record<string, string>> | undefined;
        readonly clusterIP?: string | undefined;
        readonly clusterIPs?: readonly string[] | undefined;
        readonly ipFamilies?: readonly string[] | undefined;
        readonly ipFamilyPolicy?: IPFamilyPolicy | undefined;
        readonly loadBalancerIP?: string | undefined;
        readonly externalTrafficPolicy?: string | undefined;
      }
    | undefined;
}

type ServiceSpecSource = NonNullable<ServiceSource["spec"]>;

/** `spec.clusterIPs`, or `[spec.clusterIP]` when the list is absent. */
export function clusterIPsOf(spec: ServiceSpecSource | undefined): string[] {
  if (spec?.clusterIPs && spec.clusterIPs.length > 0) return [...spec.clusterIPs];
  return spec?.clusterIP ? [spec.clusterIP] : [];
}

export type ServiceFamilyResult = { ok: true; family: ServiceFamily } | { ok: false; message: string };

/** The Service's family from its ClusterIPs (spec §2.4): 1 IP → its family, 2 of different families → dual. */
export function serviceFamilyFor(spec: ServiceSpecSource | undefined): ServiceFamilyResult {
  const ips = clusterIPsOf(spec);
  if (ips.length === 0) return { ok: false, message: "service has no ClusterIPs" };
  return familyForAddresses(ips);
}

export function portsFor(spec: ServiceSpecSource | undefined): ServicePortKey[] {
  return (spec?.ports ?? []).map((p) => ({ protocol: p.protocol ?? "TCP", port: p.port }));
}

/**
 * With `externalTrafficPolicy: Local`, the Service's selector as `k1=v1,k2=v2` (keys sorted); otherwise "".
 * Two Services may share an IP only with equal backend keys.
 */
export function backendKeyFor(spec: ServiceSpecSource | undefined): string {
  if (spec?.externalTrafficPolicy !== "Local") return "";
  return Object.keys(spec.selector ?? {})
    .sort()
    .map((k) => `${k}=${spec.selector?.[k] ?? ""}`)
    .join(",");
}

export type ServiceRequestResult = { ok: true; request: ServiceRequest } | { ok: false; message: string };

/**
 * Everything the allocator needs from a Service of type LoadBalancer, or why the Service cannot be
 * allocated at all (bad ClusterIPs, RequireDualStack without two ClusterIPs, bad requested IPs).
 */
export function serviceRequestFor(service: ServiceSource, namespaceLabels: Labels = {}): ServiceRequestResult {
  const spec = service.spec;
  const family = serviceFamilyFor(spec);
  if (!family.ok) return family;
  const policy = spec?.ipFamilyPolicy ?? "SingleStack";
  const clusterIPs = clusterIPsOf(spec);
  if (policy === "RequireDualStack" && clusterIPs.length < 2) {
    return { ok: false, message: `Service requires dual stack but not enough clusterips [${clusterIPs.join(" ")}]` };
  }
  const annotations = service.metadata.annotations;
  const requested = resolveRequestedIPs(annotations, spec?.loadBalancerIP);
  if (!requested.ok) return requested;
  const pool = annotationValue(annotations, "addressPool");
  return {
    ok: true,
    request: {
      namespace: service.metadata.namespace ?? "default",
      name: service.metadata.name ?? "",
      labels: service.metadata.labels ?? {},
      namespaceLabels,
      family: family.family,
      ipFamilyPolicy: policy,
      primaryFamily: spec?.ipFamilies?.[0] === "IPv6" ? "ipv6" : "ipv4",
      requestedIPs: requested.ips,
      pool: pool === "" ? undefined : pool,
      sharingKey: annotationValue(annotations, "allowSharedIP") ?? "",
      backendKey: backendKeyFor(spec),
      ports: portsFor(spec),
    },
  };
}

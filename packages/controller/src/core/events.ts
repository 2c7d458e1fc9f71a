// The events the controller records on Services: upstream's reasons and message texts (spec §2.10).
import { goQuote, goQuoteList } from "@metallb-ts/allocator";

export interface ServiceEvent {
  readonly type: "Normal" | "Warning";
  readonly reason: string;
  readonly message: string;
}

export const EventReason = {
  ipAllocated: "IPAllocated",
  additionalAssignFailed: "AdditionalAssignFailed",
  clearAssignment: "ClearAssignment",
  allocationFailed: "AllocationFailed",
  loadBalancerFailed: "LoadBalancerFailed",
  notEnoughClusterIPs: "not enough clusterips",
  noLBIPsFamily: "nolbIPsIPFamily",
  noClusterIPsFamily: "noclusterIPsIPFamily",
  internalError: "InternalError",
  deprecatedAnnotation: "deprecatedAnnotation",
} as const;

const normal = (reason: string, message: string): ServiceEvent => ({ type: "Normal", reason, message });
const warning = (reason: string, message: string): ServiceEvent => ({ type: "Warning", reason, message });

export const ServiceEvents = {
  ipAllocated: (ips: readonly string[]) => normal(EventReason.ipAllocated, `Assigned IP ${goQuoteList(ips)}`),
  additionalIPAllocated: (ip: string) => normal(EventReason.ipAllocated, `Assigned additional IP ${goQuote(ip)}`),
  additionalAssignFailed: (err: string) => normal(EventReason.additionalAssignFailed, `cannot assign additional IP in PreferDualStack: ${err}`),
  clearAssignment: (key: string, err: string) =>
    normal(EventReason.clearAssignment, `current IP for ${goQuote(key)} not allowed by config, will attempt for new IP assignment: ${err}`),
  allocationFailed: (key: string, err: string) => warning(EventReason.allocationFailed, `Failed to allocate IP for ${goQuote(key)}: ${err}`),
  loadBalancerFailed: (err: string) => warning(EventReason.loadBalancerFailed, `invalid requested loadbalancer IPs: ${err}`),
  notEnoughClusterIPs: (clusterIPs: readonly string[]) =>
    warning(EventReason.notEnoughClusterIPs, `Service requires dual stack but not enough clusterips [${clusterIPs.join(" ")}]`),
  noLBIPsFamily: (ips: readonly string[], err: string) => warning(EventReason.noLBIPsFamily, `Failed to retrieve LBIPs IPFamily for ${goQuoteList(ips)}: ${err}`),
  noClusterIPsFamily: (clusterIPs: readonly string[], clusterIP: string, err: string) =>
    warning(EventReason.noClusterIPsFamily, `Failed to retrieve ClusterIPs IPFamily for ${goQuoteList(clusterIPs)} ${clusterIP}: ${err}`),
  noIPNoFailure: () => warning(EventReason.internalError, "didn't allocate an IP but also did not fail"),
  ipWithoutPool: () => warning(EventReason.internalError, "allocated an IP that has no pool"),
  deprecatedAnnotation: (key: string) => warning(EventReason.deprecatedAnnotation, `Service uses deprecated annotation ${key}`),
} as const;

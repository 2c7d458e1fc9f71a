// @metallb-ts/allocator: pure IP allocation for LoadBalancer Services (spec §2), on bigint addresses.
export { type Address, compareAddresses, familyBits, formatAddress, parseAddress } from "./address.js";
export {
  type AddressRange,
  type Cidr,
  formatCidr,
  formatRange,
  isBuggyAddress,
  parsePoolAddress,
  rangeContains,
  rangeSize,
  rangeToCidrs,
  type RangeParseResult,
  usableCount,
} from "./address-range.js";
export { Allocator, type PoolChanges, type PoolCounters } from "./allocator.js";
export { type Allocation, AllocationError, AllocationErrorCode, type AllocationResult } from "./errors.js";
export { goQuote, goQuoteList } from "./go-format.js";
export { IntervalSet } from "./interval-set.js";
export { type AddressFamily, familyForAddresses, type FamilyResult, IPFamily, otherFamily, type ServiceFamily } from "./ip-family.js";
export { type Labels, labelSelectorProblem } from "./label-selector.js";
export {
  findPoolOverlaps,
  formatPoolIssue,
  type IPAddressPoolSource,
  overlapIssue,
  type Pool,
  poolCapacity,
  poolFromCR,
  type PoolIssue,
  poolObjectName,
  type PoolOverlap,
  type PoolRange,
  poolsFromCRs,
  type PoolsResult,
  PoolValidationError,
  type ServiceAllocationRules,
} from "./pool.js";
export {
  annotationValue,
  backendKeyFor,
  clusterIPsOf,
  portsFor,
  resolveRequestedIPs,
  type RequestedIPsResult,
  serviceFamilyFor,
  type ServiceFamilyResult,
  serviceKey,
  type ServicePortKey,
  type ServiceRequest,
  serviceRequestFor,
  type ServiceRequestResult,
  type ServiceSource,
} from "./service-request.js";

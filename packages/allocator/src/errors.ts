// Allocation failures are expected outcomes (a full pool, a port clash), so the allocator returns them as
// values; `code` lets callers branch, `message` carries upstream's text (spec §2.3, §2.6, §2.7, §2.10).

export const AllocationErrorCode = {
  /** An IP is not an IP address. */
  InvalidIP: "invalid-ip",
  /** The requested IPs are not all inside one pool (avoidBuggyIPs honoured). */
  NotInConfig: "not-in-config",
  TooManyAddresses: "too-many-addresses",
  SameFamily: "same-family",
  /** serviceAllocation (namespaces, selectors) does not admit the Service. */
  PoolNotCompatible: "pool-not-compatible",
  /** Sharing key or backend key mismatch with another Service on the IP. */
  SharingKey: "sharing-key",
  PortInUse: "port-in-use",
  /** The requested IPs' family differs from the Service's. */
  FamilyMismatch: "family-mismatch",
  /** The requested IPs are in another pool than the pinned one. */
  PoolMismatch: "pool-mismatch",
  /** The current allocation has the wrong family for the Service. */
  WrongFamily: "wrong-family",
  UnknownPool: "unknown-pool",
  /** Nothing left: in any candidate pool, in the pinned pool, or for one family of it. */
  NoAvailableIPs: "no-available-ips",
  NoSuitablePool: "no-suitable-pool",
  /** A PreferDualStack top-up was asked of a Service that is not in a state to get one. */
  NotApplicable: "not-applicable",
} as const;
export type AllocationErrorCode = (typeof AllocationErrorCode)[keyof typeof AllocationErrorCode];

export class AllocationError extends Error {
  override readonly name = "AllocationError";
  constructor(
    readonly code: AllocationErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** A successful allocation: the pool and the IPs (dual-stack allocations are ordered [IPv4, IPv6]). */
export interface Allocation {
  readonly pool: string;
  readonly ips: readonly string[];
}

export type AllocationResult = ({ ok: true } & Allocation) | { ok: false; error: AllocationError };

export function failure(code: AllocationErrorCode, message: string): AllocationResult {
  return { ok: false, error: new AllocationError(code, message) };
}

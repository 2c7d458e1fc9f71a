// IPAddressPool status and the ConfigurationState `controller` (spec §1.9, §2.14), computed from the
// allocator's exact counters and the latest configuration result.
import type { ConfigurationStateStatus, IPAddressPoolStatus } from "@metallb-ts/api";
import type { PoolCounters } from "@metallb-ts/allocator";

const INT64_MAX = (1n << 63n) - 1n;
/**
 * The largest JSON-safe stand-in for int64 max: JSON numbers go through IEEE doubles here, and 2^63-1
 * would round up to 2^63, which overflows int64 on the server. 2^63-1024 is the largest double below it
 * (serialised as 9223372036854775000).
 */
const INT64_MAX_AS_DOUBLE = 2 ** 63 - 1024;

/** A counter as an int64 field: clamped to [0, int64 max]. */
export function clampInt64(value: bigint): number {
  if (value <= 0n) return 0;
  if (value >= INT64_MAX) return INT64_MAX_AS_DOUBLE;
  const n = Number(value);
  return n > INT64_MAX_AS_DOUBLE ? INT64_MAX_AS_DOUBLE : n;
}

export function poolStatusFor(counters: PoolCounters): IPAddressPoolStatus {
  return {
    assignedIPv4: clampInt64(counters.ipv4InUse),
    assignedIPv6: clampInt64(counters.ipv6InUse),
    availableIPv4: clampInt64(counters.ipv4Available),
    availableIPv6: clampInt64(counters.ipv6Available),
  };
}

export function samePoolStatus(a: Partial<IPAddressPoolStatus> | undefined, b: IPAddressPoolStatus): boolean {
  return a?.assignedIPv4 === b.assignedIPv4 && a.assignedIPv6 === b.assignedIPv6 && a.availableIPv4 === b.availableIPv4 && a.availableIPv6 === b.availableIPv6;
}

/** Condition type the controller's pool reconciler reports. */
export const poolReconcilerCondition = "poolReconcilerValid";

export type ConfigResultKind = { readonly valid: true } | { readonly valid: false; readonly kind: "config" | "unknown"; readonly message: string };

/** The status of ConfigurationState `controller` for one configuration result (spec §1.9). */
export function configurationStateStatus(result: ConfigResultKind, now: string): ConfigurationStateStatus {
  if (result.valid) {
    return {
      result: "Valid",
      errorSummary: "",
      conditions: [{ type: poolReconcilerCondition, status: "True", reason: "Reconciled", message: "", lastTransitionTime: now }],
    };
  }
  const configError = result.kind === "config";
  const message = configError ? `configuration error: ${result.message}` : result.message;
  return {
    // Only ConfigurationError conditions make the result Invalid; other failures leave it Valid (upstream).
    result: configError ? "Invalid" : "Valid",
    errorSummary: configError ? message : "",
    conditions: [
      { type: poolReconcilerCondition, status: "False", reason: configError ? "ConfigurationError" : "UnknownError", message, lastTransitionTime: now },
    ],
  };
}

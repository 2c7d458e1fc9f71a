// IP families as MetalLB names them ("ipv4", "ipv6", "dual", "unknown"); the strings appear in messages.
import { parseAddress } from "./address.js";
import { goQuoteList } from "./go-format.js";

export const IPFamily = { IPv4: "ipv4", IPv6: "ipv6", DualStack: "dual", Unknown: "unknown" } as const;
export type IPFamily = (typeof IPFamily)[keyof typeof IPFamily];

/** The family of one address. */
export type AddressFamily = typeof IPFamily.IPv4 | typeof IPFamily.IPv6;

/** The family a Service or an IP list can have. */
export type ServiceFamily = AddressFamily | typeof IPFamily.DualStack;

export function otherFamily(family: AddressFamily): AddressFamily {
  return family === "ipv4" ? "ipv6" : "ipv4";
}

export type FamilyResult = { ok: true; family: ServiceFamily } | { ok: false; message: string };

/**
 * Family of a list of 1 or 2 addresses (2 must be of different families), with upstream's texts:
 * `IPFamilyForAddresses: invalid ips length 3 ["a" "b" "c"]`, `... same address family ["a" "b"]`.
 */
export function familyForAddresses(ips: readonly string[]): FamilyResult {
  if (ips.length < 1 || ips.length > 2) {
    return { ok: false, message: `IPFamilyForAddresses: invalid ips length ${ips.length} ${goQuoteList(ips)}` };
  }
  const families: AddressFamily[] = [];
  for (const ip of ips) {
    const parsed = parseAddress(ip);
    if (!parsed) return { ok: false, message: `IPFamilyForAddresses: invalid IP address ${JSON.stringify(ip)}` };
    families.push(parsed.family);
  }
  if (families.length === 1) return { ok: true, family: families[0] as AddressFamily };
  if (families[0] === families[1]) return { ok: false, message: `IPFamilyForAddresses: same address family ${goQuoteList(ips)}` };
  return { ok: true, family: "dual" };
}

// Address ranges of a pool: parsing `spec.addresses` items (CIDR or `start-end`), exact sizes with and
// without the .0/.255 exclusion, and the minimal aligned CIDR list of a range.
import { type Address, familyBits, formatAddress, parseAddress } from "./address.js";
import type { AddressFamily } from "./ip-family.js";

/** A closed range of addresses of one family: [first, last]. */
export interface AddressRange {
  readonly family: AddressFamily;
  readonly first: bigint;
  readonly last: bigint;
}

export interface Cidr {
  readonly family: AddressFamily;
  readonly network: bigint;
  readonly prefixLength: number;
}

export type RangeParseResult = { ok: true; range: AddressRange } | { ok: false; reason: string };

function parseCidr(text: string): AddressRange | undefined {
  const slash = text.indexOf("/");
  const lengthText = text.slice(slash + 1);
  const ip = parseAddress(text.slice(0, slash), true);
  if (!ip || !/^\d{1,3}$/.test(lengthText)) return undefined;
  const bits = familyBits(ip.family);
  const length = Number(lengthText);
  if (length > bits) return undefined;
  // Host bits are allowed and masked away, as net.ParseCIDR does.
  const hostMask = (1n << BigInt(bits - length)) - 1n;
  const first = ip.value & ~hostMask;
  return { family: ip.family, first, last: first | hostMask };
}

/**
 * Parses one `spec.addresses` item: a CIDR (`10.0.0.0/24`, host bits masked) or a range `start-end`
 * (split at the first `-`, each side trimmed). A bare IP is not accepted (upstream requires /32, /128 or a-a).
 * The reason texts follow "<item> is not a valid ...: <why>".
 */
export function parsePoolAddress(item: string): RangeParseResult {
  const quoted = JSON.stringify(item);
  const dash = item.indexOf("-");
  if (dash >= 0) {
    const startText = item.slice(0, dash).trim();
    const endText = item.slice(dash + 1).trim();
    const start = parseAddress(startText);
    if (!start) return { ok: false, reason: `${quoted} is not a valid range: invalid start IP ${JSON.stringify(startText)}` };
    const end = parseAddress(endText);
    if (!end) return { ok: false, reason: `${quoted} is not a valid range: invalid end IP ${JSON.stringify(endText)}` };
    if (start.family !== end.family) {
      return { ok: false, reason: `${quoted} is not a valid range: start and end are of different IP families` };
    }
    if (start.value > end.value) return { ok: false, reason: `${quoted} is not a valid range: start is after end` };
    return { ok: true, range: { family: start.family, first: start.value, last: end.value } };
  }
  if (item.includes("/")) {
    const range = parseCidr(item);
    return range ? { ok: true, range } : { ok: false, reason: `${quoted} is not a valid CIDR` };
  }
  return {
    ok: false,
    reason: `${quoted} is neither a CIDR nor a range (write a single address as a /32 or /128 CIDR, or as a-a)`,
  };
}

export function rangeSize(range: AddressRange): bigint {
  return range.last - range.first + 1n;
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/** How many x in [lo, hi] have x mod 256 === residue. */
function countWithLastOctet(lo: bigint, hi: bigint, residue: bigint): bigint {
  return floorDiv(hi - residue, 256n) - floorDiv(lo - 1n - residue, 256n);
}

/** IPv4 addresses ending in .0 or .255, which some old firmware treats as broadcast or network addresses. */
export function isBuggyAddress(address: Address): boolean {
  if (address.family !== "ipv4") return false;
  const octet = address.value & 255n;
  return octet === 0n || octet === 255n;
}

/**
 * Usable addresses of a range: all of them, or with avoidBuggyIPs all IPv4 addresses except those ending
 * in .0/.255, counted arithmetically. Exact where upstream saturates (IPv6 prefixes >= 2^62 addresses)
 * or double-subtracts (a /32 range item on a .0 address).
 */
export function usableCount(range: AddressRange, avoidBuggyIPs: boolean): bigint {
  const size = rangeSize(range);
  if (!avoidBuggyIPs || range.family !== "ipv4") return size;
  return size - countWithLastOctet(range.first, range.last, 0n) - countWithLastOctet(range.first, range.last, 255n);
}

/** The minimal list of aligned CIDRs covering exactly the range, ascending. */
export function rangeToCidrs(range: AddressRange): Cidr[] {
  const bits = familyBits(range.family);
  const out: Cidr[] = [];
  let current = range.first;
  while (current <= range.last) {
    // Largest aligned block starting at `current` that stays inside the range.
    let hostBits = 0;
    while (hostBits < bits) {
      const mask = (1n << BigInt(hostBits + 1)) - 1n;
      if ((current & mask) !== 0n || current + mask > range.last) break;
      hostBits++;
    }
    out.push({ family: range.family, network: current, prefixLength: bits - hostBits });
    current += 1n << BigInt(hostBits);
  }
  return out;
}

export function formatCidr(cidr: Cidr): string {
  return `${formatAddress({ family: cidr.family, value: cidr.network })}/${cidr.prefixLength}`;
}

export function formatRange(range: AddressRange): string {
  const first = formatAddress({ family: range.family, value: range.first });
  return `${first}-${formatAddress({ family: range.family, value: range.last })}`;
}

export function rangeContains(range: AddressRange, address: Address): boolean {
  return range.family === address.family && range.first <= address.value && address.value <= range.last;
}

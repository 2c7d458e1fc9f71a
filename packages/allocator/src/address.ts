// IP addresses as bigint, parsed with Go's net.ParseIP strictness (@metallb-ts/api's parser) and printed
// the way Go prints them (RFC 5952 for IPv6), so messages and outputs match upstream byte for byte.
import { parseIP } from "@metallb-ts/api";
import type { AddressFamily } from "./ip-family.js";

export interface Address {
  readonly family: AddressFamily;
  readonly value: bigint;
}

/** Number of bits of an address of the family. */
export function familyBits(family: AddressFamily): 32 | 128 {
  return family === "ipv4" ? 32 : 128;
}

const MAPPED_PREFIX = 0xffffn << 32n;

function bytesToBigint(bytes: Uint8Array): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

/**
 * Parses one IP address like Go's net.ParseIP: dotted-quad IPv4 without leading zeros, or IPv6 without
 * a zone. An IPv4-mapped IPv6 address (`::ffff:a.b.c.d`) is IPv4, as Go's `To4()` says, unless
 * `keepMapped` (CIDR notation keeps the IPv6 shape, as net.ParseCIDR does).
 */
export function parseAddress(text: string, keepMapped = false): Address | undefined {
  const bytes = parseIP(text);
  if (!bytes) return undefined;
  const value = bytesToBigint(bytes);
  if (bytes.length === 4) return { family: "ipv4", value };
  if (!keepMapped && value >> 32n === 0xffffn) return { family: "ipv4", value: value - MAPPED_PREFIX };
  return { family: "ipv6", value };
}

function formatIPv4(value: bigint): string {
  const n = Number(value);
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** RFC 5952: lower-case hex, no leading zeros, the first longest run (>= 2) of zero groups as `::`. */
function formatIPv6(value: bigint): string {
  const groups: number[] = new Array<number>(8);
  for (let i = 0; i < 4; i++) {
    const word = Number((value >> BigInt(96 - 32 * i)) & 0xffff_ffffn);
    groups[2 * i] = word >>> 16;
    groups[2 * i + 1] = word & 0xffff;
  }
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (from: number, to: number) => groups.slice(from, to).map((g) => g.toString(16)).join(":");
  if (bestStart < 0) return hex(0, 8);
  return `${hex(0, bestStart)}::${hex(bestStart + bestLen, 8)}`;
}

/** Formats an address the way Go's net.IP.String() does for that family. */
export function formatAddress(address: Address): string {
  return address.family === "ipv4" ? formatIPv4(address.value) : formatIPv6(address.value);
}

export function compareAddresses(a: Address, b: Address): number {
  if (a.family !== b.family) return a.family === "ipv4" ? -1 : 1;
  return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
}

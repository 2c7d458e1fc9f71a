// Config's IP vocabulary (families 4 | 6, CIDRs with the host bits cleared) as a thin adapter over
// @metallb-ts/allocator, which owns parsing (Go's net.ParseIP / net.ParseCIDR strictness), pool item
// parsing and range-to-CIDR summarisation. Only the family spelling is converted here.
import {
  type Address,
  type AddressFamily,
  type AddressRange,
  formatAddress,
  parseAddress,
  parsePoolAddress,
  rangeContains,
  rangeToCidrs,
  type Cidr as AllocatorCidr,
} from "@metallb-ts/allocator";

export type IPFamily = 4 | 6;

export interface IPAddress {
  readonly family: IPFamily;
  readonly value: bigint;
}

/** A network prefix with its host bits cleared. */
export interface Cidr {
  readonly family: IPFamily;
  readonly network: bigint;
  readonly prefixLength: number;
}

export function familyBits(family: IPFamily): number {
  return family === 4 ? 32 : 128;
}

function fromAddressFamily(family: AddressFamily): IPFamily {
  return family === "ipv4" ? 4 : 6;
}

function toAddress(ip: IPAddress): Address {
  return { family: ip.family === 4 ? "ipv4" : "ipv6", value: ip.value };
}

function fromAllocatorCidr(c: AllocatorCidr): Cidr {
  return { family: fromAddressFamily(c.family), network: c.network, prefixLength: c.prefixLength };
}

function hostMask(family: IPFamily, prefixLength: number): bigint {
  return (1n << BigInt(familyBits(family) - prefixLength)) - 1n;
}

/** The addresses a CIDR covers, as the allocator's closed range. */
function cidrRange(c: Cidr): AddressRange {
  return { family: c.family === 4 ? "ipv4" : "ipv6", first: c.network, last: c.network | hostMask(c.family, c.prefixLength) };
}

/**
 * Parses an IP the way Go's net.ParseIP does: dotted-quad IPv4 without leading zeros, or IPv6
 * without a zone. IPv4-mapped IPv6 addresses count as IPv4 (Go's To4() is non-nil for them).
 */
export function parseIP(text: string): IPAddress | undefined {
  const address = parseAddress(text);
  return address && { family: fromAddressFamily(address.family), value: address.value };
}

export function formatIP(ip: IPAddress): string {
  return formatAddress(toAddress(ip));
}

/** Masks `ip` to `prefixLength` bits. */
export function cidrOf(ip: IPAddress, prefixLength: number): Cidr {
  return { family: ip.family, network: ip.value & ~hostMask(ip.family, prefixLength), prefixLength };
}

export function formatCidr(c: Cidr): string {
  return `${formatIP({ family: c.family, value: c.network })}/${c.prefixLength}`;
}

export function cidrContains(c: Cidr, ip: IPAddress): boolean {
  return rangeContains(cidrRange(c), toAddress(ip));
}

/** Share an address: for CIDRs, equal or one contains the other. */
export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  const x = cidrRange(a);
  const y = cidrRange(b);
  return x.family === y.family && x.first <= y.last && y.first <= x.last;
}

export type PoolEntryResult =
  | { ok: true; cidrs: Cidr[]; range: AddressRange }
  | { ok: false; message: string };

/**
 * Parses one `spec.addresses` entry of an IPAddressPool: a CIDR, or a `start-end` range turned
 * into the minimal list of aligned CIDRs covering exactly the range. The failure message is the
 * allocator's, so config, controller and webhooks describe a bad entry the same way.
 */
export function parsePoolEntry(entry: string): PoolEntryResult {
  const parsed = parsePoolAddress(entry);
  if (!parsed.ok) return { ok: false, message: parsed.reason };
  return { ok: true, cidrs: rangeToCidrs(parsed.range).map(fromAllocatorCidr), range: parsed.range };
}

/** Go's net.ParseCIDR: an IP, a slash, a decimal prefix length within the family's bits. */
export function parseCidr(text: string): Cidr | undefined {
  if (text.includes("-")) return undefined;
  const parsed = parsePoolEntry(text);
  // A CIDR item is one aligned block, so it summarises to exactly one CIDR.
  return parsed.ok ? parsed.cidrs[0] : undefined;
}

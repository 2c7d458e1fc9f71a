// IP and CIDR parsing with Go's net.ParseIP / net.ParseCIDR strictness, on bigint addresses.
// TEMPORARY home: @metallb-ts/allocator is to export pool parsing and overlap detection; once it
// does, this module becomes a thin re-export of it.
import ipaddr from "ipaddr.js";

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

const DECIMAL_IPV4 = /^(0|[1-9]\d{0,2})(\.(0|[1-9]\d{0,2})){3}$/;

export function familyBits(family: IPFamily): number {
  return family === 4 ? 32 : 128;
}

/**
 * Parses an IP the way Go's net.ParseIP does: dotted-quad IPv4 without leading zeros, or IPv6
 * without a zone. IPv4-mapped IPv6 addresses count as IPv4 (Go's To4() is non-nil for them).
 */
export function parseIP(text: string): IPAddress | undefined {
  if (DECIMAL_IPV4.test(text) && ipaddr.IPv4.isValidFourPartDecimal(text)) {
    return { family: 4, value: bytesToBigint(ipaddr.IPv4.parse(text).toByteArray()) };
  }
  if (!text.includes(":") || text.includes("%") || !ipaddr.IPv6.isValid(text)) return undefined;
  const v6 = ipaddr.IPv6.parse(text);
  if (v6.isIPv4MappedAddress()) return { family: 4, value: bytesToBigint(v6.toIPv4Address().toByteArray()) };
  return { family: 6, value: bytesToBigint(v6.toByteArray()) };
}

function bytesToBigint(bytes: readonly number[]): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

export function formatIP(ip: IPAddress): string {
  const n = ip.family === 4 ? 4 : 16;
  const bytes: number[] = new Array<number>(n);
  let v = ip.value;
  for (let i = n - 1; i >= 0; i--) {
    bytes[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return ipaddr.fromByteArray(bytes).toString();
}

function hostMask(family: IPFamily, prefixLength: number): bigint {
  return (1n << BigInt(familyBits(family) - prefixLength)) - 1n;
}

/** Masks `ip` to `prefixLength` bits. */
export function cidrOf(ip: IPAddress, prefixLength: number): Cidr {
  return { family: ip.family, network: ip.value & ~hostMask(ip.family, prefixLength), prefixLength };
}

export function formatCidr(c: Cidr): string {
  return `${formatIP({ family: c.family, value: c.network })}/${c.prefixLength}`;
}

export function cidrContains(c: Cidr, ip: IPAddress): boolean {
  return c.family === ip.family && (ip.value & ~hostMask(c.family, c.prefixLength)) === c.network;
}

/** Equal, or one contains the other. */
export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  if (a.family !== b.family) return false;
  const outer = a.prefixLength <= b.prefixLength ? a : b;
  const inner = outer === a ? b : a;
  return cidrContains(outer, { family: inner.family, value: inner.network });
}

/** Go's net.ParseCIDR: an IP, a slash, a decimal prefix length within the family's bits. */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf("/");
  if (slash < 0) return undefined;
  const ip = parseIP(text.slice(0, slash));
  const lenText = text.slice(slash + 1);
  if (!ip || !/^\d{1,3}$/.test(lenText)) return undefined;
  const len = Number(lenText);
  // An IPv4-mapped address with an IPv6-sized mask: Go keeps it IPv6-shaped; keep it simple and
  // accept only lengths valid for the family we resolved to.
  if (len > familyBits(ip.family)) return undefined;
  return cidrOf(ip, len);
}

export type PoolEntryResult = { ok: true; cidrs: Cidr[] } | { ok: false; message: string };

/**
 * Parses one `spec.addresses` entry of an IPAddressPool: a CIDR, or a `start-end` range turned
 * into the minimal list of aligned CIDRs covering exactly the range.
 */
export function parsePoolEntry(entry: string): PoolEntryResult {
  const dash = entry.indexOf("-");
  if (dash < 0) {
    const c = parseCidr(entry);
    return c ? { ok: true, cidrs: [c] } : { ok: false, message: `invalid CIDR ${JSON.stringify(entry)}` };
  }
  const startText = entry.slice(0, dash);
  const endText = entry.slice(dash + 1);
  const start = parseIP(startText.trim());
  if (!start) return { ok: false, message: `invalid IP range ${JSON.stringify(entry)}: invalid start IP ${JSON.stringify(startText)}` };
  const end = parseIP(endText.trim());
  if (!end) return { ok: false, message: `invalid IP range ${JSON.stringify(entry)}: invalid end IP ${JSON.stringify(endText)}` };
  if (start.family !== end.family) {
    return { ok: false, message: `invalid IP range ${JSON.stringify(entry)}: start and end IPs are of different families` };
  }
  if (start.value > end.value) {
    return {
      ok: false,
      message: `invalid IP range ${JSON.stringify(entry)}: start IP ${JSON.stringify(formatIP(start))} is after the end IP ${JSON.stringify(formatIP(end))}`,
    };
  }
  return { ok: true, cidrs: summarizeRange(start.family, start.value, end.value) };
}

function summarizeRange(family: IPFamily, start: bigint, end: bigint): Cidr[] {
  const bits = familyBits(family);
  const out: Cidr[] = [];
  let cur = start;
  while (cur <= end) {
    // Largest aligned block starting at cur that does not pass end.
    let size = 0;
    while (size < bits) {
      const next = size + 1;
      const blockMask = (1n << BigInt(next)) - 1n;
      if ((cur & blockMask) !== 0n || cur + blockMask > end) break;
      size = next;
    }
    out.push({ family, network: cur, prefixLength: bits - size });
    cur += 1n << BigInt(size);
  }
  return out;
}

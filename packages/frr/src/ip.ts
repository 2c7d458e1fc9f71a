// IP parsing with Go's strictness (net.ParseIP / net.ParseCIDR): dotted-quad IPv4 only, no zones.
import ipaddr from "ipaddr.js";
import { IPFamily, type PrefixFamily } from "./model.js";

export interface ParsedCIDR {
  readonly family: PrefixFamily;
  readonly bits: number;
  /** Network address with host bits cleared, e.g. "192.0.2.0/24" for "192.0.2.7/24". */
  readonly network: string;
}

const DECIMAL_OCTET = /^(0|[1-9][0-9]{0,2})$/;

function isDottedQuad(text: string): boolean {
  const parts = text.split(".");
  return parts.length === 4 && parts.every((p) => DECIMAL_OCTET.test(p) && Number(p) <= 255);
}

/** Family of an address; an IPv4-mapped IPv6 address counts as IPv4, like Go's To4(). */
export function addressFamily(text: string): PrefixFamily | undefined {
  if (isDottedQuad(text)) return IPFamily.ipv4;
  if (text.includes("%") || !text.includes(":") || !ipaddr.IPv6.isValid(text)) return undefined;
  return ipaddr.IPv6.parse(text).isIPv4MappedAddress() ? IPFamily.ipv4 : IPFamily.ipv6;
}

export function isIPv4Address(text: string): boolean {
  return isDottedQuad(text);
}

export function isIPv6Address(text: string): boolean {
  return addressFamily(text) === IPFamily.ipv6;
}

export function parseCIDR(text: string): ParsedCIDR | undefined {
  const slash = text.indexOf("/");
  if (slash < 0) return undefined;
  const addr = text.slice(0, slash);
  const bitsText = text.slice(slash + 1);
  if (!/^[0-9]{1,3}$/.test(bitsText)) return undefined;
  const bits = Number(bitsText);
  if (isDottedQuad(addr)) {
    if (bits > 32) return undefined;
    return { family: IPFamily.ipv4, bits, network: `${ipaddr.IPv4.networkAddressFromCIDR(`${addr}/${bits}`).toString()}/${bits}` };
  }
  if (addr.includes("%") || !addr.includes(":") || !ipaddr.IPv6.isValid(addr) || bits > 128) return undefined;
  const network = ipaddr.IPv6.networkAddressFromCIDR(`${addr}/${bits}`).toRFC5952String();
  return { family: IPFamily.ipv6, bits, network: `${network}/${bits}` };
}

/** Family of a prefix, or undefined when it does not parse (upstream: "unknown ipfamily"). */
export function prefixFamily(text: string): PrefixFamily | undefined {
  return parseCIDR(text)?.family;
}

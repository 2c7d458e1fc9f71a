// Values the applier adds to every config (spec §2.15): the host name and, on hosts without any IPv4
// address, a router ID derived from the host name (BGP needs a 32-bit ID even on IPv6-only hosts).
import { crc32 } from "node:zlib";

/** CRC-32 (IEEE) of the host name, as 4 little-endian bytes in dotted-quad form. */
export function routerIDFromHostname(hostname: string): string {
  const sum = crc32(hostname) >>> 0;
  return [sum & 0xff, (sum >>> 8) & 0xff, (sum >>> 16) & 0xff, (sum >>> 24) & 0xff].join(".");
}

/** The fallback router ID, or "" when the host has an IPv4 address on any interface (loopback included). */
export function fallbackRouterID(hostname: string, interfaces: Readonly<Record<string, readonly { family: string | number }[] | undefined>>): string {
  const hasIPv4 = Object.values(interfaces).some((addrs) => (addrs ?? []).some((a) => a.family === "IPv4" || a.family === 4));
  return hasIPv4 ? "" : routerIDFromHostname(hostname);
}

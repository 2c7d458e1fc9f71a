// Value formats the MetalLB and frr-k8s Go types parse: IP addresses (Go's net.ParseIP), CIDRs
// (net.ParseCIDR), "start-end" ranges, and Go durations (time.ParseDuration). The api package may import
// only zod, so these are small hand-written parsers rather than ipaddr.js.

/** Bytes of an IPv4 (4) or IPv6 (16) address, or undefined when `text` is not an address Go would accept. */
export function parseIP(text: string): Uint8Array | undefined {
  return text.includes(":") ? parseIPv6(text) : parseIPv4(text);
}

const ipv4Octet = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

export function parseIPv4(text: string): Uint8Array | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  const bytes = new Uint8Array(4);
  for (const [i, part] of parts.entries()) {
    // Go rejects leading zeros ("010.0.0.1") since 1.17, and so does this regex.
    if (!ipv4Octet.test(part)) return undefined;
    bytes[i] = Number(part);
  }
  return bytes;
}

export function parseIPv6(text: string): Uint8Array | undefined {
  if (text.length === 0 || /[^0-9a-fA-F:.]/.test(text)) return undefined;
  let body = text;
  let tail: Uint8Array | undefined;
  // An embedded IPv4 address may form the last 32 bits ("::ffff:192.0.2.1").
  const lastColon = body.lastIndexOf(":");
  if (body.includes(".")) {
    tail = parseIPv4(body.slice(lastColon + 1));
    if (tail === undefined) return undefined;
    body = body.slice(0, lastColon + 1) + "0:0";
  }
  const halves = body.split("::");
  if (halves.length > 2) return undefined;
  const groupsOf = (s: string): string[] | undefined => (s === "" ? [] : s.split(":"));
  const head = groupsOf(halves[0] ?? "");
  const rest = halves.length === 2 ? groupsOf(halves[1] ?? "") : [];
  if (head === undefined || rest === undefined) return undefined;
  const explicit = head.length + rest.length;
  if (halves.length === 2 ? explicit > 7 : explicit !== 8) return undefined;
  const groups = [...head, ...Array<string>(8 - explicit).fill("0"), ...rest];
  const bytes = new Uint8Array(16);
  for (const [i, group] of groups.entries()) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
    const value = parseInt(group, 16);
    bytes[i * 2] = value >> 8;
    bytes[i * 2 + 1] = value & 0xff;
  }
  if (tail !== undefined) bytes.set(tail, 12);
  return bytes;
}

export function isIP(text: string): boolean {
  return parseIP(text) !== undefined;
}

export function isIPv4(text: string): boolean {
  return parseIPv4(text) !== undefined;
}

export function isIPv6(text: string): boolean {
  return text.includes(":") && parseIPv6(text) !== undefined;
}

/** Why `text` is not a CIDR Go's net.ParseCIDR accepts, or undefined when it is one (host bits allowed). */
export function cidrProblem(text: string): string | undefined {
  const slash = text.indexOf("/");
  if (slash < 0) return "missing prefix length";
  const ip = parseIP(text.slice(0, slash));
  if (ip === undefined) return "invalid IP address";
  const length = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(length) || Number(length) > ip.length * 8) return `invalid prefix length "${length}"`;
  return undefined;
}

export function isCIDR(text: string): boolean {
  return cidrProblem(text) === undefined;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length; i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/**
 * Why an IPAddressPool `addresses` item is invalid, or undefined when it is valid. Items are CIDRs or
 * "start-end" ranges split at the first "-" with whitespace trimmed; a bare IP is not accepted.
 */
export function poolAddressProblem(item: string): string | undefined {
  const dash = item.indexOf("-");
  if (dash < 0) {
    if (!item.includes("/")) return `is not a valid CIDR or range: a single IP needs a /32 or /128 prefix or the form "ip-ip"`;
    const problem = cidrProblem(item);
    return problem === undefined ? undefined : `is not a valid CIDR: ${problem}`;
  }
  const startText = item.slice(0, dash).trim();
  const endText = item.slice(dash + 1).trim();
  const start = parseIP(startText);
  if (start === undefined) return `is not a valid range: invalid start IP "${startText}"`;
  const end = parseIP(endText);
  if (end === undefined) return `is not a valid range: invalid end IP "${endText}"`;
  if (start.length !== end.length) return "is not a valid range: start and end are of different IP families";
  if (compareBytes(start, end) > 0) return "is not a valid range: start is after end";
  return undefined;
}

const durationUnitNanos: Record<string, number> = {
  ns: 1,
  us: 1e3,
  "µs": 1e3,
  "μs": 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

/** Nanoseconds of a Go duration string ("1m30s", "1.5h", "-2s", "0"), or undefined when Go would reject it. */
export function parseGoDuration(text: string): number | undefined {
  let rest = text;
  let sign = 1;
  if (rest.startsWith("-") || rest.startsWith("+")) {
    sign = rest.startsWith("-") ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === "0") return 0;
  if (rest === "") return undefined;
  let total = 0;
  const segment = /^(\d*)(?:\.(\d*))?([a-zµμ]+)/;
  while (rest !== "") {
    const match = segment.exec(rest);
    if (match === null) return undefined;
    const [whole, intPart = "", fracPart, unit = ""] = match;
    if (intPart === "" && (fracPart === undefined || fracPart === "")) return undefined;
    const nanos = durationUnitNanos[unit];
    if (nanos === undefined) return undefined;
    total += Number(`${intPart || "0"}.${fracPart ?? "0"}`) * nanos;
    rest = rest.slice(whole.length);
  }
  return sign * Math.trunc(total);
}

export function isGoDuration(text: string): boolean {
  return parseGoDuration(text) !== undefined;
}

/** Formats nanoseconds the way Go's time.Duration.String() does ("1m30s", "0s", "1.5s", "300ms"). */
export function formatGoDuration(nanos: number): string {
  if (nanos === 0) return "0s";
  const sign = nanos < 0 ? "-" : "";
  let n = Math.abs(Math.trunc(nanos));
  if (n < 1e9) {
    const [unit, size] = n < 1e3 ? ["ns", 1] : n < 1e6 ? ["µs", 1e3] : ["ms", 1e6];
    return `${sign}${trimFraction(n / size)}${unit}`;
  }
  const hours = Math.floor(n / 3600e9);
  n -= hours * 3600e9;
  const minutes = Math.floor(n / 60e9);
  n -= minutes * 60e9;
  const seconds = trimFraction(n / 1e9);
  return `${sign}${hours > 0 ? `${hours}h` : ""}${hours > 0 || minutes > 0 ? `${minutes}m` : ""}${seconds}s`;
}

function trimFraction(value: number): string {
  return String(Number(value.toFixed(9)));
}

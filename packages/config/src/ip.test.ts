import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { cidrContains, cidrOf, cidrsOverlap, formatCidr, parseCidr, parseIP, parsePoolEntry } from "./ip.js";

describe("parsePoolEntry", () => {
  test.for([
    { entry: "10.0.0.0/24", want: ["10.0.0.0/24"] },
    { entry: "10.0.0.5/24", want: ["10.0.0.0/24"] },
    { entry: "2001:db8::/64", want: ["2001:db8::/64"] },
    { entry: "2001:db8:0:0::5/120", want: ["2001:db8::/120"] },
    { entry: "10.0.0.1-10.0.0.1", want: ["10.0.0.1/32"] },
    { entry: " 10.0.0.0 - 10.0.0.255 ", want: ["10.0.0.0/24"] },
    { entry: "10.0.0.1-10.0.0.6", want: ["10.0.0.1/32", "10.0.0.2/31", "10.0.0.4/31", "10.0.0.6/32"] },
    { entry: "2001:db8::-2001:db8::3", want: ["2001:db8::/126"] },
    // net.ParseCIDR keeps a mapped address with an IPv6-sized prefix IPv6-shaped.
    { entry: "::ffff:10.0.0.0/120", want: ["::ffff:a00:0/120"] },
  ])("$entry", ({ entry, want }) => {
    const r = parsePoolEntry(entry);
    expect(r.ok && r.cidrs.map(formatCidr)).toEqual(want);
  });

  test.for([
    { entry: "10.0.0.1", msg: '"10.0.0.1" is neither a CIDR nor a range (write a single address as a /32 or /128 CIDR, or as a-a)' },
    { entry: "10.0.0.0/33", msg: '"10.0.0.0/33" is not a valid CIDR' },
    { entry: "010.0.0.0/24", msg: '"010.0.0.0/24" is not a valid CIDR' },
    { entry: "10.0.0.9-10.0.0.1", msg: '"10.0.0.9-10.0.0.1" is not a valid range: start is after end' },
    { entry: "x-10.0.0.1", msg: '"x-10.0.0.1" is not a valid range: invalid start IP "x"' },
    { entry: "10.0.0.1-y", msg: '"10.0.0.1-y" is not a valid range: invalid end IP "y"' },
    { entry: "10.0.0.1-2001:db8::1", msg: '"10.0.0.1-2001:db8::1" is not a valid range: start and end are of different IP families' },
  ])("rejects $entry", ({ entry, msg }) => {
    const r = parsePoolEntry(entry);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toBe(msg);
  });

  test("a range becomes aligned CIDRs covering exactly the range", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 5000 }), (start, span) => {
        const end = Math.min(start + span, 2 ** 32 - 1);
        const text = (n: number): string => [24, 16, 8, 0].map((s) => (n >>> s) & 255).join(".");
        const r = parsePoolEntry(`${text(start)}-${text(end)}`);
        if (!r.ok) return false;
        let next = BigInt(start);
        for (const c of r.cidrs) {
          if (c.network !== next) return false;
          const size = 1n << BigInt(32 - c.prefixLength);
          if (c.network % size !== 0n) return false;
          next += size;
        }
        return next === BigInt(end) + 1n;
      }),
      { numRuns: 200 },
    );
  });
});

describe("parseIP", () => {
  test.for([
    { ip: "192.0.2.1", family: 4 },
    { ip: "2001:db8::1", family: 6 },
    { ip: "::ffff:192.0.2.1", family: 4 },
    { ip: "fe80::1%eth0", family: undefined },
    { ip: "1.2.3", family: undefined },
    { ip: "", family: undefined },
  ])("$ip", ({ ip, family }) => {
    expect(parseIP(ip)?.family).toBe(family);
  });
});

describe("cidrOf and cidrContains", () => {
  test.for([
    { ip: "10.1.2.3", length: 16, cidr: "10.1.0.0/16", inside: ["10.1.255.255"], outside: ["10.2.0.0", "2001:db8::1"] },
    { ip: "10.1.2.3", length: 32, cidr: "10.1.2.3/32", inside: ["10.1.2.3"], outside: ["10.1.2.4"] },
    { ip: "2001:db8::1:5", length: 112, cidr: "2001:db8::1:0/112", inside: ["2001:db8::1:ffff"], outside: ["2001:db8::2:0", "10.0.0.1"] },
    { ip: "192.0.2.7", length: 0, cidr: "0.0.0.0/0", inside: ["255.255.255.255"], outside: ["::1"] },
  ])("$ip/$length", ({ ip, length, cidr, inside, outside }) => {
    const c = cidrOf(parseIP(ip)!, length);
    expect(formatCidr(c)).toBe(cidr);
    expect(inside.map((a) => cidrContains(c, parseIP(a)!))).toEqual(inside.map(() => true));
    expect(outside.map((a) => cidrContains(c, parseIP(a)!))).toEqual(outside.map(() => false));
  });
});

test.for([
  { a: "10.0.0.0/24", b: "10.0.0.128/25", overlap: true },
  { a: "10.0.0.0/24", b: "10.0.0.0/24", overlap: true },
  { a: "10.0.0.0/24", b: "10.0.1.0/24", overlap: false },
  { a: "2001:db8::/64", b: "2001:db8::1/128", overlap: true },
  { a: "10.0.0.0/8", b: "2001:db8::/32", overlap: false },
])("cidrsOverlap($a, $b) = $overlap", ({ a, b, overlap }) => {
  expect(cidrsOverlap(parseCidr(a)!, parseCidr(b)!)).toBe(overlap);
  expect(cidrsOverlap(parseCidr(b)!, parseCidr(a)!)).toBe(overlap);
});

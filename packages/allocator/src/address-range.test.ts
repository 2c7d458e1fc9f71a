import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { formatAddress } from "./address.js";
import { type AddressRange, formatCidr, formatRange, parsePoolAddress, rangeToCidrs, usableCount } from "./address-range.js";

describe("parsePoolAddress", () => {
  test.for([
    { item: "10.0.0.0/24", want: "10.0.0.0-10.0.0.255" },
    { item: "10.0.0.5/24", want: "10.0.0.0-10.0.0.255" },
    { item: "10.0.0.7/32", want: "10.0.0.7-10.0.0.7" },
    { item: "2001:db8::/64", want: "2001:db8::-2001:db8::ffff:ffff:ffff:ffff" },
    { item: "10.0.0.1-10.0.0.9", want: "10.0.0.1-10.0.0.9" },
    { item: " 10.0.0.1 - 10.0.0.9 ", want: "10.0.0.1-10.0.0.9" },
    { item: "10.0.0.1-10.0.0.1", want: "10.0.0.1-10.0.0.1" },
    { item: "2001:db8::1-2001:db8::ff", want: "2001:db8::1-2001:db8::ff" },
    { item: "10.0.0.1-10.0.0.0", want: '"10.0.0.1-10.0.0.0" is not a valid range: start is after end' },
    { item: "10.0.0.x-10.0.0.9", want: '"10.0.0.x-10.0.0.9" is not a valid range: invalid start IP "10.0.0.x"' },
    { item: "10.0.0.1-", want: '"10.0.0.1-" is not a valid range: invalid end IP ""' },
    { item: "10.0.0.1-2001:db8::1", want: '"10.0.0.1-2001:db8::1" is not a valid range: start and end are of different IP families' },
    { item: "10.0.0.0/33", want: '"10.0.0.0/33" is not a valid CIDR' },
    { item: "10.0.0.0/", want: '"10.0.0.0/" is not a valid CIDR' },
    { item: "2001:db8::/129", want: '"2001:db8::/129" is not a valid CIDR' },
    { item: "10.0.0.1", want: '"10.0.0.1" is neither a CIDR nor a range (write a single address as a /32 or /128 CIDR, or as a-a)' },
  ])("$item", ({ item, want }) => {
    const got = parsePoolAddress(item);
    expect(got.ok ? formatRange(got.range) : got.reason).toBe(want);
  });
});

function range(item: string): AddressRange {
  const got = parsePoolAddress(item);
  if (!got.ok) throw new Error(got.reason);
  return got.range;
}

describe("usableCount", () => {
  test.for([
    { items: ["1.2.3.0/24"], avoid: false, want: 256n },
    { items: ["1.2.3.0/24", "2.3.4.128/25"], avoid: false, want: 384n },
    { items: ["1.2.3.0/24", "2.3.4.128/25"], avoid: true, want: 381n },
    { items: ["1.2.3.0/31", "1000::/127"], avoid: true, want: 3n },
    { items: ["10.0.0.0/16"], avoid: true, want: 256n * 254n },
    { items: ["10.0.0.255-10.0.1.0"], avoid: true, want: 0n },
    { items: ["10.0.0.255/32"], avoid: true, want: 0n },
    { items: ["0.0.0.0/0"], avoid: true, want: 2n ** 24n * 254n },
    { items: ["2001:db8::/64"], avoid: true, want: 2n ** 64n },
    { items: ["::/0", "10.0.0.0/8"], avoid: false, want: 2n ** 128n + 2n ** 24n },
  ])("$items avoidBuggyIPs=$avoid", ({ items, avoid, want }) => {
    expect(items.map(range).reduce((n, r) => n + usableCount(r, avoid), 0n)).toBe(want);
  });

  test("matches a brute-force count on small IPv4 ranges", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 1500 }), (start, len) => {
        const r: AddressRange = { family: "ipv4", first: BigInt(start), last: BigInt(start + len) };
        let want = 0n;
        for (let x = start; x <= start + len; x++) if (x % 256 !== 0 && x % 256 !== 255) want++;
        expect(usableCount(r, true)).toBe(want);
      }),
    );
  });
});

describe("rangeToCidrs", () => {
  test.for([
    { item: "10.0.0.0/24", want: ["10.0.0.0/24"] },
    { item: "10.0.0.1-10.0.0.6", want: ["10.0.0.1/32", "10.0.0.2/31", "10.0.0.4/31", "10.0.0.6/32"] },
    { item: "0.0.0.0-255.255.255.255", want: ["0.0.0.0/0"] },
    { item: "2001:db8::-2001:db8::1:1", want: ["2001:db8::/112", "2001:db8::1:0/127"] },
  ])("$item", ({ item, want }) => {
    expect(rangeToCidrs(range(item)).map(formatCidr)).toEqual(want);
  });

  test("covers the range exactly with aligned blocks", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 128n - 1n }), fc.bigInt({ min: 0n, max: 2n ** 70n }), (first, len) => {
        const last = first + len > 2n ** 128n - 1n ? 2n ** 128n - 1n : first + len;
        const cidrs = rangeToCidrs({ family: "ipv6", first, last });
        let next = first;
        for (const c of cidrs) {
          const size = 1n << BigInt(128 - c.prefixLength);
          expect(c.network).toBe(next);
          expect(c.network % size).toBe(0n);
          next += size;
        }
        expect(next - 1n).toBe(last);
        expect(cidrs.length).toBeLessThanOrEqual(2 * 128);
        expect(formatAddress({ family: "ipv6", value: first })).toBeTypeOf("string");
      }),
    );
  });
});

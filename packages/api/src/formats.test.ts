import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { cidrProblem, formatGoDuration, isIPv4, isIPv6, parseGoDuration, parseIP, poolAddressProblem } from "./index.js";

describe("parseIP", () => {
  test.for([
    { text: "192.0.2.1", bytes: [192, 0, 2, 1] },
    { text: "0.0.0.0", bytes: [0, 0, 0, 0] },
    { text: "::", bytes: Array(16).fill(0) },
    { text: "2001:db8::1", bytes: [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1] },
    { text: "::ffff:192.0.2.1", bytes: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 1] },
    { text: "1:2:3:4:5:6:7:8", bytes: [0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8] },
  ])("$text", ({ text, bytes }) => {
    expect([...(parseIP(text) ?? [])]).toEqual(bytes);
  });

  test.for(["", "1.2.3", "1.2.3.4.5", "256.0.0.1", "01.2.3.4", "1.2.3.-1", "1:2:3:4:5:6:7:8:9", "1::2::3", "fe80::1%eth0", "12345::", "::1.2.3", "abc", " 1.2.3.4"])(
    "rejects %j",
    (text) => {
      expect(parseIP(text)).toBeUndefined();
    },
  );

  test("family helpers", () => {
    expect([isIPv4("192.0.2.1"), isIPv4("2001:db8::1"), isIPv6("2001:db8::1"), isIPv6("192.0.2.1")]).toEqual([true, false, true, false]);
  });

  test("IPv4 round-trips through its dotted form", () => {
    fc.assert(
      fc.property(fc.ipV4(), (text) => {
        expect([...(parseIP(text) ?? [])].join(".")).toBe(text);
      }),
    );
  });

  test("every IPv6 address fast-check generates parses", () => {
    fc.assert(
      fc.property(fc.ipV6(), (text) => {
        expect(parseIP(text)).toBeDefined();
      }),
    );
  });
});

describe("CIDRs and pool addresses", () => {
  test.for([
    { item: "10.0.0.0/24", problem: undefined },
    { item: "10.0.0.5/24", problem: undefined },
    { item: "2001:db8::/64", problem: undefined },
    { item: "10.0.0.1/32", problem: undefined },
    { item: "10.0.0.0-10.0.0.255", problem: undefined },
    { item: " 10.0.0.1 - 10.0.0.1 ", problem: undefined },
    { item: "2001:db8::1-2001:db8::ff", problem: undefined },
    { item: "10.0.0.1", problem: 'is not a valid CIDR or range: a single IP needs a /32 or /128 prefix or the form "ip-ip"' },
    { item: "10.0.0.0/33", problem: 'is not a valid CIDR: invalid prefix length "33"' },
    { item: "10.0.0.0/", problem: 'is not a valid CIDR: invalid prefix length ""' },
    { item: "x/24", problem: "is not a valid CIDR: invalid IP address" },
    { item: "10.0.0.1-10.0.0.0", problem: "is not a valid range: start is after end" },
    { item: "10.0.0.1-", problem: 'is not a valid range: invalid end IP ""' },
    { item: "a-10.0.0.1", problem: 'is not a valid range: invalid start IP "a"' },
    { item: "10.0.0.1-2001:db8::1", problem: "is not a valid range: start and end are of different IP families" },
  ])("$item", ({ item, problem }) => {
    expect(poolAddressProblem(item)).toBe(problem);
  });

  test("cidrProblem on IPv6 lengths", () => {
    expect([cidrProblem("2001:db8::/128"), cidrProblem("2001:db8::/129")]).toEqual([undefined, 'invalid prefix length "129"']);
  });
});

describe("Go durations", () => {
  test.for([
    { text: "0", nanos: 0, go: "0s" },
    { text: "0s", nanos: 0, go: "0s" },
    { text: "90s", nanos: 90e9, go: "1m30s" },
    { text: "1m30s", nanos: 90e9, go: "1m30s" },
    { text: "1.5h", nanos: 5400e9, go: "1h30m0s" },
    { text: "300ms", nanos: 300e6, go: "300ms" },
    { text: "1500ms", nanos: 1.5e9, go: "1.5s" },
    { text: "-2s", nanos: -2e9, go: "-2s" },
    { text: ".5s", nanos: 0.5e9, go: "500ms" },
    { text: "2h45m", nanos: 9900e9, go: "2h45m0s" },
    { text: "10us", nanos: 10e3, go: "10µs" },
  ])("$text", ({ text, nanos, go }) => {
    expect(parseGoDuration(text)).toBe(nanos);
    expect(formatGoDuration(nanos)).toBe(go);
  });

  test.for(["", "s", "10", "1d", "1.s.", "--1s", "1 s", "."])("rejects %j", (text) => {
    expect(parseGoDuration(text)).toBeUndefined();
  });

  test("formatting then parsing is the identity on whole milliseconds", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), (ms) => {
        expect(parseGoDuration(formatGoDuration(ms * 1e6))).toBe(ms * 1e6);
      }),
    );
  });
});

import { expect, test } from "vitest";
import { addressFamily, parseCIDR } from "./ip.js";

test.for([
  ["192.0.2.1", "ipv4"],
  ["2001:db8::1", "ipv6"],
  ["::ffff:192.0.2.1", "ipv4"],
  ["192.0.2.01", undefined],
  ["192.0.2", undefined],
  ["fe80::1%eth0", undefined],
  ["eth0", undefined],
] as const)("address %s has family %s", ([text, want]) => {
  expect(addressFamily(text)).toBe(want);
});

test.for([
  ["192.0.2.7/24", { family: "ipv4", bits: 24, network: "192.0.2.0/24" }],
  ["2001:db8:0:0:1::/48", { family: "ipv6", bits: 48, network: "2001:db8::/48" }],
  ["0.0.0.0/0", { family: "ipv4", bits: 0, network: "0.0.0.0/0" }],
  ["192.0.2.0/33", undefined],
  ["192.0.2.0", undefined],
  ["2001:db8::/129", undefined],
  ["10/8", undefined],
] as const)("CIDR %s", ([text, want]) => {
  expect(parseCIDR(text)).toEqual(want);
});

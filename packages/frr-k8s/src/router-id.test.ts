import { describe, expect, test } from "vitest";
import { fallbackRouterID, routerIDFromHostname } from "./router-id.js";

describe("fallback router ID", () => {
  test("is the little-endian CRC-32 of the host name", () => {
    expect(routerIDFromHostname("dummyhostname")).toBe("167.62.253.30");
  });

  test.for([
    { name: "IPv4 on loopback only", interfaces: { lo: [{ family: "IPv4" }] }, want: "" },
    { name: "IPv4 as a number (older Node)", interfaces: { eth0: [{ family: 4 }] }, want: "" },
    { name: "IPv6 only", interfaces: { lo: [{ family: "IPv6" }], eth0: [{ family: "IPv6" }] }, want: "167.62.253.30" },
    { name: "no interfaces", interfaces: {}, want: "167.62.253.30" },
  ])("$name", ({ interfaces, want }) => {
    expect(fallbackRouterID("dummyhostname", interfaces)).toBe(want);
  });
});

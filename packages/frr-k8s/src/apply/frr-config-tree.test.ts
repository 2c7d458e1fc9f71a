import { describe, expect, test } from "vitest";
import { parseFrrConfig, parsePrefixListEntry, splitTopLevel, type FrrContext } from "./frr-config-tree.js";

/** The tree as plain data: opener -> { lines, children }. */
function shape(ctx: FrrContext): unknown {
  return { lines: ctx.lines, ...(ctx.children.size > 0 ? { children: Object.fromEntries([...ctx.children].map(([k, c]) => [k, shape(c)])) } : {}) };
}

function parsed(text: string): FrrContext {
  const r = parseFrrConfig(text);
  if (!r.ok) throw new Error(r.reason);
  return r.root;
}

describe("parseFrrConfig", () => {
  test("rendered config: top-level lines, route-map entries, a router whose two address-family blocks merge", () => {
    const text = [
      "log stdout informational",
      "ip prefix-list p-allowed-ipv4 seq 1 permit 192.0.2.0/26",
      "route-map p-out permit 1",
      "  match ip address prefix-list p-allowed-ipv4",
      "exit",
      "router bgp 64512",
      "  no bgp default ipv4-unicast",
      "  neighbor 198.51.100.2 remote-as 64513",
      "  address-family ipv4 unicast",
      "    neighbor 198.51.100.2 activate",
      "  exit-address-family",
      "  address-family ipv4 unicast",
      "    network 192.0.2.0/26",
      "  exit-address-family",
      "exit",
      "",
    ].join("\n");
    expect(shape(parsed(text))).toEqual({
      lines: ["log stdout informational", "ip prefix-list p-allowed-ipv4 seq 1 permit 192.0.2.0/26"],
      children: {
        "route-map p-out permit 1": { lines: ["match ip address prefix-list p-allowed-ipv4"] },
        "router bgp 64512": {
          lines: ["no bgp default ipv4-unicast", "neighbor 198.51.100.2 remote-as 64513"],
          children: { "address-family ipv4 unicast": { lines: ["neighbor 198.51.100.2 activate", "network 192.0.2.0/26"] } },
        },
      },
    });
  });

  test("show running-config: header, ! separators, 1-space indents, end, unknown blocks by indentation", () => {
    const text = [
      "Building configuration...", "", "Current configuration:", "!", "frr version 8.4.4", "!",
      "interface eth0", " ip address 192.0.2.1/24", "exit", "!",
      "router bgp 64512 vrf red", " neighbor 198.51.100.6 remote-as 64514", " !", " address-family ipv4 unicast",
      "  network 203.0.113.0/24", " exit-address-family", "exit", "!",
      "bfd", " profile echo", "  echo-mode", " exit", " !", "exit", "!", "end",
    ].join("\n");
    expect(shape(parsed(text))).toEqual({
      lines: ["frr version 8.4.4"],
      children: {
        "interface eth0": { lines: ["ip address 192.0.2.1/24"] },
        "router bgp 64512 vrf red": {
          lines: ["neighbor 198.51.100.6 remote-as 64514"],
          children: { "address-family ipv4 unicast": { lines: ["network 203.0.113.0/24"] } },
        },
        bfd: { lines: [], children: { "profile echo": { lines: ["echo-mode"] } } },
      },
    });
  });

  test.for([
    ["an exit outside any block", "hostname a\nexit\n", /outside any block/],
    ["an unclosed block", "router bgp 1\n neighbor 192.0.2.1 remote-as 2\n", /never closed/],
    ["exit-address-family closing a router", "router bgp 1\nexit-address-family\n", /closes "router bgp 1"/],
  ] as const)("refuses %s", ([, text, reason]) => {
    const r = parseFrrConfig(text);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(reason);
  });
});

describe("prefix-list entries", () => {
  test.for([
    ["ip prefix-list a seq 1 permit 192.0.2.0/26", { family: "ip", name: "a", seq: 1, value: "permit 192.0.2.0/26" }],
    ["ipv6 prefix-list a seq 2 deny any", { family: "ipv6", name: "a", seq: 2, value: "deny any" }],
    // FRR prints ge before le; the renderer may write them the other way round.
    ["ipv6 prefix-list b seq 4 permit 2001:db8:100::/48 le 64 ge 56", { family: "ipv6", name: "b", seq: 4, value: "permit 2001:db8:100::/48 ge 56 le 64" }],
    ["ip prefix-list c permit 192.0.2.0/24", undefined],
    ["ip prefix-list c description hello", undefined],
  ] as const)("%s", ([line, want]) => {
    expect(parsePrefixListEntry(line)).toEqual(want);
  });

  test("a list holding the same seq twice with different values cannot be split", () => {
    expect(splitTopLevel(parsed("ip prefix-list a seq 1 permit 192.0.2.0/26\nip prefix-list a seq 1 permit 192.0.2.64/26\n"))).toBeUndefined();
    expect(splitTopLevel(parsed("ip prefix-list a seq 1 permit 192.0.2.0/26\nipv6 prefix-list a seq 1 deny any\n"))?.prefixLists.size).toBe(2);
  });
});

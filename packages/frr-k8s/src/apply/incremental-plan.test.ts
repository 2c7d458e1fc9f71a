import { describe, expect, test } from "vitest";
import { parseFrrConfig, type FrrContext } from "./frr-config-tree.js";
import { planIncrementalChange, verifyTouched, type PlanResult } from "./incremental-plan.js";
import { nodeConfig, type NodeConfigOptions } from "./testing/node-config.js";

function tree(text: string): FrrContext {
  const r = parseFrrConfig(text);
  if (!r.ok) throw new Error(r.reason);
  return r.root;
}

function plan(before: NodeConfigOptions, after: NodeConfigOptions): PlanResult {
  return planIncrementalChange(tree(nodeConfig(before)), tree(nodeConfig(after)));
}

function script(r: PlanResult): string[] {
  if (r.kind !== "batch") throw new Error(`expected a batch, got ${JSON.stringify(r)}`);
  return r.plan.script.trimEnd().split("\n");
}

const N = "198.51.100.1";
// Numbered 1..n (as upstream renders) so the expected scripts read easily and renumbering can be shown.
const base: NodeConfigOptions = { neighbors: [N], v4: ["192.0.2.1/32", "192.0.2.2/32", "192.0.2.3/32"], seqs: "positional" };

describe("planIncrementalChange: batches", () => {
  test("the same config twice has nothing to do", () => {
    expect(plan(base, base)).toEqual({ kind: "unchanged" });
  });

  test("a prefix appended: one list entry, then the network", () => {
    expect(script(plan(base, { ...base, v4: [...base.v4!, "192.0.2.4/32"] }))).toEqual([
      `ip prefix-list ${N}-allowed-ipv4 seq 4 permit 192.0.2.4/32`,
      "router bgp 64513", " address-family ipv4 unicast", "  network 192.0.2.4/32", " exit-address-family", "exit",
    ]);
  });

  test("a prefix replaced in place: the new value overwrites the gone one at the same seq", () => {
    expect(script(plan(base, { ...base, v4: ["192.0.2.1/32", "192.0.2.9/32", "192.0.2.3/32"] }))).toEqual([
      `ip prefix-list ${N}-allowed-ipv4 seq 2 permit 192.0.2.9/32`,
      "router bgp 64513", " address-family ipv4 unicast", "  network 192.0.2.9/32", "  no network 192.0.2.2/32", " exit-address-family", "exit",
    ]);
  });

  test("the last prefix removed: its entry goes after the network", () => {
    expect(script(plan(base, { ...base, v4: ["192.0.2.1/32", "192.0.2.2/32"] }))).toEqual([
      `no ip prefix-list ${N}-allowed-ipv4 seq 3 permit 192.0.2.3/32`,
      "router bgp 64513", " address-family ipv4 unicast", "  no network 192.0.2.3/32", " exit-address-family", "exit",
    ]);
  });

  test("every prefix removed: the list becomes `deny any` in place, networks go", () => {
    expect(script(plan(base, { ...base, v4: [] }))).toEqual([
      `ip prefix-list ${N}-allowed-ipv4 seq 1 deny any`,
      `no ip prefix-list ${N}-allowed-ipv4 seq 2 permit 192.0.2.2/32`,
      `no ip prefix-list ${N}-allowed-ipv4 seq 3 permit 192.0.2.3/32`,
      "router bgp 64513", " address-family ipv4 unicast",
      "  no network 192.0.2.1/32", "  no network 192.0.2.2/32", "  no network 192.0.2.3/32",
      " exit-address-family", "exit",
    ]);
  });

  test("the first IPv6 prefix: its address family block appears with only a network in it", () => {
    expect(script(plan(base, { ...base, v6: ["2001:db8:1::/64"] }))).toEqual([
      `ipv6 prefix-list ${N}-allowed-ipv6 seq 1 permit 2001:db8:1::/64`,
      "router bgp 64513", " address-family ipv6 unicast", "  network 2001:db8:1::/64", " exit-address-family", "exit",
    ]);
  });

  test("a route-map entry appended and removed again", () => {
    const entry = [`route-map ${N}-out permit 10`, "  match ip address prefix-list extra", "  set local-preference 150", "exit"];
    const grown = { ...base, raw: entry };
    expect(script(plan(base, grown))).toEqual([`route-map ${N}-out permit 10`, " match ip address prefix-list extra", " set local-preference 150", "exit"]);
    expect(script(plan(grown, base))).toEqual([`no route-map ${N}-out permit 10`]);
  });

  test("several neighbors: each list and route map changes on its own", () => {
    const two = { ...base, neighbors: [N, "2001:db8:100::1"] };
    const r = plan(two, { ...two, v4: ["192.0.2.1/32"] });
    expect(r.kind === "batch" && r.plan.touched.prefixLists).toEqual([`ip prefix-list ${N}-allowed-ipv4`, "ip prefix-list 2001:db8:100::1-allowed-ipv4"]);
  });
});

describe("planIncrementalChange with the renderer's numbering (from each prefix)", () => {
  const stable: NodeConfigOptions = { ...base, seqs: "stable" };
  test.for<[string, readonly string[]]>([
    ["a prefix inserted in the middle", ["192.0.2.1/32", "192.0.2.15/32", "192.0.2.2/32", "192.0.2.3/32"]],
    ["a prefix removed from the middle", ["192.0.2.1/32", "192.0.2.3/32"]],
  ])("%s is a batch of that one entry and its network", ([, v4]) => {
    const r = plan(stable, { ...stable, v4 });
    expect(r.kind).toBe("batch");
    const lines = script(r).filter((l) => l.includes("192.0.2."));
    expect(lines).toHaveLength(2);
  });
});

describe("planIncrementalChange: what only frr-reload.py applies", () => {
  test.for<[string, NodeConfigOptions, RegExp]>([
    ["a prefix inserted in the middle (later entries renumbered)", { ...base, v4: ["192.0.2.1/32", "192.0.2.15/32", "192.0.2.2/32", "192.0.2.3/32"] }, /allowed-ipv4: 2 entries move to another seq/],
    ["a prefix removed from the middle", { ...base, v4: ["192.0.2.1/32", "192.0.2.3/32"] }, /allowed-ipv4: 1 entries move to another seq/],
    ["a community entry inserted before the allowed ones (route-map entries renumbered)", { ...base, communities: { "10:100": ["192.0.2.2/32"] } }, /route-map .*-out permit 1: entry rewritten in place/],
    ["a neighbor added", { ...base, neighbors: [N, "198.51.100.7"] }, /router bgp 64513: router settings or neighbors changed/],
    ["a router setting changed", { ...base, routerLines: ["bgp router-id 192.0.2.254"] }, /router settings or neighbors changed/],
    ["a top-level line changed", { ...base, topLevel: ["log stdout debugging"] }, /top-level line changed: "log stdout \.\.\."/],
    ["a BFD profile added", { ...base, raw: ["bfd", " profile p", " exit", "exit"] }, /block "bfd" changed/],
    ["a route-map line other than match/set/on-match", { ...base, raw: [`route-map ${N}-out permit 9`, " call other", "exit"] }, /"call" lines/],
    ["a password changed, without saying it", { ...base, routerLines: [`neighbor ${N} password s3cret`] }, /^(?!.*s3cret)/],
  ])("%s", ([, after, reason]) => {
    const r = plan(base, after);
    expect(r.kind).toBe("reload");
    expect(r.kind === "reload" && r.reason).toMatch(reason);
  });

  test("a router removed, a second router added", () => {
    expect(plan(base, { ...base, neighbors: [] })).toMatchObject({ kind: "reload" });
    expect(planIncrementalChange(tree(nodeConfig(base)), tree(nodeConfig(base) + "router bgp 64513 vrf red\nexit\n"))).toMatchObject({ kind: "reload", reason: "router bgp 64513 vrf red added" });
  });
});

describe("verifyTouched", () => {
  const after: NodeConfigOptions = { ...base, v4: ["192.0.2.1/32", "192.0.2.15/32"] };
  const touchedOf = () => {
    const r = plan(base, after);
    if (r.kind !== "batch") throw new Error("expected a batch");
    return r.plan.touched;
  };
  /** What `show running-config` prints for `after`, with `edit` applied to its prefix-list lines. */
  const running = (edit: (lines: string[]) => string[] = (l) => l) => {
    const lines = nodeConfig(after).split("\n").map((l) => l.replace(/^ +/, (indent) => " ".repeat(indent.length / 2)));
    return ["Building configuration...", "", "Current configuration:", "!", "frr version 8.4.4", ...edit(lines), "end"].join("\n");
  };

  test("FRR shows what the batch meant", () => {
    expect(verifyTouched(tree(running()), tree(nodeConfig(after)), touchedOf())).toBeUndefined();
  });

  test.for<[string, (l: string[]) => string[], RegExp]>([
    ["an entry FRR ignored as a duplicate", (l) => l.filter((x) => !x.includes("seq 2 permit 192.0.2.15/32")), /1 entries, 2 wanted/],
    ["an entry with another value", (l) => l.map((x) => x.replace("seq 2 permit 192.0.2.15/32", "seq 2 permit 192.0.2.2/32")), /seq 2: FRR has "permit 192.0.2.2\/32", "permit 192.0.2.15\/32" wanted/],
    ["a network left behind", (l) => l.map((x) => (x === "  network 192.0.2.15/32" ? "  network 192.0.2.15/32\n  network 192.0.2.3/32" : x)), /announces 3 networks, 2 wanted/],
  ])("notices %s", ([, edit, reason]) => {
    expect(verifyTouched(tree(running(edit)), tree(nodeConfig(after)), touchedOf())).toMatch(reason);
  });
});

import { describe, expect, test } from "vitest";
import { type IPAddressPoolSource, poolCapacity, poolFromCR, poolsFromCRs } from "./pool.js";

function cr(name: string, spec: Partial<IPAddressPoolSource["spec"]> = {}): IPAddressPoolSource {
  return { metadata: { name, namespace: "metallb-system" }, spec: { addresses: ["10.0.0.0/24"], ...spec } };
}

describe("poolFromCR", () => {
  test("defaults: autoAssign on, avoidBuggyIPs off, no serviceAllocation", () => {
    const got = poolFromCR(cr("a"));
    expect(got.ok && got.pool).toMatchObject({ name: "a", autoAssign: true, avoidBuggyIPs: false, serviceAllocation: undefined });
  });

  test("serviceAllocation with missing lists becomes empty lists, priority 0", () => {
    const got = poolFromCR(cr("a", { serviceAllocation: {} }));
    expect(got.ok && got.pool.serviceAllocation).toEqual({ priority: 0, namespaces: [], namespaceSelectors: [], serviceSelectors: [] });
  });

  test.for([
    { desc: "no addresses", spec: { addresses: [] }, want: ["IPAddressPool metallb-system/a: spec.addresses: pool has no prefixes defined"] },
    {
      desc: "range start after end",
      spec: { addresses: ["10.0.0.0/24", "10.1.0.0/24", "10.0.0.1-10.0.0.0"] },
      want: ['IPAddressPool metallb-system/a: spec.addresses[2]: "10.0.0.1-10.0.0.0" is not a valid range: start is after end'],
    },
    {
      desc: "two bad items are both reported",
      spec: { addresses: ["bad", "10.0.0.0/40"] },
      want: [
        'IPAddressPool metallb-system/a: spec.addresses[0]: "bad" is neither a CIDR nor a range (write a single address as a /32 or /128 CIDR, or as a-a)',
        'IPAddressPool metallb-system/a: spec.addresses[1]: "10.0.0.0/40" is not a valid CIDR',
      ],
    },
    {
      desc: "duplicate namespaces",
      spec: { serviceAllocation: { namespaces: ["x", "y", "x"] } },
      want: ['IPAddressPool metallb-system/a: spec.serviceAllocation.namespaces[2]: duplicate definition in namespaces field: "x"'],
    },
    {
      desc: "duplicate service selectors",
      spec: { serviceAllocation: { serviceSelectors: [{ matchLabels: { a: "1" } }, { matchLabels: { a: "1" } }] } },
      want: ['IPAddressPool metallb-system/a: spec.serviceAllocation.serviceSelectors[1]: duplicate definition of serviceSelectors "a=1"'],
    },
    {
      desc: "invalid namespace selector",
      spec: { serviceAllocation: { namespaceSelectors: [{ matchExpressions: [{ key: "k", operator: "In" }] }] } },
      want: ['IPAddressPool metallb-system/a: spec.serviceAllocation.namespaceSelectors[0]: invalid label selector: matchExpressions key "k": operator In needs at least one value'],
    },
  ])("$desc", ({ spec, want }) => {
    const got = poolsFromCRs([cr("a", spec)]);
    expect(got.ok ? [] : got.issues.map((i) => `${i.object}: ${i.field}: ${i.message}`)).toEqual(want);
  });
});

describe("poolsFromCRs across pools", () => {
  test.for([
    { desc: "disjoint pools", crs: [cr("a"), cr("b", { addresses: ["10.0.1.0/24", "2001:db8::/64"] })], want: [] },
    {
      desc: "same CIDR in two pools",
      crs: [cr("a"), cr("b")],
      want: ['IPAddressPool metallb-system/b: spec.addresses[0]: "10.0.0.0/24" overlaps with "10.0.0.0/24" (spec.addresses[0] of IPAddressPool metallb-system/a)'],
    },
    {
      desc: "a range crossing into a CIDR of the same pool",
      crs: [cr("a", { addresses: ["10.0.0.0/24", "10.0.0.250-10.0.1.5"] })],
      want: ['IPAddressPool metallb-system/a: spec.addresses[1]: "10.0.0.250-10.0.1.5" overlaps with "10.0.0.0/24" (spec.addresses[0])'],
    },
    {
      desc: "a later pool nesting inside an earlier one",
      crs: [cr("a", { addresses: ["10.0.0.0/16"] }), cr("b", { addresses: ["192.0.2.0/24", "10.0.3.0/24"] })],
      want: ['IPAddressPool metallb-system/b: spec.addresses[1]: "10.0.3.0/24" overlaps with "10.0.0.0/16" (spec.addresses[0] of IPAddressPool metallb-system/a)'],
    },
    { desc: "IPv4 and IPv6 with equal numeric values do not overlap", crs: [cr("a", { addresses: ["0.0.0.0/24"] }), cr("b", { addresses: ["::/120"] })], want: [] },
    {
      desc: "duplicate pool name",
      crs: [cr("a"), cr("a", { addresses: ["10.9.0.0/24"] })],
      want: ['IPAddressPool metallb-system/a: metadata.name: duplicate definition of pool "a"'],
    },
  ])("$desc", ({ crs, want }) => {
    const got = poolsFromCRs(crs);
    expect(got.ok ? [] : got.issues.map((i) => `${i.object}: ${i.field}: ${i.message}`)).toEqual(want);
  });
});

test("poolCapacity is exact for a /64 next to IPv4 ranges (upstream saturates at max int64)", () => {
  const got = poolFromCR(cr("a", { addresses: ["2001:db8::/64", "2001:db8:1::/64", "10.0.0.0/24"], avoidBuggyIPs: true }));
  expect(got.ok && poolCapacity(got.pool)).toEqual({ ipv4: 254n, ipv6: 2n ** 65n });
});

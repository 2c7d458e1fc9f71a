import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { formatLabelSelector, matchesAnySelector, matchesLabelSelector } from "./index.js";
import type { LabelSelector } from "./index.js";

const labels = { app: "web", tier: "front", "kubernetes.io/hostname": "worker-1", empty: "" };

describe("matchesLabelSelector", () => {
  test.for<{ name: string; selector: LabelSelector | undefined; want: boolean }>([
    { name: "absent selector matches", selector: undefined, want: true },
    { name: "empty selector matches", selector: {}, want: true },
    { name: "empty lists match", selector: { matchLabels: {}, matchExpressions: [] }, want: true },
    { name: "matchLabels equal", selector: { matchLabels: { app: "web" } }, want: true },
    { name: "matchLabels all must hold", selector: { matchLabels: { app: "web", tier: "back" } }, want: false },
    { name: "matchLabels missing key", selector: { matchLabels: { zone: "a" } }, want: false },
    { name: "matchLabels empty value", selector: { matchLabels: { empty: "" } }, want: true },
    { name: "In with value", selector: { matchExpressions: [{ key: "tier", operator: "In", values: ["back", "front"] }] }, want: true },
    { name: "In without value", selector: { matchExpressions: [{ key: "tier", operator: "In", values: ["back"] }] }, want: false },
    { name: "In on missing key", selector: { matchExpressions: [{ key: "zone", operator: "In", values: ["a"] }] }, want: false },
    { name: "NotIn with other value", selector: { matchExpressions: [{ key: "tier", operator: "NotIn", values: ["back"] }] }, want: true },
    { name: "NotIn with value", selector: { matchExpressions: [{ key: "tier", operator: "NotIn", values: ["front"] }] }, want: false },
    { name: "NotIn on missing key", selector: { matchExpressions: [{ key: "zone", operator: "NotIn", values: ["a"] }] }, want: true },
    { name: "Exists", selector: { matchExpressions: [{ key: "empty", operator: "Exists" }] }, want: true },
    { name: "Exists on missing key", selector: { matchExpressions: [{ key: "zone", operator: "Exists" }] }, want: false },
    { name: "DoesNotExist", selector: { matchExpressions: [{ key: "zone", operator: "DoesNotExist" }] }, want: true },
    { name: "DoesNotExist on present key", selector: { matchExpressions: [{ key: "app", operator: "DoesNotExist" }] }, want: false },
    { name: "labels and expressions are ANDed", selector: { matchLabels: { app: "web" }, matchExpressions: [{ key: "tier", operator: "In", values: ["back"] }] }, want: false },
    { name: "unknown operator matches nothing", selector: { matchExpressions: [{ key: "app", operator: "Equals", values: ["web"] }] }, want: false },
    { name: "In without values matches nothing", selector: { matchExpressions: [{ key: "app", operator: "In", values: [] }] }, want: false },
    { name: "Exists with values matches nothing", selector: { matchExpressions: [{ key: "app", operator: "Exists", values: ["web"] }] }, want: false },
  ])("$name", ({ selector, want }) => {
    expect(matchesLabelSelector(selector, labels)).toBe(want);
  });

  test("undefined labels behave like no labels", () => {
    expect(matchesLabelSelector({ matchExpressions: [{ key: "a", operator: "DoesNotExist" }] }, undefined)).toBe(true);
    expect(matchesLabelSelector({ matchLabels: { a: "b" } }, undefined)).toBe(false);
  });

  test("a selector built from an object's own labels matches it", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1 }), fc.string()), (own) => {
        expect(matchesLabelSelector({ matchLabels: own }, own)).toBe(true);
        const expressions = Object.entries(own).map(([key, value]) => ({ key, operator: "In", values: [value] }));
        expect(matchesLabelSelector({ matchExpressions: expressions }, own)).toBe(true);
      }),
    );
  });

  test("In and NotIn are complements when the key is present", () => {
    fc.assert(
      fc.property(fc.string(), fc.array(fc.string(), { minLength: 1 }), (value, values) => {
        const has = { k: value };
        const inSel = matchesLabelSelector({ matchExpressions: [{ key: "k", operator: "In", values }] }, has);
        const notInSel = matchesLabelSelector({ matchExpressions: [{ key: "k", operator: "NotIn", values }] }, has);
        expect(inSel).toBe(!notInSel);
      }),
    );
  });
});

describe("matchesAnySelector (MetalLB's OR of selectors)", () => {
  test.for<{ name: string; selectors: LabelSelector[] | undefined; want: boolean }>([
    { name: "absent list matches", selectors: undefined, want: true },
    { name: "empty list matches", selectors: [], want: true },
    { name: "an empty selector in the list matches", selectors: [{ matchLabels: { app: "db" } }, {}], want: true },
    { name: "one matching selector is enough", selectors: [{ matchLabels: { app: "db" } }, { matchLabels: { tier: "front" } }], want: true },
    { name: "no matching selector", selectors: [{ matchLabels: { app: "db" } }, { matchLabels: { tier: "back" } }], want: false },
  ])("$name", ({ selectors, want }) => {
    expect(matchesAnySelector(selectors, labels)).toBe(want);
  });
});

test.for([
  { selector: {}, want: "" },
  { selector: { matchLabels: { b: "2", a: "1" } }, want: "a=1,b=2" },
  {
    selector: {
      matchLabels: { app: "web" },
      matchExpressions: [
        { key: "zone", operator: "NotIn", values: ["b", "a"] },
        { key: "gpu", operator: "Exists" },
        { key: "old", operator: "DoesNotExist" },
        { key: "tier", operator: "In", values: ["front"] },
      ],
    },
    want: "app=web,gpu,!old,tier in (front),zone notin (a,b)",
  },
])("formatLabelSelector $want", ({ selector, want }) => {
  expect(formatLabelSelector(selector)).toBe(want);
});

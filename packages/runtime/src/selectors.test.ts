import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { SelectorSyntaxError, matchesFieldRequirements, matchesLabelRequirements, parseFieldSelector, parseLabelSelector } from "./selectors.js";

const labels = { app: "speaker", tier: "edge", "kubernetes.io/hostname": "node-1" };

describe("label selectors", () => {
  test.for<{ selector: string; matches: boolean }>([
    { selector: "", matches: true },
    { selector: "app=speaker", matches: true },
    { selector: "app==speaker", matches: true },
    { selector: "app!=speaker", matches: false },
    { selector: "missing!=x", matches: true },
    { selector: "tier in (edge, core)", matches: true },
    { selector: "tier notin (edge)", matches: false },
    { selector: "missing notin (edge)", matches: true },
    { selector: "kubernetes.io/hostname", matches: true },
    { selector: "!kubernetes.io/hostname", matches: false },
    { selector: "app=speaker,tier in (core)", matches: false },
  ])("$selector -> $matches", ({ selector, matches }) => {
    expect(matchesLabelRequirements(parseLabelSelector(selector), labels)).toBe(matches);
  });

  test("rejects malformed requirements, naming them", () => {
    expect(() => parseLabelSelector("app in edge")).toThrow(SelectorSyntaxError);
    expect(() => parseLabelSelector("a=b,=c")).toThrow('invalid label selector requirement "=c" in "a=b,=c"');
  });

  test("property: k=v matches exactly the label sets holding v at k, and k!=v the others", () => {
    const token = fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/);
    fc.assert(
      fc.property(fc.dictionary(token, token), token, token, (set, key, value) => {
        const eq = matchesLabelRequirements(parseLabelSelector(`${key}=${value}`), set);
        const ne = matchesLabelRequirements(parseLabelSelector(`${key}!=${value}`), set);
        expect(eq).toBe(set[key] === value);
        expect(ne).toBe(!eq);
      }),
    );
  });
});

describe("field selectors", () => {
  const node = { metadata: { name: "node-1", namespace: "" }, spec: { unschedulable: false } };
  test.for<{ selector: string; matches: boolean }>([
    { selector: "metadata.name=node-1", matches: true },
    { selector: "metadata.name!=node-1", matches: false },
    { selector: "metadata.namespace=", matches: true },
    { selector: "spec.unschedulable=false", matches: true },
    { selector: "spec.missing=", matches: true },
  ])("$selector -> $matches", ({ selector, matches }) => {
    expect(matchesFieldRequirements(parseFieldSelector(selector), node)).toBe(matches);
  });
});

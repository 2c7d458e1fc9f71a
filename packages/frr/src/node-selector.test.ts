import { expect, test } from "vitest";
import { configurationsForNode } from "./node-selector.js";
import { frrConfiguration } from "./testing/fixtures.js";

test("configurationsForNode keeps input order and reports invalid selectors per object", () => {
  const configs = [
    frrConfiguration("b-any", {}),
    frrConfiguration("a-in", { nodeSelector: { matchExpressions: [{ key: "zone", operator: "In", values: ["x", "y"] }] } }),
    frrConfiguration("c-empty-in", { nodeSelector: { matchExpressions: [{ key: "zone", operator: "In", values: [] }] } }),
    frrConfiguration("d-exists-with-values", { nodeSelector: { matchExpressions: [{ key: "zone", operator: "Exists", values: ["x"] }] } }),
    frrConfiguration("e-absent", { nodeSelector: { matchExpressions: [{ key: "gpu", operator: "DoesNotExist" }] } }),
    frrConfiguration("f-other-zone", { nodeSelector: { matchLabels: { zone: "z" } } }),
  ];
  const { selected, errors } = configurationsForNode(configs, { name: "n1", labels: { zone: "y" } });
  expect(selected.map((c) => c.metadata.name)).toEqual(["b-any", "a-in", "e-absent"]);
  expect(errors.map((e) => e.message)).toEqual([
    "FRRConfiguration frr-k8s-system/c-empty-in spec.nodeSelector: could not parse nodeSelector for FRRConfiguration frr-k8s-system/c-empty-in, err: values: Invalid value: []: for 'in', 'notin' operators, values set can't be empty (key zone)",
    "FRRConfiguration frr-k8s-system/d-exists-with-values spec.nodeSelector: could not parse nodeSelector for FRRConfiguration frr-k8s-system/d-exists-with-values, err: values: Invalid value: for 'exists', 'doesnotexist' operators, values set must be empty (key zone)",
  ]);
});

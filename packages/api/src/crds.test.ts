import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { parse } from "yaml";
import { crdFieldPaths, diffPaths, fieldListPaths, formatDiff } from "../../../hack/crd-diff.js";
import { crdsDir, renderCRDFiles, staleFiles } from "../../../hack/gen-crds.js";
import { customResourceDefinitions, kinds, structural } from "./index.js";

const fieldListsDir = join(import.meta.dirname, "..", "testdata", "upstream-fields");

test("crds/ is up to date with the schemas (run npm run gen:crds)", () => {
  expect(staleFiles(renderCRDFiles())).toEqual([]);
});

test("generation is deterministic", () => {
  expect([...renderCRDFiles()]).toEqual([...renderCRDFiles()]);
});

describe("no upstream field is missing (hack/crd-diff against the field lists from the spec docs)", () => {
  const lists = readdirSync(fieldListsDir).filter((f) => f.endsWith(".txt"));
  const files = renderCRDFiles();
  test.for(lists)("%s", (list) => {
    const kind = list.replace(/\.txt$/, "");
    const [plural, version] = kind === "bgppeer-v1beta1" ? ["bgppeers", "v1beta1"] : [kinds.find((k) => k.resource.kind.toLowerCase() === kind)?.resource.plural, undefined];
    const file = [...files.keys()].find((name) => name.endsWith(`_${plural}.yaml`));
    expect(file, `CRD for ${kind}`).toBeDefined();
    const upstream = fieldListPaths(readFileSync(join(fieldListsDir, list), "utf8"));
    const ours = crdFieldPaths(files.get(file ?? "") ?? "", version);
    expect(formatDiff(diffPaths(upstream, ours))).toBe("");
  });

  test("every CRD kind has a field list", () => {
    const listed = new Set(lists.map((f) => f.replace(/\.txt$/, "")));
    const crdKinds = kinds.filter((k) => k.crd).map((k) => (k.type === "BGPPeerV1beta1" ? "bgppeer-v1beta1" : k.resource.kind.toLowerCase()));
    expect(crdKinds.filter((k) => !listed.has(k))).toEqual([]);
  });
});

describe("crd-diff", () => {
  test("reports paths on either side, with implied ancestors and the LabelSelector shorthand", () => {
    const a = fieldListPaths("spec.a\nspec.sel: LabelSelector # comment\n");
    const b = fieldListPaths("spec.b[].c\nspec.sel.matchLabels\n");
    expect(formatDiff(diffPaths(a, b)).split("\n")).toEqual([
      "- spec.a",
      "- spec.sel.matchExpressions",
      "- spec.sel.matchExpressions[]",
      "- spec.sel.matchExpressions[].key",
      "- spec.sel.matchExpressions[].operator",
      "- spec.sel.matchExpressions[].values",
      "- spec.sel.matchExpressions[].values[]",
      "+ spec.b",
      "+ spec.b[]",
      "+ spec.b[].c",
    ]);
  });

  test("reads a CRD version", () => {
    const bgpPeers = readFileSync(join(crdsDir, "metallb.io_bgppeers.yaml"), "utf8");
    const diff = diffPaths(crdFieldPaths(bgpPeers, "v1beta1"), crdFieldPaths(bgpPeers));
    expect(diff.onlyInA).toEqual([]);
    expect(diff.onlyInB).toContain("spec.dynamicASN");
  });
});

describe("CRD shape", () => {
  const crds = customResourceDefinitions();

  test("BGPPeer serves v1beta1 (deprecated) and stores v1beta2; conversion is None without a webhook", () => {
    const bgpPeers = crds.find((c) => (c["metadata"] as { name: string }).name === "bgppeers.metallb.io") as {
      spec: { conversion: unknown; versions: { name: string; served: boolean; storage: boolean; deprecated?: boolean }[] };
    };
    expect(bgpPeers.spec.conversion).toEqual({ strategy: "None" });
    expect(bgpPeers.spec.versions.map(({ name, served, storage, deprecated }) => ({ name, served, storage, deprecated }))).toEqual([
      { name: "v1beta1", served: true, storage: false, deprecated: true },
      { name: "v1beta2", served: true, storage: true, deprecated: undefined },
    ]);
  });

  test("with a webhook, BGPPeer conversion goes through it", () => {
    const withHook = customResourceDefinitions({ conversionWebhook: { namespace: "metallb-system", name: "metallb-webhook-service" } });
    const spec = withHook.find((c) => (c["metadata"] as { name: string }).name === "bgppeers.metallb.io")?.["spec"] as { conversion: unknown };
    expect(spec.conversion).toEqual({
      strategy: "Webhook",
      webhook: {
        conversionReviewVersions: ["v1"],
        clientConfig: { service: { namespace: "metallb-system", name: "metallb-webhook-service", path: "/convert", port: 443 } },
      },
    });
  });

  test("FRRNodeState is cluster-scoped, everything else namespaced, every version has the status subresource", () => {
    const scopes = crds.map((c) => {
      const spec = c["spec"] as { names: { kind: string }; scope: string; versions: { subresources?: unknown }[] };
      return { kind: spec.names.kind, scope: spec.scope, status: spec.versions.every((v) => v.subresources !== undefined) };
    });
    expect(scopes.filter((s) => s.scope === "Cluster").map((s) => s.kind)).toEqual(["FRRNodeState"]);
    expect(scopes.every((s) => s.status)).toBe(true);
  });

  test("the generated YAML parses back to the same objects", () => {
    const files = renderCRDFiles();
    expect([...files.values()].map((text) => parse(text) as unknown)).toEqual(crds);
  });

  test.for([
    { name: "$ref", node: { $ref: "#/x" } },
    { name: "anyOf", node: { anyOf: [{ type: "string" }, { type: "number" }] } },
    { name: "untyped node", node: { description: "x" } },
  ])("structural() refuses a $name", ({ node }) => {
    expect(() => structural(node)).toThrow();
  });

  test("structural() drops implied integer bounds and turns loose objects into preserved fields", () => {
    expect(
      structural({
        type: "object",
        properties: { n: { type: "integer", minimum: -9007199254740991, maximum: 9007199254740991 }, m: { type: "object", additionalProperties: {} } },
        propertyNames: { type: "string" },
        required: [],
      }),
    ).toEqual({ type: "object", properties: { m: { type: "object", "x-kubernetes-preserve-unknown-fields": true }, n: { type: "integer" } } });
  });
});

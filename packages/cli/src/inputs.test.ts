import { describe, expect, test } from "vitest";
import { readInputs, type ReadInputsOptions } from "./inputs.js";

const pool = (meta: string, spec = "{addresses: [10.0.0.0/24]}") => `apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata: ${meta}\nspec: ${spec}`;
const node = (name: string) => `apiVersion: v1\nkind: Node\nmetadata: {name: ${name}}`;
const everything: ReadInputsOptions = { wanted: () => true };
const intoLb: ReadInputsOptions = { wanted: () => true, defaultNamespace: () => "lb" };

function read(docs: readonly string[], options: ReadInputsOptions = everything) {
  const r = readInputs(["-"], () => docs.join("\n---\n"), options);
  return { objects: r.objects.map((o) => `${o.source} ${o.parsed.type} ${o.namespace ?? "-"}/${o.name}`), problems: r.problems };
}

describe("readInputs", () => {
  test.for([
    {
      name: "objects come in input order, typed, with their source",
      docs: [node("n1"), pool("{name: a, namespace: x}")],
      objects: ["<stdin>#1 Node -/n1", "<stdin>#2 IPAddressPool x/a"],
      problems: [],
    },
    {
      name: "the default namespace applies to namespaced kinds only",
      docs: [node("n1"), pool("{name: a}")],
      options: intoLb,
      objects: ["<stdin>#1 Node -/n1", "<stdin>#2 IPAddressPool lb/a"],
      problems: [],
    },
    {
      name: "objects the command does not want are not parsed",
      docs: [node("n1"), pool("{name: a}", "{addresses: 7}")],
      options: { wanted: ({ object }) => object["kind"] === "Node" },
      objects: ["<stdin>#1 Node -/n1"],
      problems: [],
    },
    {
      name: "schema problems name source, object (defaulted namespace), field and rule",
      docs: [pool("{name: a}", "{addresses: 7}")],
      options: intoLb,
      objects: [],
      problems: ["<stdin>#1: IPAddressPool lb/a: spec.addresses: expected array, got number 7"],
    },
    {
      name: "an object without a name",
      docs: [pool("{generateName: a-}")],
      objects: [],
      problems: ["<stdin>#1: IPAddressPool: metadata.name: required field is missing"],
    },
    {
      name: "the same object twice, once through the default namespace",
      docs: [pool("{name: a, namespace: lb}"), pool("{name: a}")],
      options: intoLb,
      objects: ["<stdin>#1 IPAddressPool lb/a"],
      problems: ["<stdin>#2: IPAddressPool lb/a: metadata.name: duplicate object (also in <stdin>#1)"],
    },
    {
      name: "an unknown kind that is wanted is a problem",
      docs: ["apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}"],
      objects: [],
      problems: ['<stdin>#1: Widget w: unknown apiVersion/kind "example.com/v1"/"Widget"'],
    },
    {
      name: "members of a List keep their position in the source",
      docs: [`apiVersion: v1\nkind: List\nitems:\n- ${JSON.stringify({ apiVersion: "v1", kind: "Node", metadata: { name: "n2" } })}`],
      objects: ["<stdin>#1.items[0] Node -/n2"],
      problems: [],
    },
  ])("$name", ({ docs, options, objects, problems }) => {
    expect(read(docs, options)).toEqual({ objects, problems });
  });

  test("unreadable input is a problem, not an exception", () => {
    expect(readInputs(["/nonexistent/x.yaml"], () => "", everything)).toEqual({ objects: [], problems: ["/nonexistent/x.yaml: no such file or directory"] });
    expect(readInputs(["-"], () => "a: [", everything).problems).toHaveLength(1);
  });
});

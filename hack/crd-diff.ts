// Lists the field paths present in one CRD and not in the other.
//
//   hack/crd-diff [--version <v>] <a>[@<version>] <b>[@<version>]
//
// Each side is a CRD YAML file (multi-document is fine: the first CustomResourceDefinition is used) or a
// field list (*.txt): one dotted path per line, arrays written `[]` (`spec.routers[].asn`), `#` comments,
// and `<path>: LabelSelector` as shorthand for a Kubernetes LabelSelector's fields under <path>.
// Ancestors are implied on both sides. The version of a CRD is `@<version>` after its file name, else
// --version, else its storage version.
// Output: `- <path>` only in a, `+ <path>` only in b. Exit status 1 when they differ, 2 on bad usage.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { parseAllDocuments } from "yaml";

type SchemaNode = {
  type?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
};

interface CRDVersion {
  name: string;
  storage?: boolean;
  schema?: { openAPIV3Schema?: SchemaNode };
}

function collect(node: SchemaNode, prefix: string, out: Set<string>): void {
  for (const [name, child] of Object.entries(node.properties ?? {})) {
    const path = prefix === "" ? name : `${prefix}.${name}`;
    out.add(path);
    collect(child, path, out);
  }
  if (node.items !== undefined) {
    const path = `${prefix}[]`;
    out.add(path);
    collect(node.items, path, out);
  }
}

/** Every field path of one version of the CRD in `yamlText`. */
export function crdFieldPaths(yamlText: string, version?: string): Set<string> {
  const crd = parseAllDocuments(yamlText)
    .map((doc) => doc.toJS() as { kind?: string; spec?: { versions?: CRDVersion[] } } | null)
    .find((doc) => doc?.kind === "CustomResourceDefinition");
  if (crd === undefined || crd === null) throw new Error("no CustomResourceDefinition in the file");
  const versions = crd.spec?.versions ?? [];
  const chosen = version === undefined ? (versions.find((v) => v.storage) ?? versions[0]) : versions.find((v) => v.name === version);
  if (chosen === undefined) throw new Error(`version ${version ?? "(storage)"} not found; have ${versions.map((v) => v.name).join(", ")}`);
  const out = new Set<string>();
  collect(chosen.schema?.openAPIV3Schema ?? {}, "", out);
  return out;
}

const labelSelectorFields = [
  "matchLabels",
  "matchExpressions",
  "matchExpressions[]",
  "matchExpressions[].key",
  "matchExpressions[].operator",
  "matchExpressions[].values",
  "matchExpressions[].values[]",
];

function withAncestors(path: string, out: Set<string>): void {
  const parts = path.match(/[^.[\]]+|\[\]/g) ?? [];
  let current = "";
  for (const part of parts) {
    current = part === "[]" ? `${current}[]` : current === "" ? part : `${current}.${part}`;
    out.add(current);
  }
}

/** The paths of a field list file (see the header). */
export function fieldListPaths(text: string): Set<string> {
  const out = new Set<string>();
  for (const raw of text.split("\n")) {
    const line = raw.replace(/#.*/, "").trim();
    if (line === "") continue;
    const shorthand = /^(\S+):\s*LabelSelector$/.exec(line);
    if (shorthand !== null) {
      const base = shorthand[1] ?? "";
      withAncestors(base, out);
      for (const field of labelSelectorFields) withAncestors(`${base}.${field}`, out);
    } else {
      withAncestors(line, out);
    }
  }
  return out;
}

export function fieldPathsOfFile(fileArg: string, defaultVersion?: string): Set<string> {
  const at = /^(.*\.ya?ml)@([\w.-]+)$/.exec(fileArg);
  const file = at?.[1] ?? fileArg;
  const version = at?.[2] ?? defaultVersion;
  const text = readFileSync(file, "utf8");
  if (file.endsWith(".txt")) return fieldListPaths(text);
  const paths = crdFieldPaths(text, version);
  const expanded = new Set<string>();
  for (const p of paths) withAncestors(p, expanded);
  return expanded;
}

export interface PathDiff {
  onlyInA: string[];
  onlyInB: string[];
}

export function diffPaths(a: Set<string>, b: Set<string>): PathDiff {
  return {
    onlyInA: [...a].filter((p) => !b.has(p)).sort(),
    onlyInB: [...b].filter((p) => !a.has(p)).sort(),
  };
}

export function formatDiff(diff: PathDiff): string {
  return [...diff.onlyInA.map((p) => `- ${p}`), ...diff.onlyInB.map((p) => `+ ${p}`)].join("\n");
}

function main(argv: string[]): number {
  const args = [...argv];
  let version: string | undefined;
  const at = args.indexOf("--version");
  if (at >= 0) {
    version = args[at + 1];
    args.splice(at, 2);
  }
  const [a, b] = args;
  if (a === undefined || b === undefined || args.length !== 2 || (at >= 0 && version === undefined)) {
    process.stderr.write("usage: hack/crd-diff [--version <v>] <a.yaml[@version]|a.txt> <b.yaml[@version]|b.txt>\n");
    return 2;
  }
  const diff = diffPaths(fieldPathsOfFile(a, version), fieldPathsOfFile(b, version));
  const text = formatDiff(diff);
  if (text !== "") process.stdout.write(`${text}\n`);
  return text === "" ? 0 : 1;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`crd-diff: ${(err as Error).message}\n`);
    process.exitCode = 2;
  }
}

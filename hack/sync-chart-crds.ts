// Copies crds/*.yaml into the crds subcharts (metallb.io -> charts/metallb/charts/crds,
// frrk8s.metallb.io -> charts/frr-k8s/charts/crds), and the frr-k8s chart's templates/_shared.tpl
// (FRR start-up files, TLS flags, probes) into the metallb chart, so each chart is self-contained.
// The BGPPeer copy gets a conversion webhook served by the metallb controller (Service
// metallb-webhook-service in the release namespace); crds/ keeps `strategy: None` for tests.
// Usage: tsx hack/sync-chart-crds.ts [--check]   (--check: list stale files, exit 1, write nothing)
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseDocument } from "yaml";

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..");

const chartOfGroup: Record<string, string> = {
  "metallb.io": "charts/metallb/charts/crds/templates",
  "frrk8s.metallb.io": "charts/frr-k8s/charts/crds/templates",
};

/** Placeholder swapped for the Helm expression after YAML serialisation (YAML would quote braces). */
const RELEASE_NAMESPACE = "__RELEASE_NAMESPACE__";

const SHARED_TEMPLATES_SOURCE = "charts/frr-k8s/templates/_shared.tpl";
const SHARED_TEMPLATES_COPY = "charts/metallb/templates/_shared.tpl";

function header(source: string): string {
  return `# Copied from ${source} by hack/sync-chart-crds.ts. Do not edit.\n`;
}

/** The BGPPeer CRD converts v1beta1 <-> v1beta2 through the controller's /convert endpoint. */
function withConversionWebhook(text: string, source: string): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new Error(`${source}: ${doc.errors[0]?.message ?? "invalid YAML"}`);
  doc.setIn(["spec", "conversion"], {
    strategy: "Webhook",
    webhook: {
      conversionReviewVersions: ["v1"],
      clientConfig: { service: { name: "metallb-webhook-service", namespace: RELEASE_NAMESPACE, path: "/convert" } },
    },
  });
  return doc.toString({ lineWidth: 0 }).replace(RELEASE_NAMESPACE, "{{ .Release.Namespace }}");
}

/** Repository-relative path -> desired content of every synced file. */
export function desiredChartFiles(root = repoRoot): Map<string, string> {
  const files = new Map<string, string>();
  const crdsDir = join(root, "crds");
  for (const name of readdirSync(crdsDir).filter((f) => f.endsWith(".yaml")).sort()) {
    const source = `crds/${name}`;
    const text = readFileSync(join(crdsDir, name), "utf8");
    if (text.includes("{{")) throw new Error(`${source}: contains "{{", which Helm would parse as a template`);
    const group = /^\s{2}group:\s*(\S+)\s*$/m.exec(text)?.[1];
    const target = group === undefined ? undefined : chartOfGroup[group];
    if (target === undefined) throw new Error(`${source}: spec.group ${group ?? "(missing)"} belongs to no chart`);
    // Drop the generator's own "do not edit" header: ours says where the copy comes from.
    const body = text.replace(/^(#[^\n]*\n)+/, "");
    const content = name === "metallb.io_bgppeers.yaml" ? withConversionWebhook(body, source) : body;
    files.set(`${target}/${name}`, header(source) + content);
  }
  const shared = readFileSync(join(root, SHARED_TEMPLATES_SOURCE), "utf8");
  // Template names are global across a chart and its subcharts: the copy gets its own prefix.
  files.set(SHARED_TEMPLATES_COPY, shared.replace(/(define|include|template) "frr-k8s\./g, '$1 "metallb.'));
  return files;
}

/** Synced files whose content differs, that are missing, or that no longer have a source. */
export function staleChartFiles(root = repoRoot): string[] {
  const desired = desiredChartFiles(root);
  const stale: string[] = [];
  for (const dir of Object.values(chartOfGroup)) {
    let present: string[] = [];
    try {
      present = readdirSync(join(root, dir)).filter((f) => f.endsWith(".yaml"));
    } catch {
      present = [];
    }
    for (const f of present) if (!desired.has(`${dir}/${f}`)) stale.push(`${dir}/${f}`);
  }
  for (const [path, text] of desired) {
    let current: string | undefined;
    try {
      current = readFileSync(join(root, path), "utf8");
    } catch {
      current = undefined;
    }
    if (current !== text) stale.push(path);
  }
  return stale.sort();
}

export function syncChartFiles(root = repoRoot): string[] {
  const stale = staleChartFiles(root);
  const desired = desiredChartFiles(root);
  for (const path of stale) {
    const text = desired.get(path);
    if (text === undefined) {
      rmSync(join(root, path));
      continue;
    }
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return stale;
}

function main(argv: string[]): number {
  if (argv.includes("--check")) {
    const stale = staleChartFiles();
    if (stale.length > 0) process.stderr.write(`chart copies are out of date (run tsx hack/sync-chart-crds.ts): ${stale.join(", ")}\n`);
    return stale.length > 0 ? 1 : 0;
  }
  const changed = syncChartFiles();
  process.stdout.write(changed.length === 0 ? "charts are up to date\n" : `updated ${changed.map((p) => relative(".", join(repoRoot, p))).join(", ")}\n`);
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2));
}

// npm run bench -- frr: render and merge costs of @metallb-ts/frr, printed as a markdown table.
// Kept short (a few runs per row): the machine is shared.
import { apiToFRR, renderFRRConfig, type FRRConfig, type FRRConfigurationInput } from "@metallb-ts/frr";

/** 1000 distinct IPv4 /32s from 198.18.0.0/15. */
const PREFIXES = Array.from({ length: 1000 }, (_, i) => `198.18.${Math.floor(i / 250)}.${(i % 250) + 1}/32`);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function time<T>(runs: number, fn: () => T): { millis: number; value: T } {
  let value = fn(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    value = fn();
    samples.push(performance.now() - start);
  }
  return { millis: median(samples), value };
}

function convert(configs: FRRConfigurationInput[]): FRRConfig {
  const result = apiToFRR({ frrConfigurations: configs, node: { name: "node-1", labels: { rack: "r1" } }, secrets: new Map() });
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join("\n"));
  return result.config;
}

/** One object, one router with PREFIXES, `neighbors` peers each advertising all of them. */
function neighborsConfig(neighbors: number): FRRConfigurationInput[] {
  const peers = Array.from({ length: neighbors }, (_, i) => ({
    address: `10.${Math.floor(i / 250)}.${i % 250}.1`,
    asn: 65001,
    toAdvertise: { allowed: { mode: "all" } },
    toReceive: { allowed: { prefixes: [{ prefix: "203.0.113.0/24", le: 32 }] } },
  }));
  return [{ metadata: { namespace: "frr-k8s-system", name: "bench" }, spec: { bgp: { routers: [{ asn: 64512, prefixes: PREFIXES, neighbors: peers }] } } }];
}

/** `count` objects selecting the node, all on one router and one neighbor, each adding one prefix. */
function manyConfigs(count: number): FRRConfigurationInput[] {
  return Array.from({ length: count }, (_, i) => ({
    metadata: { namespace: "frr-k8s-system", name: `cfg-${String(i).padStart(4, "0")}` },
    spec: {
      nodeSelector: { matchLabels: { rack: "r1" } },
      bgp: {
        routers: [
          {
            asn: 64512,
            prefixes: [PREFIXES[i % PREFIXES.length] as string],
            neighbors: [{ address: "10.0.0.1", asn: 65001, toAdvertise: { allowed: { mode: "all" }, withCommunity: [{ community: `64512:${i % 10}`, prefixes: [PREFIXES[i % PREFIXES.length] as string] }] } }],
          },
        ],
      },
    },
  }));
}

const rows: string[] = [];
for (const [neighbors, runs] of [[1, 20], [100, 5], [1000, 2]] as const) {
  const inputs = neighborsConfig(neighbors);
  const converted = time(runs, () => convert(inputs));
  const rendered = time(runs, () => renderFRRConfig(converted.value));
  const lines = rendered.value.split("\n").length - 1;
  rows.push(
    `| render ${neighbors} neighbor${neighbors === 1 ? "" : "s"} x 1,000 prefixes | ${rendered.millis.toFixed(1)} ms | ${converted.millis.toFixed(1)} ms | ${lines.toLocaleString("en")} lines, ${(rendered.value.length / 1e6).toFixed(1)} MB |`,
  );
}
const configs = manyConfigs(1000);
const merged = time(10, () => convert(configs));
const mergedText = renderFRRConfig(merged.value);
rows.push(`| merge 1,000 FRRConfigurations selecting one node | ${time(10, () => renderFRRConfig(merged.value)).millis.toFixed(1)} ms | ${merged.millis.toFixed(1)} ms | ${(mergedText.split("\n").length - 1).toLocaleString("en")} lines |`);

console.log("| case | renderFRRConfig | apiToFRR (select + convert + merge) | output |");
console.log("|---|---|---|---|");
for (const row of rows) console.log(row);
console.log(`\npeak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB; median of a few runs after one warm-up; node ${process.version}`);

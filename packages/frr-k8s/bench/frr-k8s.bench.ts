// npm run bench -- frr-k8s: the daemon as a real process on the FRR lab with its own control plane.
// Reports apply time for 10 / 100 / 1,000 prefixes, +1 on top of 1,000, +1 / -1 in the middle of the
// list (entries are numbered from their prefix, so neither renumbers the rest) and delete all,
// change-to-FRR latency (object written -> FRRNodeState runningConfig has it) over 50 changes, and the daemon's memory with 6,000
// FRRConfigurations of which 2 select its node. Short on purpose: the machine is shared.
// FRR_K8S_BENCH_APPLY_ONLY=1 runs only the apply rows (no latency and memory sections).
import { readFileSync } from "node:fs";
import { FRRK8S_NAMESPACE, System, routerConfig, sleep } from "@metallb-ts/e2e/lab";
import type { FRRConfiguration, FRRNodeState } from "@metallb-ts/api";
import { createKubeClient, loadKubeConfig, type KubeClient } from "@metallb-ts/runtime";
import { FRRConfigurationResource, FRRNodeStateResource } from "../src/resources.js";

const ROUTER_ASN = 64512;
const NODE_ASN = 64513;
const prefix = (i: number) => `198.18.${Math.floor(i / 250)}.${(i % 250) + 1}/32`;

function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] as number;
}

function configuration(name: string, prefixes: string[], hostname: string, routerIP: string): FRRConfiguration {
  return {
    apiVersion: "frrk8s.metallb.io/v1beta1",
    kind: "FRRConfiguration",
    metadata: { name, namespace: FRRK8S_NAMESPACE },
    spec: {
      nodeSelector: { matchLabels: { "kubernetes.io/hostname": hostname } },
      bgp: { routers: [{ asn: NODE_ASN, prefixes, neighbors: [{ address: routerIP, asn: ROUTER_ASN, toAdvertise: { allowed: { mode: "all" } } }] }] },
    },
  };
}

async function upsert(client: KubeClient, cfg: FRRConfiguration): Promise<void> {
  await client.apply(FRRConfigurationResource, cfg as never, { force: true });
}

/** Polls FRRNodeState until its runningConfig satisfies `done`; returns the elapsed ms since `start`. */
async function untilRunning(client: KubeClient, node: string, start: number, done: (running: string) => boolean, timeoutMs = 120_000): Promise<number> {
  for (;;) {
    const st = await client.get(FRRNodeStateResource as never, node).catch(() => undefined) as FRRNodeState | undefined;
    if (done(st?.status?.runningConfig ?? "")) return performance.now() - start;
    if (performance.now() - start > timeoutMs) throw new Error(`timed out waiting for ${node}'s running config`);
    await sleep(10);
  }
}

function memoryOf(pid: number): { rssMB: number; peakMB: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssMB: Math.round(kb("VmRSS") / 1024), peakMB: Math.round(kb("VmHWM") / 1024) };
}

/** The daemon's own applies logged since `sinceMs` (wall clock): duration and how (batch or frr-reload). */
function appliedDurations(logPath: string, sinceMs: number): string[] {
  return readFileSync(logPath, "utf8").split("\n").filter((l) => l.includes("FRR configuration applied"))
    .map((l) => JSON.parse(l) as { time: string; durationMs: number; mode?: string })
    .filter((e) => Date.parse(e.time) >= sinceMs).map((e) => `${e.mode ?? "frr-reload"} ${e.durationMs} ms`);
}

const sys = await System.start({ nodes: 1, components: ["frr-k8s"], extraArgs: { "frr-k8s": ["--log-level", "info"] } });
const rows: string[] = [];
try {
  const node = sys.lab.nodes[0]!;
  const router = sys.router;
  router.loadConfig(routerConfig({ hostname: "router1", asn: ROUTER_ASN, routerId: router.ipv4, peers: [{ address: node.ipv4, asn: NODE_ASN }] }));
  const client = createKubeClient(loadKubeConfig({ kubeconfigPath: sys.kubeconfigPath }), { fieldManager: "bench" });
  let component = sys.components.get(`frr-k8s-${node.name}`)!;
  if (process.env["FRR_K8S_BENCH_APPLY_ONLY"] !== "1") {
    // 1. change-to-FRR latency: 50 single-prefix changes, each waited for.
    await upsert(client, configuration("latency", [prefix(0)], node.name, router.ipv4));
    await untilRunning(client, node.name, performance.now(), (r) => r.includes(prefix(0)));
    const latencies: number[] = [];
    for (let i = 1; i <= 50; i++) {
      const p = `198.19.0.${i}/32`;
      const start = performance.now();
      await upsert(client, configuration("latency", [prefix(0), p], node.name, router.ipv4));
      latencies.push(await untilRunning(client, node.name, start, (r) => r.includes(p)));
    }
    rows.push(`| change-to-FRR latency (write -> runningConfig), 50 changes | p50 ${Math.round(percentile(latencies, 50))} ms, p99 ${Math.round(percentile(latencies, 99))} ms, max ${Math.round(Math.max(...latencies))} ms |`);

    // 2. memory with 6,000 FRRConfigurations, 2 of them selecting the node ("latency" and "second").
    const before = memoryOf(component.pid);
    await upsert(client, configuration("second", [prefix(1)], node.name, router.ipv4));
    const created = performance.now();
    const others = Array.from({ length: 5998 }, (_, i) => configuration(`other-${i}`, Array.from({ length: 10 }, (_, j) => `198.18.${100 + (i % 100)}.${j + 1}/32`), `elsewhere-${i % 50}`, router.ipv4));
    for (let i = 0; i < others.length; i += 32) await Promise.all(others.slice(i, i + 32).map((c) => client.create(FRRConfigurationResource, c)));
    const createMs = performance.now() - created;
    await sleep(2000);
    const running = memoryOf(component.pid);
    await sys.restartComponent(component.name);
    component = sys.components.get(component.name)!;
    const t0 = performance.now();
    await untilRunning(client, node.name, t0, (r) => r.includes(prefix(1)) && r.includes("198.19.0.50/32"));
    await sleep(3000);
    const fresh = memoryOf(component.pid);
    rows.push(`| RSS before the 6,000 configurations | ${before.rssMB} MB |`);
    rows.push(`| RSS after 5,998 non-selecting configurations arrived by watch (created in ${Math.round(createMs / 1000)} s) | ${running.rssMB} MB (peak ${running.peakMB} MB) |`);
    rows.push(`| RSS after a restart listing all 6,000 (2 select the node) | ${fresh.rssMB} MB (peak ${fresh.peakMB} MB) |`);
  }

  // 3. apply time: 10, 100, 1,000 prefixes (each grown from the previous row), +1 at the end, +1 and -1
  // in the middle (198.20.2.0/32 sorts between 198.20.1.250 and 198.20.2.1), then delete all.
  const scale = (n: number) => Array.from({ length: n }, (_, i) => `198.20.${Math.floor(i / 250)}.${(i % 250) + 1}/32`);
  const middle = "198.20.2.0/32";
  const steps: Array<{ label: string; prefixes: string[]; done: (running: string) => boolean }> = [
    { label: "10 prefixes (from 0)", prefixes: scale(10), done: (r) => r.includes("198.20.0.10/32") },
    { label: "100 prefixes (from 10)", prefixes: scale(100), done: (r) => r.includes("198.20.0.100/32") },
    { label: "1,000 prefixes (from 100)", prefixes: scale(1000), done: (r) => r.includes("198.20.3.250/32") },
    { label: "+1 prefix on top of 1,000", prefixes: scale(1001), done: (r) => r.includes("198.20.4.1/32") },
    { label: "+1 prefix in the middle of 1,001", prefixes: [...scale(1001), middle], done: (r) => r.includes(middle) },
    { label: "-1 prefix from the middle of 1,002", prefixes: scale(1001), done: (r) => !r.includes(middle) },
    { label: "delete all 1,001 prefixes", prefixes: [], done: (r) => !r.includes("198.20.0.1/32") },
  ];
  for (const step of steps) {
    const since = Date.now();
    const start = performance.now();
    await upsert(client, configuration("scale", step.prefixes, node.name, router.ipv4));
    const endToEnd = await untilRunning(client, node.name, start, step.done, 300_000);
    await sleep(200); // the FRRNodeState write can come before the apply's log line
    rows.push(`| apply ${step.label} | ${appliedDurations(component.logPath, since).join(" + ")}; write -> runningConfig ${Math.round(endToEnd)} ms |`);
  }
} finally {
  await sys.teardown();
}
console.log("| frr-k8s daemon (1 node, FRR 8.4) | result |\n|---|---|\n" + rows.join("\n"));

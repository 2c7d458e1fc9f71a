// npm run soak [-- --services 10000 --frr-configs 100 --churn-seconds 180 --max-minutes 30]
// Load and leak check, bounded in count and time (not part of npm test): the whole system (controller,
// speaker, frr-k8s on one lab node) against its own control plane; N LoadBalancer Services and M
// FRRConfigurations are created, then churned (create / update / delete) for a fixed time. Passes when
// the final state equals the desired state (every Service exactly one distinct IP, FRR on the node runs
// exactly the desired prefixes) and each component's RSS floor (minimum over a minute of light work)
// after the churn is flat compared with the floor after the initial load. Prints a markdown table for
// docs/RELIABILITY.md.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import { createKubeClient, defineResource, isConflict, isNotFound, loadKubeConfig, NamespaceResource, ServiceResource, type KubeClient, type KubeObject } from "@metallb-ts/runtime";
import { withSection } from "../bench/report-sections.js";
import { FRRK8S_NAMESPACE, METALLB_NAMESPACE, repoRoot, sleep, startControlPlane, stopControlPlane, System, waitFor, type ControlPlane } from "../src/lab/index.js";

/** The commit measured, for the report. */
function commit(): string {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: repoRoot, encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
}

function flag(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : def;
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name}: want a positive number`);
  return v;
}

const SERVICES = flag("services", 10_000);
const FRR_CONFIGS = flag("frr-configs", 100);
const CHURN_S = flag("churn-seconds", 180);
const MAX_MINUTES = flag("max-minutes", 30);
/** The RSS floor after the churn may exceed the floor after the initial load by this factor and no more. */
const RSS_TOLERANCE = 1.25;
const FLOOR_WINDOW_MS = 90_000;
const NS = "soak";
const outIdx = process.argv.indexOf("--out");
/** The soak owns the "soak" section of docs/benchmarks.md (the convergence bench keeps it). */
const OUT = outIdx >= 0 ? process.argv[outIdx + 1]! : join(repoRoot, "docs", "benchmarks.md");
const ASN = 64512;

const FRRConfigurationResource = defineResource({ group: "frrk8s.metallb.io", version: "v1beta1", kind: "FRRConfiguration", plural: "frrconfigurations", namespaced: true });

interface Svc extends KubeObject {
  status?: { loadBalancer?: { ingress?: { ip?: string }[] } };
}

const log = (s: string) => console.log(`[soak ${new Date().toISOString().slice(11, 19)}] ${s}`);

/** VmRSS of a process in MiB. */
function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** Runs `work` for every item, `concurrency` at a time. */
async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) await work(items[next++] as T);
  }));
}

/** Retries an API call through transient failures (the apiserver is busy on 2 cores). */
async function retry<T>(what: string, fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= 10) throw new Error(`${what}: ${(err as Error).message}`, { cause: err });
      await sleep(200 * attempt);
    }
  }
}

/** Unique /28 prefixes in 198.19.0.0/16, never reused, so a stale prefix in FRR is always visible. */
let prefixCounter = 0;
const nextPrefix = () => {
  const n = prefixCounter++;
  return `198.19.${(n >> 4) & 255}.${(n & 15) * 16}/28`;
};

function frrConfiguration(name: string, prefix: string, routerIP: string): KubeObject {
  return {
    apiVersion: "frrk8s.metallb.io/v1beta1", kind: "FRRConfiguration", metadata: { name, namespace: FRRK8S_NAMESPACE },
    spec: { bgp: { routers: [{ asn: ASN, prefixes: [prefix], neighbors: [{ address: routerIP, asn: ASN, toAdvertise: { allowed: { prefixes: [prefix] } } }] }] } },
  } as KubeObject;
}

function service(name: string, label: string): KubeObject {
  return {
    apiVersion: "v1", kind: "Service", metadata: { name, namespace: NS, labels: { churn: label } },
    spec: { type: "LoadBalancer", allocateLoadBalancerNodePorts: false, ports: [{ port: 80, protocol: "TCP" }] },
  } as KubeObject;
}

async function main(): Promise<number> {
  const deadline = Date.now() + MAX_MINUTES * 60_000;
  const timer = setTimeout(() => {
    console.error(`soak: exceeded --max-minutes ${MAX_MINUTES}`);
    process.exit(2);
  }, MAX_MINUTES * 60_000);
  timer.unref();
  log(`services ${SERVICES}, FRRConfigurations ${FRR_CONFIGS}, churn ${CHURN_S} s, limit ${MAX_MINUTES} min`);
  let cp: ControlPlane | undefined;
  let sys: System | undefined;
  try {
    cp = await startControlPlane({ crdsDir: join(repoRoot, "crds") });
    // The lab runs components at debug; the soak measures memory and convergence, not log volume, so
    // info (a repeated flag: the last one wins).
    const info = ["--log-level", "info"];
    sys = await System.start({ nodes: 1, controlPlane: cp, extraArgs: { controller: info, speaker: info, "frr-k8s": info } });
    const client: KubeClient = createKubeClient(loadKubeConfig({ kubeconfigPath: cp.kubeconfigPath }), { fieldManager: "soak" });
    const routerIP = sys.router.ipv4;
    const node = sys.lab.nodes[0]!;
    sys.apply(`apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata: { name: soak, namespace: ${METALLB_NAMESPACE} }
spec: { addresses: ["198.18.0.0/17"] }
`);
    await client.create(NamespaceResource, { apiVersion: "v1", kind: "Namespace", metadata: { name: NS } });
    const components = [...sys.components.values()];
    const sample = () => Object.fromEntries(components.map((c) => [c.name, rssMiB(c.pid)]));
    const rssSamples: { t: number; rss: Record<string, number> }[] = [];
    const t0 = Date.now();
    const sampler = setInterval(() => rssSamples.push({ t: Math.round((Date.now() - t0) / 1000), rss: sample() }), 5_000);

    // ---- desired state, kept by the churn -------------------------------------------------------
    const services = new Map<string, string>(); // name -> label
    const configs = new Map<string, string>(); // name -> prefix
    let serviceSeq = 0;
    let configSeq = 0;

    log(`creating ${SERVICES} Services`);
    const loadStart = Date.now();
    await pool(Array.from({ length: SERVICES }, () => `svc-${serviceSeq++}`), 32, async (name) => {
      await retry(`create ${name}`, () => client.create(ServiceResource, service(name, "a")).catch((e: unknown) => (isConflict(e) ? undefined : Promise.reject(e))));
      services.set(name, "a");
    });
    log(`creating ${FRR_CONFIGS} FRRConfigurations`);
    await pool(Array.from({ length: FRR_CONFIGS }, () => `soak-${configSeq++}`), 8, async (name) => {
      const prefix = nextPrefix();
      await retry(`create ${name}`, () => client.create(FRRConfigurationResource, frrConfiguration(name, prefix, routerIP)));
      configs.set(name, prefix);
    });

    /** Final state = desired state: Services with one distinct IP each; FRR runs exactly the desired prefixes. */
    const converged = async (): Promise<string | undefined> => {
      const list = await client.list<Svc>(ServiceResource, { namespace: NS });
      const live = new Map(list.items.map((s) => [s.metadata?.name ?? "", s]));
      if (live.size !== services.size) return `${live.size} Services, want ${services.size}`;
      const ips = new Set<string>();
      for (const [name, label] of services) {
        const s = live.get(name);
        if (!s) return `Service ${name} missing`;
        if (s.metadata?.labels?.["churn"] !== label) return `Service ${name} label ${s.metadata?.labels?.["churn"]}, want ${label}`;
        const ingress = s.status?.loadBalancer?.ingress ?? [];
        if (ingress.length !== 1) return `Service ${name} has ${ingress.length} IPs`;
        ips.add(ingress[0]?.ip ?? "");
      }
      if (ips.size !== services.size) return `${services.size - ips.size} duplicate IPs`;
      const running = node.vtysh("show running-config");
      const inFrr = new Set([...running.matchAll(/network (198\.19\.\d+\.\d+\/28)/g)].map((m) => m[1]));
      const want = new Set(configs.values());
      const missing = [...want].filter((p) => !inFrr.has(p));
      const extra = [...inFrr].filter((p) => p !== undefined && !want.has(p));
      if (missing.length || extra.length) return `FRR prefixes: ${missing.length} missing, ${extra.length} stale`;
      return undefined;
    };
    let lastReason: string | undefined = "not checked";
    const waitConverged = async (what: string) => {
      const start = Date.now();
      await waitFor(async () => {
        lastReason = await converged().catch((e: unknown) => String(e));
        return lastReason === undefined;
      }, { timeoutMs: Math.max(10_000, deadline - Date.now() - 60_000), what: `${what} (last: ${lastReason})`, intervalMs: 3_000 });
      return Date.now() - start;
    };
    const loadSettleMs = await waitConverged("initial load converged");
    const loadMs = Date.now() - loadStart;
    log(`initial load converged in ${(loadMs / 1000).toFixed(1)} s (${(loadSettleMs / 1000).toFixed(1)} s after the last create)`);

    /**
     * RSS of an idle V8 process is wherever its last garbage collection left it, so a single sample
     * after the churn may sit on top of a sawtooth. Instead each component's floor is measured: the
     * minimum over a window of light, steady work that makes every component allocate and collect
     * (a Service created and another deleted every 250 ms: the controller allocates and frees, the
     * speaker and frr-k8s render and apply), once after the initial load and once after the churn.
     * Besides RSS, the floor of V8's used heap (nodejs_heap_size_used_bytes; its low points are the live
     * heap after a collection) tells retained data apart from heap V8 merely keeps committed.
     */
    const floors = async (label: string): Promise<{ rss: Record<string, number>; heap: Record<string, number>; committed: Record<string, number> }> => {
      const rss: Record<string, number> = Object.fromEntries(components.map((c) => [c.name, Infinity]));
      const heap: Record<string, number> = {};
      const committed: Record<string, number> = {};
      const end = Date.now() + FLOOR_WINDOW_MS;
      let tick = 0;
      while (Date.now() < end) {
        if (tick++ % 2 === 0) {
          const fresh = `svc-${serviceSeq++}`;
          await retry(`create ${fresh}`, () => client.create(ServiceResource, service(fresh, "a")));
          services.set(fresh, "a");
        } else {
          const oldest = services.keys().next().value as string;
          await retry(`delete ${oldest}`, () => client.delete(ServiceResource, oldest, { namespace: NS }).catch((e: unknown) => (isNotFound(e) ? undefined : Promise.reject(e))));
          services.delete(oldest);
        }
        for (const [n, v] of Object.entries(sample())) rss[n] = Math.min(rss[n] ?? Infinity, v);
        if (tick % 8 === 0) {
          for (const c of components) {
            const v8 = await heapMiB(c.name);
            if (v8 === undefined) continue;
            heap[c.name] = Math.min(heap[c.name] ?? Infinity, v8.used);
            committed[c.name] = Math.min(committed[c.name] ?? Infinity, v8.total);
          }
        }
        await sleep(250);
      }
      log(`floors ${label} (MiB): RSS ${JSON.stringify(rss)}, heap used ${JSON.stringify(heap)}, heap committed ${JSON.stringify(committed)}`);
      return { rss, heap, committed };
    };
    /** V8 heap used and committed (Node's default metrics of the component). */
    const heapMiB = async (name: string): Promise<{ used: number; total: number } | undefined> => {
      const text = await sys!.metrics(name).catch(() => "");
      const used = /^nodejs_heap_size_used_bytes (\S+)/m.exec(text);
      const total = /^nodejs_heap_size_total_bytes (\S+)/m.exec(text);
      return used && total ? { used: Number(used[1]) / 2 ** 20, total: Number(total[1]) / 2 ** 20 } : undefined;
    };
    const afterLoad = await floors("after the initial load");

    // ---- churn ------------------------------------------------------------------------------------
    const ops = { serviceCreate: 0, serviceUpdate: 0, serviceDelete: 0, configCreate: 0, configUpdate: 0, configDelete: 0 };
    const churnEnd = Date.now() + CHURN_S * 1000;
    let rnd = 12345;
    const random = (n: number) => {
      rnd = (rnd * 1103515245 + 12345) & 0x7fffffff;
      return rnd % n;
    };
    const pick = <T>(m: Map<string, T>): string => [...m.keys()][random(m.size)] as string;
    log(`churning for ${CHURN_S} s`);
    const busy = new Set<string>();
    await Promise.all(Array.from({ length: 16 }, async () => {
      while (Date.now() < churnEnd) {
        const r = random(100);
        if (r < 85) {
          // 30 % creates, 30 % relabels, 25 % deletes: the Service count stays about the same.
          const name = r < 30 || services.size === 0 ? undefined : pick(services);
          if (name && busy.has(name)) continue;
          if (name) busy.add(name);
          try {
            if (name === undefined) {
              const fresh = `svc-${serviceSeq++}`;
              await retry(`create ${fresh}`, () => client.create(ServiceResource, service(fresh, "a")));
              services.set(fresh, "a");
              ops.serviceCreate++;
            } else if (r < 60) {
              const label = services.get(name) === "a" ? "b" : "a";
              await retry(`update ${name}`, () => client.mergePatch(ServiceResource, name, { metadata: { labels: { churn: label } } }, { namespace: NS }));
              services.set(name, label);
              ops.serviceUpdate++;
            } else {
              await retry(`delete ${name}`, () => client.delete(ServiceResource, name, { namespace: NS }).catch((e: unknown) => (isNotFound(e) ? undefined : Promise.reject(e))));
              services.delete(name);
              ops.serviceDelete++;
            }
          } finally {
            if (name) busy.delete(name);
          }
        } else {
          const name = r < 90 || configs.size === 0 ? undefined : pick(configs);
          if (name && busy.has(name)) continue;
          if (name) busy.add(name);
          try {
            if (name === undefined) {
              const fresh = `soak-${configSeq++}`;
              const prefix = nextPrefix();
              await retry(`create ${fresh}`, () => client.create(FRRConfigurationResource, frrConfiguration(fresh, prefix, routerIP)));
              configs.set(fresh, prefix);
              ops.configCreate++;
            } else if (r < 95) {
              const prefix = nextPrefix();
              await retry(`update ${name}`, async () => {
                const live = await client.get(FRRConfigurationResource, name, { namespace: FRRK8S_NAMESPACE });
                await client.replace(FRRConfigurationResource, { ...frrConfiguration(name, prefix, routerIP), metadata: { ...live.metadata } });
              });
              configs.set(name, prefix);
              ops.configUpdate++;
            } else {
              await retry(`delete ${name}`, () => client.delete(FRRConfigurationResource, name, { namespace: FRRK8S_NAMESPACE }).catch((e: unknown) => (isNotFound(e) ? undefined : Promise.reject(e))));
              configs.delete(name);
              ops.configDelete++;
            }
          } finally {
            if (name) busy.delete(name);
          }
        }
      }
    }));
    log(`churn done: ${JSON.stringify(ops)}; ${services.size} Services, ${configs.size} FRRConfigurations desired`);
    const settleMs = await waitConverged("final state equals desired state");
    log(`converged ${(settleMs / 1000).toFixed(1)} s after the churn stopped`);
    const afterChurn = await floors("after the churn");
    await waitConverged("final state still equals desired state after the floor measurement");
    clearInterval(sampler);
    const alive = components.every((c) => sys!.alive(c.name));
    const peak = Object.fromEntries(components.map((c) => [c.name, Math.max(...rssSamples.map((s) => s.rss[c.name] ?? 0))]));

    const R: string[] = [
      "## Soak: load, churn, leaks (`npm run soak`)",
      "",
      `Written by e2e/soak/soak.ts; last run ${new Date().toISOString()} (commit ${commit()}), ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}; load average at the end ${loadavg().map((l) => l.toFixed(2)).join(" / ")}.`,
      `${SERVICES} LoadBalancer Services and ${FRR_CONFIGS} FRRConfigurations on one lab node (controller, speaker, frr-k8s, FRR), then ${CHURN_S} s of churn by 16 writers; pass = final state equals desired state, no component died, RSS floor after the churn ≤ ${RSS_TOLERANCE}× the floor after the load (floors: minimum over ${FLOOR_WINDOW_MS / 1000} s of light create/delete work; see docs/RELIABILITY.md §3).`,
      "",
      `- initial load: ${(loadMs / 1000).toFixed(0)} s (converged ${(loadSettleMs / 1000).toFixed(1)} s after the last create)`,
      `- churn operations: Service create / relabel / delete ${ops.serviceCreate} / ${ops.serviceUpdate} / ${ops.serviceDelete}; FRRConfiguration create / update / delete ${ops.configCreate} / ${ops.configUpdate} / ${ops.configDelete}`,
      `- final state equals desired state ${(settleMs / 1000).toFixed(1)} s after the churn stopped (${services.size} Services, ${configs.size} FRRConfigurations); processes alive, none restarted: ${alive ? "yes" : "**no**"}`,
      "",
      "| component | RSS floor after load (MiB) | peak RSS (MiB) | RSS floor after churn (MiB) | ratio | V8 heap-used floor, after load → after churn (MiB) | V8 heap committed floor, after load → after churn (MiB) |",
      "|---|---|---|---|---|---|---|",
    ];
    let flat = true;
    for (const c of components) {
      const ratio = (afterChurn.rss[c.name] ?? NaN) / (afterLoad.rss[c.name] ?? NaN);
      if (!(ratio <= RSS_TOLERANCE)) flat = false;
      const heapBefore = afterLoad.heap[c.name];
      const heapAfter = afterChurn.heap[c.name];
      const change = (a: number | undefined, b: number | undefined) => (a !== undefined && b !== undefined ? `${a.toFixed(0)} → ${b.toFixed(0)} (${(b / a).toFixed(2)}×)` : "not exported");
      R.push(`| ${c.name} | ${afterLoad.rss[c.name]?.toFixed(0)} | ${peak[c.name]?.toFixed(0)} | ${afterChurn.rss[c.name]?.toFixed(0)} | ${ratio.toFixed(2)}× | ${change(heapBefore, heapAfter)} | ${change(afterLoad.committed[c.name], afterChurn.committed[c.name])} |`);
    }
    R.push("", `Verdict: ${flat && alive ? "pass" : `**fail**${flat ? "" : ` (an RSS floor grew more than ${RSS_TOLERANCE}×)`}${alive ? "" : " (a component died)"}`}.`);
    console.log(`\n${R.join("\n")}\n`);
    console.log(`rss samples (s: MiB): ${rssSamples.map((s) => `${s.t}:${Object.values(s.rss).map((v) => v.toFixed(0)).join("/")}`).join(" ")}`);
    writeFileSync(OUT, withSection(readFileSync(OUT, "utf8"), "soak", R.join("\n")));
    log(`wrote the soak section of ${OUT}`);
    return flat && alive ? 0 : 1;
  } finally {
    if (sys) await sys.teardown();
    if (cp) await stopControlPlane(cp);
  }
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`soak failed: ${err.message}`);
    process.exit(1);
  },
);

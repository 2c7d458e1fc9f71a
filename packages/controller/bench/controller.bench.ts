// npm run bench -- controller: 10,000 LoadBalancer Services created at once against a real
// kube-apiserver; how long until every one has an IP, and the controller's memory at that point.
// The controller runs as its own process (as in production), so its RSS is its own.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { killPid, repoRoot, spawnLogged, startControlPlane, stopControlPlane, freePort, waitFor } from "@metallb-ts/e2e/lab";
import { NamespaceResource, ServiceResource, createKubeClient, loadKubeConfig, type KubeObject } from "@metallb-ts/runtime";
import { IPAddressPoolResource } from "../src/resources.js";

const COUNT = Number(process.env["BENCH_SERVICES"] ?? 10_000);
const NS = "bench";
const METALLB_NS = "metallb-system";

function rssOf(pid: number): { rssMiB: number; peakMiB: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(/\s(\d+) kB/.exec(status.split("\n").find((l) => l.startsWith(field)) ?? "")?.[1] ?? 0);
  return { rssMiB: Math.round(kb("VmRSS:") / 1024), peakMiB: Math.round(kb("VmHWM:") / 1024) };
}

async function mapLimit<T>(items: readonly T[], limit: number, fn: (t: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) await fn(items[next++] as T);
  }));
}

const cp = await startControlPlane({ crdsDir: join(repoRoot, "crds") });
let controllerPid: number | undefined;
try {
  const client = createKubeClient(loadKubeConfig({ kubeconfigPath: cp.kubeconfigPath }), { fieldManager: "bench" });
  for (const name of [METALLB_NS, NS]) await client.create(NamespaceResource, { apiVersion: "v1", kind: "Namespace", metadata: { name } });
  await client.create(IPAddressPoolResource, {
    apiVersion: "metallb.io/v1beta1", kind: "IPAddressPool", metadata: { name: "bench", namespace: METALLB_NS }, spec: { addresses: ["198.18.0.0/15"] },
  } as never);
  const startController = async (): Promise<number> => {
    const health = await freePort();
    const pid = spawnLogged(process.execPath, ["--conditions=@metallb-ts/source", "--import", "tsx", join(repoRoot, "packages/controller/src/main.ts"),
      "--kubeconfig", cp.kubeconfigPath, "--namespace", METALLB_NS, "--port", "0", "--health-probe-port", String(health), "--webhook-mode", "disabled", "--log-level", "info"],
    join(cp.dir, "controller.log"), false).pid;
    await waitFor(async () => (await fetch(`http://127.0.0.1:${health}/readyz`)).ok, { timeoutMs: 60_000, what: "controller ready", alive: pid });
    return pid;
  };
  controllerPid = await startController();
  const idle = rssOf(controllerPid);

  const services = Array.from({ length: COUNT }, (_, i) => ({
    apiVersion: "v1", kind: "Service",
    metadata: { name: `svc-${i}`, namespace: NS },
    spec: { type: "LoadBalancer", allocateLoadBalancerNodePorts: false, ports: [{ port: 80, protocol: "TCP" }], selector: { app: `a${i}` } },
  }) as KubeObject);
  const t0 = performance.now();
  await mapLimit(services, 32, (s) => client.create(ServiceResource, s));
  const created = performance.now() - t0;
  const ipsWith = async (prefix: string): Promise<number> => {
    const list = await client.list(ServiceResource, { namespace: NS });
    return list.items.filter((s) => ((s as { status?: { loadBalancer?: { ingress?: { ip?: string }[] } } }).status?.loadBalancer?.ingress?.[0]?.ip ?? "").startsWith(prefix)).length;
  };
  await waitFor(async () => (await ipsWith("198.1")) === COUNT, { timeoutMs: 900_000, what: `all ${COUNT} services with an IP`, intervalMs: 500, alive: controllerPid });
  const allIPs = performance.now() - t0;
  const loaded = rssOf(controllerPid);

  // Restart: a new process claims 10,000 assignments (no writes expected).
  const passes = (): string[] => readFileSync(join(cp.dir, "controller.log"), "utf8").split("\n").filter((l) => l.includes('"event":"reprocessAll"'));
  const passesBefore = passes().length;
  await killPid(controllerPid);
  const t1 = performance.now();
  controllerPid = await startController();
  await waitFor(() => passes().length > passesBefore, { timeoutMs: 300_000, what: "restart pass", intervalMs: 200 });
  const restart = performance.now() - t1;
  const pass = passes().at(-1) ?? "";

  // Renumber: the pool moves to another range, so all 10,000 Services need a new IP and a status write.
  const t2 = performance.now();
  const pool = await client.get(IPAddressPoolResource, "bench", { namespace: METALLB_NS });
  await client.replace(IPAddressPoolResource, { ...pool, spec: { addresses: ["10.128.0.0/16"] } } as never);
  await waitFor(async () => (await ipsWith("10.128.")) === COUNT, { timeoutMs: 900_000, what: "all services renumbered", intervalMs: 500, alive: controllerPid });
  const renumber = performance.now() - t2;
  const afterRenumber = rssOf(controllerPid);
  console.log(`services: ${COUNT} (one pool, 198.18.0.0/15; 32 parallel creates)`);
  console.log(`creating them took: ${(created / 1000).toFixed(1)} s`);
  console.log(`all have IPs after: ${(allIPs / 1000).toFixed(1)} s from the first create (${((allIPs - created) / 1000).toFixed(1)} s after the last)`);
  console.log(`controller RSS: idle ${idle.rssMiB} MiB, at ${COUNT} services ${loaded.rssMiB} MiB (peak ${loaded.peakMiB} MiB)`);
  console.log(`restart: new process ready and all ${COUNT} assignments re-claimed in ${(restart / 1000).toFixed(1)} s; pass: ${JSON.parse(pass || "{}").written ?? "?"} writes`);
  console.log(`renumber (pool moved to another range): all ${COUNT} services had new IPs after ${(renumber / 1000).toFixed(1)} s (${Math.round(COUNT / (renumber / 1000))} services/s); RSS ${afterRenumber.rssMiB} MiB (peak ${afterRenumber.peakMiB} MiB)`);
} finally {
  if (controllerPid !== undefined) await killPid(controllerPid);
  await stopControlPlane(cp);
}

// The controller as a black box against the real kube-apiserver: 500 Services get IPs with the right
// status, annotation, events and pool status; shrinking the pool moves exactly the Services that no
// longer fit; a restart and a leader failover change no IP. The controller runs as real processes.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { createKubeClient, defineResource, loadKubeConfig, LeaseResource, NamespaceResource, ServiceResource, EventResource, isConflict, type KubeClient, type KubeObject, type CoreEvent } from "@metallb-ts/runtime";
import { freePort, isAlive, killPid, repoRoot, spawnLogged, waitFor } from "./lab/index.js";

const METALLB_NS = "metallb-system";
const suffix = Math.random().toString(36).slice(2, 8);
const NS = `ctrl-e2e-${suffix}`;
const POOL = `ctrl-e2e-${suffix}`;
const LEASE = `ctrl-e2e-${suffix}`;
const COUNT = 500;
const IPAddressPoolResource = defineResource({ group: "metallb.io", version: "v1beta1", kind: "IPAddressPool", plural: "ipaddresspools", namespaced: true, statusSubresource: true });

interface Svc extends KubeObject {
  status?: { loadBalancer?: { ingress?: { ip?: string }[] } };
}

interface Running {
  pid: number;
  health: number;
  name: string;
  log: string;
}

describe("controller against the real API server", () => {
  const kubeconfigPath = inject("kubeconfigPath");
  const dir = mkdtempSync(join(tmpdir(), "ctrl-e2e-"));
  let client: KubeClient;
  const running: Running[] = [];

  async function startController(name: string, extra: string[] = []): Promise<Running> {
    const health = await freePort();
    const log = join(dir, `${name}.log`);
    const args = ["--conditions=@metallb-ts/source", "--import", "tsx", join(repoRoot, "packages/controller/src/main.ts"),
      "--kubeconfig", kubeconfigPath, "--namespace", METALLB_NS, "--port", "0", "--health-probe-port", String(health),
      "--webhook-mode", "disabled", "--pod-name", name, "--log-level", "debug", ...extra];
    const { pid } = spawnLogged(process.execPath, args, log, false, { ...process.env, METALLB_BGP_TYPE: "frr-k8s" });
    const c = { pid, health, name, log };
    running.push(c);
    await waitFor(async () => (await fetch(`http://127.0.0.1:${health}/readyz`)).ok, { timeoutMs: 60_000, what: `${name} ready (log ${log})`, alive: pid, intervalMs: 200 });
    return c;
  }

  async function services(): Promise<Map<string, string[]>> {
    const list = await client.list<Svc>(ServiceResource, { namespace: NS });
    return new Map(list.items.map((s) => [s.metadata?.name ?? "", (s.status?.loadBalancer?.ingress ?? []).map((i) => i.ip ?? "")]));
  }

  async function createServices(names: string[]): Promise<void> {
    let next = 0;
    await Promise.all(Array.from({ length: 16 }, async () => {
      while (next < names.length) {
        const name = names[next++] as string;
        await client.create(ServiceResource, {
          apiVersion: "v1", kind: "Service", metadata: { name, namespace: NS },
          spec: { type: "LoadBalancer", allocateLoadBalancerNodePorts: false, ports: [{ port: 80, protocol: "TCP" }], selector: { app: name } },
        } as KubeObject);
      }
    }));
  }

  async function allHaveIPs(count: number): Promise<Map<string, string[]>> {
    return waitFor(async () => {
      const m = await services();
      return m.size === count && [...m.values()].every((ips) => ips.length === 1) ? m : undefined;
    }, { timeoutMs: 120_000, what: `${count} services with an IP`, intervalMs: 500 });
  }

  async function leaseHolder(): Promise<string | undefined> {
    try {
      return (await client.get(LeaseResource, LEASE, { namespace: METALLB_NS })).spec?.holderIdentity || undefined;
    } catch {
      return undefined;
    }
  }

  beforeAll(async () => {
    client = createKubeClient(loadKubeConfig({ kubeconfigPath }), { fieldManager: "controller-e2e" });
    for (const name of [METALLB_NS, NS]) {
      await client.create(NamespaceResource, { apiVersion: "v1", kind: "Namespace", metadata: { name } }).catch((err: unknown) => {
        if (!isConflict(err)) throw err;
      });
    }
    await client.create(IPAddressPoolResource, {
      apiVersion: "metallb.io/v1beta1", kind: "IPAddressPool", metadata: { name: POOL, namespace: METALLB_NS }, // Restricted to this test's namespace: LoadBalancer Services other suites leave in the shared
      // control plane must not take addresses from it.
      spec: { addresses: ["198.18.0.0/22"], serviceAllocation: { namespaces: [NS] } },
    } as never);
    await startController("controller-a");
  });

  afterAll(async () => {
    await Promise.all(running.map((c) => killPid(c.pid)));
    await client.delete(IPAddressPoolResource, POOL, { namespace: METALLB_NS }).catch(() => undefined);
    await client.delete(LeaseResource, LEASE, { namespace: METALLB_NS }).catch(() => undefined);
    await client.delete(NamespaceResource, NS).catch(() => undefined);
  });

  test(`${COUNT} Services get distinct IPs, status, annotation, events and pool status`, async () => {
    await createServices(Array.from({ length: COUNT }, (_, i) => `svc-${String(i).padStart(3, "0")}`));
    const got = await allHaveIPs(COUNT);
    const ips = [...got.values()].map((v) => v[0] as string);
    expect(new Set(ips).size).toBe(COUNT);
    expect(ips.every((ip) => /^198\.18\.[0-3]\.\d+$/.test(ip))).toBe(true);
    const list = await client.list<Svc>(ServiceResource, { namespace: NS });
    expect(list.items.every((s) => s.metadata?.annotations?.["metallb.io/ip-allocated-from-pool"] === POOL)).toBe(true);
    await waitFor(async () => {
      const events = (await client.list<CoreEvent>(EventResource, { namespace: NS })).items.filter((e) => e.reason === "IPAllocated" && e.source?.component === "metallb-controller");
      const byService = new Map(events.map((e) => [e.involvedObject.name, e.message]));
      return byService.size === COUNT && [...got].every(([name, ip]) => byService.get(name) === `Assigned IP ["${ip[0]}"]`);
    }, { timeoutMs: 60_000, what: "one IPAllocated event per service" });
    await waitFor(async () => {
      const pool = await client.get<KubeObject & { status?: Record<string, number> }>(IPAddressPoolResource as never, POOL, { namespace: METALLB_NS });
      return pool.status?.["assignedIPv4"] === COUNT && pool.status["availableIPv4"] === 1024 - COUNT;
    }, { timeoutMs: 90_000, what: "pool status counts the services" });
  });

  test("shrinking the pool moves exactly the Services that no longer fit", async () => {
    const before = await services();
    const pool = await client.get<KubeObject & { spec: { addresses: string[] } }>(IPAddressPoolResource as never, POOL, { namespace: METALLB_NS });
    // 198.18.1.0/24 leaves the pool; 198.18.2.0/23 stays free for the displaced Services.
    await client.replace(IPAddressPoolResource as never, { ...pool, spec: { ...pool.spec, addresses: ["198.18.0.0/24", "198.18.2.0/23"] } } as never);
    const after = await waitFor(async () => {
      const m = await services();
      return [...m.values()].every((ips) => ips.length === 1 && !ips[0]?.startsWith("198.18.1.")) ? m : undefined;
    }, { timeoutMs: 120_000, what: "displaced services re-allocated" });
    let moved = 0;
    for (const [name, ips] of before) {
      const old = ips[0] as string;
      if (old.startsWith("198.18.0.")) expect(after.get(name), name).toEqual(ips);
      else {
        moved++;
        expect(after.get(name)?.[0], name).toMatch(/^198\.18\.[23]\./);
      }
    }
    expect(moved).toBe(COUNT - 256);
    expect(new Set([...after.values()].map((v) => v[0])).size).toBe(COUNT);
    await waitFor(async () => {
      const events = (await client.list<CoreEvent>(EventResource, { namespace: NS })).items;
      return events.some((e) => e.reason === "ClearAssignment" && e.message?.includes("is not allowed in config"));
    }, { timeoutMs: 30_000, what: "ClearAssignment events" });
  });

  test("restart (SIGKILL): zero IP changes, new Services still get IPs", async () => {
    const before = await services();
    const old = running.find((c) => c.name === "controller-a") as Running;
    await killPid(old.pid, { signal: "SIGKILL" });
    await startController("controller-a2");
    await createServices(["after-restart-1", "after-restart-2"]);
    const after = await allHaveIPs(COUNT + 2);
    for (const [name, ips] of before) expect(after.get(name), name).toEqual(ips);
    const taken = new Set([...before.values()].map((v) => v[0]));
    for (const name of ["after-restart-1", "after-restart-2"]) expect(taken.has(after.get(name)?.[0])).toBe(false);
    expect(new Set([...after.values()].map((v) => v[0])).size).toBe(COUNT + 2);
  });

  test("two replicas with --leader-elect: SIGKILL the leader, the standby takes over, nothing moves", async () => {
    for (const c of running.splice(0)) await killPid(c.pid);
    const timing = ["--leader-elect", "--lease-name", LEASE, "--lease-duration", "6s", "--renew-deadline", "4s", "--retry-period", "1s"];
    const first = await startController("replica-1", timing);
    const holder1 = await waitFor(() => leaseHolder(), { timeoutMs: 30_000, what: "a lease holder" });
    expect(holder1).toBe("replica-1");
    const second = await startController("replica-2", timing);
    await createServices(["before-failover"]);
    const before = await allHaveIPs(COUNT + 3);

    const killedAt = Date.now();
    await killPid(first.pid, { signal: "SIGKILL" });
    expect(isAlive(first.pid)).toBe(false);
    await waitFor(async () => (await leaseHolder()) === "replica-2", { timeoutMs: 30_000, what: "replica-2 holds the lease", intervalMs: 100 });
    const takeoverMs = Date.now() - killedAt;
    // Lease duration (6 s) after the last renewal seen by the standby, plus its retry period with jitter.
    expect(takeoverMs).toBeLessThan(6_000 + 2 * 2_200 + 1_000);
    console.info(`controller failover: standby took the lease ${takeoverMs} ms after SIGKILL of the leader`);

    await createServices(["after-failover-1", "after-failover-2"]);
    const after = await allHaveIPs(COUNT + 5);
    for (const [name, ips] of before) expect(after.get(name), name).toEqual(ips);
    expect(new Set([...after.values()].map((v) => v[0])).size).toBe(COUNT + 5);
    expect(isAlive(second.pid)).toBe(true);
  });
});

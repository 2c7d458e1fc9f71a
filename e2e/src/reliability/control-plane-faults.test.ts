// Faults of the control plane and of the controller itself, with the whole system running (two
// controller replicas with --leader-elect, a speaker and a frr-k8s daemon): the kube-apiserver
// restarted while Services are being created, the leader SIGKILLed mid-burst of 1,000 Services, and
// etcd frozen (SIGSTOP) for a while. Nothing may be lost (every Service ends with exactly one IP, no
// duplicates, no IP ever changes) and everything heals without a restart: the same processes stay
// alive and healthy. This file owns its control plane, since it restarts it.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createKubeClient, isConflict, LeaseResource, loadKubeConfig, NamespaceResource, ServiceResource, type KubeClient, type KubeObject } from "@metallb-ts/runtime";
import {
  METALLB_NAMESPACE, pauseEtcd, repoRoot, restartApiserver, resumeEtcd, sleep, startControlPlane, stopControlPlane, System, waitFor, type ControlPlane,
} from "@metallb-ts/e2e/lab";

const LEASE_TIMING = ["--lease-duration", "6s", "--renew-deadline", "4s", "--retry-period", "1s"];
const LEASE_DURATION_MS = 6_000;

interface Svc extends KubeObject {
  status?: { loadBalancer?: { ingress?: { ip?: string }[] } };
}

describe("control plane and controller faults", () => {
  let cp: ControlPlane;
  let sys: System;
  let client: KubeClient;
  const recovery: Record<string, number> = {};

  async function ipsIn(namespace: string): Promise<Map<string, string[]>> {
    const list = await client.list<Svc>(ServiceResource, { namespace });
    return new Map(list.items.map((s) => [s.metadata?.name ?? "", (s.status?.loadBalancer?.ingress ?? []).map((i) => i.ip ?? "")]));
  }

  /** Creates the Services 16 at a time, retrying through API outages; an AlreadyExists after a lost reply is success. */
  async function createServices(namespace: string, names: string[], onCreated?: (n: number) => void): Promise<void> {
    let next = 0;
    let created = 0;
    await Promise.all(Array.from({ length: 16 }, async () => {
      while (next < names.length) {
        const name = names[next++]!;
        for (;;) {
          try {
            await client.create(ServiceResource, {
              apiVersion: "v1", kind: "Service", metadata: { name, namespace },
              spec: { type: "LoadBalancer", allocateLoadBalancerNodePorts: false, ports: [{ port: 80, protocol: "TCP" }] },
            } as KubeObject);
            break;
          } catch (err) {
            if (isConflict(err)) break;
            await sleep(200);
          }
        }
        onCreated?.(++created);
      }
    }));
  }

  /** Every Service of the namespace has exactly one IP and no two share one. */
  async function allAllocated(namespace: string, count: number, timeoutMs = 180_000): Promise<Map<string, string>> {
    const m = await waitFor(async () => {
      const got = await ipsIn(namespace);
      return got.size === count && [...got.values()].every((ips) => ips.length === 1) ? got : undefined;
    }, { timeoutMs, what: `${count} Services in ${namespace} with one IP each`, intervalMs: 500 });
    const ips = new Map([...m].map(([k, v]) => [k, v[0]!]));
    expect(new Set(ips.values()).size).toBe(count);
    return ips;
  }

  async function namespace(name: string): Promise<void> {
    await client.create(NamespaceResource, { apiVersion: "v1", kind: "Namespace", metadata: { name } }).catch((err: unknown) => {
      if (!isConflict(err)) throw err;
    });
  }

  function allComponentsAliveWithSamePids(pids: Map<string, number>): void {
    for (const c of sys.components.values()) {
      expect(c.pid, `${c.name} was not restarted`).toBe(pids.get(c.name));
      expect(sys.alive(c.name), `${c.name} alive`).toBe(true);
    }
  }

  async function leaseHolder(): Promise<string | undefined> {
    try {
      return (await client.get(LeaseResource, "metallb-controller", { namespace: METALLB_NAMESPACE })).spec?.holderIdentity || undefined;
    } catch {
      return undefined;
    }
  }

  beforeAll(async () => {
    cp = await startControlPlane({ crdsDir: join(repoRoot, "crds") });
    sys = await System.start({ nodes: 1, controlPlane: cp, controllerReplicas: 2, extraArgs: { controller: LEASE_TIMING } });
    client = createKubeClient(loadKubeConfig({ kubeconfigPath: cp.kubeconfigPath }), { fieldManager: "reliability-e2e" });
    sys.apply(`apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata: { name: reliability, namespace: ${METALLB_NAMESPACE} }
spec: { addresses: ["198.18.0.0/20"] }
`);
    await waitFor(() => leaseHolder(), { timeoutMs: 60_000, what: "a controller holds the lease" });
  });

  afterAll(async () => {
    console.info(`control plane fault recovery times (ms): ${JSON.stringify(recovery)}`);
    if (sys) await sys.teardown();
    if (cp) {
      try {
        resumeEtcd(cp);
      } catch {
        /* already gone */
      }
      await stopControlPlane(cp);
    }
  });

  test("kube-apiserver restarted while 300 Services are being created: each ends with one IP, watches resume", async () => {
    const ns = "fault-apiserver";
    await namespace(ns);
    const names = Array.from({ length: 300 }, (_, i) => `svc-${i}`);
    const pids = new Map([...sys.components.values()].map((c) => [c.name, c.pid]));
    let restarted: Promise<void> | undefined;
    let readyAt = 0;
    await createServices(ns, names, (n) => {
      if (n === 100) {
        restarted = (async () => {
          cp = await restartApiserver(cp, { downMs: 3_000 });
          readyAt = Date.now();
        })();
      }
    });
    await restarted;
    await allAllocated(ns, names.length);
    recovery["apiserver ready -> all 300 Services allocated"] = Date.now() - readyAt;
    // A Service created now is seen by the controllers' resumed watches.
    const before = Date.now();
    await createServices(ns, ["after-restart"]);
    await allAllocated(ns, names.length + 1, 60_000);
    recovery["after restart: new Service -> IP"] = Date.now() - before;
    allComponentsAliveWithSamePids(pids);
    await sys.waitHealthy(undefined, 30_000);
  });

  test("the leader SIGKILLed mid-burst of 1,000 Services: the standby takes over within the lease duration, no IP changes or duplicates", async () => {
    const ns = "fault-controller";
    await namespace(ns);
    const leader = await waitFor(() => leaseHolder(), { timeoutMs: 30_000, what: "lease holder" });
    const standby = [...sys.components.values()].find((c) => c.kind === "controller" && c.name !== leader)!;
    const firstSeen = new Map<string, string>();
    const changed: string[] = [];
    let watching = true;
    // Every IP ever seen must stay: poll the whole namespace through the burst, the kill and the takeover.
    const watcher = (async () => {
      while (watching) {
        for (const [name, ips] of await ipsIn(ns).catch(() => new Map<string, string[]>())) {
          if (ips.length > 1) changed.push(`${name} has ${ips.join(",")}`);
          const ip = ips[0];
          if (ip === undefined) continue;
          const seen = firstSeen.get(name);
          if (seen === undefined) firstSeen.set(name, ip);
          else if (seen !== ip) changed.push(`${name}: ${seen} -> ${ip}`);
        }
        await sleep(300);
      }
    })();
    let killedAt = 0;
    let kill: Promise<void> | undefined;
    const names = Array.from({ length: 1000 }, (_, i) => `burst-${i}`);
    await createServices(ns, names, (n) => {
      if (n === 400) {
        kill = (async () => {
          // Kill only once the leader has allocated some of the burst, so there are IPs to keep.
          await waitFor(() => firstSeen.size >= 100, { timeoutMs: 60_000, what: "100 burst Services allocated before the kill", intervalMs: 100 });
          killedAt = Date.now();
          process.kill(sys.components.get(leader)!.pid, "SIGKILL");
          await sys.stopComponent(leader, "SIGKILL"); // reaps it
        })();
      }
    });
    await kill;
    try {
      await waitFor(async () => (await leaseHolder()) === standby.name, { timeoutMs: 30_000, what: `${standby.name} holds the lease`, intervalMs: 100 });
      // When the standby wrote the Lease (its acquireTime), not when this busy test process noticed.
      const lease = await client.get(LeaseResource, "metallb-controller", { namespace: METALLB_NAMESPACE });
      const takeoverMs = Date.parse(String(lease.spec?.acquireTime)) - killedAt;
      recovery["leader SIGKILL -> standby acquired the lease"] = takeoverMs;
      // The lease expires LEASE_DURATION_MS after the standby last saw it renewed; it retries every
      // second with client-go's jitter (up to 2.2 s), and its update goes through an API server that
      // shares 2 cores with the whole lab (a run at load ~20 took 9.1 s): 2 s more for that.
      expect(takeoverMs).toBeLessThan(LEASE_DURATION_MS + 2_200 + 2_000);
      const allocatedBeforeKill = firstSeen.size;
      await allAllocated(ns, names.length);
      recovery["leader SIGKILL -> all 1,000 Services allocated"] = Date.now() - killedAt;
      watching = false;
      await watcher;
      const final = await ipsIn(ns);
      for (const [name, ip] of firstSeen) if (final.get(name)?.[0] !== ip) changed.push(`${name}: ${ip} -> ${final.get(name)?.join(",")}`);
      expect(changed).toEqual([]);
      expect(allocatedBeforeKill).toBeGreaterThanOrEqual(100);
      expect(sys.alive(standby.name)).toBe(true);
    } finally {
      watching = false;
      await watcher;
      // The killed replica comes back as the standby.
      await sys.startComponent("controller", leader);
      await sys.waitHealthy([leader]);
    }
  });

  test("etcd frozen for 15 s: components back off and recover without crashing", async () => {
    const ns = "fault-etcd";
    await namespace(ns);
    const pids = new Map([...sys.components.values()].map((c) => [c.name, c.pid]));
    pauseEtcd(cp);
    const creating = createServices(ns, ["during-pause"]);
    await sleep(15_000);
    resumeEtcd(cp);
    const resumedAt = Date.now();
    await creating;
    await allAllocated(ns, 1, 120_000);
    recovery["etcd resumed -> Service created during the pause allocated"] = Date.now() - resumedAt;
    await sys.waitHealthy(undefined, 60_000);
    recovery["etcd resumed -> every component healthy"] = Date.now() - resumedAt;
    const before = Date.now();
    await createServices(ns, ["after-pause"]);
    await allAllocated(ns, 2, 60_000);
    recovery["after etcd pause: new Service -> IP"] = Date.now() - before;
    allComponentsAliveWithSamePids(pids);
    // Nothing lost across all faults: every Service of the earlier tests still has its one IP.
    await allAllocated("fault-apiserver", 301, 30_000);
    await allAllocated("fault-controller", 1000, 30_000);
  });
});

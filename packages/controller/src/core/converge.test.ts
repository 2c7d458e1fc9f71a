import type { Service } from "@metallb-ts/api";
import { poolsFromCRs } from "@metallb-ts/allocator";
import { SyncState } from "@metallb-ts/runtime";
import { describe, expect, test } from "vitest";
import { ServiceConverger, reprocessOrder } from "./converge.js";

function pools(...specs: { name: string; addresses: string[]; autoAssign?: boolean; avoidBuggyIPs?: boolean }[]) {
  const built = poolsFromCRs(specs.map((s) => ({ metadata: { name: s.name, namespace: "metallb-system" }, spec: { addresses: s.addresses, autoAssign: s.autoAssign ?? true, avoidBuggyIPs: s.avoidBuggyIPs ?? false } })));
  if (!built.ok) throw new Error(JSON.stringify(built.issues));
  return built.pools;
}

interface SvcOpts {
  type?: "LoadBalancer" | "ClusterIP";
  clusterIPs?: string[];
  policy?: "SingleStack" | "PreferDualStack" | "RequireDualStack";
  ingress?: string[];
  annotations?: Record<string, string>;
  loadBalancerIP?: string;
  ports?: number[];
  created?: string;
}

function svc(name: string, o: SvcOpts = {}): Service {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, namespace: "ns", ...(o.annotations ? { annotations: o.annotations } : {}), ...(o.created ? { creationTimestamp: o.created } : {}) },
    spec: {
      type: o.type ?? "LoadBalancer",
      clusterIPs: o.clusterIPs ?? ["10.0.0.1"],
      ...(o.policy ? { ipFamilyPolicy: o.policy } : {}),
      ...(o.loadBalancerIP ? { loadBalancerIP: o.loadBalancerIP } : {}),
      ports: (o.ports ?? [80]).map((port) => ({ port, protocol: "TCP" as const })),
    },
    ...(o.ingress ? { status: { loadBalancer: { ingress: o.ingress.map((ip) => ({ ip })) } } } : {}),
  } as Service;
}

function converger(...p: ReturnType<typeof pools>): ServiceConverger {
  const c = new ServiceConverger();
  c.setPools(p);
  return c;
}

describe("converge: one Service", () => {
  test.for([
    { name: "new Service gets the lowest address", service: svc("a"), ingress: ["192.0.2.0"], events: ["Normal IPAllocated Assigned IP [\"192.0.2.0\"]"], state: SyncState.success },
    { name: "existing assignment is kept, silently", service: svc("a", { ingress: ["192.0.2.7"] }), ingress: ["192.0.2.7"], events: [], state: SyncState.success },
    {
      name: "existing IP outside every pool is cleared and replaced",
      service: svc("a", { ingress: ["198.51.100.1"] }),
      ingress: ["192.0.2.0"],
      events: [
        'Normal ClearAssignment current IP for "ns/a" not allowed by config, will attempt for new IP assignment: ["198.51.100.1"] is not allowed in config',
        'Normal IPAllocated Assigned IP ["192.0.2.0"]',
      ],
      state: SyncState.success,
    },
    { name: "not a LoadBalancer: state cleared", service: svc("a", { type: "ClusterIP", ingress: ["192.0.2.7"] }), ingress: [], events: [], state: SyncState.success },
    { name: "no ClusterIPs: convergence error", service: svc("a", { clusterIPs: [] }), ingress: [], events: [], state: SyncState.errorNoRetry },
    {
      name: "RequireDualStack with one ClusterIP",
      service: svc("a", { policy: "RequireDualStack" }),
      ingress: [],
      events: ["Warning not enough clusterips Service requires dual stack but not enough clusterips [10.0.0.1]"],
      state: SyncState.errorNoRetry,
    },
    {
      name: "requested IP",
      service: svc("a", { annotations: { "metallb.io/loadBalancerIPs": "192.0.2.9" } }),
      ingress: ["192.0.2.9"],
      events: ['Normal IPAllocated Assigned IP ["192.0.2.9"]'],
      state: SyncState.success,
    },
    {
      name: "requested IP outside the pools",
      service: svc("a", { loadBalancerIP: "203.0.113.1" }),
      ingress: [],
      events: ['Warning AllocationFailed Failed to allocate IP for "ns/a": ["203.0.113.1"] is not allowed in config'],
      state: SyncState.errorNoRetry,
    },
    {
      name: "both request styles",
      service: svc("a", { loadBalancerIP: "192.0.2.1", annotations: { "metallb.io/loadBalancerIPs": "192.0.2.2" } }),
      ingress: [],
      events: ['Warning AllocationFailed Failed to allocate IP for "ns/a": service can not have both metallb.io/loadBalancerIPs and svc.Spec.LoadBalancerIP'],
      state: SyncState.errorNoRetry,
    },
    {
      name: "invalid request while holding IPs: kept, reported",
      service: svc("a", { ingress: ["192.0.2.3"], loadBalancerIP: "nope" }),
      ingress: ["192.0.2.3"],
      events: ['Warning LoadBalancerFailed invalid requested loadbalancer IPs: invalid spec.loadBalancerIP "nope"'],
      state: SyncState.errorNoRetry,
    },
    {
      name: "changed request moves the Service",
      service: svc("a", { ingress: ["192.0.2.3"], loadBalancerIP: "192.0.2.4" }),
      ingress: ["192.0.2.4"],
      events: ['Normal IPAllocated Assigned IP ["192.0.2.4"]'],
      state: SyncState.success,
    },
    {
      name: "unknown pool",
      service: svc("a", { annotations: { "metallb.io/address-pool": "nope" } }),
      ingress: [],
      events: ['Warning AllocationFailed Failed to allocate IP for "ns/a": unknown pool "nope"'],
      state: SyncState.errorNoRetry,
    },
    {
      name: "corrupt status is reported and replaced",
      service: svc("a", { ingress: ["192.0.2.1", "192.0.2.2"] }),
      ingress: ["192.0.2.0"],
      events: [
        'Warning nolbIPsIPFamily Failed to retrieve LBIPs IPFamily for ["192.0.2.1" "192.0.2.2"]: IPFamilyForAddresses: same address family ["192.0.2.1" "192.0.2.2"]',
        'Normal IPAllocated Assigned IP ["192.0.2.0"]',
      ],
      state: SyncState.success,
    },
  ])("$name", ({ service, ingress, events, state }) => {
    const c = converger(...pools({ name: "p", addresses: ["192.0.2.0/28"] }));
    const out = c.converge(service, {});
    expect(out.ingress).toEqual(ingress);
    expect(out.pool).toBe(ingress.length > 0 ? "p" : undefined);
    expect(out.events.map((e) => `${e.type} ${e.reason} ${e.message}`)).toEqual(events);
    expect(out.state).toBe(state);
  });

  test("PreferDualStack dual-stack Service is topped up from the same pool", () => {
    const c = converger(...pools({ name: "p", addresses: ["192.0.2.0/28", "2001:db8::/120"] }));
    const out = c.converge(svc("a", { clusterIPs: ["10.0.0.1", "fd00::1"], policy: "PreferDualStack", ingress: ["192.0.2.5"] }), {});
    expect(out.ingress).toEqual(["192.0.2.5", "2001:db8::"]);
    expect(out.events.map((e) => e.message)).toEqual(['Assigned additional IP "2001:db8::"']);
  });

  test("zero pools: state cleared, convergence error", () => {
    const c = converger();
    const out = c.converge(svc("a", { ingress: ["192.0.2.1"] }), {});
    expect(out).toMatchObject({ ingress: [], pool: undefined, state: SyncState.errorNoRetry });
  });
});

describe("converge: scenarios", () => {
  test("restart: claims come first, so new Services never take a held IP", () => {
    const c = converger(...pools({ name: "p", addresses: ["192.0.2.0/30"] }));
    const existing = [svc("z-old", { ingress: ["192.0.2.0"] }), svc("y-old", { ingress: ["192.0.2.1"] })];
    const fresh = [svc("a-new"), svc("b-new")];
    const outcomes = reprocessOrder([...fresh, ...existing]).map((s) => c.converge(s, {}));
    const byKey = Object.fromEntries(outcomes.map((o) => [o.key, o.ingress]));
    expect(byKey).toEqual({ "ns/z-old": ["192.0.2.0"], "ns/y-old": ["192.0.2.1"], "ns/a-new": ["192.0.2.2"], "ns/b-new": ["192.0.2.3"] });
  });

  test("two Services claiming one IP without sharing: the older keeps it", () => {
    const c = converger(...pools({ name: "p", addresses: ["192.0.2.0/30"] }));
    const older = svc("b", { ingress: ["192.0.2.1"], created: "2024-01-01T00:00:00Z" });
    const younger = svc("a", { ingress: ["192.0.2.1"], created: "2024-06-01T00:00:00Z" });
    const [first, second] = reprocessOrder([younger, older]).map((s) => c.converge(s, {}));
    expect(first).toMatchObject({ key: "ns/b", ingress: ["192.0.2.1"] });
    expect(second?.ingress).toEqual(["192.0.2.0"]);
    expect(second?.events[0]?.reason).toBe("ClearAssignment");
  });

  test("shrinking a pool moves the Service that no longer fits; deleting it asks for nothing when nobody waits", () => {
    const c = converger(...pools({ name: "p", addresses: ["192.0.2.0/29"] }));
    const a = c.converge(svc("a", { ingress: ["192.0.2.6"] }), {});
    expect(a.ingress).toEqual(["192.0.2.6"]);
    const changes = c.setPools(pools({ name: "p", addresses: ["192.0.2.0/30"] }));
    expect(changes.released.map((r) => r.key)).toEqual(["ns/a"]);
    const again = c.converge(svc("a", { ingress: ["192.0.2.6"] }), {});
    expect(again.ingress).toEqual(["192.0.2.0"]);
    expect(again.events.map((e) => e.reason)).toEqual(["ClearAssignment", "IPAllocated"]);
    expect(c.waiting).toBe(0);
    expect(c.release("ns/a").state).toBe(SyncState.success);
  });

  test("freeing an IP asks for reprocess-all only while a Service waits for one", () => {
    const c = converger(...pools({ name: "p", addresses: ["192.0.2.0/31"] }));
    c.converge(svc("a"), {});
    c.converge(svc("b"), {});
    expect(c.converge(svc("c"), {}).state).toBe(SyncState.errorNoRetry);
    expect(c.waiting).toBe(1);
    expect(c.release("ns/a").state).toBe(SyncState.reprocessAll);
    // c gets the freed IP; from now on nobody waits and deletions are cheap again.
    expect(c.converge(svc("c"), {}).ingress).toEqual(["192.0.2.0"]);
    expect(c.waiting).toBe(0);
    expect(c.release("ns/b").state).toBe(SyncState.success);
  });

  test("a Service that stops waiting (deleted, or no longer a LoadBalancer) leaves the waiting set", () => {
    const c = converger(...pools({ name: "p", addresses: ["192.0.2.0/32"] }));
    c.converge(svc("a"), {});
    c.converge(svc("b"), {});
    c.converge(svc("c"), {});
    expect(c.waiting).toBe(2);
    c.release("ns/b");
    expect(c.waiting).toBe(1);
    c.converge(svc("c", { type: "ClusterIP" }), {});
    expect(c.waiting).toBe(0);
    expect(c.release("ns/a").state).toBe(SyncState.success);
  });

  test("a full pool fails with upstream's text, and touched pools are reported", () => {
    const c = converger(...pools({ name: "p", addresses: ["192.0.2.0/31"] }));
    expect(c.converge(svc("a"), {}).touchedPools).toEqual(["p"]);
    c.converge(svc("b"), {});
    const out = c.converge(svc("c"), {});
    expect(out.events[0]?.message).toBe('Failed to allocate IP for "ns/c": no available IPs');
    expect(out.touchedPools).toEqual([]);
  });
});

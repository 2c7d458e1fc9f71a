// Random small pools and random request sequences against brute-force models: no IP is held twice
// except through legal sharing, counters equal a count by enumeration, and a pinned single-family
// allocation gets exactly the first address upstream's linear walk would pick.
import fc from "fast-check";
import { expect, test } from "vitest";
import { type Address, formatAddress, parseAddress } from "./address.js";
import { isBuggyAddress, parsePoolAddress } from "./address-range.js";
import { Allocator } from "./allocator.js";
import type { AddressFamily } from "./ip-family.js";
import type { Pool, PoolRange } from "./pool.js";
import { type ServiceRequest, serviceKey } from "./service-request.js";

// Disjoint address slots; a pool set assigns each slot to one of three pools or to none.
const SLOTS = ["10.0.0.250-10.0.1.3", "10.0.2.0/30", "10.0.3.255/32", "2001:db8::/126", "2001:db8::10-2001:db8::12"];
const POOL_NAMES = ["p0", "p1", "p2"];
const OUTSIDE = ["192.0.2.1", "2001:db8:ffff::1"];

function slotRange(i: number): PoolRange {
  const text = SLOTS[i] as string;
  const parsed = parsePoolAddress(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return { ...parsed.range, text };
}

function addressesOf(range: PoolRange): Address[] {
  const out: Address[] = [];
  for (let v = range.first; v <= range.last; v++) out.push({ family: range.family, value: v });
  return out;
}

const ALL_IPS = [...SLOTS.flatMap((_, i) => addressesOf(slotRange(i)).map(formatAddress)), ...OUTSIDE];

interface PoolSet {
  owner: number[];
  avoid: boolean[];
  autoAssign: boolean[];
  reversed: boolean;
}

const poolSetArb: fc.Arbitrary<PoolSet> = fc.record({
  owner: fc.array(fc.integer({ min: -1, max: 2 }), { minLength: SLOTS.length, maxLength: SLOTS.length }),
  avoid: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
  autoAssign: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
  reversed: fc.boolean(),
});
function buildPools(set: PoolSet): Pool[] {
  return POOL_NAMES.map((name, p) => {
    const slots = set.owner.flatMap((o, i) => (o === p ? [i] : []));
    if (set.reversed) slots.reverse();
    return { name, ranges: slots.map(slotRange), autoAssign: set.autoAssign[p] as boolean, avoidBuggyIPs: set.avoid[p] as boolean };
  }).filter((pool) => pool.ranges.length > 0);
}

const requestArb = fc.record({
  svc: fc.integer({ min: 0, max: 5 }),
  family: fc.constantFrom<ServiceRequest["family"]>("ipv4", "ipv6", "dual"),
  policy: fc.constantFrom<"SingleStack" | "PreferDualStack" | "RequireDualStack">("PreferDualStack", "RequireDualStack"),
  sharingKey: fc.constantFrom("", "a", "a", "b"),
  backendKey: fc.constantFrom("", "x"),
  ports: fc.subarray([1, 2, 3]),
  pin: fc.option(fc.constantFrom(...POOL_NAMES), { nil: undefined }),
});

const opArb = fc.oneof(
  // `clear`: release first, as the controller does before allocating anew.
  fc.record({ op: fc.constant("allocate" as const), req: requestArb, clear: fc.boolean() }),
  fc.record({ op: fc.constant("assign" as const), req: requestArb, ip: fc.constantFrom(...ALL_IPS) }),
  fc.record({ op: fc.constant("unassign" as const), svc: fc.integer({ min: 0, max: 5 }) }),
  fc.record({ op: fc.constant("pools" as const), set: poolSetArb }),
);

type RandomRequest = typeof requestArb extends fc.Arbitrary<infer T> ? T : never;

function toRequest(r: RandomRequest): ServiceRequest {
  return {
    namespace: "ns",
    name: `s${r.svc}`,
    family: r.family,
    ipFamilyPolicy: r.family === "dual" ? r.policy : "SingleStack",
    sharingKey: r.sharingKey,
    backendKey: r.backendKey,
    ports: r.ports.map((port) => ({ protocol: "TCP", port })),
    pool: r.pin,
  };
}

/** Upstream's walk: each item in order, each address ascending, first one the sharing rules admit. */
function walkOracle(pool: Pool, family: AddressFamily, req: ServiceRequest, holders: Map<string, ServiceRequest>, held: (ip: string) => string[]): string | undefined {
  for (const range of pool.ranges) {
    if (range.family !== family) continue;
    for (const address of addressesOf(range)) {
      if (pool.avoidBuggyIPs && isBuggyAddress(address)) continue;
      const ip = formatAddress(address);
      const users = held(ip).map((k) => holders.get(k) as ServiceRequest);
      if (users.length === 0) return ip;
      const sameKeys = users.every((u) => (req.sharingKey ?? "") !== "" && u.sharingKey === req.sharingKey && u.backendKey === req.backendKey);
      const portsFree = users.every((u) => !(u.ports ?? []).some((p) => (req.ports ?? []).some((q) => q.port === p.port)));
      if (sameKeys && portsFree) return ip;
    }
  }
  return undefined;
}

test("random pools and request sequences keep the allocator's invariants", () => {
  fc.assert(
    fc.property(poolSetArb, fc.array(opArb, { maxLength: 60 }), (initial, ops) => {
      let pools = buildPools(initial);
      const allocator = new Allocator(pools);
      // The request behind each current allocation.
      const holders = new Map<string, ServiceRequest>();
      const held = (ip: string) => allocator.servicesOn(ip);

      for (const op of ops) {
        if (op.op === "pools") {
          pools = buildPools(op.set);
          allocator.setPools(pools);
        } else if (op.op === "unassign") {
          allocator.unassign(`ns/s${op.svc}`);
        } else {
          const req = toRequest(op.req);
          const key = serviceKey(req);
          if (op.op === "allocate" && op.clear) allocator.unassign(key);
          const fresh = allocator.allocationFor(key) === undefined;
          // Pinned: that pool; automatic: pools with autoAssign by name (none has serviceAllocation).
          const candidates = req.pool !== undefined ? pools.filter((p) => p.name === req.pool) : pools.filter((p) => p.autoAssign).sort((a, b) => (a.name < b.name ? -1 : 1));
          const checked = op.op === "allocate" && fresh && req.family !== "dual";
          const expected = checked
            ? candidates.map((p) => walkOracle(p, req.family as AddressFamily, req, holders, held)).find((ip) => ip !== undefined)
            : undefined;
          const result = op.op === "allocate" ? allocator.allocate(req) : allocator.assign(req, [op.ip]);
          if (result.ok) holders.set(key, req);
          if (checked) expect(result.ok ? result.ips[0] : undefined).toBe(expected);
        }
        for (const key of [...holders.keys()]) if (!allocator.allocationFor(key)) holders.delete(key);

        // Every held IP lies in its allocation's pool and is usable there; at most one per family.
        const inUse = new Map<string, Set<string>>();
        for (const key of allocator.keys()) {
          const allocation = allocator.allocationFor(key);
          if (!allocation) throw new Error("keys() listed a Service without allocation");
          const pool = pools.find((p) => p.name === allocation.pool) as Pool;
          const families = new Set<string>();
          for (const ip of allocation.ips) {
            const address = parseAddress(ip) as Address;
            families.add(address.family);
            expect(pool.ranges.some((r) => r.family === address.family && r.first <= address.value && address.value <= r.last)).toBe(true);
            expect(pool.avoidBuggyIPs && isBuggyAddress(address)).toBe(false);
            const set = inUse.get(pool.name) ?? new Set<string>();
            set.add(ip);
            inUse.set(pool.name, set);
          }
          expect(families.size).toBe(allocation.ips.length);
        }

        // No IP is held twice except through legal sharing.
        for (const ip of ALL_IPS) {
          const users = held(ip).map((k) => holders.get(k) as ServiceRequest);
          if (users.length < 2) continue;
          const [first] = users as [ServiceRequest];
          for (const u of users) {
            expect(u.sharingKey).not.toBe("");
            expect(u.sharingKey).toBe(first.sharingKey);
            expect(u.backendKey).toBe(first.backendKey);
          }
          const ports = users.flatMap((u) => (u.ports ?? []).map((p) => p.port));
          expect(new Set(ports).size).toBe(ports.length);
        }

        // Counters equal a count by enumeration.
        for (const pool of pools) {
          const c = allocator.counters(pool.name);
          const usable = (f: AddressFamily) =>
            pool.ranges.filter((r) => r.family === f).flatMap(addressesOf).filter((a) => !(pool.avoidBuggyIPs && isBuggyAddress(a))).length;
          const used = [...(inUse.get(pool.name) ?? [])].map((ip) => parseAddress(ip) as Address);
          const usedOf = (f: AddressFamily) => used.filter((a) => a.family === f).length;
          expect(c).toMatchObject({
            ipv4Total: BigInt(usable("ipv4")),
            ipv6Total: BigInt(usable("ipv6")),
            ipv4InUse: BigInt(usedOf("ipv4")),
            ipv6InUse: BigInt(usedOf("ipv6")),
            ipv4Available: BigInt(usable("ipv4") - usedOf("ipv4")),
            ipv6Available: BigInt(usable("ipv6") - usedOf("ipv6")),
            services: allocator.keys().filter((k) => allocator.poolFor(k) === pool.name).length,
          });
        }
      }
    }),
    { numRuns: 600 },
  );
});

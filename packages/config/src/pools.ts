// IPAddressPool CRs -> PoolConfig: CIDR/range parsing, overlaps across every pool, serviceAllocation.
// Item parsing and overlap detection are the allocator's (one implementation for config, controller
// and webhooks); this module turns their results into ConfigErrors with upstream's wording around them.
import { findPoolOverlaps, type Pool, type PoolOverlap, type PoolRange } from "@metallb-ts/allocator";
import { ConfigObjectKind, ConfigRule, configError, type ConfigError, type ObjectRef } from "./errors.js";
import { cidrsOverlap, formatCidr, parsePoolEntry, type Cidr } from "./ip.js";
import type { PoolAddressEntry, PoolConfig, ServiceAllocationConfig } from "./model.js";
import type { IPAddressPoolView, NamespaceView } from "./resources.js";
import { firstDuplicate, matchesLabelSelector, selectorListProblem } from "./selectors.js";

export function poolRef(p: IPAddressPoolView): ObjectRef {
  return { kind: ConfigObjectKind.IPAddressPool, namespace: p.metadata.namespace, name: p.metadata.name };
}

type MutablePool = Omit<PoolConfig, "bgpAdvertisements" | "l2Advertisements"> & {
  bgpAdvertisements: PoolConfig["bgpAdvertisements"][number][];
  l2Advertisements: PoolConfig["l2Advertisements"][number][];
};
export type { MutablePool };

function serviceAllocationFor(p: IPAddressPoolView, namespaces: readonly NamespaceView[]): ServiceAllocationConfig | ConfigError | undefined {
  const sa = p.spec.serviceAllocation;
  if (!sa) return undefined;
  const ref = poolRef(p);
  const field = "spec.serviceAllocation";
  const listed = sa.namespaces ?? [];
  if (firstDuplicate(listed) !== undefined) return configError(ref, `${field}.namespaces`, ConfigRule.Duplicate, "duplicate definition in namespaces field");
  const priority = sa.priority ?? 0;
  const nsSelectors = sa.namespaceSelectors ?? [];
  const svcSelectors = sa.serviceSelectors ?? [];
  if (listed.length === 0 && nsSelectors.length === 0 && svcSelectors.length === 0) {
    // Present but empty: the pool matches every Service (ranked by priority).
    return { priority, namespaces: [], serviceSelectors: [{}] };
  }
  for (const [list, name] of [[nsSelectors, "namespaceSelectors"], [svcSelectors, "serviceSelectors"]] as const) {
    const problem = selectorListProblem(list, name);
    if (problem) return configError(ref, `${field}.${name}`, ConfigRule.Selector, problem);
  }
  const resolved = new Set(listed);
  for (const ns of namespaces) {
    if (nsSelectors.some((s) => matchesLabelSelector(s, ns.metadata.labels))) resolved.add(ns.metadata.name);
  }
  return { priority, namespaces: [...resolved].sort(), serviceSelectors: svcSelectors };
}

/** A parsed pool and its address ranges, which the allocator's overlap sweep works on. */
interface ParsedPool {
  readonly pool: MutablePool;
  readonly ranges: readonly PoolRange[];
}

export function poolFromCR(p: IPAddressPoolView, namespaces: readonly NamespaceView[]): ParsedPool | ConfigError {
  const ref = poolRef(p);
  if (!p.metadata.name) return configError(ref, "metadata.name", ConfigRule.Required, "missing pool name");
  const entries = p.spec.addresses ?? [];
  if (entries.length === 0) return configError(ref, "spec.addresses", ConfigRule.Required, "pool has no prefixes defined");
  const addresses: PoolAddressEntry[] = [];
  const ranges: PoolRange[] = [];
  const cidrs: Cidr[] = [];
  for (const [i, entry] of entries.entries()) {
    const parsed = parsePoolEntry(entry);
    if (!parsed.ok) {
      return configError(ref, `spec.addresses[${i}]`, ConfigRule.InvalidValue, `invalid CIDR ${JSON.stringify(entry)} in pool ${JSON.stringify(p.metadata.name)}: ${parsed.message}`);
    }
    addresses.push({ entry, cidrs: parsed.cidrs });
    ranges.push({ ...parsed.range, text: entry });
    cidrs.push(...parsed.cidrs);
  }
  const serviceAllocation = serviceAllocationFor(p, namespaces);
  if (serviceAllocation && "object" in serviceAllocation) return serviceAllocation;
  const pool: MutablePool = {
    name: p.metadata.name,
    labels: p.metadata.labels ?? {},
    addresses,
    cidrs,
    hasIPv4: cidrs.some((c) => c.family === 4),
    hasIPv6: cidrs.some((c) => c.family === 6),
    avoidBuggyIPs: p.spec.avoidBuggyIPs ?? false,
    autoAssign: p.spec.autoAssign ?? true,
    serviceAllocation,
    bgpAdvertisements: [],
    l2Advertisements: [],
  };
  return { pool, ranges };
}

/**
 * Parses every pool; rejects duplicate names and every pool with an address overlapping one defined
 * before it (in this pool or an earlier one). One error per pool: its first overlapping entry.
 */
export function poolsFor(pools: readonly IPAddressPoolView[], namespaces: readonly NamespaceView[]): { pools: Map<string, MutablePool>; errors: ConfigError[] } {
  const errors: ConfigError[] = [];
  // The allocator's view of each parsed pool, for its overlap sweep, mapped back to what config built.
  const parsedBySweepPool = new Map<Pool, { cr: IPAddressPoolView; pool: MutablePool }>();
  const names = new Set<string>();
  for (const p of pools) {
    const parsed = poolFromCR(p, namespaces);
    if ("object" in parsed) {
      errors.push(parsed);
      continue;
    }
    const { pool, ranges } = parsed;
    if (names.has(pool.name)) {
      errors.push(configError(poolRef(p), "metadata.name", ConfigRule.Duplicate, `duplicate definition of pool ${JSON.stringify(pool.name)}`));
      continue;
    }
    names.add(pool.name);
    const sweepPool: Pool = { name: pool.name, namespace: p.metadata.namespace, ranges, autoAssign: pool.autoAssign, avoidBuggyIPs: pool.avoidBuggyIPs };
    parsedBySweepPool.set(sweepPool, { cr: p, pool });
  }
  const firstOverlap = new Map<Pool, PoolOverlap>();
  // Overlaps come by pool, then entry index: the first one seen for a pool is its first entry's.
  for (const overlap of findPoolOverlaps([...parsedBySweepPool.keys()])) {
    if (!firstOverlap.has(overlap.pool)) firstOverlap.set(overlap.pool, overlap);
  }
  const out = new Map<string, MutablePool>();
  for (const [sweepPool, { cr, pool }] of parsedBySweepPool) {
    const overlap = firstOverlap.get(sweepPool);
    const other = overlap && parsedBySweepPool.get(overlap.otherPool)?.pool;
    if (overlap && other) errors.push(overlapError(cr, pool, overlap.index, other, overlap.otherIndex));
    else out.set(pool.name, pool);
  }
  return { pools: out, errors };
}

/** Upstream's CIDR-level wording: the first CIDR of the entry that meets a CIDR of the other entry. */
function overlapError(cr: IPAddressPoolView, pool: MutablePool, index: number, other: MutablePool, otherIndex: number): ConfigError {
  const theirs = other.addresses[otherIndex]?.cidrs ?? [];
  const pairs = (pool.addresses[index]?.cidrs ?? []).flatMap((a) => theirs.filter((b) => cidrsOverlap(a, b)).map((b) => [a, b] as const));
  const [a, b] = pairs[0] ?? [];
  const quoted = (c: Cidr | undefined): string => JSON.stringify(c ? formatCidr(c) : "");
  const where = other === pool ? "" : ` (pool ${JSON.stringify(other.name)})`;
  return configError(
    poolRef(cr),
    `spec.addresses[${index}]`,
    ConfigRule.Overlap,
    `CIDR ${quoted(a)} in pool ${JSON.stringify(pool.name)} overlaps with already defined CIDR ${quoted(b)}${where}`,
  );
}

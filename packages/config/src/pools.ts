// IPAddressPool CRs -> PoolConfig: CIDR/range parsing, overlaps across every pool, serviceAllocation.
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

export function poolFromCR(p: IPAddressPoolView, namespaces: readonly NamespaceView[]): MutablePool | ConfigError {
  const ref = poolRef(p);
  if (!p.metadata.name) return configError(ref, "metadata.name", ConfigRule.Required, "missing pool name");
  const entries = p.spec.addresses ?? [];
  if (entries.length === 0) return configError(ref, "spec.addresses", ConfigRule.Required, "pool has no prefixes defined");
  const addresses: PoolAddressEntry[] = [];
  const cidrs: Cidr[] = [];
  for (const [i, entry] of entries.entries()) {
    const parsed = parsePoolEntry(entry);
    if (!parsed.ok) {
      return configError(ref, `spec.addresses[${i}]`, ConfigRule.InvalidValue, `invalid CIDR ${JSON.stringify(entry)} in pool ${JSON.stringify(p.metadata.name)}: ${parsed.message}`);
    }
    addresses.push({ entry, cidrs: parsed.cidrs });
    cidrs.push(...parsed.cidrs);
  }
  const serviceAllocation = serviceAllocationFor(p, namespaces);
  if (serviceAllocation && "object" in serviceAllocation) return serviceAllocation;
  return {
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
}

/** Parses every pool; rejects duplicate names and any CIDR overlapping one defined before it. */
export function poolsFor(pools: readonly IPAddressPoolView[], namespaces: readonly NamespaceView[]): { pools: Map<string, MutablePool>; errors: ConfigError[] } {
  const out = new Map<string, MutablePool>();
  const errors: ConfigError[] = [];
  const seen: { cidr: Cidr; pool: string }[] = [];
  for (const p of pools) {
    const parsed = poolFromCR(p, namespaces);
    if ("object" in parsed) {
      errors.push(parsed);
      continue;
    }
    if (out.has(parsed.name)) {
      errors.push(configError(poolRef(p), "metadata.name", ConfigRule.Duplicate, `duplicate definition of pool ${JSON.stringify(parsed.name)}`));
      continue;
    }
    const overlap = overlapError(p, parsed, seen);
    if (overlap) {
      errors.push(overlap);
      continue;
    }
    for (const cidr of parsed.cidrs) seen.push({ cidr, pool: parsed.name });
    out.set(parsed.name, parsed);
  }
  return { pools: out, errors };
}

function overlapError(p: IPAddressPoolView, parsed: MutablePool, seen: readonly { cidr: Cidr; pool: string }[]): ConfigError | undefined {
  const known = [...seen];
  for (const [i, entry] of parsed.addresses.entries()) {
    for (const cidr of entry.cidrs) {
      const other = known.find((s) => cidrsOverlap(cidr, s.cidr));
      if (other) {
        const where = other.pool === parsed.name ? "" : ` (pool ${JSON.stringify(other.pool)})`;
        return configError(
          poolRef(p),
          `spec.addresses[${i}]`,
          ConfigRule.Overlap,
          `CIDR ${JSON.stringify(formatCidr(cidr))} in pool ${JSON.stringify(parsed.name)} overlaps with already defined CIDR ${JSON.stringify(formatCidr(other.cidr))}${where}`,
        );
      }
      known.push({ cidr, pool: parsed.name });
    }
  }
  return undefined;
}

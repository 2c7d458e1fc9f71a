// Address pools: the allocator's view of an IPAddressPool, built and validated from the CR (spec §1.1, §5).
import { type AddressRange, parsePoolAddress, usableCount } from "./address-range.js";
import type { AddressFamily } from "./ip-family.js";
import { formatLabelSelector } from "@metallb-ts/api";
import { type LabelSelector, labelSelectorProblem } from "./label-selector.js";

/** One `spec.addresses` item, kept with its text and position for messages. */
export interface PoolRange extends AddressRange {
  readonly text: string;
}

/** `spec.serviceAllocation`: which Services may get automatic allocations, and the pool's rank. */
export interface ServiceAllocationRules {
  /** Lower positive value = tried earlier; 0 (or negative) = tried after all positive priorities. */
  readonly priority: number;
  readonly namespaces: readonly string[];
  readonly namespaceSelectors: readonly LabelSelector[];
  readonly serviceSelectors: readonly LabelSelector[];
}

export interface Pool {
  readonly name: string;
  /** Namespace of the IPAddressPool, for messages only. */
  readonly namespace?: string | undefined;
  /** In `spec.addresses` order, which is the allocation walk order. */
  readonly ranges: readonly PoolRange[];
  readonly autoAssign: boolean;
  readonly avoidBuggyIPs: boolean;
  readonly serviceAllocation?: ServiceAllocationRules | undefined;
}

/** The fields of an IPAddressPool the allocator reads (the @metallb-ts/api type is assignable to it). */
export interface IPAddressPoolSource {
  readonly metadata: { readonly name?: string | undefined; readonly namespace?: string | undefined };
  readonly spec: {
    readonly addresses: readonly string[];
    readonly autoAssign?: boolean | undefined;
    readonly avoidBuggyIPs?: boolean | undefined;
    readonly serviceAllocation?:
      | {
          readonly priority?: number | undefined;
          readonly namespaces?: readonly string[] | undefined;
          readonly namespaceSelectors?: readonly LabelSelector[] | undefined;
          readonly serviceSelectors?: readonly LabelSelector[] | undefined;
        }
      | undefined;
  };
}

/** One validation failure: the object, the field path inside it, and the rule as text. */
export interface PoolIssue {
  /** `IPAddressPool ns/name` */
  readonly object: string;
  /** e.g. `spec.addresses[2]`; empty for the whole object. */
  readonly field: string;
  readonly message: string;
}

export function formatPoolIssue(issue: PoolIssue): string {
  return issue.field ? `${issue.object}: ${issue.field}: ${issue.message}` : `${issue.object}: ${issue.message}`;
}

export class PoolValidationError extends Error {
  override readonly name = "PoolValidationError";
  constructor(readonly issues: readonly PoolIssue[]) {
    super(issues.map(formatPoolIssue).join("; "));
  }
}

export function poolObjectName(pool: { readonly name?: string | undefined; readonly namespace?: string | undefined }): string {
  return pool.namespace ? `IPAddressPool ${pool.namespace}/${pool.name ?? ""}` : `IPAddressPool ${pool.name ?? ""}`;
}

export type PoolsResult = { ok: true; pools: Pool[] } | { ok: false; issues: PoolIssue[] };

function duplicateIssues(object: string, field: string, texts: readonly string[], what: (text: string) => string): PoolIssue[] {
  const seen = new Set<string>();
  const issues: PoolIssue[] = [];
  texts.forEach((text, i) => {
    if (seen.has(text)) issues.push({ object, field: `${field}[${i}]`, message: what(text) });
    seen.add(text);
  });
  return issues;
}

function selectorIssues(object: string, field: string, selectors: readonly LabelSelector[]): PoolIssue[] {
  const issues = duplicateIssues(object, field, selectors.map(formatLabelSelector), (t) => {
    const name = field.slice(field.lastIndexOf(".") + 1);
    return `duplicate definition of ${name} ${JSON.stringify(t)}`;
  });
  selectors.forEach((selector, i) => {
    const problem = labelSelectorProblem(selector);
    if (problem) issues.push({ object, field: `${field}[${i}]`, message: `invalid label selector: ${problem}` });
  });
  return issues;
}

/** Builds one pool from its CR; the rules that need no other object (spec §1.1). */
export function poolFromCR(cr: IPAddressPoolSource): { ok: true; pool: Pool } | { ok: false; issues: PoolIssue[] } {
  const object = poolObjectName(cr.metadata);
  const issues: PoolIssue[] = [];
  const name = cr.metadata.name ?? "";
  if (name === "") issues.push({ object, field: "metadata.name", message: "a pool needs a name" });
  const ranges: PoolRange[] = [];
  if (cr.spec.addresses.length === 0) issues.push({ object, field: "spec.addresses", message: "pool has no prefixes defined" });
  cr.spec.addresses.forEach((text, i) => {
    const parsed = parsePoolAddress(text);
    if (parsed.ok) ranges.push({ ...parsed.range, text });
    else issues.push({ object, field: `spec.addresses[${i}]`, message: parsed.reason });
  });
  const sa = cr.spec.serviceAllocation;
  let serviceAllocation: ServiceAllocationRules | undefined;
  if (sa) {
    const field = "spec.serviceAllocation";
    const priority = sa.priority ?? 0;
    if (!Number.isSafeInteger(priority)) issues.push({ object, field: `${field}.priority`, message: "must be an integer" });
    issues.push(
      ...duplicateIssues(object, `${field}.namespaces`, sa.namespaces ?? [], (ns) => `duplicate definition in namespaces field: ${JSON.stringify(ns)}`),
      ...selectorIssues(object, `${field}.namespaceSelectors`, sa.namespaceSelectors ?? []),
      ...selectorIssues(object, `${field}.serviceSelectors`, sa.serviceSelectors ?? []),
    );
    serviceAllocation = {
      priority,
      namespaces: sa.namespaces ?? [],
      namespaceSelectors: sa.namespaceSelectors ?? [],
      serviceSelectors: sa.serviceSelectors ?? [],
    };
  }
  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    pool: {
      name,
      namespace: cr.metadata.namespace,
      ranges,
      autoAssign: cr.spec.autoAssign ?? true,
      avoidBuggyIPs: cr.spec.avoidBuggyIPs ?? false,
      serviceAllocation,
    },
  };
}

/** Two `spec.addresses` items, in different pools or the same one, that share at least one address. */
export interface PoolOverlap {
  /** The later-defined item (by pool order, then item order). */
  readonly pool: Pool;
  readonly index: number;
  /** The earlier-defined item it overlaps with. */
  readonly otherPool: Pool;
  readonly otherIndex: number;
}

/**
 * Every item that overlaps an earlier one, found with one sort and a sweep (O(n log n); upstream compares
 * all pairs). Overlap is any shared address, which for CIDRs means equal or nested.
 */
export function findPoolOverlaps(pools: readonly Pool[]): PoolOverlap[] {
  interface Item {
    poolIndex: number;
    index: number;
    range: PoolRange;
  }
  const items: Item[] = [];
  pools.forEach((pool, poolIndex) => pool.ranges.forEach((range, index) => items.push({ poolIndex, index, range })));
  const order = (a: Item, b: Item) => a.poolIndex - b.poolIndex || a.index - b.index;
  items.sort((a, b) => {
    if (a.range.family !== b.range.family) return a.range.family < b.range.family ? -1 : 1;
    if (a.range.first !== b.range.first) return a.range.first < b.range.first ? -1 : 1;
    return order(a, b);
  });
  const found: PoolOverlap[] = [];
  let reach: Item | undefined; // the item reaching furthest among those seen in this family
  for (const item of items) {
    if (reach && reach.range.family === item.range.family && item.range.first <= reach.range.last) {
      const [earlier, later] = order(reach, item) < 0 ? [reach, item] : [item, reach];
      found.push({
        pool: pools[later.poolIndex] as Pool,
        index: later.index,
        otherPool: pools[earlier.poolIndex] as Pool,
        otherIndex: earlier.index,
      });
    }
    if (!reach || reach.range.family !== item.range.family || item.range.last > reach.range.last) reach = item;
  }
  const position = (o: PoolOverlap) => pools.indexOf(o.pool);
  return found.sort((a, b) => position(a) - position(b) || a.index - b.index);
}

export function overlapIssue(overlap: PoolOverlap): PoolIssue {
  const text = overlap.pool.ranges[overlap.index]?.text ?? "";
  const otherText = overlap.otherPool.ranges[overlap.otherIndex]?.text ?? "";
  const where = overlap.otherPool === overlap.pool ? "" : ` of ${poolObjectName(overlap.otherPool)}`;
  return {
    object: poolObjectName(overlap.pool),
    field: `spec.addresses[${overlap.index}]`,
    message: `${JSON.stringify(text)} overlaps with ${JSON.stringify(otherText)} (spec.addresses[${overlap.otherIndex}]${where})`,
  };
}

/**
 * Builds every pool and checks the rules across pools: unique names and no overlapping addresses.
 * Issues come in input order; the pools are returned only when there is none.
 */
export function poolsFromCRs(crs: readonly IPAddressPoolSource[]): PoolsResult {
  const issues: PoolIssue[] = [];
  const pools: Pool[] = [];
  const names = new Set<string>();
  for (const cr of crs) {
    const built = poolFromCR(cr);
    if (!built.ok) {
      issues.push(...built.issues);
      continue;
    }
    if (names.has(built.pool.name)) {
      issues.push({ object: poolObjectName(cr.metadata), field: "metadata.name", message: `duplicate definition of pool ${JSON.stringify(built.pool.name)}` });
      continue;
    }
    names.add(built.pool.name);
    pools.push(built.pool);
  }
  issues.push(...findPoolOverlaps(pools).map(overlapIssue));
  return issues.length > 0 ? { ok: false, issues } : { ok: true, pools };
}

/** Usable addresses of a pool per family, exact (avoidBuggyIPs honoured). */
export function poolCapacity(pool: Pool): Record<AddressFamily, bigint> {
  const capacity = { ipv4: 0n, ipv6: 0n };
  for (const range of pool.ranges) capacity[range.family] += usableCount(range, pool.avoidBuggyIPs);
  return capacity;
}

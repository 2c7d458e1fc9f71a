// The allocator state machine (spec §2.5–§2.8, §2.12): which Service holds which IPs of which pool, who
// shares an IP, and the lowest usable address of a pool, found without walking it.
//
// Where upstream picks at random, this allocator is deterministic:
// - pinned pools (with serviceAllocation) of equal priority are tried in pool-name order;
// - fallback pools (autoAssign, no serviceAllocation) are tried in pool-name order;
// - Services listed in messages ("address also in use by ...") are sorted.
import { matchesLabelSelector } from "@metallb-ts/api";
import { type Address, compareAddresses, formatAddress, parseAddress } from "./address.js";
import { isBuggyAddress } from "./address-range.js";
import { AllocationError, AllocationErrorCode, type Allocation, type AllocationResult, failure } from "./errors.js";
import { goQuote, goQuoteList } from "./go-format.js";
import { IntervalSet } from "./interval-set.js";
import { type AddressFamily, familyForAddresses, otherFamily, type ServiceFamily } from "./ip-family.js";
import { findPoolOverlaps, overlapIssue, type Pool, poolCapacity, type PoolIssue, poolObjectName, PoolValidationError } from "./pool.js";
import { type ServiceRequest, serviceKey } from "./service-request.js";

const FAMILIES: readonly AddressFamily[] = ["ipv4", "ipv6"];

/** Counters of one pool, exact (bigint): the metallb_allocator_* gauges and the pool status come from these. */
export interface PoolCounters {
  readonly pool: string;
  readonly ipv4Total: bigint;
  readonly ipv6Total: bigint;
  readonly total: bigint;
  /** Distinct addresses with at least one Service (a shared address counts once). */
  readonly ipv4InUse: bigint;
  readonly ipv6InUse: bigint;
  readonly inUse: bigint;
  readonly ipv4Available: bigint;
  readonly ipv6Available: bigint;
  readonly available: bigint;
  /** Services holding an allocation from the pool. */
  readonly services: number;
}

/** What `setPools` did to existing allocations (spec §2.12). */
export interface PoolChanges {
  /** Allocations whose IPs are no longer inside one pool: released. */
  readonly released: readonly { readonly key: string; readonly pool: string; readonly ips: readonly string[] }[];
  /** Allocations whose IPs now belong to a differently named pool: kept, moved. */
  readonly moved: readonly { readonly key: string; readonly from: string; readonly to: string }[];
}

interface AddressUse {
  /** Sharing and backend key of the IP (all its Services have equal ones). */
  sharingKey: string;
  backendKey: string;
  readonly services: Set<string>;
  /** "TCP/80" → key of the Service using it. */
  readonly ports: Map<string, string>;
}

interface AllocationRecord {
  readonly key: string;
  pool: PoolState;
  readonly addresses: readonly Address[];
  readonly ips: readonly string[];
  readonly ports: readonly string[];
  readonly sharingKey: string;
  readonly backendKey: string;
}

interface RangeState {
  readonly family: AddressFamily;
  readonly first: bigint;
  readonly last: bigint;
  /** Bounds in the pool's index space; firstIndex > lastIndex when the range has no usable address. */
  readonly firstIndex: bigint;
  readonly lastIndex: bigint;
}

/**
 * Derived state of one pool. Used addresses are kept as "usable indexes": with avoidBuggyIPs, IPv4
 * addresses ending in .1-.254 are numbered consecutively (254 per /24), so .0/.255 never need storing
 * and the lowest free usable address is a single interval-set lookup.
 */
class PoolState {
  readonly capacity: Record<AddressFamily, bigint>;
  readonly used: Record<AddressFamily, IntervalSet> = { ipv4: new IntervalSet(), ipv6: new IntervalSet() };
  readonly ranges: readonly RangeState[];
  services = 0;
  readonly #compressed: boolean;

  constructor(readonly pool: Pool) {
    this.capacity = poolCapacity(pool);
    this.#compressed = pool.avoidBuggyIPs;
    this.ranges = pool.ranges.map((r) => {
      let first = r.first;
      let last = r.last;
      if (this.#compressed && r.family === "ipv4") {
        if (isBuggyAddress({ family: "ipv4", value: first })) first += (first & 255n) === 0n ? 1n : 2n;
        if (isBuggyAddress({ family: "ipv4", value: last })) last -= (last & 255n) === 255n ? 1n : 2n;
      }
      if (first > last) return { family: r.family, first: r.first, last: r.last, firstIndex: 1n, lastIndex: 0n };
      return { family: r.family, first: r.first, last: r.last, firstIndex: this.toIndex(r.family, first), lastIndex: this.toIndex(r.family, last) };
    });
  }

  get name(): string {
    return this.pool.name;
  }

  /** Index of a usable address. */
  toIndex(family: AddressFamily, value: bigint): bigint {
    if (!this.#compressed || family !== "ipv4") return value;
    return (value >> 8n) * 254n + (value & 255n) - 1n;
  }

  fromIndex(family: AddressFamily, index: bigint): bigint {
    if (!this.#compressed || family !== "ipv4") return index;
    return (index / 254n) * 256n + (index % 254n) + 1n;
  }

  isUsable(address: Address): boolean {
    return !(this.pool.avoidBuggyIPs && isBuggyAddress(address));
  }
}

interface IndexedRange {
  readonly first: bigint;
  readonly last: bigint;
  readonly pool: PoolState;
}

function portText(port: { readonly protocol: string; readonly port: number }): string {
  return `${port.protocol}/${port.port}`;
}

function groupKey(sharingKey: string, backendKey: string): string {
  return `${sharingKey}\u0000${backendKey}`;
}

/** Upstream's rank: positive priorities ascending, then priority 0 (and below). */
function priorityRank(pool: Pool): number {
  const p = pool.serviceAllocation?.priority ?? 0;
  return p > 0 ? p : Number.POSITIVE_INFINITY;
}

function byName(a: PoolState, b: PoolState): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function familyOf(addresses: readonly Address[]): ServiceFamily {
  const families = new Set(addresses.map((a) => a.family));
  return families.size === 2 ? "dual" : (addresses[0]?.family ?? "ipv4");
}

export class Allocator {
  #pools = new Map<string, PoolState>();
  #rangeIndex: Record<AddressFamily, IndexedRange[]> = { ipv4: [], ipv6: [] };
  #pinned: PoolState[] = [];
  #fallback: PoolState[] = [];
  #uses: Record<AddressFamily, Map<bigint, AddressUse>> = { ipv4: new Map(), ipv6: new Map() };
  /** Addresses per (sharing key, backend key), to find the lowest shareable one quickly. */
  #groups = new Map<string, Record<AddressFamily, IntervalSet>>();
  #allocations = new Map<string, AllocationRecord>();

  constructor(pools: readonly Pool[] = []) {
    this.setPools(pools);
  }

  /**
   * Replaces the pool set. Pools must have unique names and must not overlap (validate first with
   * `poolsFromCRs`; a violation throws PoolValidationError). Existing allocations whose IPs are no
   * longer inside one pool (avoidBuggyIPs honoured) are released; those now inside a differently named
   * pool move to it. Compatibility (serviceAllocation) is not re-checked here: re-`assign` does that.
   */
  setPools(pools: readonly Pool[]): PoolChanges {
    const issues: PoolIssue[] = [];
    const seen = new Set<string>();
    for (const pool of pools) {
      if (seen.has(pool.name)) issues.push({ object: poolObjectName(pool), field: "metadata.name", message: `duplicate definition of pool ${goQuote(pool.name)}` });
      seen.add(pool.name);
    }
    issues.push(...findPoolOverlaps(pools).map(overlapIssue));
    if (issues.length > 0) throw new PoolValidationError(issues);

    this.#pools = new Map(pools.map((p) => [p.name, new PoolState(p)]));
    const states = [...this.#pools.values()];
    for (const family of FAMILIES) {
      this.#rangeIndex[family] = states
        .flatMap((pool) => pool.pool.ranges.filter((r) => r.family === family).map((r) => ({ first: r.first, last: r.last, pool })))
        .sort((a, b) => (a.first < b.first ? -1 : 1));
    }
    this.#pinned = states.filter((p) => p.pool.autoAssign && p.pool.serviceAllocation).sort((a, b) => priorityRank(a.pool) - priorityRank(b.pool) || byName(a, b));
    this.#fallback = states.filter((p) => p.pool.autoAssign && !p.pool.serviceAllocation).sort(byName);

    const records = [...this.#allocations.values()];
    this.#allocations = new Map();
    this.#uses = { ipv4: new Map(), ipv6: new Map() };
    this.#groups = new Map();
    const released: { key: string; pool: string; ips: readonly string[] }[] = [];
    const moved: { key: string; from: string; to: string }[] = [];
    for (const record of records) {
      const pool = this.#poolOf(record.addresses);
      if (!pool) {
        released.push({ key: record.key, pool: record.pool.name, ips: record.ips });
        continue;
      }
      if (pool.name !== record.pool.name) moved.push({ key: record.key, from: record.pool.name, to: pool.name });
      record.pool = pool;
      this.#record(record);
    }
    return { released, moved };
  }

  /** The pools, in the order given to setPools. */
  pools(): Pool[] {
    return [...this.#pools.values()].map((s) => s.pool);
  }

  /**
   * Claims exactly `ips` (1, or 2 of different families) for the Service: they must lie in one pool
   * compatible with it, and every IP already in use must be legally shareable (same non-empty sharing
   * key, same backend key, no common protocol/port). Replaces the Service's previous allocation.
   */
  assign(request: ServiceRequest, ips: readonly string[]): AllocationResult {
    const addresses: Address[] = [];
    for (const ip of ips) {
      const address = parseAddress(ip);
      if (!address) return failure(AllocationErrorCode.InvalidIP, `invalid IP address ${goQuote(ip)}`);
      addresses.push(address);
    }
    const texts = addresses.map(formatAddress);
    const pool = this.#poolOf(addresses);
    if (!pool) return failure(AllocationErrorCode.NotInConfig, `${goQuoteList(texts)} is not allowed in config`);
    if (addresses.length > 2) return failure(AllocationErrorCode.TooManyAddresses, `more than two addresses ${goQuoteList(texts)}`);
    if (addresses.length === 2 && addresses[0]?.family === addresses[1]?.family) {
      return failure(AllocationErrorCode.SameFamily, `${goQuote(texts[0] ?? "")} ${goQuote(texts[1] ?? "")} has the same family`);
    }
    return this.#assignTo(serviceKey(request), request, pool, addresses);
  }

  /**
   * Gives the Service an allocation the way the controller does (spec §2.3, §2.6): the requested IPs if
   * any; else, with a pinned pool, from that pool (an allocation from another pool is released first);
   * else the current allocation, re-checked; else the lowest usable address of the first suitable pool
   * among the compatible pinned pools by priority, then the fallback pools.
   */
  allocate(request: ServiceRequest): AllocationResult {
    const key = serviceKey(request);
    const requested = request.requestedIPs ?? [];
    if (requested.length > 0) return this.#allocateRequested(key, request, requested);
    const current = this.#allocations.get(key);
    if (request.pool !== undefined) {
      if (current && current.pool.name !== request.pool) this.#release(key);
      return this.allocateFromPool(request, request.pool);
    }
    if (current) return this.#assignTo(key, request, current.pool, current.addresses);
    const compatible = (pool: PoolState) => this.#compatible(pool, request);
    for (const list of [this.#pinned.filter(compatible), this.#fallback]) {
      const choice = this.#bestPool(key, request, list);
      if (!choice.ok) continue;
      const assigned = this.#assignTo(key, request, choice.pool, choice.addresses);
      if (assigned.ok) return assigned;
    }
    return failure(AllocationErrorCode.NoAvailableIPs, "no available IPs");
  }

  /** Allocates from the named pool, ignoring autoAssign; a current allocation is re-checked and kept. */
  allocateFromPool(request: ServiceRequest, poolName: string): AllocationResult {
    const key = serviceKey(request);
    const current = this.#allocations.get(key);
    if (current) {
      const allocated = familyOf(current.addresses);
      if (allocated !== request.family && request.ipFamilyPolicy !== "PreferDualStack") {
        return failure(AllocationErrorCode.WrongFamily, `IP for wrong family assigned alloc ${allocated} service family ${request.family}`);
      }
      return this.#assignTo(key, request, current.pool, current.addresses);
    }
    const pool = this.#pools.get(poolName);
    if (!pool) return failure(AllocationErrorCode.UnknownPool, `unknown pool ${goQuote(poolName)}`);
    // Both families are searched, as upstream does, so "no available IPs in pool" means the pool is full
    // and the per-family message means the Service's family is missing.
    const candidates = this.#candidates(key, request, pool, FAMILIES);
    if (candidates.ipv4 === undefined && candidates.ipv6 === undefined) {
      return failure(AllocationErrorCode.NoAvailableIPs, `no available IPs in pool ${poolName}`);
    }
    const addresses = this.#pick(request, candidates);
    if (!addresses) {
      const missing = this.#familiesFor(request).find((f) => candidates[f] === undefined) ?? request.family;
      return failure(AllocationErrorCode.NoAvailableIPs, `no available IPs in pool ${poolName} for ${missing} IPFamily`);
    }
    return this.#assignTo(key, request, pool, addresses);
  }

  /**
   * PreferDualStack top-up (spec §2.4): a Service holding one IP gets an IP of the other family from the
   * same pool, keeping the first; the result is ordered [IPv4, IPv6].
   */
  allocateOtherFamily(request: ServiceRequest): AllocationResult {
    const key = serviceKey(request);
    const current = this.#allocations.get(key);
    const held = current?.addresses[0];
    if (!current || !held || current.addresses.length !== 1 || request.ipFamilyPolicy !== "PreferDualStack") {
      return failure(AllocationErrorCode.NotApplicable, `${goQuote(key)} does not hold exactly one IP with ipFamilyPolicy PreferDualStack`);
    }
    const family = otherFamily(held.family);
    const value = this.#candidates(key, request, current.pool, [family])[family];
    if (value === undefined) return failure(AllocationErrorCode.NoAvailableIPs, `no available IPs in pool ${current.pool.name} for ${family} IPFamily`);
    const addresses = [held, { family, value }].sort(compareAddresses);
    return this.#assignTo(key, request, current.pool, addresses);
  }

  /** Releases the Service's allocation; false when it had none. */
  unassign(key: string): boolean {
    return this.#release(key);
  }

  allocationFor(key: string): Allocation | undefined {
    const record = this.#allocations.get(key);
    return record ? { pool: record.pool.name, ips: record.ips } : undefined;
  }

  poolFor(key: string): string | undefined {
    return this.#allocations.get(key)?.pool.name;
  }

  ipsFor(key: string): readonly string[] {
    return this.#allocations.get(key)?.ips ?? [];
  }

  /** Keys of all Services holding an allocation, in the order they got it. */
  keys(): string[] {
    return [...this.#allocations.keys()];
  }

  /** The pool holding all of `ips` (avoidBuggyIPs honoured), if any. */
  poolContaining(ips: readonly string[]): string | undefined {
    const addresses = ips.map((ip) => parseAddress(ip));
    if (addresses.some((a) => a === undefined)) return undefined;
    return this.#poolOf(addresses as Address[])?.name;
  }

  /** Keys of the Services using an IP. */
  servicesOn(ip: string): string[] {
    const address = parseAddress(ip);
    const use = address && this.#uses[address.family].get(address.value);
    return use ? [...use.services].sort() : [];
  }

  counters(poolName: string): PoolCounters | undefined {
    const state = this.#pools.get(poolName);
    if (!state) return undefined;
    const ipv4InUse = state.used.ipv4.size;
    const ipv6InUse = state.used.ipv6.size;
    return {
      pool: poolName,
      ipv4Total: state.capacity.ipv4,
      ipv6Total: state.capacity.ipv6,
      total: state.capacity.ipv4 + state.capacity.ipv6,
      ipv4InUse,
      ipv6InUse,
      inUse: ipv4InUse + ipv6InUse,
      ipv4Available: state.capacity.ipv4 - ipv4InUse,
      ipv6Available: state.capacity.ipv6 - ipv6InUse,
      available: state.capacity.ipv4 + state.capacity.ipv6 - ipv4InUse - ipv6InUse,
      services: state.services,
    };
  }

  /** Counters of every pool, in pool order. */
  stats(): PoolCounters[] {
    return [...this.#pools.keys()].map((name) => this.counters(name) as PoolCounters);
  }

  #allocateRequested(key: string, request: ServiceRequest, requested: readonly string[]): AllocationResult {
    const family = familyForAddresses(requested);
    if (!family.ok) return failure(AllocationErrorCode.InvalidIP, family.message);
    const texts = requested.map((ip) => formatAddress(parseAddress(ip) as Address));
    if (family.family !== request.family) {
      return failure(AllocationErrorCode.FamilyMismatch, `requested loadBalancer IP(s) ${goQuoteList(texts)} does not match the ipFamily of the service`);
    }
    const assigned = this.assign(request, requested);
    if (assigned.ok && request.pool !== undefined && assigned.pool !== request.pool) {
      this.#release(key);
      return failure(
        AllocationErrorCode.PoolMismatch,
        `requested loadBalancer IP(s) ${goQuoteList(texts)} is not compatible with requested address pool ${request.pool}`,
      );
    }
    return assigned;
  }

  #familiesFor(request: ServiceRequest): readonly AddressFamily[] {
    return request.family === "dual" ? FAMILIES : [request.family];
  }

  /** The IPs to take from one pool's candidates, per family and policy; undefined when they do not suffice. */
  #pick(request: ServiceRequest, candidates: Partial<Record<AddressFamily, bigint>>): Address[] | undefined {
    if (request.family !== "dual") {
      const value = candidates[request.family];
      return value === undefined ? undefined : [{ family: request.family, value }];
    }
    const found = FAMILIES.filter((f) => candidates[f] !== undefined).map((f) => ({ family: f, value: candidates[f] as bigint }));
    if (found.length === 2) return found;
    return request.ipFamilyPolicy === "PreferDualStack" && found.length === 1 ? found : undefined;
  }

  /**
   * Upstream's "best pool" over an ordered candidate list (spec §2.6): the first pool that can serve every
   * family the Service needs; for a dual-stack PreferDualStack Service without such a pool, the first pool
   * with an IP of the primary family, else the first with the other family.
   */
  #bestPool(key: string, request: ServiceRequest, list: readonly PoolState[]): { ok: true; pool: PoolState; addresses: Address[] } | { ok: false } {
    const primary: AddressFamily = request.primaryFamily ?? "ipv4";
    const families = this.#familiesFor(request);
    let fallback: { pool: PoolState; addresses: Address[] } | undefined;
    let secondary: { pool: PoolState; addresses: Address[] } | undefined;
    for (const pool of list) {
      const candidates = this.#candidates(key, request, pool, families);
      if (families.every((f) => candidates[f] !== undefined)) {
        return { ok: true, pool, addresses: families.map((f) => ({ family: f, value: candidates[f] as bigint })) };
      }
      if (request.family !== "dual" || request.ipFamilyPolicy !== "PreferDualStack") continue;
      const other = otherFamily(primary);
      const p = candidates[primary];
      const o = candidates[other];
      if (p !== undefined) fallback ??= { pool, addresses: [{ family: primary, value: p }] };
      if (o !== undefined) secondary ??= { pool, addresses: [{ family: other, value: o }] };
    }
    const chosen = fallback ?? secondary;
    return chosen ? { ok: true, ...chosen } : { ok: false };
  }

  /** The lowest usable address per needed family, walking ranges in `spec.addresses` order. */
  #candidates(key: string, request: ServiceRequest, pool: PoolState, families: readonly AddressFamily[]): Partial<Record<AddressFamily, bigint>> {
    const out: Partial<Record<AddressFamily, bigint>> = {};
    const ports = (request.ports ?? []).map(portText);
    for (const range of pool.ranges) {
      if (out[range.family] !== undefined || !families.includes(range.family)) continue;
      const value = this.#lowestUsable(key, request, ports, pool, range);
      if (value !== undefined) out[range.family] = value;
    }
    return out;
  }

  /**
   * The first address of the range, in ascending order, that the Service could take: a free one, or one
   * it may share (same keys, no port clash). Free: one interval-set lookup. Shareable: a scan of the
   * sharing group's addresses below the first free one (groups are small).
   */
  #lowestUsable(key: string, request: ServiceRequest, ports: readonly string[], pool: PoolState, range: RangeState): bigint | undefined {
    const family = range.family;
    const freeIndex = pool.used[family].firstAbsent(range.firstIndex, range.lastIndex);
    const free = freeIndex === undefined ? undefined : pool.fromIndex(family, freeIndex);
    const sharingKey = request.sharingKey ?? "";
    if (sharingKey === "") return free;
    const group = this.#groups.get(groupKey(sharingKey, request.backendKey ?? ""))?.[family];
    if (!group) return free;
    for (const value of group.valuesIn(range.first, free === undefined ? range.last : free - 1n)) {
      const use = this.#uses[family].get(value) as AddressUse;
      if (ports.every((p) => (use.ports.get(p) ?? key) === key)) return value;
    }
    return free;
  }

  #compatible(pool: PoolState, request: ServiceRequest): boolean {
    const rules = pool.pool.serviceAllocation;
    if (!rules) return true;
    // Intended semantics: listing namespaces or namespace selectors restricts the pool even when they
    // match no namespace (upstream then drops the restriction, spec §1.1 [quirk]).
    if (rules.namespaces.length > 0 || rules.namespaceSelectors.length > 0) {
      const nsLabels = request.namespaceLabels ?? {};
      const admitted = rules.namespaces.includes(request.namespace) || rules.namespaceSelectors.some((s) => matchesLabelSelector(s, nsLabels));
      if (!admitted) return false;
    }
    const labels = request.labels ?? {};
    return rules.serviceSelectors.length === 0 || rules.serviceSelectors.some((s) => matchesLabelSelector(s, labels));
  }

  /** The pool containing every address, each usable there; undefined for none or for several pools. */
  #poolOf(addresses: readonly Address[]): PoolState | undefined {
    let pool: PoolState | undefined;
    for (const address of addresses) {
      const ranges = this.#rangeIndex[address.family];
      let lo = 0;
      let hi = ranges.length - 1;
      let found: PoolState | undefined;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const r = ranges[mid] as IndexedRange;
        if (address.value < r.first) hi = mid - 1;
        else if (address.value > r.last) lo = mid + 1;
        else {
          found = r.pool;
          break;
        }
      }
      if (!found || !found.isUsable(address) || (pool && pool !== found)) return undefined;
      pool = found;
    }
    return pool;
  }

  /** Upstream's sharing check for one IP (spec §2.7). */
  #sharingProblem(key: string, address: Address, ports: readonly string[], sharingKey: string, backendKey: string): AllocationError | undefined {
    const use = this.#uses[address.family].get(address.value);
    if (!use) return undefined;
    const shareable = use.sharingKey !== "" && sharingKey === use.sharingKey && backendKey === use.backendKey;
    if (!shareable) {
      const others = [...use.services].filter((s) => s !== key).sort();
      if (others.length > 0) {
        return new AllocationError(AllocationErrorCode.SharingKey, `can't change sharing key for ${goQuote(key)}, address also in use by ${others.join(",")}`);
      }
    }
    for (const port of ports) {
      const owner = use.ports.get(port);
      if (owner !== undefined && owner !== key) {
        return new AllocationError(AllocationErrorCode.PortInUse, `port ${port} is already in use on ${goQuote(formatAddress(address))}`);
      }
    }
    return undefined;
  }

  #assignTo(key: string, request: ServiceRequest, pool: PoolState, addresses: readonly Address[]): AllocationResult {
    if (!this.#compatible(pool, request)) return failure(AllocationErrorCode.PoolNotCompatible, `pool ${pool.name} not compatible for ip assignment`);
    const ports = (request.ports ?? []).map(portText);
    const sharingKey = request.sharingKey ?? "";
    const backendKey = request.backendKey ?? "";
    for (const address of addresses) {
      const problem = this.#sharingProblem(key, address, ports, sharingKey, backendKey);
      if (problem) return { ok: false, error: problem };
    }
    this.#release(key);
    const record: AllocationRecord = { key, pool, addresses, ips: addresses.map(formatAddress), ports, sharingKey, backendKey };
    this.#record(record);
    return { ok: true, pool: pool.name, ips: record.ips };
  }

  #groupSet(sharingKey: string, backendKey: string, family: AddressFamily): IntervalSet {
    const k = groupKey(sharingKey, backendKey);
    let group = this.#groups.get(k);
    if (!group) {
      group = { ipv4: new IntervalSet(), ipv6: new IntervalSet() };
      this.#groups.set(k, group);
    }
    return group[family];
  }

  #leaveGroup(use: AddressUse, address: Address): void {
    if (use.sharingKey === "") return;
    const k = groupKey(use.sharingKey, use.backendKey);
    const group = this.#groups.get(k);
    if (!group) return;
    group[address.family].delete(address.value);
    if (group.ipv4.size === 0n && group.ipv6.size === 0n) this.#groups.delete(k);
  }

  #record(record: AllocationRecord): void {
    const { key, pool } = record;
    this.#allocations.set(key, record);
    pool.services++;
    for (const address of record.addresses) {
      const uses = this.#uses[address.family];
      let use = uses.get(address.value);
      if (!use) {
        use = { sharingKey: record.sharingKey, backendKey: record.backendKey, services: new Set(), ports: new Map() };
        uses.set(address.value, use);
        pool.used[address.family].add(pool.toIndex(address.family, address.value));
        if (record.sharingKey !== "") this.#groupSet(record.sharingKey, record.backendKey, address.family).add(address.value);
      }
      use.services.add(key);
      for (const port of record.ports) use.ports.set(port, key);
    }
  }

  #release(key: string): boolean {
    const record = this.#allocations.get(key);
    if (!record) return false;
    this.#allocations.delete(key);
    const pool = record.pool;
    pool.services--;
    for (const address of record.addresses) {
      const uses = this.#uses[address.family];
      const use = uses.get(address.value);
      if (!use) throw new Error(`allocator: incoherent state: ${key} holds ${formatAddress(address)} but nobody uses it`);
      for (const port of record.ports) if (use.ports.get(port) === key) use.ports.delete(port);
      use.services.delete(key);
      // Unlike upstream, the IP's sharing record lives as long as any Service uses it (spec §2.7 [quirk]).
      if (use.services.size === 0) {
        uses.delete(address.value);
        this.#leaveGroup(use, address);
        pool.used[address.family].delete(pool.toIndex(address.family, address.value));
      }
    }
    return true;
  }
}

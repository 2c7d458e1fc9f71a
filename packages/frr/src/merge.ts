// Merging the contributions of every selected FRRConfiguration (upstream merge.go). Configurations
// only add to each other: sets are unioned, "accept all" absorbs filters, empty router IDs, BFD
// profiles and next hops are wildcards, and everything else must be equal. The result is sorted and
// stripped of default values, so it does not depend on the order of the inputs.
import type {
  BFDProfileContribution,
  ConfigurationContribution,
  NeighborContribution,
  RawContribution,
  RouterContribution,
} from "./contribution.js";
import { compareStrings } from "./convert.js";
import { ConflictError, type FieldRef } from "./errors.js";
import {
  NeighborDefaults,
  type AddressFamily,
  type BFDProfile,
  type CommunityModifier,
  type IncomingFilter,
  type LocalPrefModifier,
  type NeighborConfig,
  type PrefixFamily,
  type RouterConfig,
} from "./model.js";

const at = (ref: FieldRef, field: string): FieldRef => ({ ...ref, path: field === "" ? ref.path : `${ref.path}.${field}` });

const withDefault = (value: number | undefined, fallback: number, unit = ""): string =>
  value === undefined ? `unset (${fallback}${unit})` : `${value}${unit}`;

/** Neighbor fields that must agree between contributions (upstream neighborsAreCompatible), in check order. */
const COMPARED_NEIGHBOR_FIELDS: readonly {
  readonly field: string;
  readonly show: (n: NeighborContribution) => string;
  /** Equality key; differs from `show` where unset and the default must compare equal. */
  readonly key?: (n: NeighborContribution) => string;
  readonly rule: (id: string) => string;
}[] = [
  { field: "asn", show: (n) => n.asn, rule: (id) => `multiple asns specified for ${id}` },
  {
    field: "port",
    show: (n) => withDefault(n.port, NeighborDefaults.port),
    key: (n) => String(n.port ?? NeighborDefaults.port),
    rule: (id) => `multiple ports specified for ${id}`,
  },
  { field: "sourceaddress", show: (n) => JSON.stringify(n.srcAddr), rule: (id) => `multiple source addresses specified for ${id}` },
  {
    field: "password",
    show: (n) => n.passwordOrigin,
    key: (n) => n.password,
    rule: (id) => `multiple passwords specified for ${id}`,
  },
  { field: "ebgpMultiHop", show: (n) => String(n.ebgpMultiHop), rule: (id) => `conflicting ebgp-multihop specified for ${id}` },
  { field: "dualStackAddressFamily", show: (n) => n.ipFamily, rule: (id) => `conflicting advertiseDualStack specified for ${id}` },
  {
    field: "holdTime",
    show: (n) => withDefault(n.holdTime, NeighborDefaults.holdTime, "s"),
    key: (n) => String(n.holdTime ?? NeighborDefaults.holdTime),
    rule: (id) => `multiple hold times specified for ${id}`,
  },
  {
    field: "keepaliveTime",
    show: (n) => withDefault(n.keepaliveTime, NeighborDefaults.keepaliveTime, "s"),
    key: (n) => String(n.keepaliveTime ?? NeighborDefaults.keepaliveTime),
    rule: (id) => `multiple keepalive times specified for ${id}`,
  },
  {
    field: "connectTime",
    show: (n) => withDefault(n.connectTime, NeighborDefaults.connectTime, "s"),
    key: (n) => String(n.connectTime ?? NeighborDefaults.connectTime),
    rule: (id) => `multiple connect times specified for ${id}`,
  },
  { field: "localASN", show: (n) => (n.localASN === undefined ? "unset" : String(n.localASN)), rule: (id) => `multiple localASNs specified for ${id}` },
];

/** A value adopted from the first contribution that set it, with where it came from. */
interface Sourced<T> {
  value: T;
  ref: FieldRef;
}

class NeighborAccumulator {
  readonly first: NeighborContribution;
  bfdProfile: Sourced<string> | undefined;
  readonly nextHop: { ipv4: Sourced<string> | undefined; ipv6: Sourced<string> | undefined } = { ipv4: undefined, ipv6: undefined };
  gracefulRestart = false;
  readonly addressFamilies = new Set<AddressFamily>();
  readonly prefixes = { ipv4: new Set<string>(), ipv6: new Set<string>() };
  /** `<family> <prefix>` -> local preference and where it was set. */
  readonly localPrefOf = new Map<string, Sourced<number>>();
  /** `<family> <community>` -> prefixes. */
  readonly communities = new Map<string, { community: string; ipFamily: PrefixFamily; prefixes: Set<string> }>();
  receiveAll = false;
  readonly receiveFilters = new Map<string, IncomingFilter>();

  constructor(first: NeighborContribution) {
    this.first = first;
  }

  add(n: NeighborContribution, errors: ConflictError[]): void {
    let compatible = true;
    for (const f of COMPARED_NEIGHBOR_FIELDS) {
      const key = f.key ?? f.show;
      if (key(this.first) !== key(n)) {
        errors.push(new ConflictError(at(this.first.ref, f.field), f.show(this.first), at(n.ref, f.field), f.show(n), f.rule(n.id)));
        compatible = false;
      }
    }
    if (n.bfdProfile !== "") {
      if (this.bfdProfile === undefined) this.bfdProfile = { value: n.bfdProfile, ref: at(n.ref, "bfdProfile") };
      else if (this.bfdProfile.value !== n.bfdProfile) {
        errors.push(new ConflictError(this.bfdProfile.ref, this.bfdProfile.value, at(n.ref, "bfdProfile"), n.bfdProfile, `multiple bfd profiles specified for ${n.id}`));
        compatible = false;
      }
    }
    if (!compatible) return;
    for (const fam of ["ipv4", "ipv6"] as const) {
      const hop = fam === "ipv4" ? n.nextHopV4 : n.nextHopV6;
      const seen = this.nextHop[fam];
      if (hop === "") continue;
      const ref = at(n.ref, `toAdvertise.nextHop.${fam}`);
      if (seen === undefined) this.nextHop[fam] = { value: hop, ref };
      else if (seen.value !== hop) {
        errors.push(new ConflictError(seen.ref, seen.value, ref, hop, `could not merge outgoing for neighbor ${n.address || n.iface} vrf ${n.vrf}, err: ${fam} next hop: multiple next hops (${seen.value} != ${hop}) specified`));
      }
    }
    this.gracefulRestart ||= n.gracefulRestart;
    n.addressFamilies.forEach((af) => this.addressFamilies.add(af));
    n.prefixesV4.forEach((p) => this.prefixes.ipv4.add(p));
    n.prefixesV6.forEach((p) => this.prefixes.ipv6.add(p));
    for (const lp of n.localPrefs) {
      for (const p of lp.prefixes) {
        const key = `${lp.ipFamily} ${p}`;
        const seen = this.localPrefOf.get(key);
        if (seen === undefined) this.localPrefOf.set(key, { value: lp.localPref, ref: lp.ref });
        else if (seen.value !== lp.localPref) {
          errors.push(new ConflictError(seen.ref, String(seen.value), lp.ref, String(lp.localPref), `multiple local prefs (${seen.value} != ${lp.localPref}) specified for prefix ${p}`));
        }
      }
    }
    for (const c of n.communities) {
      const key = `${c.ipFamily} ${c.community}`;
      const entry = this.communities.get(key) ?? { community: c.community, ipFamily: c.ipFamily, prefixes: new Set<string>() };
      c.prefixes.forEach((p) => entry.prefixes.add(p));
      this.communities.set(key, entry);
    }
    this.receiveAll ||= n.receiveAll;
    for (const f of n.receiveFilters) this.receiveFilters.set(filterKey(f), f);
  }

  result(): NeighborConfig {
    const f = this.first;
    const localPrefs = new Map<string, { localPref: number; ipFamily: PrefixFamily; prefixes: string[] }>();
    for (const [key, { value }] of this.localPrefOf) {
      const [ipFamily, prefix] = key.split(" ") as [PrefixFamily, string];
      const group = `${ipFamily} ${value}`;
      const entry = localPrefs.get(group) ?? { localPref: value, ipFamily, prefixes: [] };
      entry.prefixes.push(prefix);
      localPrefs.set(group, entry);
    }
    const localPrefModifiers: LocalPrefModifier[] = [...localPrefs.values()]
      .map((m) => ({ ...m, prefixes: m.prefixes.sort(compareStrings) }))
      .sort((a, b) => compareStrings(a.ipFamily, b.ipFamily) || a.localPref - b.localPref);
    const communityModifiers: CommunityModifier[] = [...this.communities.values()]
      .map((c) => ({ community: c.community, ipFamily: c.ipFamily, prefixes: [...c.prefixes].sort(compareStrings) }))
      .sort((a, b) => compareStrings(a.ipFamily, b.ipFamily) || compareStrings(a.community, b.community));
    const filters = this.receiveAll ? [] : [...this.receiveFilters.entries()].sort(([a], [b]) => compareStrings(a, b)).map(([, v]) => v);
    const out: { -readonly [K in keyof NeighborConfig]: NeighborConfig[K] } = {
      name: f.name,
      id: f.id,
      asn: f.asn,
      address: f.address,
      iface: f.iface,
      ipFamily: f.ipFamily,
      vrf: f.vrf,
      srcAddr: f.srcAddr,
      password: f.password,
      ebgpMultiHop: f.ebgpMultiHop,
      bfdProfile: this.bfdProfile?.value ?? "",
      gracefulRestart: this.gracefulRestart,
      addressFamilies: [...this.addressFamilies].sort(compareStrings),
      outgoing: {
        prefixesV4: [...this.prefixes.ipv4].sort(compareStrings),
        prefixesV6: [...this.prefixes.ipv6].sort(compareStrings),
        nextHopV4: this.nextHop.ipv4?.value ?? "",
        nextHopV6: this.nextHop.ipv6?.value ?? "",
        localPrefModifiers,
        communityModifiers,
      },
      incoming: {
        all: this.receiveAll,
        prefixesV4: filters.filter((x) => x.ipFamily === "ipv4"),
        prefixesV6: filters.filter((x) => x.ipFamily === "ipv6"),
      },
      alwaysBlock: f.alwaysBlock,
    };
    // Values equal to their default are erased, so "unset" and "set to the default" render alike.
    if (f.port !== undefined && f.port !== NeighborDefaults.port) out.port = f.port;
    if (f.holdTime !== undefined && f.holdTime !== NeighborDefaults.holdTime) out.holdTime = f.holdTime;
    if (f.keepaliveTime !== undefined && f.keepaliveTime !== NeighborDefaults.keepaliveTime) out.keepaliveTime = f.keepaliveTime;
    if (f.connectTime !== undefined && f.connectTime !== NeighborDefaults.connectTime) out.connectTime = f.connectTime;
    if (f.localASN !== undefined) out.localASN = f.localASN;
    return out;
  }
}

/** Upstream orders inbound filters by the string `prefix + le + ge` (0 when unset). */
function filterKey(f: IncomingFilter): string {
  return `${f.prefix}${f.le}${f.ge}`;
}

class RouterAccumulator {
  readonly first: RouterContribution;
  routerID: Sourced<string> | undefined;
  readonly ipv4Prefixes = new Set<string>();
  readonly ipv6Prefixes = new Set<string>();
  readonly importVRFs = new Set<string>();
  readonly neighbors = new Map<string, NeighborAccumulator>();

  constructor(first: RouterContribution) {
    this.first = first;
  }

  add(r: RouterContribution, errors: ConflictError[]): void {
    const vrfText = r.vrf;
    if (r.myASN !== this.first.myASN) {
      errors.push(new ConflictError(at(this.first.ref, "asn"), String(this.first.myASN), at(r.ref, "asn"), String(r.myASN), `different asns (${this.first.myASN} != ${r.myASN}) specified for same vrf: ${vrfText}`));
      return;
    }
    if (r.routerID !== "") {
      if (this.routerID === undefined) this.routerID = { value: r.routerID, ref: at(r.ref, "id") };
      else if (this.routerID.value !== r.routerID) {
        errors.push(new ConflictError(this.routerID.ref, this.routerID.value, at(r.ref, "id"), r.routerID, `different router ids (${this.routerID.value} != ${r.routerID}) specified for same vrf: ${vrfText}`));
        return;
      }
    }
    r.ipv4Prefixes.forEach((p) => this.ipv4Prefixes.add(p));
    r.ipv6Prefixes.forEach((p) => this.ipv6Prefixes.add(p));
    r.importVRFs.forEach((v) => this.importVRFs.add(v));
    for (const n of r.neighbors) {
      let acc = this.neighbors.get(n.id);
      if (acc === undefined) {
        acc = new NeighborAccumulator(n);
        this.neighbors.set(n.id, acc);
      }
      acc.add(n, errors);
    }
  }

  result(fallbackRouterID: string): RouterConfig {
    return {
      myASN: this.first.myASN,
      routerID: this.routerID?.value ?? fallbackRouterID,
      vrf: this.first.vrf,
      neighbors: [...this.neighbors.keys()].sort(compareStrings).map((id) => (this.neighbors.get(id) as NeighborAccumulator).result()),
      ipv4Prefixes: [...this.ipv4Prefixes].sort(compareStrings),
      ipv6Prefixes: [...this.ipv6Prefixes].sort(compareStrings),
      importVRFs: [...this.importVRFs].sort(compareStrings),
    };
  }
}

const BFD_FIELDS = ["receiveInterval", "transmitInterval", "detectMultiplier", "echoInterval", "echoMode", "passiveMode", "minimumTtl"] as const;

function sameBFDProfile(a: BFDProfile, b: BFDProfile): boolean {
  return BFD_FIELDS.every((k) => a[k] === b[k]);
}

function showBFDProfile(p: BFDProfile): string {
  return `{${BFD_FIELDS.filter((k) => p[k] !== undefined).map((k) => `${k}: ${p[k]}`).join(", ")}}`;
}

export interface MergeResult {
  readonly routers: RouterConfig[];
  readonly bfdProfiles: BFDProfile[];
  readonly extraConfig: string;
  readonly errors: ConflictError[];
}

/**
 * Merges configuration contributions. Contributions are expected in (namespace, name) order, which
 * makes the choice of "first" object in error messages deterministic; the merged value itself does
 * not depend on the order.
 */
export function mergeContributions(contributions: readonly ConfigurationContribution[], fallbackRouterID = ""): MergeResult {
  const errors: ConflictError[] = [];
  const routers = new Map<string, RouterAccumulator>();
  const profiles = new Map<string, BFDProfileContribution>();
  const raws: RawContribution[] = [];
  for (const c of contributions) {
    for (const r of c.routers) {
      let acc = routers.get(r.vrf);
      if (acc === undefined) {
        acc = new RouterAccumulator(r);
        routers.set(r.vrf, acc);
      }
      acc.add(r, errors);
    }
    for (const p of c.bfdProfiles) {
      const seen = profiles.get(p.profile.name);
      if (seen === undefined) profiles.set(p.profile.name, p);
      else if (!sameBFDProfile(seen.profile, p.profile)) {
        errors.push(new ConflictError(seen.ref, showBFDProfile(seen.profile), p.ref, showBFDProfile(p.profile), `duplicate bfd profile name ${p.profile.name} with different values for config ${p.ref.name}`));
      }
    }
    if (c.raw !== undefined) raws.push(c.raw);
  }
  raws.sort((a, b) => a.priority - b.priority || compareStrings(a.name, b.name) || compareStrings(a.namespace, b.namespace));
  return {
    routers: [...routers.keys()].sort(compareStrings).map((vrf) => (routers.get(vrf) as RouterAccumulator).result(fallbackRouterID)),
    bfdProfiles: [...profiles.keys()].sort(compareStrings).map((name) => (profiles.get(name) as BFDProfileContribution).profile),
    extraConfig: raws.map((r) => `${r.text}\n`).join(""),
    errors,
  };
}

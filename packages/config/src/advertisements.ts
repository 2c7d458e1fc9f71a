// Community aliases, BGPAdvertisements and L2Advertisements, and attaching them to pools with
// the per-pool checks (aggregation length vs pool masks, LOCAL_PREF compatibility).
import { compareCommunities, communityText, parseCommunity, type BGPCommunity } from "./community.js";
import { ConfigObjectKind, ConfigRule, configError, type ConfigError, type ObjectRef } from "./errors.js";
import type { BGPAdvertisementConfig, L2AdvertisementConfig, PoolConfig } from "./model.js";
import type { MutablePool } from "./pools.js";
import type { BGPAdvertisementView, CommunityView, IPAddressPoolView, L2AdvertisementView, LabelSelector, NodeView } from "./resources.js";
import { firstDuplicate, matchesAnySelector, matchesLabelSelector, selectNames, selectorListProblem, selectorProblem, selectorText } from "./selectors.js";

function ref(kind: ObjectRef["kind"], o: { metadata: { name: string; namespace?: string | undefined } }): ObjectRef {
  return { kind, namespace: o.metadata.namespace, name: o.metadata.name };
}

/** Aliases across all Community CRs; alias names are unique cluster-wide. */
export function communityAliasesFor(crs: readonly CommunityView[]): { aliases: Map<string, BGPCommunity>; errors: ConfigError[] } {
  const aliases = new Map<string, BGPCommunity>();
  const errors: ConfigError[] = [];
  for (const cr of crs) {
    for (const [i, { name = "", value = "" }] of (cr.spec?.communities ?? []).entries()) {
      const field = `spec.communities[${i}]`;
      const parsed = parseCommunity(value);
      if (!parsed.ok) {
        errors.push(configError(ref(ConfigObjectKind.Community, cr), `${field}.value`, ConfigRule.Community, `parsing community ${JSON.stringify(name)}: ${parsed.message}`));
        continue;
      }
      if (aliases.has(name)) {
        errors.push(configError(ref(ConfigObjectKind.Community, cr), `${field}.name`, ConfigRule.Duplicate, `duplicate definition of community ${JSON.stringify(name)}`));
        continue;
      }
      aliases.set(name, parsed.community);
    }
  }
  return { aliases, errors };
}

/** What the LOCAL_PREF compatibility check needs to know about a pool. */
export interface PoolFamilies {
  readonly hasIPv4: boolean;
  readonly hasIPv6: boolean;
}

/**
 * Two advertisements of one pool may carry different LOCAL_PREFs only if they can never emit the
 * same BGP update: different aggregation length for the families present in the pool, disjoint
 * non-empty peer lists, or disjoint node sets.
 */
export function bgpAdvertisementsHaveCompatibleLocalPref(a: BGPAdvertisementConfig, b: BGPAdvertisementConfig, pool: PoolFamilies): boolean {
  if (a.localPref === b.localPref) return true;
  if (aggregationDiffers(a, b, pool)) return true;
  if (a.peers.length > 0 && b.peers.length > 0 && !a.peers.some((p) => b.peers.includes(p))) return true;
  for (const n of a.nodes) if (b.nodes.has(n)) return false;
  return true;
}

function aggregationDiffers(a: BGPAdvertisementConfig, b: BGPAdvertisementConfig, pool: PoolFamilies): boolean {
  if (!pool.hasIPv4 && !pool.hasIPv6) return true;
  const v4Differs = a.aggregationLength !== b.aggregationLength;
  const v6Differs = a.aggregationLengthV6 !== b.aggregationLengthV6;
  if (pool.hasIPv4 && pool.hasIPv6) return v4Differs && v6Differs;
  return pool.hasIPv4 ? v4Differs : v6Differs;
}

function communitiesFor(adv: BGPAdvertisementView, aliases: ReadonlyMap<string, BGPCommunity>): { communities: BGPCommunity[] } | ConfigError {
  const byText = new Map<string, BGPCommunity>();
  for (const [i, text] of (adv.spec?.communities ?? []).entries()) {
    const field = `spec.communities[${i}]`;
    const alias = aliases.get(text);
    if (alias) {
      byText.set(communityText(alias), alias);
      continue;
    }
    const parsed = parseCommunity(text);
    if (!parsed.ok) {
      // A string that is not community-shaped may name an alias whose Community CR is not there yet.
      const transient = parsed.problem === "format";
      const message = `invalid community ${JSON.stringify(text)} in BGP advertisement: ${parsed.message}`;
      return configError(ref(ConfigObjectKind.BGPAdvertisement, adv), field, ConfigRule.Community, message, transient);
    }
    byText.set(communityText(parsed.community), parsed.community);
  }
  return { communities: [...byText.values()].sort(compareCommunities) };
}

export function bgpAdvertisementFromCR(
  adv: BGPAdvertisementView,
  aliases: ReadonlyMap<string, BGPCommunity>,
  nodes: readonly NodeView[],
): BGPAdvertisementConfig | ConfigError {
  const r = ref(ConfigObjectKind.BGPAdvertisement, adv);
  const spec = adv.spec ?? {};
  const fail = (field: string, rule: ConfigError["rule"], message: string): ConfigError => configError(r, field, rule, message);
  for (const [list, field, label] of [
    [spec.ipAddressPools, "ipAddressPools", "ipAddressPools"],
    [spec.communities, "communities", "community"],
    [spec.peers, "peers", "peers"],
  ] as const) {
    const dup = firstDuplicate(list ?? []);
    if (dup !== undefined) return fail(`spec.${field}`, ConfigRule.Duplicate, `duplicate definition of ${label} ${JSON.stringify(dup)}`);
  }
  for (const field of ["ipAddressPoolSelectors", "nodeSelectors", "serviceSelectors"] as const) {
    const problem = selectorListProblem(spec[field], field);
    if (problem) return fail(`spec.${field}`, ConfigRule.Selector, problem);
  }
  const serviceSelectors = spec.serviceSelectors ?? [];
  if (serviceSelectors.length > 0) {
    if (spec.aggregationLength !== undefined && spec.aggregationLength !== 32) {
      return fail("spec.aggregationLength", ConfigRule.Exclusive, `serviceSelectors and aggregationLength are mutually exclusive, both cannot be set in ${adv.metadata.name}`);
    }
    if (spec.aggregationLengthV6 !== undefined && spec.aggregationLengthV6 !== 128) {
      return fail("spec.aggregationLengthV6", ConfigRule.Exclusive, `serviceSelectors and aggregationLengthV6 are mutually exclusive, both cannot be set in ${adv.metadata.name}`);
    }
  }
  const aggregationLength = spec.aggregationLength ?? 32;
  if (!Number.isInteger(aggregationLength) || aggregationLength < 0 || aggregationLength > 32) {
    return fail("spec.aggregationLength", ConfigRule.Aggregation, `invalid aggregation length ${aggregationLength} for IPv4`);
  }
  const aggregationLengthV6 = spec.aggregationLengthV6 ?? 128;
  if (!Number.isInteger(aggregationLengthV6) || aggregationLengthV6 < 0 || aggregationLengthV6 > 128) {
    return fail("spec.aggregationLengthV6", ConfigRule.Aggregation, `invalid aggregation length ${aggregationLengthV6} for IPv6`);
  }
  const localPref = spec.localPref ?? 0;
  if (!Number.isInteger(localPref) || localPref < 0 || localPref > 0xffffffff) {
    return fail("spec.localPref", ConfigRule.InvalidValue, `invalid local preference ${localPref}, must be a 32-bit unsigned integer`);
  }
  const communities = communitiesFor(adv, aliases);
  if ("object" in communities) return communities;
  return {
    name: adv.metadata.name,
    aggregationLength,
    aggregationLengthV6,
    localPref,
    communities: communities.communities,
    nodes: selectNames(nodes, spec.nodeSelectors),
    peers: [...(spec.peers ?? [])],
    // Sorted so that equal selector sets compare equal.
    serviceSelectors: [...serviceSelectors].sort((a, b) => cmp(selectorText(a), selectorText(b))),
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Pool names an advertisement applies to, in name order: listed ∪ label-selected, or all. */
function selectedPools(
  spec: { ipAddressPools?: readonly string[] | undefined; ipAddressPoolSelectors?: readonly LabelSelector[] | undefined } | undefined,
  poolCRs: readonly IPAddressPoolView[],
  parsed: ReadonlyMap<string, MutablePool>,
): MutablePool[] {
  const byName = spec?.ipAddressPools ?? [];
  const bySelector = spec?.ipAddressPoolSelectors ?? [];
  const names = new Set<string>();
  if (byName.length === 0 && bySelector.length === 0) {
    for (const n of parsed.keys()) names.add(n);
  } else {
    for (const n of byName) names.add(n);
    for (const p of poolCRs) if (bySelector.some((s) => matchesLabelSelector(s, p.metadata.labels))) names.add(p.metadata.name);
  }
  return [...names].sort().flatMap((n) => parsed.get(n) ?? []);
}

/** The aggregation length of each address entry's family must not be shorter than the entry's masks. */
function aggregationProblem(adv: BGPAdvertisementConfig, pool: PoolConfig | MutablePool): { field: string; message: string } | undefined {
  for (const entry of pool.addresses) {
    const first = entry.cidrs[0];
    if (!first) continue;
    const length = first.family === 4 ? adv.aggregationLength : adv.aggregationLengthV6;
    const lowest = Math.min(...entry.cidrs.map((c) => c.prefixLength));
    if (length < lowest) {
      return {
        field: first.family === 4 ? "spec.aggregationLength" : "spec.aggregationLengthV6",
        message: `invalid aggregation length ${length}: prefix ${lowest} in this pool is more specific than the aggregation length for addresses ${entry.entry} (pool ${JSON.stringify(pool.name)})`,
      };
    }
  }
  return undefined;
}

function identicalAdvertisements(advs: readonly BGPAdvertisementView[]): ConfigError | undefined {
  const seen = new Map<string, BGPAdvertisementView>();
  for (const a of advs) {
    const key = JSON.stringify(a);
    const earlier = seen.get(key);
    if (earlier) {
      return configError(ref(ConfigObjectKind.BGPAdvertisement, a), "", ConfigRule.Duplicate, `duplicate definition of bgpadvertisements: equal to ${earlier.metadata.name}`);
    }
    seen.set(key, a);
  }
  return undefined;
}

export function attachBGPAdvertisements(
  advs: readonly BGPAdvertisementView[],
  poolCRs: readonly IPAddressPoolView[],
  pools: ReadonlyMap<string, MutablePool>,
  aliases: ReadonlyMap<string, BGPCommunity>,
  nodes: readonly NodeView[],
): ConfigError[] {
  const dup = identicalAdvertisements(advs);
  if (dup) return [dup];
  const errors: ConfigError[] = [];
  for (const cr of advs) {
    const adv = bgpAdvertisementFromCR(cr, aliases, nodes);
    if ("object" in adv) {
      errors.push(adv);
      continue;
    }
    const r = ref(ConfigObjectKind.BGPAdvertisement, cr);
    for (const pool of selectedPools(cr.spec, poolCRs, pools)) {
      const aggregation = aggregationProblem(adv, pool);
      if (aggregation) {
        errors.push(configError(r, aggregation.field, ConfigRule.Aggregation, aggregation.message));
        break;
      }
      // With serviceSelectors we cannot know which Services meet; the speaker checks at announce time.
      const conflict =
        adv.serviceSelectors.length === 0
          ? pool.bgpAdvertisements.find((other) => other.serviceSelectors.length === 0 && !bgpAdvertisementsHaveCompatibleLocalPref(adv, other, pool))
          : undefined;
      if (conflict) {
        errors.push(
          configError(
            r,
            "spec.localPref",
            ConfigRule.LocalPref,
            `invalid local preference ${adv.localPref}: local preferernce ${conflict.localPref} was already set for the same type of BGP update (advertisement ${JSON.stringify(conflict.name)}, pool ${JSON.stringify(pool.name)}). Check existing BGP advertisements with common pools and aggregation lengths`,
          ),
        );
        break;
      }
      pool.bgpAdvertisements.push(adv);
    }
  }
  return errors;
}

function l2AdvertisementFromCR(cr: L2AdvertisementView, nodes: readonly NodeView[]): L2AdvertisementConfig | ConfigError {
  const r = ref(ConfigObjectKind.L2Advertisement, cr);
  const spec = cr.spec ?? {};
  const dup = firstDuplicate(spec.ipAddressPools ?? []);
  if (dup !== undefined) return configError(r, "spec.ipAddressPools", ConfigRule.Duplicate, `duplicate definition of ipAddressPools ${JSON.stringify(dup)}`);
  for (const field of ["ipAddressPoolSelectors", "nodeSelectors", "serviceSelectors"] as const) {
    const problem = selectorListProblem(spec[field], field);
    if (problem) return configError(r, `spec.${field}`, ConfigRule.Selector, problem);
  }
  const nodeSet = selectNames(nodes, spec.nodeSelectors);
  const preferredNodes = new Map<string, number>();
  for (const [i, pref] of (spec.preferredNodeSelectors ?? []).entries()) {
    const problem = selectorProblem(pref.preference);
    if (problem) return configError(r, `spec.preferredNodeSelectors[${i}].preference`, ConfigRule.Selector, `invalid preferred node selector ${JSON.stringify(selectorText(pref.preference))}: ${problem}`);
  }
  for (const node of nodes) {
    if (!nodeSet.has(node.metadata.name)) continue;
    let total = 0;
    for (const pref of spec.preferredNodeSelectors ?? []) {
      if (matchesLabelSelector(pref.preference, node.metadata.labels)) total += pref.weight;
    }
    if (total > 0) preferredNodes.set(node.metadata.name, total);
  }
  const interfaces = [...(spec.interfaces ?? [])];
  return {
    name: cr.metadata.name,
    nodes: nodeSet,
    interfaces,
    allInterfaces: interfaces.length === 0,
    serviceSelectors: [...(spec.serviceSelectors ?? [])].sort((a, b) => cmp(selectorText(a), selectorText(b))),
    preferredNodes,
  };
}

/** Equivalent advertisements without preferences are attached once per pool. */
function equivalentL2(a: L2AdvertisementConfig, b: L2AdvertisementConfig): boolean {
  if (a.preferredNodes.size > 0 || b.preferredNodes.size > 0) return false;
  const sameSet = (x: Iterable<string>, y: Iterable<string>): boolean => JSON.stringify([...new Set(x)].sort()) === JSON.stringify([...new Set(y)].sort());
  return (
    a.allInterfaces === b.allInterfaces &&
    sameSet(a.nodes, b.nodes) &&
    sameSet(a.interfaces, b.interfaces) &&
    JSON.stringify(a.serviceSelectors.map(selectorText)) === JSON.stringify(b.serviceSelectors.map(selectorText))
  );
}

export function attachL2Advertisements(
  advs: readonly L2AdvertisementView[],
  poolCRs: readonly IPAddressPoolView[],
  pools: ReadonlyMap<string, MutablePool>,
  nodes: readonly NodeView[],
): ConfigError[] {
  const errors: ConfigError[] = [];
  for (const cr of advs) {
    const adv = l2AdvertisementFromCR(cr, nodes);
    if ("object" in adv) {
      errors.push(adv);
      continue;
    }
    for (const pool of selectedPools(cr.spec, poolCRs, pools)) {
      if (!pool.l2Advertisements.some((existing) => equivalentL2(existing, adv))) pool.l2Advertisements.push(adv);
    }
  }
  return errors;
}

/** True when `labels` match the advertisement's serviceSelectors (none means every Service). */
export function advertisementMatchesService(adv: { serviceSelectors: readonly LabelSelector[] }, labels: Readonly<Record<string, string>> | undefined): boolean {
  return matchesAnySelector(adv.serviceSelectors, labels);
}

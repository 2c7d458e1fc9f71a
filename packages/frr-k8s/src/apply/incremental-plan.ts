// Turns "FRR runs config A, we want config B" into one vtysh script, when the difference is only in
// leaf lines proven safe to change on FRR 8.4 (see incremental-applier.int.test.ts): prefix-list
// entries that do not move to another seq, route-map entries (match/set/on-match) that appear or
// disappear, `network` lines of a router's address family. Anything else (entries renumbered,
// neighbors, router or BFD settings, other top-level lines, unknown blocks) asks for a full
// frr-reload.py. Pure: no I/O.
//
// Order: prefix lists, then route-map entries (northbound commands, which vtysh -f groups into one
// commit made before the next classic command), then the `router bgp` network lines, so a new network
// is announced through filters that already let it pass.
import {
  prefixListLine,
  sameContext,
  sameLines,
  splitTopLevel,
  type FrrContext,
  type PrefixListEntry,
  type PrefixLists,
} from "./frr-config-tree.js";

/** What a batch changed, so the result can be checked against `show running-config`. */
export interface PlanTouched {
  readonly prefixLists: readonly string[];
  readonly routeMapEntries: readonly string[];
  /** `router bgp ...` opener and `address-family ...` opener whose `network` lines changed. */
  readonly networks: ReadonlyArray<{ readonly router: string; readonly addressFamily: string }>;
}

export interface IncrementalPlan {
  /** vtysh -f input. */
  readonly script: string;
  readonly commands: number;
  readonly touched: PlanTouched;
}

export type PlanResult =
  | { readonly kind: "unchanged" }
  | { readonly kind: "batch"; readonly plan: IncrementalPlan }
  | { readonly kind: "reload"; readonly reason: string };

const ROUTE_MAP_ENTRY = /^route-map \S+ (permit|deny) \d+$/;
const ROUTE_MAP_LEAF = /^(match|set|on-match) /;
const ROUTER_BGP = /^router bgp /;
const ADDRESS_FAMILY = /^address-family /;
const NETWORK = /^network \S+$/;

class Refusal extends Error {}

function refuse(reason: string): never {
  throw new Refusal(reason);
}

/**
 * Commands turning one prefix list from `before` into `after`, when no value moves to another seq.
 * A moving value (the renderer numbers entries 1..n, so an insertion or removal in the middle moves
 * every later one) cannot be batched on FRR 8.4: written at its new seq before leaving the old one,
 * FRR ignores it as a duplicate; removed first, bgpd withdraws it when its route-map timer fires in
 * between; removed and written in one commit, the route maps' prefix index (keyed by prefix) drops it
 * for good, so the prefix is never announced again although `show running-config` is right. Those
 * changes go to frr-reload.py. What remains: new values written over gone ones or at new seqs, then
 * the seqs left over removed, so a list never becomes empty on the way.
 */
function planPrefixList(key: string, before: Map<number, PrefixListEntry>, after: Map<number, PrefixListEntry>): string[] {
  const seqOf = new Map([...before].map(([seq, e]) => [e.value, seq] as const));
  const commands: string[] = [];
  let moved = 0;
  for (const [seq, e] of [...after].sort(([a], [b]) => a - b)) {
    if (before.get(seq)?.value === e.value) continue;
    if (seqOf.has(e.value)) moved++;
    else commands.push(prefixListLine(e));
  }
  if (moved > 0) refuse(`${key}: ${moved} entries move to another seq`);
  for (const [seq, e] of [...before].sort(([a], [b]) => a - b)) {
    if (!after.has(seq)) commands.push(`no ${prefixListLine(e)}`);
  }
  return commands;
}

function planPrefixLists(applied: PrefixLists, desired: PrefixLists, out: string[], touched: string[]): void {
  for (const key of new Set([...applied.keys(), ...desired.keys()])) {
    const commands = planPrefixList(key, applied.get(key) ?? new Map(), desired.get(key) ?? new Map());
    if (commands.length === 0) continue;
    touched.push(key);
    out.push(...commands);
  }
}

/** An entry that appears or disappears; an entry rewritten in place goes to frr-reload.py (see planPrefixList). */
function planRouteMapEntry(key: string, before: FrrContext | undefined, after: FrrContext | undefined, out: { additions: string[]; removals: string[] }): boolean {
  for (const ctx of [before, after]) {
    if (ctx && ctx.children.size > 0) refuse(`${key} has nested blocks`);
  }
  if (after === undefined) {
    out.removals.push(`no ${key}`);
    return true;
  }
  if (before !== undefined) {
    if (sameLines(before.lines, after.lines)) return false;
    refuse(`${key}: entry rewritten in place`);
  }
  for (const l of after.lines) {
    if (!ROUTE_MAP_LEAF.test(l)) refuse(`${key}: "${l.split(" ")[0]}" lines are applied by frr-reload.py only`);
  }
  out.additions.push(key, ...after.lines.map((l) => ` ${l}`), "exit");
  return true;
}

function networksOf(af: FrrContext | undefined, router: string): string[] {
  if (af === undefined) return [];
  if (af.children.size > 0) refuse(`${router} ${af.opener} has nested blocks`);
  return af.lines.filter((l) => NETWORK.test(l));
}

function planRouter(key: string, before: FrrContext | undefined, after: FrrContext | undefined, out: string[], touched: Array<{ router: string; addressFamily: string }>): void {
  if (before === undefined || after === undefined) refuse(`${key} ${before === undefined ? "added" : "removed"}`);
  if (!sameLines(before.lines, after.lines)) refuse(`${key}: router settings or neighbors changed`);
  const lines: string[] = [];
  for (const afKey of new Set([...before.children.keys(), ...after.children.keys()])) {
    const b = before.children.get(afKey);
    const a = after.children.get(afKey);
    if (!ADDRESS_FAMILY.test(afKey)) {
      if (a === undefined || b === undefined || !sameContext(a, b)) refuse(`${key}: block "${afKey}" changed`);
      continue;
    }
    const oldNets = networksOf(b, key);
    const newNets = networksOf(a, key);
    const otherBefore = (b?.lines ?? []).filter((l) => !NETWORK.test(l));
    const otherAfter = (a?.lines ?? []).filter((l) => !NETWORK.test(l));
    if (!sameLines(otherBefore, otherAfter)) refuse(`${key} ${afKey}: neighbor activation or policy changed`);
    const added = newNets.filter((n) => !oldNets.includes(n));
    const removed = oldNets.filter((n) => !newNets.includes(n));
    if (added.length === 0 && removed.length === 0) continue;
    touched.push({ router: key, addressFamily: afKey });
    lines.push(` ${afKey}`, ...added.map((n) => `  ${n}`), ...removed.map((n) => `  no ${n}`), " exit-address-family");
  }
  if (lines.length > 0) out.push(key, ...lines, "exit");
}

/** How to bring FRR from `applied` (what it runs) to `desired`, or why frr-reload.py must do it. */
export function planIncrementalChange(applied: FrrContext, desired: FrrContext): PlanResult {
  try {
    const before = splitTopLevel(applied);
    const after = splitTopLevel(desired);
    if (before === undefined || after === undefined) refuse("a prefix list holds the same seq twice");
    if (!sameLines(before.other, after.other)) {
      const changed = [...after.other.filter((l) => !before.other.includes(l)), ...before.other.filter((l) => !after.other.includes(l))][0] ?? "";
      refuse(`top-level line changed: "${changed.split(" ").slice(0, 2).join(" ")} ..."`);
    }
    const listCommands: string[] = [];
    const prefixLists: string[] = [];
    planPrefixLists(before.prefixLists, after.prefixLists, listCommands, prefixLists);

    const routeMaps = { additions: [] as string[], removals: [] as string[] };
    const routeMapEntries: string[] = [];
    const routers: string[] = [];
    const networks: Array<{ router: string; addressFamily: string }> = [];
    for (const key of new Set([...applied.children.keys(), ...desired.children.keys()])) {
      const b = applied.children.get(key);
      const a = desired.children.get(key);
      if (ROUTE_MAP_ENTRY.test(key)) {
        if (planRouteMapEntry(key, b, a, routeMaps)) routeMapEntries.push(key);
      } else if (ROUTER_BGP.test(key)) {
        planRouter(key, b, a, routers, networks);
      } else if (a === undefined || b === undefined || !sameContext(a, b)) {
        refuse(`block "${key}" changed`);
      }
    }
    // Northbound commands first (one commit), then the classic `router bgp` ones.
    const script = [...listCommands, ...routeMaps.additions, ...routeMaps.removals, ...routers];
    if (script.length === 0) return { kind: "unchanged" };
    return {
      kind: "batch",
      plan: { script: script.join("\n") + "\n", commands: script.length, touched: { prefixLists, routeMapEntries, networks } },
    };
  } catch (err) {
    if (err instanceof Refusal) return { kind: "reload", reason: err.message };
    throw err;
  }
}

/**
 * Where FRR's running configuration differs from `desired` in what a batch touched; undefined when it
 * matches. Catches a command FRR ignored (a duplicate prefix-list value) or applied differently.
 */
export function verifyTouched(running: FrrContext, desired: FrrContext, touched: PlanTouched): string | undefined {
  const have = splitTopLevel(running);
  const want = splitTopLevel(desired);
  if (have === undefined || want === undefined) return "a prefix list holds the same seq twice";
  for (const key of touched.prefixLists) {
    const h = have.prefixLists.get(key) ?? new Map<number, PrefixListEntry>();
    const w = want.prefixLists.get(key) ?? new Map<number, PrefixListEntry>();
    if (h.size !== w.size) return `${key}: FRR has ${h.size} entries, ${w.size} wanted`;
    for (const [seq, e] of w) {
      if (h.get(seq)?.value !== e.value) return `${key} seq ${seq}: FRR has "${h.get(seq)?.value ?? "nothing"}", "${e.value}" wanted`;
    }
  }
  for (const key of touched.routeMapEntries) {
    const h = running.children.get(key);
    const w = desired.children.get(key);
    if (w === undefined && h !== undefined) return `${key}: still present`;
    if (w !== undefined && (h === undefined || !sameLines(h.lines, w.lines))) return `${key}: lines differ`;
  }
  for (const { router, addressFamily } of touched.networks) {
    const h = running.children.get(router)?.children.get(addressFamily)?.lines.filter((l) => NETWORK.test(l)) ?? [];
    const w = desired.children.get(router)?.children.get(addressFamily)?.lines.filter((l) => NETWORK.test(l)) ?? [];
    if (!sameLines(h, w)) return `${router} ${addressFamily}: FRR announces ${h.length} networks, ${w.length} wanted`;
  }
  return undefined;
}

// Rendering the FRR model as frr.conf for FRR 8.4. Pure and byte-stable: the model is already
// sorted, the only ordering done here is the modifier prefix lists (by name, as upstream), and
// sequence numbers come from counters created fresh for every render. Object names follow
// frr-k8s (`<ID>-in`, `<ID>-out`, `<ID>-allowed-ipv4`, `<ID>-inpl-<family>`, ...), so tools and
// runbooks written for frr-k8s keep working. Blocks end with an explicit `exit` as FRR's own
// `show running-config` does; indentation is two spaces per level.
import { compareStrings } from "./convert.js";
import type { BFDProfile, FRRConfig, FRRLogLevel, IncomingFilter, NeighborConfig, PrefixFamily, RouterConfig } from "./model.js";

const DEBUG_LINES = [
  "debug zebra events",
  "debug zebra nht",
  "debug zebra kernel",
  "debug zebra rib",
  "debug zebra nexthop",
  "debug bgp neighbor-events",
  "debug bgp updates",
  "debug bgp keepalives",
  "debug bgp nht",
  "debug bgp zebra",
  "debug bfd network",
  "debug bfd peer",
  "debug bfd zebra",
];

/** `ip` for IPv4 lists and matches, `ipv6` for IPv6 ones. */
const keyword = (family: PrefixFamily): "ip" | "ipv6" => (family === "ipv4" ? "ip" : "ipv6");

/** Sequence numbers: one counter per prefix-list name, one per neighbor shared by its route-maps. */
export class SequenceCounters {
  readonly #last = new Map<string, number>();
  next(key: string): number {
    const seq = (this.#last.get(key) ?? 0) + 1;
    this.#last.set(key, seq);
    return seq;
  }
}

/** Largest prefix-list sequence number FRR accepts. */
const MAX_SEQ = 4_294_967_295;

/** FNV-1a, 32 bits: a fixed, well-spread hash of a prefix's text. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * Sequence numbers for a list of exact `permit` entries, where order cannot matter. Each prefix's number
 * comes from its own text (a collision takes the next free number, in the given order), so adding or
 * removing one prefix leaves every other entry's line unchanged: FRR can then be updated with a few
 * line edits instead of a reload (upstream numbers 1..n, so one new Service IP renumbers the rest).
 */
export function stableSequenceNumbers(prefixes: readonly string[]): number[] {
  const used = new Set<number>();
  return prefixes.map((prefix) => {
    let seq = (fnv1a(prefix) % MAX_SEQ) + 1;
    while (used.has(seq)) seq = (seq % MAX_SEQ) + 1;
    used.add(seq);
    return seq;
  });
}

export function renderGlobals(logLevel: FRRLogLevel, hostname: string): string[] {
  return [
    `log stdout ${logLevel}`,
    "log timestamp precision 3",
    ...(logLevel === "debugging" ? DEBUG_LINES : []),
    `hostname ${hostname}`,
    "ip nht resolve-via-default",
    "ipv6 nht resolve-via-default",
  ];
}

interface ModifierList {
  readonly name: string;
  readonly family: PrefixFamily;
  readonly prefixes: readonly string[];
  readonly set: string;
}

function modifierLists(n: NeighborConfig): ModifierList[] {
  const family = (f: PrefixFamily): string => keyword(f);
  const lists: ModifierList[] = [
    ...n.outgoing.localPrefModifiers.map((m) => ({
      name: `${n.id}-${m.localPref}-${family(m.ipFamily)}-localpref-prefixes`,
      family: m.ipFamily,
      prefixes: m.prefixes,
      set: `set local-preference ${m.localPref}`,
    })),
    ...n.outgoing.communityModifiers.map((m) => {
      const large = m.community.startsWith("large:");
      return {
        name: `${n.id}-${m.community}-${family(m.ipFamily)}-community-prefixes`,
        family: m.ipFamily,
        prefixes: m.prefixes,
        set: large ? `set large-community ${m.community.slice("large:".length)} additive` : `set community ${m.community} additive`,
      };
    }),
  ];
  return lists.sort((a, b) => compareStrings(a.name, b.name));
}

/** Prefix lists and route-maps of one neighbor (upstream's per-neighbor filter section). */
export function renderNeighborFilters(n: NeighborConfig, counters: SequenceCounters): string[] {
  const lines: string[] = [];
  const id = n.id;
  const prefixList = (family: PrefixFamily, name: string, rest: string): void => {
    lines.push(`${keyword(family)} prefix-list ${name} seq ${counters.next(name)} ${rest}`);
  };
  // The long lists (one exact permit per prefix) number entries by prefix: see stableSequenceNumbers.
  const permitAll = (family: PrefixFamily, name: string, prefixes: readonly string[]): void => {
    const head = `${keyword(family)} prefix-list ${name} seq `;
    const seqs = stableSequenceNumbers(prefixes);
    prefixes.forEach((p, i) => lines.push(`${head}${seqs[i]} permit ${p}`));
  };
  const routeMap = (map: "in" | "out", action: "permit" | "deny", body: readonly string[]): void => {
    lines.push(`route-map ${id}-${map} ${action} ${counters.next(`route-map ${id}`)}`, ...body.map((l) => `  ${l}`), "exit");
  };

  for (const m of modifierLists(n)) {
    permitAll(m.family, m.name, [...m.prefixes].sort(compareStrings));
    routeMap("out", "permit", [`match ${keyword(m.family)} address prefix-list ${m.name}`, m.set, "on-match next"]);
  }

  const allowed = { ipv4: n.outgoing.prefixesV4, ipv6: n.outgoing.prefixesV6 };
  for (const family of ["ipv4", "ipv6"] as const) {
    const name = `${id}-allowed-${family}`;
    if (allowed[family].length === 0) prefixList(family, name, "deny any");
    permitAll(family, name, allowed[family]);
  }
  const nextHop = { ipv4: n.outgoing.nextHopV4 === "" ? [] : [`set ip next-hop ${n.outgoing.nextHopV4}`], ipv6: n.outgoing.nextHopV6 === "" ? [] : [`set ipv6 next-hop global ${n.outgoing.nextHopV6}`] };
  for (const family of ["ipv4", "ipv6"] as const) {
    routeMap("out", "permit", [`match ${keyword(family)} address prefix-list ${id}-allowed-${family}`, ...nextHop[family]]);
  }

  const inbound = `${id}-inpl-${n.ipFamily}`;
  const filterText = (f: IncomingFilter): string => `permit ${f.prefix}${f.le !== 0 ? ` le ${f.le}` : ""}${f.ge !== 0 ? ` ge ${f.ge}` : ""}`;
  for (const f of [...n.incoming.prefixesV4, ...n.incoming.prefixesV6]) prefixList(f.ipFamily, inbound, filterText(f));
  if (n.incoming.all) {
    prefixList("ipv4", inbound, "permit any");
    prefixList("ipv6", inbound, "permit any");
  } else {
    if (n.incoming.prefixesV4.length === 0) prefixList("ipv4", inbound, "deny any");
    if (n.incoming.prefixesV6.length === 0) prefixList("ipv6", inbound, "deny any");
  }

  if (n.alwaysBlock.length > 0) {
    const denied = `${id}-denied-inpl-${n.ipFamily}`;
    for (const f of n.alwaysBlock) prefixList(f.ipFamily, denied, filterText(f));
    routeMap("in", "deny", [`match ip address prefix-list ${denied}`]);
    routeMap("in", "deny", [`match ipv6 address prefix-list ${denied}`]);
  }
  routeMap("in", "permit", [`match ip address prefix-list ${inbound}`]);
  routeMap("in", "permit", [`match ipv6 address prefix-list ${inbound}`]);
  return lines;
}

/** Session lines of one neighbor inside `router bgp`, in upstream's order. */
export function renderNeighborSession(n: NeighborConfig, routerASN: number): string[] {
  const peer = n.iface !== "" ? n.iface : n.address;
  const lines = [n.iface !== "" ? `neighbor ${peer} interface remote-as ${n.asn}` : `neighbor ${peer} remote-as ${n.asn}`];
  const add = (text: string): void => {
    lines.push(`neighbor ${peer} ${text}`);
  };
  if (n.ebgpMultiHop) add("ebgp-multihop");
  if (n.localASN !== undefined) add(`local-as ${n.localASN} no-prepend replace-as`);
  if (n.port !== undefined) add(`port ${n.port}`);
  if (n.keepaliveTime !== undefined && n.holdTime !== undefined) add(`timers ${n.keepaliveTime} ${n.holdTime}`);
  if (n.connectTime !== undefined) add(`timers connect ${n.connectTime}`);
  if (n.password !== "") add(`password ${n.password}`);
  if (n.srcAddr !== "") add(`update-source ${n.srcAddr}`);
  if (n.gracefulRestart) add("graceful-restart");
  if (n.bfdProfile !== "") {
    add("bfd");
    add(`bfd profile ${n.bfdProfile}`);
  }
  // A single-hop eBGP session over IPv6 peers with a link address FRR would not call "connected".
  const ebgp = n.iface !== "" || n.asn === "external" || (n.asn !== "internal" && n.asn !== String(routerASN));
  if (n.ipFamily === "ipv6" && !n.ebgpMultiHop && ebgp) add("disable-connected-check");
  return lines;
}

function addressFamilyBlock(name: string, body: readonly string[]): string[] {
  return [`address-family ${name}`, ...body.map((l) => `  ${l}`), "exit-address-family"];
}

/** One `router bgp` block: header, imports, sessions, unicast activation, networks. */
export function renderRouter(r: RouterConfig): string[] {
  const body = [
    "no bgp ebgp-requires-policy",
    "no bgp network import-check",
    "no bgp default ipv4-unicast",
    "bgp graceful-restart preserve-fw-state",
  ];
  if (r.routerID !== "") body.push(`bgp router-id ${r.routerID}`);
  if (r.importVRFs.length > 0) {
    const imports = r.importVRFs.map((v) => `import vrf ${v}`);
    body.push(...addressFamilyBlock("ipv4 unicast", imports), ...addressFamilyBlock("ipv6 unicast", imports));
  }
  for (const n of r.neighbors) body.push(...renderNeighborSession(n, r.myASN));
  for (const n of r.neighbors) {
    const unicast = n.addressFamilies.length === 0 || n.addressFamilies.includes("unicast");
    if (!unicast) continue;
    const peer = n.iface !== "" ? n.iface : n.address;
    for (const family of ["ipv4", "ipv6"] as const) {
      if (n.ipFamily !== family && n.ipFamily !== "dual") continue;
      body.push(...addressFamilyBlock(`${family} unicast`, [`neighbor ${peer} activate`, `neighbor ${peer} route-map ${n.id}-in in`, `neighbor ${peer} route-map ${n.id}-out out`]));
    }
  }
  if (r.ipv4Prefixes.length > 0) body.push(...addressFamilyBlock("ipv4 unicast", r.ipv4Prefixes.map((p) => `network ${p}`)));
  if (r.ipv6Prefixes.length > 0) body.push(...addressFamilyBlock("ipv6 unicast", r.ipv6Prefixes.map((p) => `network ${p}`)));
  return [r.vrf === "" ? `router bgp ${r.myASN}` : `router bgp ${r.myASN} vrf ${r.vrf}`, ...body.map((l) => `  ${l}`), "exit"];
}

/** The global `bfd` block with every profile; nothing when there are none. */
export function renderBFD(profiles: readonly BFDProfile[]): string[] {
  if (profiles.length === 0) return [];
  const lines = ["bfd"];
  for (const p of profiles) {
    const body: string[] = [];
    if (p.receiveInterval !== undefined) body.push(`receive-interval ${p.receiveInterval}`);
    if (p.transmitInterval !== undefined) body.push(`transmit-interval ${p.transmitInterval}`);
    if (p.detectMultiplier !== undefined) body.push(`detect-multiplier ${p.detectMultiplier}`);
    if (p.echoMode) body.push("echo-mode");
    if (p.echoInterval !== undefined) body.push(`echo transmit-interval ${p.echoInterval}`, `echo receive-interval ${p.echoInterval}`);
    if (p.passiveMode) body.push("passive-mode");
    if (p.minimumTtl !== undefined) body.push(`minimum-ttl ${p.minimumTtl}`);
    lines.push(`  profile ${p.name}`, ...body.map((l) => `    ${l}`), "  exit");
  }
  lines.push("exit");
  return lines;
}

/** frr.conf for the model: globals, per-neighbor filters, router blocks, BFD, then raw config. */
export function renderFRRConfig(config: FRRConfig): string {
  const counters = new SequenceCounters();
  const lines = renderGlobals(config.logLevel, config.hostname);
  for (const r of config.routers) {
    for (const n of r.neighbors) lines.push(...renderNeighborFilters(n, counters));
  }
  for (const r of config.routers) lines.push(...renderRouter(r));
  lines.push(...renderBFD(config.bfdProfiles));
  return `${lines.join("\n")}\n${config.extraConfig}`;
}

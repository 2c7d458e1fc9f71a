// frr.conf for the lab's external routers: passive BGP speakers that accept the nodes as peers,
// optionally with BFD, and install what they learn (ECMP) into their kernel table.
export interface RouterPeer {
  address: string;
  asn: number;
  bfd?: boolean;
  password?: string;
  multihop?: number;
}

export interface RouterConfigOptions {
  hostname: string;
  asn: number;
  routerId: string;
  peers: RouterPeer[];
  /** Prefixes the router itself originates (so nodes can receive them). */
  originate?: string[];
  /** BFD timers in ms for every BFD peer. */
  bfdIntervalMs?: number;
  bfdMultiplier?: number;
}

export function routerConfig(o: RouterConfigOptions): string {
  const lines: string[] = ["frr defaults traditional", `hostname ${o.hostname}`, "service integrated-vtysh-config", "!"];
  for (const p of o.originate ?? []) {
    // Blackhole statics make originated prefixes valid in the RIB without any real network behind them.
    lines.push(p.includes(":") ? `ipv6 route ${p} blackhole` : `ip route ${p} blackhole`);
  }
  lines.push("!", `router bgp ${o.asn}`, ` bgp router-id ${o.routerId}`, " no bgp ebgp-requires-policy", " no bgp default ipv4-unicast", " bgp bestpath as-path multipath-relax");
  for (const p of o.peers) {
    lines.push(` neighbor ${p.address} remote-as ${p.asn}`);
    if (p.bfd) lines.push(` neighbor ${p.address} bfd`);
    if (p.password) lines.push(` neighbor ${p.address} password ${p.password}`);
    if (p.multihop) lines.push(` neighbor ${p.address} ebgp-multihop ${p.multihop}`);
  }
  for (const af of ["ipv4", "ipv6"] as const) {
    lines.push(" !", ` address-family ${af} unicast`, "  maximum-paths 16", "  maximum-paths ibgp 16");
    for (const p of o.peers) {
      if (p.address.includes(":") === (af === "ipv6")) lines.push(`  neighbor ${p.address} activate`);
    }
    for (const n of o.originate ?? []) if (n.includes(":") === (af === "ipv6")) lines.push(`  network ${n}`);
    lines.push(" exit-address-family");
  }
  lines.push("exit", "!");
  if (o.peers.some((p) => p.bfd)) {
    lines.push("bfd");
    for (const p of o.peers.filter((x) => x.bfd)) {
      lines.push(` peer ${p.address}`);
      lines.push(`  receive-interval ${o.bfdIntervalMs ?? 300}`, `  transmit-interval ${o.bfdIntervalMs ?? 300}`, `  detect-multiplier ${o.bfdMultiplier ?? 3}`, " exit");
    }
    lines.push("exit", "!");
  }
  return lines.join("\n") + "\n";
}

/** Shapes of the vtysh JSON we read. */
export interface BgpSummaryPeer {
  state: string;
  pfxRcd?: number;
  pfxSnt?: number;
}
export interface BgpSummary {
  ipv4Unicast?: { peers: Record<string, BgpSummaryPeer> };
  ipv6Unicast?: { peers: Record<string, BgpSummaryPeer> };
}
export interface RibEntry {
  prefix: string;
  protocol: string;
  selected?: boolean;
  installed?: boolean;
  nexthops: Array<{ ip?: string; active?: boolean; fib?: boolean }>;
}
export type Rib = Record<string, RibEntry[]>;

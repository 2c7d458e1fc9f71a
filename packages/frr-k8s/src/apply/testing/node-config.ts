// A frr.conf shaped like the renderer's (packages/frr render.ts) for one router with several
// neighbors: per neighbor, community lists and route-map entries, then the allowed lists, then the
// inbound lists, all route-map entries of a neighbor numbered by one counter; then `router bgp` with
// the neighbors activated in both families, and the networks in their own address-family blocks.
// Used by the planner's unit tests and the real-FRR integration test, so both see the same shapes.
import { stableSequenceNumbers } from "@metallb-ts/frr";

export interface NodeConfigOptions {
  /**
   * How the allowed/community lists are numbered: "stable" (default) as the renderer does, from each
   * prefix; "positional" 1..n as upstream does, where one insertion renumbers the later entries.
   */
  readonly seqs?: "stable" | "positional";
  readonly neighbors?: readonly string[];
  readonly v4?: readonly string[];
  readonly v6?: readonly string[];
  /** Community -> the IPv4 prefixes advertised with it. */
  readonly communities?: Readonly<Record<string, readonly string[]>>;
  readonly asn?: number;
  readonly remoteAsn?: number;
  /** Extra lines inside `router bgp`, before the neighbors. */
  readonly routerLines?: readonly string[];
  /** Extra top-level lines after the global ones. */
  readonly topLevel?: readonly string[];
  /** Appended verbatim at the end, like raw config. */
  readonly raw?: readonly string[];
}

function prefixList(family: "ip" | "ipv6", name: string, prefixes: readonly string[], seqs: NodeConfigOptions["seqs"]): string[] {
  if (prefixes.length === 0) return [`${family} prefix-list ${name} seq 1 deny any`];
  const numbers = seqs === "positional" ? prefixes.map((_, i) => i + 1) : stableSequenceNumbers(prefixes);
  return prefixes.map((p, i) => `${family} prefix-list ${name} seq ${numbers[i]} permit ${p}`);
}

export function nodeConfig(o: NodeConfigOptions): string {
  const neighbors = o.neighbors ?? [];
  const v4 = o.v4 ?? [];
  const v6 = o.v6 ?? [];
  const lines = ["log stdout informational", "log timestamp precision 3", "ip nht resolve-via-default", "ipv6 nht resolve-via-default", "bgp route-map delay-timer 1", ...(o.topLevel ?? [])];
  for (const n of neighbors) {
    let seq = 0;
    const entry = (map: string, body: string[]) => lines.push(`route-map ${n}-${map} permit ${++seq}`, ...body.map((b) => `  ${b}`), "exit");
    for (const [community, prefixes] of Object.entries(o.communities ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
      lines.push(...prefixList("ip", `${n}-${community}-ip-community-prefixes`, prefixes, o.seqs));
      entry("out", [`match ip address prefix-list ${n}-${community}-ip-community-prefixes`, `set community ${community} additive`, "on-match next"]);
    }
    lines.push(...prefixList("ip", `${n}-allowed-ipv4`, v4, o.seqs), ...prefixList("ipv6", `${n}-allowed-ipv6`, v6, o.seqs));
    entry("out", [`match ip address prefix-list ${n}-allowed-ipv4`]);
    entry("out", [`match ipv6 address prefix-list ${n}-allowed-ipv6`]);
    lines.push(`ip prefix-list ${n}-inpl-ipv4 seq 1 deny any`, `ipv6 prefix-list ${n}-inpl-ipv4 seq 2 deny any`);
    entry("in", [`match ip address prefix-list ${n}-inpl-ipv4`]);
    entry("in", [`match ipv6 address prefix-list ${n}-inpl-ipv4`]);
  }
  if (neighbors.length > 0) {
    lines.push(`router bgp ${o.asn ?? 64513}`, "  no bgp ebgp-requires-policy", "  no bgp network import-check", "  no bgp default ipv4-unicast", ...(o.routerLines ?? []).map((l) => `  ${l}`));
    for (const n of neighbors) lines.push(`  neighbor ${n} remote-as ${o.remoteAsn ?? 64512}`);
    for (const n of neighbors) {
      for (const af of ["ipv4", "ipv6"]) {
        lines.push(`  address-family ${af} unicast`, `    neighbor ${n} activate`, `    neighbor ${n} route-map ${n}-in in`, `    neighbor ${n} route-map ${n}-out out`, "  exit-address-family");
      }
    }
    for (const [af, prefixes] of [["ipv4", v4], ["ipv6", v6]] as const) {
      if (prefixes.length > 0) lines.push(`  address-family ${af} unicast`, ...prefixes.map((p) => `    network ${p}`), "  exit-address-family");
    }
    lines.push("exit");
  }
  lines.push(...(o.raw ?? []));
  return lines.join("\n") + "\n";
}

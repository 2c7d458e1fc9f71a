// The speaker's Prometheus metrics, upstream names: metallb_speaker_announced, the k8s client
// counters and config staleness gauges, and (frr backend) metallb_bgp_session_up /
// metallb_bgp_announced_prefixes_total read from FRR at scrape time.
import { Gauge, type Registry } from "prom-client";
import { createK8sClientMetrics, type K8sClientMetrics } from "@metallb-ts/runtime";

export interface SpeakerMetrics {
  readonly announced: Gauge<"service" | "protocol" | "node" | "ip">;
  readonly k8s: K8sClientMetrics;
}

export function createSpeakerMetrics(registry: Registry): SpeakerMetrics {
  return {
    announced: new Gauge({
      name: "metallb_speaker_announced",
      help: "Services being announced from this node. This is desired state, it does not guarantee that the routing protocols have converged.",
      labelNames: ["service", "protocol", "node", "ip"] as const,
      registers: [registry],
    }),
    k8s: createK8sClientMetrics(registry, "metallb"),
  };
}

/** One BGP neighbor as FRR reports it (the fields the metrics read). */
export interface FrrNeighborStats {
  /** `<ip>:<port>` as upstream labels it. */
  readonly peer: string;
  readonly vrf: string;
  readonly up: boolean;
  readonly announcedPrefixes: number;
}

/**
 * Session gauges filled from FRR on every scrape (as upstream's frr-metrics sidecar does). A failing
 * read leaves the gauges empty rather than stale.
 */
export function registerFrrBgpMetrics(registry: Registry, read: () => Promise<readonly FrrNeighborStats[]>): void {
  const sessionUp = new Gauge({ name: "metallb_bgp_session_up", help: "BGP session state (1 is up, 0 is down)", labelNames: ["peer", "vrf"] as const, registers: [registry] });
  const announced = new Gauge({
    name: "metallb_bgp_announced_prefixes_total",
    help: "Number of prefixes currently being advertised on the BGP session",
    labelNames: ["peer", "vrf"] as const,
    registers: [registry],
  });
  // prom-client calls collect() of every metric on scrape; one FRR read serves both gauges.
  let pending: Promise<readonly FrrNeighborStats[]> | undefined;
  const collect = async (): Promise<void> => {
    pending ??= read().finally(() => {
      pending = undefined;
    });
    let stats: readonly FrrNeighborStats[] = [];
    try {
      stats = await pending;
    } catch {
      stats = [];
    }
    sessionUp.reset();
    announced.reset();
    for (const s of stats) {
      sessionUp.set({ peer: s.peer, vrf: s.vrf }, s.up ? 1 : 0);
      announced.set({ peer: s.peer, vrf: s.vrf }, s.announcedPrefixes);
    }
  };
  (sessionUp as unknown as { collect: () => Promise<void> }).collect = collect;
  (announced as unknown as { collect: () => Promise<void> }).collect = collect;
}

interface FrrNeighborJson {
  bgpState?: string;
  remoteAs?: number;
  portForeign?: number;
  addressFamilyInfo?: Record<string, { sentPrefixCounter?: number }>;
}

/** Parses `show bgp vrf all neighbors json` ({vrf: {neighbor: {...}}}, with a vrfName key per vrf). */
export function parseFrrNeighbors(json: unknown): FrrNeighborStats[] {
  const out: FrrNeighborStats[] = [];
  if (typeof json !== "object" || json === null) return out;
  for (const [vrf, neighbors] of Object.entries(json as Record<string, unknown>)) {
    if (typeof neighbors !== "object" || neighbors === null) continue;
    for (const [address, raw] of Object.entries(neighbors as Record<string, unknown>)) {
      if (typeof raw !== "object" || raw === null || !("bgpState" in raw)) continue;
      const n = raw as FrrNeighborJson;
      const sent = Object.values(n.addressFamilyInfo ?? {}).reduce((sum, af) => sum + (af.sentPrefixCounter ?? 0), 0);
      out.push({ peer: `${address}:${n.portForeign ?? 179}`, vrf: vrf === "default" ? "" : vrf, up: n.bgpState === "Established", announcedPrefixes: sent });
    }
  }
  return out.sort((a, b) => (a.peer < b.peer ? -1 : a.peer > b.peer ? 1 : 0));
}

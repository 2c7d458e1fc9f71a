// The FRR exporter's metrics (spec §7.1: frrk8s_bgp_*, frrk8s_bfd_*), collected at scrape time through
// vtysh, nothing cached between scrapes. One scrape reads FRR once: the collectors of one scrape share
// the same read. A failing read is reported and the metrics of that family are left empty.
import { Counter, Gauge, type Registry } from "prom-client";
import type { BfdCounter, BfdPeerStatus, BgpMessageStats, BgpNeighborStatus, FrrStatusReader } from "./frr-status.js";

type Metric = Gauge<"peer" | "vrf"> | Counter<"peer" | "vrf">;

/** Shares one FRR read among the collectors of one scrape (they run back to back). */
class ScrapeRead<T> {
  #pending: { promise: Promise<T | undefined>; at: number } | undefined;
  constructor(
    private readonly read: () => Promise<T>,
    private readonly onError: (err: unknown) => void,
    private readonly maxAgeMs = 500,
  ) {}
  get(): Promise<T | undefined> {
    const now = performance.now();
    if (this.#pending && now - this.#pending.at < this.maxAgeMs) return this.#pending.promise;
    const promise = this.read().catch((err: unknown) => {
      this.onError(err);
      return undefined;
    });
    this.#pending = { promise, at: now };
    return promise;
  }
}

const BGP_COUNTERS: readonly [string, string, keyof BgpMessageStats][] = [
  ["frrk8s_bgp_opens_sent", "Number of BGP open messages sent", "opensSent"],
  ["frrk8s_bgp_opens_received", "Number of BGP open messages received", "opensRecv"],
  ["frrk8s_bgp_notifications_sent", "Number of BGP notification messages sent", "notificationsSent"],
  ["frrk8s_bgp_updates_total", "Number of BGP UPDATE messages sent", "updatesSent"],
  ["frrk8s_bgp_updates_total_received", "Number of BGP UPDATE messages received", "updatesRecv"],
  ["frrk8s_bgp_keepalives_sent", "Number of BGP keepalive messages sent", "keepalivesSent"],
  ["frrk8s_bgp_keepalives_received", "Number of BGP keepalive messages received", "keepalivesRecv"],
  ["frrk8s_bgp_route_refresh_sent", "Number of BGP route refresh messages sent", "routeRefreshSent"],
  ["frrk8s_bgp_total_sent", "Number of total BGP messages sent", "totalSent"],
  ["frrk8s_bgp_total_received", "Number of total BGP messages received", "totalRecv"],
];

const BFD_COUNTER_METRICS: readonly [string, string, BfdCounter][] = [
  ["frrk8s_bfd_control_packet_input", "Number of received BFD control packets", "control-packet-input"],
  ["frrk8s_bfd_control_packet_output", "Number of sent BFD control packets", "control-packet-output"],
  ["frrk8s_bfd_echo_packet_input", "Number of received BFD echo packets", "echo-packet-input"],
  ["frrk8s_bfd_echo_packet_output", "Number of sent BFD echo packets", "echo-packet-output"],
  ["frrk8s_bfd_session_up_events", "Number of BFD session up events", "session-up"],
  ["frrk8s_bfd_session_down_events", "Number of BFD session down events", "session-down"],
  ["frrk8s_bfd_zebra_notifications", "Number of BFD zebra notifications", "zebra-notifications"],
];

/** Registers the exporter metrics on `registry`. */
export function registerFrrMetrics(registry: Registry, reader: FrrStatusReader, onError: (err: unknown) => void): void {
  const bgp = new ScrapeRead<BgpNeighborStatus[]>(() => reader.bgpNeighbors(), onError);
  const bfd = new ScrapeRead<BfdPeerStatus[]>(() => reader.bfdPeers(), onError);
  const labelNames = ["peer", "vrf"] as const;

  /** A gauge or counter whose samples are rebuilt from FRR on every scrape. */
  function define<T>(type: "gauge" | "counter", name: string, help: string, source: ScrapeRead<T[]>, value: (item: T) => number | undefined, labels: (item: T) => { peer: string; vrf: string }): void {
    const collect = async function (this: Metric): Promise<void> {
      this.reset();
      for (const item of (await source.get()) ?? []) {
        const v = value(item);
        if (v === undefined) continue;
        if (this instanceof Gauge) this.set(labels(item), v);
        else this.inc(labels(item), v);
      }
    };
    const config = { name, help, labelNames, registers: [registry], collect };
    if (type === "gauge") new Gauge(config);
    else new Counter(config);
  }

  const bgpLabels = (n: BgpNeighborStatus) => ({ peer: n.peer, vrf: n.vrf });
  define("gauge", "frrk8s_bgp_session_up", "BGP session state (1 is up, 0 is down)", bgp, (n) => (n.bgpState === "Established" ? 1 : 0), bgpLabels);
  define("gauge", "frrk8s_bgp_announced_prefixes_total", "Number of prefixes currently being advertised on the BGP session", bgp, (n) => n.sentPrefixes, bgpLabels);
  define("gauge", "frrk8s_bgp_received_prefixes_total", "Number of prefixes currently being received on the BGP session", bgp, (n) => n.acceptedPrefixes, bgpLabels);
  for (const [name, help, field] of BGP_COUNTERS) define("counter", name, help, bgp, (n) => n.messages[field], bgpLabels);

  const bfdLabels = (p: BfdPeerStatus) => ({ peer: p.peer, vrf: p.vrf });
  define("gauge", "frrk8s_bfd_session_up", "BFD session state (1 is up, 0 is down)", bfd, (p) => (p.up ? 1 : 0), bfdLabels);
  for (const [name, help, field] of BFD_COUNTER_METRICS) define("counter", name, help, bfd, (p) => p.counters?.[field], bfdLabels);
}

// What follows an announce decision besides BGP itself: the metallb_speaker_announced series and
// the `nodeAssigned` event on the Service. Upstream emits the event on every reconcile of an
// announced Service; here it is emitted when the Service starts being announced from this node or
// its IPs change, which is what the event means to a user (and no event storm on every recompute).
import type { Gauge } from "prom-client";
import type { ServiceBGPDecision } from "../core/announce.js";

export const PROTOCOL_BGP = "bgp";
export const NODE_ASSIGNED_REASON = "nodeAssigned";

export interface AnnouncerOptions {
  readonly nodeName: string;
  readonly announced: Gauge<"service" | "protocol" | "node" | "ip">;
  /** Emits a Normal event on the Service "ns/name". */
  readonly emit: (service: string, reason: string, message: string) => void;
}

export class Announcer {
  readonly #options: AnnouncerOptions;
  /** service -> announced IPs */
  readonly #current = new Map<string, readonly string[]>();

  constructor(options: AnnouncerOptions) {
    this.#options = options;
  }

  update(decisions: readonly ServiceBGPDecision[]): void {
    const { nodeName, announced, emit } = this.#options;
    const next = new Map<string, readonly string[]>();
    for (const d of decisions) if (d.announce) next.set(d.service, d.ips);
    for (const [service, ips] of this.#current) {
      const now = next.get(service);
      for (const ip of ips) if (!now?.includes(ip)) announced.remove({ service, protocol: PROTOCOL_BGP, node: nodeName, ip });
    }
    for (const [service, ips] of next) {
      const before = this.#current.get(service);
      for (const ip of ips) announced.set({ service, protocol: PROTOCOL_BGP, node: nodeName, ip }, 1);
      if (!before || before.join(",") !== ips.join(",")) {
        emit(service, NODE_ASSIGNED_REASON, `announcing from node "${nodeName}" with protocol "${PROTOCOL_BGP}"`);
      }
    }
    this.#current.clear();
    for (const [k, v] of next) this.#current.set(k, v);
  }
}

// What FRR reports about its sessions, read through vtysh JSON. One call per kind of data
// (`show bgp vrf all neighbors json`, `show bfd peers [counters] json`), shared by the BGPSessionState
// exporter and the Prometheus collectors. Parsing is separate from the I/O so it is unit tested.
import { vtysh, type FrrAccess } from "./apply/frr-access.js";

export interface BgpMessageStats {
  readonly opensSent: number;
  readonly opensRecv: number;
  readonly notificationsSent: number;
  readonly updatesSent: number;
  readonly updatesRecv: number;
  readonly keepalivesSent: number;
  readonly keepalivesRecv: number;
  readonly routeRefreshSent: number;
  readonly totalSent: number;
  readonly totalRecv: number;
}

export interface BgpNeighborStatus {
  /** FRR's VRF name ("default" for the default VRF). */
  readonly vrf: string;
  /** The neighbor key as FRR prints it: an IP address, or an interface name for unnumbered peers. */
  readonly peer: string;
  /** Idle, Connect, Active, OpenSent, OpenConfirm, Established. */
  readonly bgpState: string;
  /** peerBfdInfo.status (e.g. Up, Down), or "N/A" without BFD. */
  readonly bfdStatus: string;
  readonly messages: BgpMessageStats;
  readonly sentPrefixes: number;
  readonly acceptedPrefixes: number;
}

export interface BfdPeerStatus {
  readonly vrf: string;
  readonly peer: string;
  readonly up: boolean;
  readonly counters: Readonly<Record<BfdCounter, number>> | undefined;
}

export const BFD_COUNTERS = [
  "control-packet-input",
  "control-packet-output",
  "echo-packet-input",
  "echo-packet-output",
  "session-up",
  "session-down",
  "zebra-notifications",
] as const;
export type BfdCounter = (typeof BFD_COUNTERS)[number];

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const num = (v: unknown): number => (typeof v === "number" && Number.isFinite(v) ? v : 0);

/** `show bgp vrf all neighbors json`: { <vrf>: { vrfId, vrfName, <peer>: {...} } }. */
export function parseBgpNeighbors(json: unknown): BgpNeighborStatus[] {
  const out: BgpNeighborStatus[] = [];
  if (!isObject(json)) return out;
  for (const [vrfKey, vrfBody] of Object.entries(json)) {
    if (!isObject(vrfBody)) continue;
    const vrf = typeof vrfBody["vrfName"] === "string" ? vrfBody["vrfName"] : vrfKey;
    for (const [peer, n] of Object.entries(vrfBody)) {
      if (!isObject(n) || typeof n["bgpState"] !== "string") continue;
      const stats = isObject(n["messageStats"]) ? n["messageStats"] : {};
      const bfd = isObject(n["peerBfdInfo"]) ? n["peerBfdInfo"] : undefined;
      let sent = 0;
      let accepted = 0;
      for (const af of Object.values(isObject(n["addressFamilyInfo"]) ? n["addressFamilyInfo"] : {})) {
        if (!isObject(af)) continue;
        sent += num(af["sentPrefixCounter"]);
        accepted += num(af["acceptedPrefixCounter"]);
      }
      out.push({
        vrf,
        peer,
        bgpState: n["bgpState"],
        bfdStatus: bfd !== undefined && typeof bfd["status"] === "string" ? bfd["status"] : "N/A",
        messages: {
          opensSent: num(stats["opensSent"]),
          opensRecv: num(stats["opensRecv"]),
          notificationsSent: num(stats["notificationsSent"]),
          updatesSent: num(stats["updatesSent"]),
          updatesRecv: num(stats["updatesRecv"]),
          keepalivesSent: num(stats["keepalivesSent"]),
          keepalivesRecv: num(stats["keepalivesRecv"]),
          routeRefreshSent: num(stats["routeRefreshSent"]),
          totalSent: num(stats["totalSent"]),
          totalRecv: num(stats["totalRecv"]),
        },
        sentPrefixes: sent,
        acceptedPrefixes: accepted,
      });
    }
  }
  return out.sort((a, b) => (a.vrf === b.vrf ? (a.peer < b.peer ? -1 : a.peer > b.peer ? 1 : 0) : a.vrf < b.vrf ? -1 : 1));
}

const bfdKey = (p: Json): string => `${String(p["vrf"] ?? "default")}|${String(p["peer"] ?? "")}|${String(p["local"] ?? "")}|${String(p["interface"] ?? "")}`;

/** `show bfd peers json` and `show bfd peers counters json` (arrays of peers, each with its vrf). */
export function parseBfdPeers(peers: unknown, counters: unknown): BfdPeerStatus[] {
  const byKey = new Map<string, Json>();
  for (const c of Array.isArray(counters) ? counters : []) if (isObject(c)) byKey.set(bfdKey(c), c);
  const out: BfdPeerStatus[] = [];
  for (const p of Array.isArray(peers) ? peers : []) {
    if (!isObject(p) || typeof p["peer"] !== "string") continue;
    const c = byKey.get(bfdKey(p));
    out.push({
      vrf: typeof p["vrf"] === "string" ? p["vrf"] : "default",
      peer: p["peer"],
      up: p["status"] === "up",
      counters: c === undefined ? undefined : (Object.fromEntries(BFD_COUNTERS.map((k) => [k, num(c[k])])) as Record<BfdCounter, number>),
    });
  }
  return out;
}

/** Reads FRR's session state; implemented with vtysh, replaced by a stub in unit tests. */
export interface FrrStatusReader {
  bgpNeighbors(): Promise<BgpNeighborStatus[]>;
  bfdPeers(): Promise<BfdPeerStatus[]>;
}

/** vtysh JSON output; FRR prints nothing (not `{}`) for some commands when nothing is configured. */
async function readJson(access: FrrAccess, command: string): Promise<unknown> {
  const r = await vtysh(access, [command], 30_000);
  if (r.code !== 0) throw new Error(`vtysh -c "${command}" failed (${r.code}): ${(r.stderr || r.stdout).trim()}`);
  const text = r.stdout.trim();
  return text === "" ? undefined : (JSON.parse(text) as unknown);
}

export class VtyshStatusReader implements FrrStatusReader {
  constructor(private readonly access: FrrAccess) {}

  async bgpNeighbors(): Promise<BgpNeighborStatus[]> {
    return parseBgpNeighbors(await readJson(this.access, "show bgp vrf all neighbors json"));
  }

  async bfdPeers(): Promise<BfdPeerStatus[]> {
    const peers = await readJson(this.access, "show bfd peers json");
    // As upstream: counters only when the peers call worked.
    const counters = await readJson(this.access, "show bfd peers counters json");
    return parseBfdPeers(peers, counters);
  }
}

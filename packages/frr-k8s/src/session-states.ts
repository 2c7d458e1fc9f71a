// BGPSessionState objects (spec §6.6): one per neighbor FRR knows on this node, named `<node>-<random>`,
// labelled with node, peer and vrf, status copied from vtysh JSON; objects for neighbors FRR no longer
// has are deleted. The plan is pure; SessionStateSync applies it with the KubeClient.
import { isIPv4, isIPv6 } from "node:net";
import { FRRK8sLabel, type BGPSessionState, type BGPSessionStateStatus } from "@metallb-ts/api";
import { ignoreNotFound, type KubeClient, type OwnerReference } from "@metallb-ts/runtime";
import type { BgpNeighborStatus } from "./frr-status.js";
import { BGPSessionStateResource } from "./resources.js";

/** IPv6 fully expanded with ":" replaced by "-" (label values cannot hold ":"); anything else as is. */
export function formatPeer(peer: string): string {
  if (isIPv4(peer) || !isIPv6(peer)) return peer;
  return expandIPv6(peer).join("-");
}

/** Eight 4-digit lower-case groups. */
function expandIPv6(address: string): string[] {
  let text = address.toLowerCase();
  const zone = text.indexOf("%");
  if (zone >= 0) text = text.slice(0, zone);
  // Embedded IPv4 tail (::ffff:192.0.2.1) becomes two groups.
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const h = head === "" ? [] : head.split(":");
  const t = tail === undefined || tail === "" ? [] : tail.split(":");
  const zeros = tail === undefined ? [] : Array<string>(8 - h.length - t.length).fill("0");
  return [...h, ...zeros, ...t].map((g) => g.padStart(4, "0"));
}

/** FRR calls the default VRF "default"; the API uses "". */
export const apiVRF = (frrVRF: string): string => (frrVRF === "default" ? "" : frrVRF);

export interface DesiredSessionState {
  readonly labels: Readonly<Record<string, string>>;
  readonly status: Required<BGPSessionStateStatus>;
}

export function desiredSessionStates(node: string, neighbors: readonly BgpNeighborStatus[]): Map<string, DesiredSessionState> {
  const out = new Map<string, DesiredSessionState>();
  for (const n of neighbors) {
    const peer = formatPeer(n.peer);
    const vrf = apiVRF(n.vrf);
    out.set(sessionKey(vrf, peer), {
      labels: { [FRRK8sLabel.node]: node, [FRRK8sLabel.peer]: peer, [FRRK8sLabel.vrf]: vrf },
      status: { node, peer, vrf, bgpStatus: n.bgpState, bfdStatus: n.bfdStatus },
    });
  }
  return out;
}

const sessionKey = (vrf: string, peer: string): string => `${vrf}|${peer}`;

export interface SessionStatePlan {
  readonly create: DesiredSessionState[];
  /** Existing objects whose status must change (labels match: they are the key). */
  readonly update: { readonly name: string; readonly desired: DesiredSessionState }[];
  readonly delete: string[];
}

/** Compares the objects of this node with what FRR reports; duplicates of one (vrf, peer) are deleted. */
export function planSessionStates(existing: readonly BGPSessionState[], desired: ReadonlyMap<string, DesiredSessionState>): SessionStatePlan {
  const plan: SessionStatePlan = { create: [], update: [], delete: [] };
  const seen = new Set<string>();
  const sorted = [...existing].sort((a, b) => (a.metadata?.name ?? "").localeCompare(b.metadata?.name ?? ""));
  for (const obj of sorted) {
    const name = obj.metadata?.name ?? "";
    const labels = obj.metadata?.labels ?? {};
    const key = sessionKey(labels[FRRK8sLabel.vrf] ?? "", labels[FRRK8sLabel.peer] ?? "");
    const want = desired.get(key);
    if (want === undefined || seen.has(key)) {
      plan.delete.push(name);
      continue;
    }
    seen.add(key);
    const s = obj.status ?? {};
    const same = (Object.keys(want.status) as (keyof BGPSessionStateStatus)[]).every((k) => s[k] === want.status[k]);
    if (!same) plan.update.push({ name, desired: want });
  }
  for (const [key, want] of desired) if (!seen.has(key)) plan.create.push(want);
  return plan;
}

export interface SessionStateSyncOptions {
  readonly client: KubeClient;
  readonly node: string;
  readonly namespace: string;
  /** The daemon pod, when known. */
  readonly owner?: OwnerReference | undefined;
}

/** Applies a plan; returns how many writes it made. */
export async function applySessionStatePlan(plan: SessionStatePlan, o: SessionStateSyncOptions): Promise<number> {
  const { client, namespace } = o;
  const writeStatus = (name: string, status: DesiredSessionState["status"]) =>
    client.mergePatch(BGPSessionStateResource, name, { status }, { namespace, subresource: "status" });
  for (const name of plan.delete) await ignoreNotFound(client.delete(BGPSessionStateResource, name, { namespace }));
  for (const { name, desired } of plan.update) {
    await writeStatus(name, desired.status);
  }
  for (const desired of plan.create) {
    const created = await client.create(BGPSessionStateResource, {
      apiVersion: "frrk8s.metallb.io/v1beta1",
      kind: "BGPSessionState",
      metadata: { generateName: `${o.node}-`, namespace, labels: { ...desired.labels }, ...(o.owner ? { ownerReferences: [{ ...o.owner }] } : {}) },
    });
    await writeStatus(created.metadata?.name ?? "", desired.status);
  }
  return plan.delete.length + plan.update.length + plan.create.length;
}

import { describe, expect, test } from "vitest";
import type { BGPSessionState } from "@metallb-ts/api";
import type { BgpNeighborStatus } from "./frr-status.js";
import { desiredSessionStates, formatPeer, planSessionStates } from "./session-states.js";

describe("formatPeer", () => {
  test.for<[string, string]>([
    ["192.0.2.7", "192.0.2.7"],
    ["eth0", "eth0"],
    ["fc00:f853:ccd:e899::", "fc00-f853-0ccd-e899-0000-0000-0000-0000"],
    ["2001:db8::1", "2001-0db8-0000-0000-0000-0000-0000-0001"],
    ["::1", "0000-0000-0000-0000-0000-0000-0000-0001"],
    ["::ffff:192.0.2.1", "0000-0000-0000-0000-0000-ffff-c000-0201"],
    ["FE80::1%eth0", "fe80-0000-0000-0000-0000-0000-0000-0001"],
  ])("%s -> %s", ([peer, label]) => {
    expect(formatPeer(peer)).toBe(label);
  });
});

const neighbor = (vrf: string, peer: string, bgpState: string, bfdStatus = "N/A"): BgpNeighborStatus => ({
  vrf, peer, bgpState, bfdStatus, sentPrefixes: 0, acceptedPrefixes: 0,
  messages: { opensSent: 0, opensRecv: 0, notificationsSent: 0, updatesSent: 0, updatesRecv: 0, keepalivesSent: 0, keepalivesRecv: 0, routeRefreshSent: 0, totalSent: 0, totalRecv: 0 },
});

const existing = (name: string, vrf: string, peer: string, status: Record<string, string>): BGPSessionState => ({
  apiVersion: "frrk8s.metallb.io/v1beta1",
  kind: "BGPSessionState",
  metadata: { name, namespace: "frr-k8s-system", labels: { "frrk8s.metallb.io/node": "n1", "frrk8s.metallb.io/peer": peer, "frrk8s.metallb.io/vrf": vrf } },
  status,
});

describe("BGPSessionState plan", () => {
  test("desired objects: default VRF is empty, IPv6 peers are label-safe", () => {
    const d = desiredSessionStates("n1", [neighbor("default", "2001:db8::1", "Established", "Up"), neighbor("red", "192.0.2.1", "Active")]);
    expect([...d.values()]).toEqual([
      {
        labels: { "frrk8s.metallb.io/node": "n1", "frrk8s.metallb.io/peer": "2001-0db8-0000-0000-0000-0000-0000-0001", "frrk8s.metallb.io/vrf": "" },
        status: { node: "n1", peer: "2001-0db8-0000-0000-0000-0000-0000-0001", vrf: "", bgpStatus: "Established", bfdStatus: "Up" },
      },
      {
        labels: { "frrk8s.metallb.io/node": "n1", "frrk8s.metallb.io/peer": "192.0.2.1", "frrk8s.metallb.io/vrf": "red" },
        status: { node: "n1", peer: "192.0.2.1", vrf: "red", bgpStatus: "Active", bfdStatus: "N/A" },
      },
    ]);
  });

  test("creates missing, updates changed, keeps unchanged, deletes gone and duplicate objects", () => {
    const desired = desiredSessionStates("n1", [
      neighbor("default", "192.0.2.1", "Established"),
      neighbor("default", "192.0.2.2", "Established"),
      neighbor("default", "192.0.2.3", "Connect"),
    ]);
    const same = { node: "n1", peer: "192.0.2.1", vrf: "", bgpStatus: "Established", bfdStatus: "N/A" };
    const plan = planSessionStates(
      [
        existing("n1-a", "", "192.0.2.1", same),
        existing("n1-b", "", "192.0.2.1", same), // duplicate
        existing("n1-c", "", "192.0.2.2", { ...same, peer: "192.0.2.2", bgpStatus: "Active" }),
        existing("n1-d", "", "192.0.2.9", { ...same, peer: "192.0.2.9" }), // gone from FRR
      ],
      desired,
    );
    expect(plan.delete).toEqual(["n1-b", "n1-d"]);
    expect(plan.update.map((u) => [u.name, u.desired.status.bgpStatus])).toEqual([["n1-c", "Established"]]);
    expect(plan.create.map((c) => c.status.peer)).toEqual(["192.0.2.3"]);
  });
});

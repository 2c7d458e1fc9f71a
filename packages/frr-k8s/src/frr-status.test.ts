import { describe, expect, test } from "vitest";
import { parseBfdPeers, parseBgpNeighbors } from "./frr-status.js";

// Trimmed FRR 8.4 output of `show bgp vrf all neighbors json`.
const neighbors = {
  default: {
    vrfId: 0,
    vrfName: "default",
    "198.51.100.1": {
      remoteAs: 64512,
      bgpState: "Established",
      messageStats: { opensSent: 2, opensRecv: 1, notificationsSent: 1, updatesSent: 3, updatesRecv: 4, keepalivesSent: 5, keepalivesRecv: 6, routeRefreshSent: 0, totalSent: 11, totalRecv: 12 },
      addressFamilyInfo: { ipv4Unicast: { acceptedPrefixCounter: 2, sentPrefixCounter: 1 }, ipv6Unicast: { acceptedPrefixCounter: 1, sentPrefixCounter: 1 } },
      peerBfdInfo: { type: "single hop", status: "Up" },
    },
  },
  red: { vrfId: 5, vrfName: "red", eth1: { bgpState: "Active" } },
};

describe("FRR JSON", () => {
  test("BGP neighbors of every VRF, with counters summed over address families", () => {
    expect(parseBgpNeighbors(neighbors)).toEqual([
      {
        vrf: "default", peer: "198.51.100.1", bgpState: "Established", bfdStatus: "Up", sentPrefixes: 2, acceptedPrefixes: 3,
        messages: { opensSent: 2, opensRecv: 1, notificationsSent: 1, updatesSent: 3, updatesRecv: 4, keepalivesSent: 5, keepalivesRecv: 6, routeRefreshSent: 0, totalSent: 11, totalRecv: 12 },
      },
      {
        vrf: "red", peer: "eth1", bgpState: "Active", bfdStatus: "N/A", sentPrefixes: 0, acceptedPrefixes: 0,
        messages: { opensSent: 0, opensRecv: 0, notificationsSent: 0, updatesSent: 0, updatesRecv: 0, keepalivesSent: 0, keepalivesRecv: 0, routeRefreshSent: 0, totalSent: 0, totalRecv: 0 },
      },
    ]);
  });

  test.for([undefined, {}, [], "garbage"])("nothing configured (%j) means no neighbors", (json) => {
    expect(parseBgpNeighbors(json)).toEqual([]);
  });

  test("BFD peers joined with their counters", () => {
    const peer = { multihop: false, peer: "198.51.100.1", local: "198.51.100.11", vrf: "default", interface: "eth0" };
    const peers = [{ ...peer, status: "up" }, { ...peer, peer: "198.51.100.2", status: "down" }];
    const counters = [{ ...peer, "control-packet-input": 26, "control-packet-output": 27, "echo-packet-input": 0, "echo-packet-output": 0, "session-up": 1, "session-down": 0, "zebra-notifications": 2 }];
    expect(parseBfdPeers(peers, counters)).toEqual([
      {
        vrf: "default", peer: "198.51.100.1", up: true,
        counters: { "control-packet-input": 26, "control-packet-output": 27, "echo-packet-input": 0, "echo-packet-output": 0, "session-up": 1, "session-down": 0, "zebra-notifications": 2 },
      },
      { vrf: "default", peer: "198.51.100.2", up: false, counters: undefined },
    ]);
  });
});

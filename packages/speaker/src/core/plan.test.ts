import { expect, test } from "vitest";
import { ValidationMode, configFor } from "@metallb-ts/config";
import { planNode, resourcesForNode } from "./plan.js";
import { bgpAdv, node, peer, pool } from "../testdata/scenario.js";

const me = node("worker-1", { rack: "1" });
const elsewhere = [{ matchLabels: { rack: "2" } }];

test("objects selecting other nodes are dropped before parsing, so they cannot invalidate this node", () => {
  const resources = {
    nodes: [me],
    peers: [peer("mine"), peer("broken-elsewhere", { holdTime: "1s", nodeSelectors: elsewhere })],
    peersV1beta1: [{ metadata: { name: "old-elsewhere", namespace: "metallb-system" }, spec: { myASN: 0, peerASN: 1, peerAddress: "x", nodeSelectors: elsewhere } }],
    pools: [pool("p", ["203.0.113.0/24"])],
    bgpAdvertisements: [bgpAdv("broken-elsewhere", { aggregationLength: 8, nodeSelectors: elsewhere })],
  };
  expect(configFor(resources, { validation: ValidationMode.FRRK8s }).ok).toBe(false);
  const scoped = resourcesForNode(resources, me);
  expect([scoped.peers?.map((p) => p.metadata.name), scoped.peersV1beta1?.length, scoped.bgpAdvertisements?.length]).toEqual([["mine"], 0, 0]);
  const result = configFor(scoped, { validation: ValidationMode.FRRK8s });
  expect(result.ok).toBe(true);
  if (result.ok) expect(planNode({ config: result.config, node: me, services: [], endpointSlices: [] }).sessions.map((s) => s.peer.name)).toEqual(["mine"]);
});

test("a config parsed without node scoping still only opens sessions for peers selecting this node", () => {
  const result = configFor({ nodes: [me], peers: [peer("mine"), peer("theirs", { peerAddress: "192.0.2.9", nodeSelectors: elsewhere })] }, { validation: ValidationMode.FRRK8s });
  expect(result.ok && planNode({ config: result.config, node: me, services: [], endpointSlices: [] }).sessions.map((s) => s.peer.name)).toEqual(["mine"]);
});

import { expect, test } from "vitest";
import { ValidationMode, configFor } from "@metallb-ts/config";
import { DecisionMemo, planNode, resourcesForNode } from "./plan.js";
import { bgpAdv, node, peer, pool, service, slice } from "../testdata/scenario.js";

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

test("the decision memo reuses a decision only while its Service, slices, configuration and node are the same objects", () => {
  const result = configFor({ nodes: [me], peers: [peer("mine")], pools: [pool("p", ["203.0.113.0/24"])], bgpAdvertisements: [bgpAdv("all")] }, { validation: ValidationMode.FRRK8s });
  if (!result.ok) throw new Error("config");
  const config = result.config;
  const web = service("web", { ips: ["203.0.113.1"] });
  const db = service("db", { ips: ["203.0.113.2"] });
  const slices = [slice("web", [{ node: "worker-1", ready: true }]), slice("db", [{ node: "worker-1", ready: true }])];
  const memo = new DecisionMemo();
  const plan = (services: typeof web[], endpointSlices = slices, cfg = config, n = me) => planNode({ config: cfg, node: n, services, endpointSlices, memo });
  const decision = (p: ReturnType<typeof plan>, name: string) => p.services.find((d) => d.service === `default/${name}`);

  const first = plan([web, db]);
  const second = plan([web, db]);
  expect(decision(second, "web")).toBe(decision(first, "web"));
  // A changed Service (a new object from the informer) is decided again; the other is reused.
  const webMoved = service("web", { ips: ["203.0.113.9"] });
  const third = plan([webMoved, db]);
  expect(decision(third, "web")).not.toBe(decision(second, "web"));
  expect(decision(third, "web")).toMatchObject({ announce: true, ips: ["203.0.113.9"] });
  expect(decision(third, "db")).toBe(decision(second, "db"));
  // Its endpoints gone: decided again (and withdrawn).
  const fourth = plan([webMoved, db], [slices[1]!]);
  expect(decision(fourth, "web")).toMatchObject({ announce: false, reason: "noEndpoints" });
  // Another node object or configuration forgets everything; deleted Services are not kept.
  const relabelled = node("worker-1", { rack: "1", extra: "x" });
  expect(decision(plan([webMoved, db], [slices[1]!], config, relabelled), "db")).not.toBe(decision(fourth, "db"));
  plan([db], [slices[1]!], config, relabelled);
  expect(memo.size).toBe(1);
  // With and without the memo the plan is the same.
  expect(plan([webMoved, db])).toEqual(planNode({ config, node: me, services: [webMoved, db], endpointSlices: slices }));
});

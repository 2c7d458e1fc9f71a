import { ValidationMode } from "@metallb-ts/config";
import { expect, test } from "vitest";
import { bgpAdv, node, peer, pool, service, slice } from "../testdata/scenario.js";
import { NodeStateComputer, type SpeakerSnapshot } from "./node-state.js";

// Informer caches hand out the same object until it changes: the fixtures are made once.
const me = node("worker-1");
const tor = peer("tor");
const all = bgpAdv("all");
const web = service("web", { ips: ["203.0.113.1"] });
const webSlices = [slice("web", [{ node: "worker-1", ready: true }])];

function computer(): NodeStateComputer {
  return new NodeStateComputer({ nodeName: "worker-1", validation: ValidationMode.FRRK8s, secretPassthrough: false, passwordSecretMode: "convert", frrK8sNamespace: "frr-k8s-system" });
}

function snapshot(pools = [pool("p", ["203.0.113.0/24"])]): SpeakerSnapshot {
  return {
    resources: { nodes: [me], peers: [tor], pools, bgpAdvertisements: [all] },
    services: [web],
    endpointSlices: webSlices,
  };
}

test("the configuration is parsed again only when what it reads changes, not on a pool status write", () => {
  const c = computer();
  const first = c.compute(snapshot());
  expect(first.status.kind).toBe("valid");
  const parsed = c.config;
  // The controller's status write hands the informer a new pool object with the same spec.
  const withStatus = { ...pool("p", ["203.0.113.0/24"]), status: { assignedIPv4: 1 } } as ReturnType<typeof pool>;
  expect(c.compute(snapshot([withStatus])).status.kind).toBe("valid");
  expect(c.config).toBe(parsed);
  // A spec change is a new configuration.
  const grown = c.compute(snapshot([pool("p", ["203.0.113.0/24", "198.51.100.0/24"])]));
  expect(grown.status.kind).toBe("valid");
  expect(c.config).not.toBe(parsed);
  expect(grown.desired?.plan.services[0]).toMatchObject({ announce: true, ips: ["203.0.113.1"] });
});

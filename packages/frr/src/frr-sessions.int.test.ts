// Issue 5 acceptance: a merged config of two FRRConfigurations, rendered by this package, runs in a
// real FRR 8.4 node that peers with a router; the router's RIB holds exactly the merged prefixes (one
// with its community) and the node's kernel holds only the received route the filter allows.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { eventually, Lab, routerConfig, type Rib } from "@metallb-ts/e2e/lab";
import { renderFRRConfig } from "./render.js";
import { convertOK, neighbor, withRouters } from "./testing/fixtures.js";

const NODE_ASN = 64512;
const ROUTER_ASN = 64513;

describe("rendered frr.conf in a real BGP session", () => {
  let lab: Lab;

  beforeAll(async () => {
    lab = await Lab.create({ nodes: 1, routers: 1 });
    const router = lab.routers[0]!;
    const node = lab.nodes[0]!;
    router.loadConfig(routerConfig({
      hostname: "router1", asn: ROUTER_ASN, routerId: router.ipv4,
      peers: [{ address: node.ipv4, asn: NODE_ASN }],
      // One route the node's filter allows, one too long for it, one outside it.
      originate: ["198.18.1.0/24", "198.18.2.128/25", "192.0.2.192/26"],
    }));
    const model = convertOK([
      withRouters("community", {
        asn: NODE_ASN,
        prefixes: ["192.0.2.0/26"],
        neighbors: [neighbor(router.ipv4, ROUTER_ASN, {
          toAdvertise: { allowed: { prefixes: ["192.0.2.0/26"] }, withCommunity: [{ community: "64512:100", prefixes: ["192.0.2.0/26"] }] },
        })],
      }),
      withRouters("all-and-receive", {
        asn: NODE_ASN,
        prefixes: ["192.0.2.64/26", "203.0.113.0/24"],
        neighbors: [neighbor(router.ipv4, ROUTER_ASN, {
          toAdvertise: { allowed: { mode: "all" } },
          toReceive: { allowed: { prefixes: [{ prefix: "198.18.0.0/15", le: 24 }] } },
        })],
      }),
    ], { options: { hostname: "node1" } });
    node.loadConfig(renderFRRConfig(model));
  });

  afterAll(async () => {
    await lab?.teardown();
  });

  test("the router's RIB holds exactly the merged prefixes, with the community on one", async () => {
    const router = lab.routers[0]!;
    const want = ["192.0.2.0/26", "192.0.2.64/26", "203.0.113.0/24"];
    await eventually("router learns the merged prefixes", () => {
      const learned = Object.keys(router.vtyshJson<Rib>("show ip route bgp json")).sort();
      return JSON.stringify(learned) === JSON.stringify(want);
    }, 60_000);
    const path = router.vtyshJson<{ paths: Array<{ community?: { string: string } }> }>("show bgp ipv4 unicast 192.0.2.0/26 json");
    expect(path.paths[0]?.community?.string).toBe("64512:100");
    const other = router.vtyshJson<{ paths: Array<{ community?: { string: string } }> }>("show bgp ipv4 unicast 203.0.113.0/24 json");
    expect(other.paths[0]?.community).toBeUndefined();
  });

  test("the node's kernel holds only the received route the filter allows", async () => {
    const node = lab.nodes[0]!;
    await eventually("node installs 198.18.1.0/24", () => node.kernelRoutes(4).some((r) => r.dst === "198.18.1.0/24"), 60_000);
    const bgpRoutes = node.kernelRoutes(4).filter((r) => r.protocol === "bgp").map((r) => r.dst).sort();
    expect(bgpRoutes).toEqual(["198.18.1.0/24"]);
  });
});

import { describe, expect, test } from "vitest";
import { FRRConfigurationSchema, type FRRConfiguration, type FRRConfigurationInput } from "@metallb-ts/api";
import { buildDesiredConfig, type DesiredConfigInputs } from "./desired-config.js";

/** As the API server stores it: defaults applied by the schema. */
const cfg = (name: string, spec: NonNullable<FRRConfigurationInput["spec"]>): FRRConfiguration => FRRConfigurationSchema.parse({
  apiVersion: "frrk8s.metallb.io/v1beta1",
  kind: "FRRConfiguration",
  metadata: { name, namespace: "frr-k8s-system" },
  spec,
});

const inputs = (configs: FRRConfiguration[], extra: Partial<DesiredConfigInputs> = {}): DesiredConfigInputs => ({
  node: { name: "node1", labels: { zone: "a" } },
  candidates: configs.map((object) => ({ object, problems: [] })),
  secrets: new Map(),
  alwaysBlock: [],
  logLevel: "info",
  hostname: "node1",
  fallbackRouterID: "",
  routeMapDelayTimer: 1,
  ...extra,
});

const neighbor = { address: "198.51.100.1", asn: 64512, toAdvertise: { allowed: { mode: "all" as const } } };

describe("buildDesiredConfig", () => {
  test("renders the merged config with the route-map delay timer after the globals", async () => {
    const r = buildDesiredConfig(inputs([
      cfg("a", { bgp: { routers: [{ asn: 64513, prefixes: ["203.0.113.1/32"], neighbors: [neighbor] }] } }),
      cfg("b", { nodeSelector: { matchLabels: { zone: "a" } }, bgp: { routers: [{ asn: 64513, prefixes: ["203.0.113.2/32"], neighbors: [neighbor] }] } }),
      cfg("c", { nodeSelector: { matchLabels: { zone: "b" } }, bgp: { routers: [{ asn: 64513, prefixes: ["203.0.113.3/32"], neighbors: [neighbor] }] } }),
    ], { fallbackRouterID: "10.9.8.7" }));
    if (!r.ok) throw new Error(r.message);
    await expect(r.text).toMatchFileSnapshot("./testdata/merged-with-delay-timer.golden");
  });

  test("no delay timer line when it is left to FRR", () => {
    const r = buildDesiredConfig(inputs([], { routeMapDelayTimer: undefined }));
    expect(r.ok && r.text.includes("delay-timer")).toBe(false);
  });

  test.for([
    {
      name: "conflicting ASNs name both configurations",
      configs: [
        cfg("one", { bgp: { routers: [{ asn: 64513, neighbors: [neighbor] }] } }),
        cfg("two", { bgp: { routers: [{ asn: 64513, neighbors: [{ ...neighbor, asn: 64999 }] }] } }),
      ],
      involved: ["one", "two"],
    },
    {
      name: "a missing password secret",
      configs: [cfg("secret", { bgp: { routers: [{ asn: 64513, neighbors: [{ ...neighbor, passwordSecret: { name: "nope" } }] }] } })],
      involved: ["secret"],
    },
  ])("fails on $name", ({ configs, involved }) => {
    const r = buildDesiredConfig(inputs(configs));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.involved.map((o) => o.name)).toEqual(involved);
    for (const name of involved) expect(r.message).toContain(`frr-k8s-system/${name}`);
  });

  test("schema problems of a selecting configuration fail the conversion", () => {
    const r = buildDesiredConfig({ ...inputs([]), candidates: [{ object: cfg("bad", {}), problems: ["FRRConfiguration frr-k8s-system/bad: spec.bgp.routers[0].asn: required"] }] });
    expect(r).toEqual({ ok: false, message: "FRRConfiguration frr-k8s-system/bad: spec.bgp.routers[0].asn: required", involved: [{ namespace: "frr-k8s-system", name: "bad" }] });
  });
});

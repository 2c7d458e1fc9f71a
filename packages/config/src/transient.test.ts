import { expect, test } from "vitest";
import { configFor } from "./config.js";
import { onlyTransientErrors } from "./errors.js";
import type { ClusterResources } from "./resources.js";
import { admissionErrors, resetTransientFields } from "./transient.js";
import { ValidationMode } from "./validation.js";
import { bgpAdv, peer, pool } from "./testdata/builders.js";

const opts = { validation: ValidationMode.FRRK8s };

test("references to objects that may not exist yet are blanked", () => {
  const r: ClusterResources = {
    peers: [peer("p", { bfdProfile: "fast", passwordSecret: { name: "s" } })],
    bgpAdvertisements: [bgpAdv("a", { communities: ["my-alias", "65000:1"] })],
  };
  const reset = resetTransientFields(r);
  expect(reset.peers?.[0]?.spec).not.toHaveProperty("bfdProfile");
  expect(reset.peers?.[0]?.spec).not.toHaveProperty("passwordSecret");
  expect(reset.bgpAdvertisements?.[0]?.spec?.communities).toEqual(["65000:1"]);
  // The input is left as it was.
  expect(r.peers?.[0]?.spec.bfdProfile).toBe("fast");
});

test.for([
  { name: "missing BFD profile", resources: { peers: [peer("p", { bfdProfile: "fast" })] }, denied: [] },
  { name: "missing secret", resources: { peers: [peer("p", { passwordSecret: { name: "s" } })] }, denied: [] },
  { name: "unknown community alias", resources: { bgpAdvertisements: [bgpAdv("a", { communities: ["later"] })] }, denied: [] },
  { name: "a real error still denies", resources: { pools: [pool("p", ["10.0.0.0/24"])], bgpAdvertisements: [bgpAdv("a", { aggregationLength: 8 })] }, denied: ["spec.aggregationLength"] },
] as { name: string; resources: ClusterResources; denied: string[] }[])("admission: $name", ({ resources, denied }) => {
  expect(admissionErrors(resources, opts).map((e) => e.field)).toEqual(denied);
});

test("controllers can tell a wait-for-reference failure from a user error", () => {
  const r = configFor({ peers: [peer("p", { bfdProfile: "fast" })] }, opts);
  expect(!r.ok && onlyTransientErrors(r.errors)).toBe(true);
});

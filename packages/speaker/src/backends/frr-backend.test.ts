// The frr backend renders what the frr-k8s daemon would render for metallb-<node>: same converter,
// same renderer; bgpextras is appended.
import { describe, expect, test } from "vitest";
import { ValidationMode, configFor } from "@metallb-ts/config";
import { bgpAdv, node, peer, pool, service, slice } from "../testdata/scenario.js";
import { planNode } from "../core/plan.js";
import { buildFRRConfiguration } from "../frrk8s/frr-configuration.js";
import { FrrBackend, renderFrrConf } from "./frr-backend.js";
import type { DesiredNodeState } from "../reconcilers/node-state.js";

function desired(bgpExtras = ""): DesiredNodeState {
  const me = node("worker-1");
  const result = configFor(
    {
      nodes: [me],
      pools: [pool("public", ["203.0.113.0/24"])],
      peers: [peer("tor", { peerAddress: "198.51.100.1", holdTime: "9s", password: "s3cret" })],
      bgpAdvertisements: [bgpAdv("a", { localPref: 120, communities: ["65000:7"] })],
      bgpExtras,
    },
    { validation: ValidationMode.FRR },
  );
  if (!result.ok) throw new Error("bad fixture");
  const plan = planNode({ config: result.config, node: me, services: [service("web", { ips: ["203.0.113.7"] })], endpointSlices: [slice("web", [{ ready: true }])] });
  const frrConfiguration = buildFRRConfiguration(plan.sessions, result.config.bfdProfiles.values(), { nodeName: "worker-1", namespace: "metallb-system", passwordSecretMode: "convert" });
  return { config: result.config, plan, frrConfiguration };
}

describe("frr backend", () => {
  test("renders frr.conf for the node", async () => {
    const r = renderFrrConf(desired(), "worker-1", "info");
    expect(r.ok).toBe(true);
    await expect(r.ok ? r.text : "").toMatchFileSnapshot("./testdata/frr-backend.golden");
  });

  test("appends bgpextras", () => {
    const r = renderFrrConf(desired("ip prefix-list extra seq 1 permit 192.0.2.0/24"), "worker-1");
    expect(r.ok && r.text.endsWith("ip prefix-list extra seq 1 permit 192.0.2.0/24\n")).toBe(true);
  });

  test("submits only changed text", async () => {
    const submitted: string[] = [];
    const backend = new FrrBackend({ sink: { submit: (t) => submitted.push(t) }, nodeName: "worker-1" });
    expect(await backend.apply(desired())).toEqual({ ok: true, changed: true });
    expect(await backend.apply(desired())).toEqual({ ok: true, changed: false });
    expect(submitted).toHaveLength(1);
  });
});

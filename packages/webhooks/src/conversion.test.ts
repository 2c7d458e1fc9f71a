import { describe, expect, test } from "vitest";
import { convertBGPPeer, convertReview } from "./conversion.js";

const metadata = { name: "uplink", namespace: "metallb-system", uid: "0a", resourceVersion: "42", managedFields: [{ manager: "kubectl" }], labels: { a: "b" } };

const v1beta1 = {
  apiVersion: "metallb.io/v1beta1",
  kind: "BGPPeer",
  metadata,
  spec: {
    myASN: 64500,
    peerASN: 64501,
    peerAddress: "192.0.2.1",
    peerPort: 1179,
    holdTime: "1m30s",
    keepaliveTime: "30s",
    routerID: "10.0.0.1",
    nodeSelectors: [{ matchLabels: { zone: "a" }, matchExpressions: [{ key: "rack", operator: "In", values: ["r1"] }] }],
    password: "pw",
    bfdProfile: "fast",
    ebgpMultiHop: true,
  },
};

describe("BGPPeer conversion", () => {
  test("v1beta1 -> v1beta2 -> v1beta1 round-trips and keeps metadata untouched", () => {
    const hub = convertBGPPeer(v1beta1, "metallb.io/v1beta2");
    expect(hub).toMatchObject({
      apiVersion: "metallb.io/v1beta2",
      metadata,
      spec: { myASN: 64500, peerASN: 64501, holdTime: "1m30s", nodeSelectors: [{ matchLabels: { zone: "a" }, matchExpressions: [{ key: "rack", operator: "In", values: ["r1"] }] }] },
    });
    expect(convertBGPPeer(hub, "metallb.io/v1beta1")).toEqual(v1beta1);
  });

  test("v1beta2-only fields are dropped going to v1beta1 (lossy, as upstream)", () => {
    const v2 = { apiVersion: "metallb.io/v1beta2", kind: "BGPPeer", metadata, spec: { myASN: 1, peerASN: 2, peerAddress: "192.0.2.1", vrf: "red", enableGracefulRestart: true } };
    const v1 = convertBGPPeer(v2, "metallb.io/v1beta1") as { spec: Record<string, unknown> };
    expect(v1.spec).not.toHaveProperty("vrf");
    expect(v1.spec).not.toHaveProperty("enableGracefulRestart");
    expect(v1.spec["holdTime"]).toBe("0s");
  });

  test("objects already in the desired version are returned as they are", () => {
    expect(convertBGPPeer(v1beta1, "metallb.io/v1beta1")).toBe(v1beta1);
  });

  test.for([
    { name: "not an object", obj: "x", want: /not a JSON object/ },
    { name: "another kind", obj: { ...v1beta1, kind: "IPAddressPool" }, want: /cannot convert kind "IPAddressPool"/ },
    { name: "unknown source version", obj: { ...v1beta1, apiVersion: "metallb.io/v9" }, want: /unsupported source version/ },
    { name: "spec is not an object", obj: { ...v1beta1, spec: [] }, want: /spec is not an object/ },
  ])("$name is refused", ({ obj, want }) => {
    expect(convertBGPPeer(obj, "metallb.io/v1beta2")).toMatch(want);
  });

  test("a review is all or nothing", () => {
    expect(convertReview({ uid: "u", desiredAPIVersion: "metallb.io/v1beta2", objects: [v1beta1, v1beta1] })).toMatchObject({ uid: "u", result: { status: "Success" }, convertedObjects: [{ apiVersion: "metallb.io/v1beta2" }, { apiVersion: "metallb.io/v1beta2" }] });
    expect(convertReview({ uid: "u", desiredAPIVersion: "metallb.io/v1beta2", objects: [v1beta1, 7] })).toEqual({ uid: "u", convertedObjects: [], result: { status: "Failure", message: "object is not a JSON object" } });
    expect(convertReview({ uid: "u", desiredAPIVersion: "metallb.io/v3", objects: [v1beta1] }).result).toMatchObject({ status: "Failure", message: expect.stringMatching(/unsupported target version/) });
  });
});

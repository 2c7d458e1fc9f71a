import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  BGPPeerSchema,
  BGPPeerV1beta1Schema,
  bgpPeerV1beta2OnlyFields,
  convertBGPPeerV1beta1ToV1beta2,
  convertBGPPeerV1beta2ToV1beta1,
} from "./index.js";
import type { BGPPeer, BGPPeerV1beta1 } from "./index.js";

const metadata = { name: "peer-a", namespace: "metallb-system", labels: { a: "b" }, resourceVersion: "7" };

function v1(spec: BGPPeerV1beta1["spec"]): BGPPeerV1beta1 {
  return BGPPeerV1beta1Schema.parse({ apiVersion: "metallb.io/v1beta1", kind: "BGPPeer", metadata, spec });
}

function v2(spec: Record<string, unknown>): BGPPeer {
  return BGPPeerSchema.parse({ apiVersion: "metallb.io/v1beta2", kind: "BGPPeer", metadata, spec });
}

describe("v1beta1 → v1beta2", () => {
  test.for([
    {
      name: "timers absent become 0s, port default applies",
      from: { myASN: 1, peerASN: 2, peerAddress: "192.0.2.1" },
      to: { myASN: 1, peerASN: 2, peerAddress: "192.0.2.1", peerPort: 179, holdTime: "0s", keepaliveTime: "0s", disableMP: false, dualStackAddressFamily: false },
    },
    {
      name: "timers are re-rendered in Go's format; port 0 is unset",
      from: { myASN: 1, peerASN: 2, peerAddress: "192.0.2.1", peerPort: 0, holdTime: "90s", keepaliveTime: "30000ms" },
      to: { myASN: 1, peerASN: 2, peerAddress: "192.0.2.1", peerPort: 179, holdTime: "1m30s", keepaliveTime: "30s", disableMP: false, dualStackAddressFamily: false },
    },
    {
      name: "all scalars copied",
      from: { myASN: 1, peerASN: 2, peerAddress: "2001:db8::1", sourceAddress: "2001:db8::2", peerPort: 1179, routerID: "192.0.2.9", password: "pw", bfdProfile: "bfd", ebgpMultiHop: true, holdTime: "9s", keepaliveTime: "3s" },
      to: {
        myASN: 1, peerASN: 2, peerAddress: "2001:db8::1", sourceAddress: "2001:db8::2", peerPort: 1179, routerID: "192.0.2.9", password: "pw",
        bfdProfile: "bfd", ebgpMultiHop: true, holdTime: "9s", keepaliveTime: "3s", disableMP: false, dualStackAddressFamily: false,
      },
    },
    {
      name: "legacy selectors: empty → {}, otherwise labels and expressions",
      from: {
        myASN: 1, peerASN: 2, peerAddress: "a",
        nodeSelectors: [{}, { matchLabels: {}, matchExpressions: [] }, { matchLabels: { a: "b" } }, { matchExpressions: [{ key: "k", operator: "In", values: ["v"] }] }],
      },
      to: {
        myASN: 1, peerASN: 2, peerAddress: "a", peerPort: 179, holdTime: "0s", keepaliveTime: "0s", disableMP: false, dualStackAddressFamily: false,
        nodeSelectors: [{}, {}, { matchLabels: { a: "b" } }, { matchExpressions: [{ key: "k", operator: "In", values: ["v"] }] }],
      },
    },
  ])("$name", ({ from, to }) => {
    const converted = convertBGPPeerV1beta1ToV1beta2(v1(from));
    expect(converted).toEqual({ apiVersion: "metallb.io/v1beta2", kind: "BGPPeer", metadata, spec: to });
    expect(BGPPeerSchema.parse(converted)).toEqual(converted);
  });
});

describe("v1beta2 → v1beta1", () => {
  test("drops the v1beta2-only fields and fills what v1beta1 requires", () => {
    const converted = convertBGPPeerV1beta2ToV1beta1(
      v2({
        myASN: 1, dynamicASN: "external", interface: "eth0", localASN: 5, connectTime: "5s", passwordSecret: { name: "s" },
        enableGracefulRestart: true, vrf: "red", disableMP: true, dualStackAddressFamily: true,
        nodeSelectors: [{}, { matchExpressions: [{ key: "k", operator: "Exists" }] }],
      }),
    );
    expect(converted).toEqual({
      apiVersion: "metallb.io/v1beta1",
      kind: "BGPPeer",
      metadata,
      spec: {
        myASN: 1, peerASN: 0, peerAddress: "", peerPort: 179, holdTime: "0s", keepaliveTime: "0s",
        nodeSelectors: [{ matchLabels: {}, matchExpressions: [] }, { matchLabels: {}, matchExpressions: [{ key: "k", operator: "Exists", values: [] }] }],
      },
    });
    expect(Object.keys(converted.spec ?? {}).filter((k) => (bgpPeerV1beta2OnlyFields as readonly string[]).includes(k))).toEqual([]);
  });

  test("an object without spec converts to one without spec", () => {
    const peer: BGPPeer = { apiVersion: "metallb.io/v1beta2", kind: "BGPPeer", metadata, status: {} };
    expect(convertBGPPeerV1beta2ToV1beta1(peer)).toEqual({ apiVersion: "metallb.io/v1beta1", kind: "BGPPeer", metadata, status: {} });
  });
});

// Arbitrary v1beta1 peers in the normal form the conversion produces (timers in Go format, port 1..16384,
// selectors with both matchLabels and matchExpressions present, In/NotIn only): for those,
// v1beta1 → v1beta2 → v1beta1 is the identity. Outside that form the conversion normalises, as upstream's does.
const goDuration = fc.constantFrom("0s", "3s", "1m30s", "9s", "2m0s", "500ms");
const label = fc.stringMatching(/^[a-z]{1,5}$/);
const legacySelector = fc.record({
  matchLabels: fc.dictionary(label, label, { maxKeys: 2 }),
  matchExpressions: fc.array(
    fc.record({ key: label, operator: fc.constantFrom("In", "NotIn"), values: fc.array(label, { minLength: 1, maxLength: 2 }) }),
    { maxLength: 2 },
  ),
});
const v1beta1Spec = fc.record(
  {
    myASN: fc.integer({ min: 0, max: 4294967295 }),
    peerASN: fc.integer({ min: 0, max: 4294967295 }),
    peerAddress: fc.ipV4(),
    sourceAddress: fc.ipV4(),
    peerPort: fc.integer({ min: 1, max: 16384 }),
    holdTime: goDuration,
    keepaliveTime: goDuration,
    routerID: fc.ipV4(),
    nodeSelectors: fc.array(legacySelector, { maxLength: 3 }),
    password: fc.string(),
    bfdProfile: label,
    ebgpMultiHop: fc.boolean(),
  },
  { requiredKeys: ["myASN", "peerASN", "peerAddress", "peerPort", "holdTime", "keepaliveTime"] },
);

test("v1beta1 → v1beta2 → v1beta1 round-trips", () => {
  fc.assert(
    fc.property(v1beta1Spec, (spec) => {
      const peer = v1(spec);
      const back = convertBGPPeerV1beta2ToV1beta1(convertBGPPeerV1beta1ToV1beta2(peer));
      expect(back).toEqual(peer);
    }),
  );
});

test("v1beta2 → v1beta1 → v1beta2 keeps every field v1beta1 has", () => {
  fc.assert(
    fc.property(v1beta1Spec, fc.constantFrom("internal", "external"), fc.boolean(), (spec, dynamicASN, graceful) => {
      const peer = convertBGPPeerV1beta1ToV1beta2(v1(spec));
      const withExtras = v2({ ...peer.spec, dynamicASN, enableGracefulRestart: graceful, vrf: "red" });
      const back = convertBGPPeerV1beta1ToV1beta2(convertBGPPeerV1beta2ToV1beta1(withExtras));
      expect(back).toEqual(peer);
    }),
  );
});

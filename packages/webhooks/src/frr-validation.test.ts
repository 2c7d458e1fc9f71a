import { describe, expect, test } from "vitest";
import { AdmissionOperation, type AdmissionRequest } from "./admission.js";
import { DISABLE_MP_FRR_WARNING, GRACEFUL_RESTART_WARNING, validateFRRConfiguration, type FRRExisting } from "./frr-validation.js";

const NS = "frr-k8s-system";
type Obj = Record<string, unknown>;

function neighbor(address: string, extra: Obj = {}): Obj {
  return { asn: 64601, address, ...extra };
}
function config(name: string, neighbors: Obj[], opts: { namespace?: string; nodeSelector?: Obj; asn?: number; routerExtra?: Obj } = {}): Obj {
  return {
    apiVersion: "frrk8s.metallb.io/v1beta1",
    kind: "FRRConfiguration",
    metadata: { name, namespace: opts.namespace ?? NS },
    spec: {
      ...(opts.nodeSelector ? { nodeSelector: opts.nodeSelector } : {}),
      bgp: { routers: [{ asn: opts.asn ?? 64600, neighbors, ...opts.routerExtra }] },
    },
  };
}
const node = (name: string, labels: Record<string, string>): Obj => ({ apiVersion: "v1", kind: "Node", metadata: { name, labels } });
const nodes = [node("n1", { zone: "a" }), node("n2", { zone: "b" })];

function request(operation: AdmissionOperation, object: Obj): AdmissionRequest {
  const m = object["metadata"] as Obj;
  return { uid: "u", operation, name: m["name"] as string, namespace: m["namespace"] as string, object };
}

interface Case {
  name: string;
  op?: AdmissionOperation;
  object: Obj;
  existing?: Partial<FRRExisting>;
  denied?: RegExp;
  warning?: RegExp;
}

describe("FRRConfiguration", () => {
  test.for<Case>([
    { name: "valid, alone", object: config("a", [neighbor("192.0.2.1")]), existing: { nodes } },
    {
      name: "compatible with another configuration on the same node",
      object: config("b", [neighbor("192.0.2.1", { holdTime: "90s", keepaliveTime: "30s" })]),
      existing: { nodes, configurations: [config("a", [neighbor("192.0.2.1", { holdTime: "90s", keepaliveTime: "30s" })])] },
    },
    {
      name: "a merge conflict names both objects, the field, the values and the node",
      object: config("b", [neighbor("192.0.2.1", { holdTime: "9s", keepaliveTime: "3s" })]),
      existing: { nodes, configurations: [config("a", [neighbor("192.0.2.1", { holdTime: "90s", keepaliveTime: "30s" })])] },
      denied: /FRRConfiguration frr-k8s-system\/a spec\.bgp\.routers\[0\]\.neighbors\[0\]\.holdTime = 90s conflicts with FRRConfiguration frr-k8s-system\/b spec\.bgp\.routers\[0\]\.neighbors\[0\]\.holdTime = 9s: multiple hold times specified for 192\.0\.2\.1[\s\S]*\nresource is invalid for node n1$/,
    },
    {
      name: "different router ASNs in the same VRF",
      object: config("b", [], { asn: 64999 }),
      existing: { nodes, configurations: [config("a", [neighbor("192.0.2.1")])] },
      denied: /different asns/,
    },
    {
      name: "no conflict when the objects select different nodes",
      object: config("b", [neighbor("192.0.2.1", { holdTime: "9s", keepaliveTime: "3s" })], { nodeSelector: { matchLabels: { zone: "b" } } }),
      existing: { nodes, configurations: [config("a", [neighbor("192.0.2.1", { holdTime: "90s", keepaliveTime: "30s" })], { nodeSelector: { matchLabels: { zone: "a" } } })] },
    },
    {
      name: "an update replaces the stored version (same namespace and name)",
      op: AdmissionOperation.Update,
      object: config("a", [neighbor("192.0.2.1", { holdTime: "9s", keepaliveTime: "3s" })]),
      existing: { nodes, configurations: [config("a", [neighbor("192.0.2.1", { holdTime: "90s", keepaliveTime: "30s" })])] },
    },
    {
      name: "configurations outside the frr-k8s namespace are not merged",
      object: config("b", [neighbor("192.0.2.1", { holdTime: "9s", keepaliveTime: "3s" })]),
      existing: { nodes, configurations: [config("a", [neighbor("192.0.2.1", { holdTime: "90s", keepaliveTime: "30s" })], { namespace: "elsewhere" })] },
    },
    {
      name: "a configuration outside the namespace is admitted with a warning",
      object: config("b", [neighbor("192.0.2.1")], { namespace: "elsewhere" }),
      existing: { nodes, configurations: [config("a", [neighbor("192.0.2.1", { holdTime: "90s", keepaliveTime: "30s" })])] },
      warning: /FRRConfiguration elsewhere\/b is outside namespace frr-k8s-system: frr-k8s ignores it/,
    },
    {
      name: "a self-contradictory object is refused even when it selects no node",
      object: config("a", [{ asn: 64601 }]),
      existing: { nodes: [] },
      denied: /neighbor with ASN 64601 has no address and no interface[\s\S]*\nresource is invalid$/,
    },
    {
      name: "invalid node selector",
      object: config("a", [neighbor("192.0.2.1")], { nodeSelector: { matchExpressions: [{ key: "zone", operator: "In", values: [] }] } }),
      existing: { nodes },
      denied: /spec\.nodeSelector\.matchExpressions\[0\]\.operator: operator In needs at least one value/,
    },
    { name: "password Secrets are not resolved (they may come later)", object: config("a", [neighbor("192.0.2.1", { passwordSecret: { name: "later" } })]), existing: { nodes } },
    { name: "disableMP: warning", object: config("a", [neighbor("192.0.2.1", { disableMP: true })]), existing: { nodes }, warning: new RegExp(DISABLE_MP_FRR_WARNING) },
    {
      name: "graceful restart changed on update: warning",
      op: AdmissionOperation.Update,
      object: config("a", [neighbor("192.0.2.1", { enableGracefulRestart: true })]),
      existing: { nodes, configurations: [config("a", [neighbor("192.0.2.1")])] },
      warning: new RegExp(GRACEFUL_RESTART_WARNING),
    },
    {
      name: "stored conflicts are warnings, not a reason to refuse an unrelated object",
      object: config("c", [neighbor("198.51.100.1")]),
      existing: {
        nodes,
        configurations: [config("a", [neighbor("192.0.2.1", { holdTime: "90s", keepaliveTime: "30s" })]), config("b", [neighbor("192.0.2.1", { holdTime: "9s", keepaliveTime: "3s" })])],
      },
      warning: /node n1 already has configuration errors this change does not cause: .*multiple hold times/,
    },
    { name: "schema violation (port out of range)", object: config("a", [neighbor("192.0.2.1", { port: 70000 })]), existing: { nodes }, denied: /neighbors\[0\]\.port: 70000 is out of range.*\(rule: maximum\)/ },
    { name: "DELETE is always allowed", op: AdmissionOperation.Delete, object: config("a", [{ asn: 1 }]) },
  ])("$name", (c) => {
    const verdict = validateFRRConfiguration(request(c.op ?? AdmissionOperation.Create, c.object), { configurations: [], nodes: [], ...c.existing }, { namespace: NS });
    if (c.denied === undefined) expect(verdict.allowed, verdict.allowed ? "" : verdict.message).toBe(true);
    else {
      expect(verdict.allowed).toBe(false);
      if (!verdict.allowed) expect(verdict.message).toMatch(c.denied);
    }
    if (c.warning) expect(verdict.warnings.join("\n")).toMatch(c.warning);
  });
});

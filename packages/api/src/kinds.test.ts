import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { parseAllDocuments } from "yaml";
import { parseObject } from "./index.js";
import { invalidCases, validCases } from "./testdata/kind-cases.js";

const examplesDir = join(import.meta.dirname, "..", "testdata", "examples");

describe("valid objects parse", () => {
  test.for(validCases)("$name", ({ object }) => {
    const result = parseObject(object, { strict: true });
    expect(result.ok ? [] : result.errors.map((e) => e.message)).toEqual([]);
  });
});

describe("invalid objects are rejected with the field path and rule", () => {
  test.for(invalidCases)("$name", ({ object, path, rule }) => {
    const result = parseObject(object);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => ({ path: e.path, rule: e.rule }))).toContainEqual({ path, rule });
  });

  test("messages", async () => {
    const lines = invalidCases.flatMap(({ name, object }) => {
      const result = parseObject(object);
      return [`# ${name}`, ...(result.ok ? ["(accepted)"] : result.errors.map((e) => e.message))];
    });
    await expect(lines.join("\n") + "\n").toMatchFileSnapshot("./testdata/invalid-messages.golden");
  });
});

describe("defaults are applied as the API server applies them", () => {
  const meta = { name: "x", namespace: "metallb-system" };
  test.for([
    {
      name: "IPAddressPool autoAssign / avoidBuggyIPs",
      input: { apiVersion: "metallb.io/v1beta1", kind: "IPAddressPool", metadata: meta, spec: { addresses: [] } },
      spec: { addresses: [], autoAssign: true, avoidBuggyIPs: false },
    },
    {
      name: "BGPAdvertisement aggregation lengths",
      input: { apiVersion: "metallb.io/v1beta1", kind: "BGPAdvertisement", metadata: meta, spec: { peers: ["a"] } },
      spec: { peers: ["a"], aggregationLength: 32, aggregationLengthV6: 128 },
    },
    {
      name: "BGPPeer v1beta2 port and booleans",
      input: { apiVersion: "metallb.io/v1beta2", kind: "BGPPeer", metadata: meta, spec: { myASN: 1 } },
      spec: { myASN: 1, peerPort: 179, disableMP: false, dualStackAddressFamily: false },
    },
    {
      name: "BGPPeer v1beta1 has no defaults",
      input: { apiVersion: "metallb.io/v1beta1", kind: "BGPPeer", metadata: meta, spec: { myASN: 1, peerASN: 2, peerAddress: "a" } },
      spec: { myASN: 1, peerASN: 2, peerAddress: "a" },
    },
    {
      name: "BFDProfile has no API defaults",
      input: { apiVersion: "metallb.io/v1beta1", kind: "BFDProfile", metadata: meta, spec: {} },
      spec: {},
    },
    {
      name: "FRRConfiguration neighbor and filters",
      input: {
        apiVersion: "frrk8s.metallb.io/v1beta1",
        kind: "FRRConfiguration",
        metadata: meta,
        spec: { bgp: { routers: [{ asn: 1, neighbors: [{ asn: 2, toAdvertise: { allowed: {} }, toReceive: {} }] }] } },
      },
      spec: {
        bgp: {
          routers: [
            {
              asn: 1,
              neighbors: [
                {
                  asn: 2,
                  toAdvertise: { allowed: { mode: "filtered" } },
                  toReceive: {},
                  disableMP: false,
                  dualStackAddressFamily: false,
                  addressFamilies: ["unicast"],
                },
              ],
            },
          ],
        },
      },
    },
  ])("$name", ({ input, spec }) => {
    const result = parseObject(input);
    expect(result.ok && (result.object as { spec?: unknown }).spec).toEqual(spec);
  });

  test("absent spec stays absent (the server does not create it)", () => {
    const result = parseObject({ apiVersion: "metallb.io/v1beta1", kind: "BGPAdvertisement", metadata: { name: "a" } });
    expect(result.ok && result.object).toEqual({ apiVersion: "metallb.io/v1beta1", kind: "BGPAdvertisement", metadata: { name: "a" } });
  });
});

describe("parseObject", () => {
  test("formats the message with kind, namespace/name, path and detail", () => {
    const result = parseObject({
      apiVersion: "metallb.io/v1beta1",
      kind: "IPAddressPool",
      metadata: { name: "pool-a", namespace: "metallb-system" },
      spec: { addresses: ["10.0.0.0/24", "10.0.1.0/24", "10.0.0.1-10.0.0.0"] },
    });
    expect(result.ok ? [] : result.errors).toEqual([
      {
        kind: "IPAddressPool",
        namespace: "metallb-system",
        name: "pool-a",
        path: "spec.addresses[2]",
        rule: "ip-range",
        detail: '"10.0.0.1-10.0.0.0" is not a valid range: start is after end',
        message: 'IPAddressPool metallb-system/pool-a: spec.addresses[2]: "10.0.0.1-10.0.0.0" is not a valid range: start is after end',
      },
    ]);
  });

  test.for([
    { name: "not an object", input: "hello", message: 'Object: expected a Kubernetes object, got string' },
    { name: "unknown kind", input: { apiVersion: "v1", kind: "Pod", metadata: { name: "p" } }, message: 'Pod p: unknown apiVersion/kind "v1"/"Pod"' },
    { name: "wrong version", input: { apiVersion: "metallb.io/v1beta2", kind: "IPAddressPool", metadata: { name: "p" } }, message: 'IPAddressPool p: unknown apiVersion/kind "metallb.io/v1beta2"/"IPAddressPool"' },
    {
      name: "missing metadata",
      input: { apiVersion: "metallb.io/v1beta1", kind: "Community" },
      message: "Community: metadata: required field is missing",
    },
    {
      name: "labels with dots in the path",
      input: { apiVersion: "v1", kind: "Namespace", metadata: { name: "n", labels: { "kubernetes.io/metadata.name": 5 } } },
      message: 'Namespace n: metadata.labels["kubernetes.io/metadata.name"]: expected string, got number 5',
    },
    {
      name: "generateName when there is no name",
      input: { apiVersion: "metallb.io/v1beta1", kind: "ServiceBGPStatus", metadata: { generateName: "bgp-", namespace: "m" }, status: { peers: [1] } },
      message: "ServiceBGPStatus m/bgp-: status.peers[0]: expected string, got number 1",
    },
  ])("$name", ({ input, message }) => {
    const result = parseObject(input);
    expect(result.ok ? [] : result.errors.map((e) => e.message)).toEqual([message]);
  });

  test("strict mode reports unknown fields; default mode drops them like the API server", () => {
    const input = {
      apiVersion: "metallb.io/v1beta2",
      kind: "BGPPeer",
      metadata: { name: "p", namespace: "m", managedFields: [] },
      spec: { myASN: 1, peerAdress: "192.0.2.1", nodeSelectors: [{ matchLabel: { a: "b" } }] },
    };
    const lenient = parseObject(input);
    expect(lenient.ok && lenient.type === "BGPPeer" && lenient.object.spec).toEqual({ myASN: 1, peerPort: 179, disableMP: false, dualStackAddressFamily: false, nodeSelectors: [{}] });
    const strict = parseObject(input, { strict: true });
    expect(strict.ok ? [] : strict.errors.map((e) => e.message)).toEqual([
      'BGPPeer m/p: spec.peerAdress: unknown field "peerAdress"',
      'BGPPeer m/p: spec.nodeSelectors[0].matchLabel: unknown field "matchLabel"',
    ]);
  });

  test("core kinds keep fields they do not model", () => {
    const service = {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "s", namespace: "n", managedFields: [{ manager: "kubectl" }] },
      spec: { type: "LoadBalancer", ports: [{ port: 80 }], publishNotReadyAddresses: true },
      status: { loadBalancer: { ingress: [{ ip: "192.0.2.1", extra: 1 }] } },
    };
    const result = parseObject(service, { strict: true });
    expect(result.ok && result.type === "Service" && result.object).toEqual({
      ...service,
      spec: { ...service.spec, ports: [{ port: 80, protocol: "TCP" }] },
    });
  });
});

describe("example manifests (testdata/examples) parse strictly", () => {
  const documents = readdirSync(examplesDir)
    .filter((f) => f.endsWith(".yaml"))
    .flatMap((file) =>
      parseAllDocuments(readFileSync(join(examplesDir, file), "utf8")).map((doc, i) => ({ file, index: i, object: doc.toJS() as unknown })),
    );

  test("every kind is exercised", () => {
    const types = new Set(documents.map(({ object }) => { const r = parseObject(object); return r.ok ? r.type : "invalid"; }));
    expect([...types].sort()).toEqual([
      "BFDProfile", "BGPAdvertisement", "BGPPeer", "BGPPeerV1beta1", "BGPSessionState", "Community", "ConfigurationState",
      "FRRConfiguration", "FRRK8sConfiguration", "FRRNodeState", "IPAddressPool", "L2Advertisement", "ServiceBGPStatus", "ServiceL2Status",
    ]);
  });

  test.for(documents)("$file #$index", ({ object }) => {
    const result = parseObject(object, { strict: true });
    expect(result.ok ? [] : result.errors.map((e) => e.message)).toEqual([]);
  });
});

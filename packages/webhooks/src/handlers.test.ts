import { ValidationMode } from "@metallb-ts/config";
import { NodeResource, UnavailableError } from "@metallb-ts/runtime";
import { FakeKubeClient, silentLogger } from "@metallb-ts/runtime/testing";
import { describe, expect, test } from "vitest";
import { CONVERSION_WEBHOOK_PATH, FRR_CONFIGURATION_WEBHOOK_PATH, MetalLBWebhookPaths, frrRoutes, metallbRoutes } from "./handlers.js";
import { FRRConfigurations, IPAddressPools } from "./resources.js";
import { HttpError } from "./webhook-server.js";

const NS = "metallb-system";
const pool = (name: string, cidr: string) => ({ apiVersion: "metallb.io/v1beta1", kind: "IPAddressPool", metadata: { name, namespace: NS }, spec: { addresses: [cidr] } });
const review = (object: unknown, operation = "CREATE") => ({
  apiVersion: "admission.k8s.io/v1",
  kind: "AdmissionReview",
  request: { uid: "uid-7", operation, name: (object as { metadata: { name: string } }).metadata.name, namespace: NS, object },
});

function routes() {
  const kube = new FakeKubeClient();
  kube.seed(IPAddressPools, pool("a", "192.0.2.0/24"));
  return { kube, routes: metallbRoutes({ kube, log: silentLogger(), namespace: NS, validation: ValidationMode.FRRK8s }) };
}

describe("metallb routes", () => {
  test("every upstream path plus /convert is routed", () => {
    expect([...routes().routes.keys()].sort()).toEqual([...Object.keys(MetalLBWebhookPaths), CONVERSION_WEBHOOK_PATH].sort());
  });

  test("reads the stored pools from the API and denies an overlap", async () => {
    const handler = routes().routes.get("/validate-metallb-io-v1beta1-ipaddresspool");
    const answer = await handler?.(review(pool("b", "192.0.2.0/25")));
    expect(answer).toEqual({
      apiVersion: "admission.k8s.io/v1",
      kind: "AdmissionReview",
      response: {
        uid: "uid-7",
        allowed: false,
        status: { code: 403, reason: "Forbidden", message: 'IPAddressPool metallb-system/b: spec.addresses[0]: CIDR "192.0.2.0/25" in pool "b" overlaps with already defined CIDR "192.0.2.0/24" (pool "a") (rule: overlap)' },
      },
    });
    expect(await handler?.(review(pool("b", "198.51.100.0/25")))).toMatchObject({ response: { uid: "uid-7", allowed: true } });
  });

  test("an unreadable cluster is a 500 in the review: the API server applies failurePolicy", async () => {
    const { kube, routes: r } = routes();
    kube.failNext({ verb: "list", resource: IPAddressPools }, (t) => new UnavailableError("apiserver down", 503, t));
    const answer = await r.get("/validate-metallb-io-v1beta1-ipaddresspool")?.(review(pool("b", "198.51.100.0/25")));
    expect(answer).toMatchObject({ response: { allowed: false, status: { code: 500, message: expect.stringMatching(/validation could not run: apiserver down/) } } });
  });

  test.for([
    { name: "not an AdmissionReview", body: { kind: "Pod" }, want: /expected kind AdmissionReview/ },
    { name: "v1beta1 review", body: { kind: "AdmissionReview", apiVersion: "admission.k8s.io/v1beta1", request: {} }, want: /unsupported AdmissionReview version/ },
    { name: "no uid", body: { kind: "AdmissionReview", apiVersion: "admission.k8s.io/v1", request: { operation: "CREATE" } }, want: /no uid/ },
    { name: "odd operation", body: { kind: "AdmissionReview", apiVersion: "admission.k8s.io/v1", request: { uid: "u", operation: "PATCH" } }, want: /unknown operation "PATCH"/ },
  ])("$name: HTTP 400", async ({ body, want }) => {
    const handler = routes().routes.get("/validate-metallb-io-v1beta1-ipaddresspool");
    await expect(Promise.resolve().then(() => handler?.(body))).rejects.toThrow(want);
    await expect(Promise.resolve().then(() => handler?.(body))).rejects.toBeInstanceOf(HttpError);
  });

  test("conversion review", async () => {
    const convert = routes().routes.get(CONVERSION_WEBHOOK_PATH);
    const peer = { apiVersion: "metallb.io/v1beta1", kind: "BGPPeer", metadata: { name: "p", namespace: NS }, spec: { myASN: 1, peerASN: 2, peerAddress: "192.0.2.1" } };
    const answer = await convert?.({ apiVersion: "apiextensions.k8s.io/v1", kind: "ConversionReview", request: { uid: "c1", desiredAPIVersion: "metallb.io/v1beta2", objects: [peer] } });
    expect(answer).toMatchObject({ apiVersion: "apiextensions.k8s.io/v1", kind: "ConversionReview", response: { uid: "c1", result: { status: "Success" }, convertedObjects: [{ apiVersion: "metallb.io/v1beta2", spec: { holdTime: "0s" } }] } });
    expect(() => convert?.({ kind: "ConversionReview", apiVersion: "apiextensions.k8s.io/v1beta1" })).toThrow(/unsupported ConversionReview version/);
  });
});

describe("frr-k8s route", () => {
  test("merges with the stored configurations of the namespace for each selected node", async () => {
    const kube = new FakeKubeClient();
    const cfg = (name: string, holdTime: string, keepaliveTime: string) => ({
      apiVersion: "frrk8s.metallb.io/v1beta1",
      kind: "FRRConfiguration",
      metadata: { name, namespace: "frr-k8s-system" },
      spec: { bgp: { routers: [{ asn: 64600, neighbors: [{ asn: 64601, address: "192.0.2.1", holdTime, keepaliveTime }] }] } },
    });
    kube.seed(FRRConfigurations, cfg("a", "90s", "30s"));
    kube.seed(NodeResource, { apiVersion: "v1", kind: "Node", metadata: { name: "n1", labels: {} } });
    const handler = frrRoutes({ kube, log: silentLogger(), namespace: "frr-k8s-system" }).get(FRR_CONFIGURATION_WEBHOOK_PATH);
    const body = { apiVersion: "admission.k8s.io/v1", kind: "AdmissionReview", request: { uid: "u", operation: "CREATE", name: "b", namespace: "frr-k8s-system", object: cfg("b", "9s", "3s") } };
    const answer = (await handler?.(body)) as { response: { allowed: boolean; status?: { message: string } } };
    expect(answer.response.allowed).toBe(false);
    expect(answer.response.status?.message).toMatch(/FRRConfiguration frr-k8s-system\/a .* conflicts with FRRConfiguration frr-k8s-system\/b .*\nresource is invalid for node n1$/);
  });
});

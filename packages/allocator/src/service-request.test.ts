import { describe, expect, test } from "vitest";
import { annotationValue, backendKeyFor, resolveRequestedIPs, serviceFamilyFor, serviceRequestFor, type ServiceSource } from "./service-request.js";

describe("annotationValue: the current key wins when present, even empty", () => {
  test.for([
    { annotations: { "metallb.io/address-pool": "a", "metallb.universe.tf/address-pool": "b" }, want: "a" },
    { annotations: { "metallb.io/address-pool": "", "metallb.universe.tf/address-pool": "b" }, want: "" },
    { annotations: { "metallb.universe.tf/address-pool": "b" }, want: "b" },
    { annotations: {}, want: undefined },
  ])("$annotations", ({ annotations, want }) => {
    expect(annotationValue(annotations, "addressPool")).toBe(want);
  });
});

describe("resolveRequestedIPs", () => {
  const lbIPs = (v: string) => ({ "metallb.io/loadBalancerIPs": v });
  test.for([
    { desc: "nothing requested", annotations: {}, spec: undefined, want: [] },
    { desc: "spec.loadBalancerIP", annotations: {}, spec: "10.0.0.1", want: ["10.0.0.1"] },
    { desc: "annotation, spaces trimmed, canonical form", annotations: lbIPs(" 10.0.0.1 , 2001:DB8::0001"), spec: undefined, want: ["10.0.0.1", "2001:db8::1"] },
    { desc: "legacy annotation", annotations: { "metallb.universe.tf/loadBalancerIPs": "10.0.0.2" }, spec: undefined, want: ["10.0.0.2"] },
    { desc: "empty current key hides the legacy key", annotations: { ...lbIPs(""), "metallb.universe.tf/loadBalancerIPs": "10.0.0.2" }, spec: undefined, want: [] },
    { desc: "both set", annotations: lbIPs("10.0.0.1"), spec: "10.0.0.2", want: "service can not have both metallb.io/loadBalancerIPs and svc.Spec.LoadBalancerIP" },
    {
      desc: "both set, legacy key: the message still names the current key",
      annotations: { "metallb.universe.tf/loadBalancerIPs": "10.0.0.1" },
      spec: "10.0.0.2",
      want: "service can not have both metallb.io/loadBalancerIPs and svc.Spec.LoadBalancerIP",
    },
    { desc: "bad item", annotations: lbIPs("10.0.0.1,nope"), spec: undefined, want: 'invalid metallb.io/loadBalancerIPs: "10.0.0.1,nope"' },
    { desc: "two of one family", annotations: lbIPs("10.0.0.1,10.0.0.2"), spec: undefined, want: 'IPFamilyForAddresses: same address family ["10.0.0.1" "10.0.0.2"]' },
    { desc: "three", annotations: lbIPs("10.0.0.1,2001:db8::1,10.0.0.3"), spec: undefined, want: 'IPFamilyForAddresses: invalid ips length 3 ["10.0.0.1" "2001:db8::1" "10.0.0.3"]' },
    { desc: "bad spec IP", annotations: {}, spec: "10.0.0.300", want: 'invalid spec.loadBalancerIP "10.0.0.300"' },
  ])("$desc", ({ annotations, spec, want }) => {
    const got = resolveRequestedIPs(annotations, spec);
    expect(got.ok ? got.ips : got.message).toEqual(want);
  });
});

test.for([
  { clusterIPs: ["10.96.0.1"], want: "ipv4" },
  { clusterIPs: ["fd00::1"], want: "ipv6" },
  { clusterIPs: ["fd00::1", "10.96.0.1"], want: "dual" },
  { clusterIPs: [], want: "service has no ClusterIPs" },
  { clusterIPs: ["None"], want: 'IPFamilyForAddresses: invalid IP address "None"' },
])("serviceFamilyFor($clusterIPs)", ({ clusterIPs, want }) => {
  const got = serviceFamilyFor({ clusterIPs });
  expect(got.ok ? got.family : got.message).toBe(want);
});

test.for([
  { spec: { externalTrafficPolicy: "Cluster", selector: { app: "x" } }, want: "" },
  { spec: { externalTrafficPolicy: "Local", selector: { tier: "web", app: "x" } }, want: "app=x,tier=web" },
  { spec: { externalTrafficPolicy: "Local" }, want: "" },
])("backendKeyFor($spec)", ({ spec, want }) => {
  expect(backendKeyFor(spec)).toBe(want);
});

describe("serviceRequestFor", () => {
  const service = (spec: NonNullable<ServiceSource["spec"]>, annotations: Record<string, string> = {}): ServiceSource => ({
    metadata: { namespace: "web", name: "front", labels: { app: "front" }, annotations },
    spec,
  });

  test("collects everything the allocator needs", () => {
    const got = serviceRequestFor(
      service(
        {
          clusterIPs: ["fd00::1", "10.96.0.1"],
          ipFamilies: ["IPv6", "IPv4"],
          ipFamilyPolicy: "PreferDualStack",
          ports: [{ port: 80 }, { protocol: "UDP", port: 53 }],
          externalTrafficPolicy: "Local",
          selector: { app: "front" },
        },
        { "metallb.io/allow-shared-ip": "k", "metallb.universe.tf/address-pool": "blue" },
      ),
      { team: "a" },
    );
    expect(got).toEqual({
      ok: true,
      request: {
        namespace: "web",
        name: "front",
        labels: { app: "front" },
        namespaceLabels: { team: "a" },
        family: "dual",
        ipFamilyPolicy: "PreferDualStack",
        primaryFamily: "ipv6",
        requestedIPs: [],
        pool: "blue",
        sharingKey: "k",
        backendKey: "app=front",
        ports: [
          { protocol: "TCP", port: 80 },
          { protocol: "UDP", port: 53 },
        ],
      },
    });
  });

  test("RequireDualStack with one ClusterIP", () => {
    const got = serviceRequestFor(service({ clusterIP: "10.96.0.1", ipFamilyPolicy: "RequireDualStack" }));
    expect(got).toEqual({ ok: false, message: "Service requires dual stack but not enough clusterips [10.96.0.1]" });
  });
});

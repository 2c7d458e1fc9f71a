// The wired speaker (informers, loops, frr-k8s backend, status objects) on the fake API server:
// a stateful scenario table, each step a cluster change followed by what must hold afterwards.
import { afterEach, describe, expect, test } from "vitest";
import { Registry } from "prom-client";
import { FakeKubeClient, silentLogger } from "@metallb-ts/runtime/testing";
import { EventResource, type KubeObject, type ResourceType } from "@metallb-ts/runtime";
import type { FRRConfigurationObject } from "./frrk8s/frr-configuration.js";
import {
  BGPAdvertisementResource,
  BGPPeerResource,
  ConfigurationStateResource,
  EndpointSliceResource,
  FRRConfigurationResource,
  IPAddressPoolResource,
  NodeResource,
  ServiceBGPStatusResource,
  ServiceResource,
} from "./resources.js";
import { Speaker, type SpeakerConfig } from "./speaker.js";

const NS = "metallb-system";
const FRR_NS = "frr-k8s-system";
const ME = "node1";

const config: SpeakerConfig = {
  namespace: NS,
  nodeName: ME,
  frrK8sNamespace: FRR_NS,
  bgpType: "frr-k8s",
  frrK8sSecretPassthrough: false,
  loadBalancerClass: undefined,
  ignoreExcludeLB: false,
};

const node = (name: string, labels: Record<string, string> = {}) => ({
  apiVersion: "v1" as const,
  kind: "Node" as const,
  metadata: { name, labels: { "kubernetes.io/hostname": name, ...labels } },
});
const pool = { metadata: { name: "public", namespace: NS }, spec: { addresses: ["203.0.113.0/28"] } };
const peer = (name: string, address: string, extra: Record<string, unknown> = {}) => ({
  metadata: { name, namespace: NS },
  spec: { myASN: 64512, peerASN: 64512, peerAddress: address, peerPort: 179, ...extra },
});
const adv = (spec: Record<string, unknown> = {}) => ({ metadata: { name: "public", namespace: NS }, spec: { ipAddressPools: ["public"], ...spec } });
const service = (name: string, ip: string | undefined, etp: "Cluster" | "Local" = "Cluster") => ({
  apiVersion: "v1" as const,
  kind: "Service" as const,
  metadata: { name, namespace: "default" },
  spec: { type: "LoadBalancer" as const, externalTrafficPolicy: etp, ports: [{ port: 80, protocol: "TCP" as const }] },
  status: { loadBalancer: { ingress: ip ? [{ ip }] : [] } },
});
const slice = (svc: string, nodes: string[]) => ({
  apiVersion: "discovery.k8s.io/v1" as const,
  kind: "EndpointSlice" as const,
  metadata: { name: `${svc}-x`, namespace: "default", labels: { "kubernetes.io/service-name": svc } },
  addressType: "IPv4" as const,
  endpoints: nodes.map((n) => ({ addresses: ["10.0.0.1"], conditions: { ready: true }, nodeName: n })),
});

interface World {
  client: FakeKubeClient;
  speaker: Speaker;
  registry: Registry;
}

let running: Speaker | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

async function start(seed: (c: FakeKubeClient) => void): Promise<World> {
  const client = new FakeKubeClient();
  seed(client);
  const registry = new Registry();
  // No re-plan interval: idle() does not wait for a delayed run.
  const speaker = new Speaker({ client, config, log: silentLogger(), registry, retryBackoff: { initialMs: 5, maxMs: 20 }, nodeStateMinIntervalMs: 0 });
  running = speaker;
  await speaker.start();
  await speaker.idle();
  return { client, speaker, registry };
}

async function put<T extends KubeObject>(w: World, resource: ResourceType<T>, obj: T): Promise<void> {
  const existing = w.client.objects(resource).find((o) => o.metadata?.name === obj.metadata?.name && o.metadata?.namespace === obj.metadata?.namespace);
  if (existing) await w.client.replace(resource, { ...obj, metadata: { ...obj.metadata, resourceVersion: existing.metadata?.resourceVersion } });
  else await w.client.create(resource, obj);
  await w.speaker.idle();
}

/** Service IPs live in the status subresource, which a replace of the main resource ignores. */
async function setIngress(w: World, svc: string, ip: string): Promise<void> {
  await w.client.mergePatch(ServiceResource, svc, { status: { loadBalancer: { ingress: [{ ip }] } } }, { namespace: "default", subresource: "status" });
  await w.speaker.idle();
}

function frrConfig(w: World): FRRConfigurationObject | undefined {
  return w.client.objects(FRRConfigurationResource, FRR_NS).find((o) => o.metadata.name === `metallb-${ME}`);
}

function advertised(w: World): string[] {
  return frrConfig(w)?.spec.bgp.routers.flatMap((r) => r.prefixes ?? []) ?? [];
}

function baseline(c: FakeKubeClient): void {
  c.seed(NodeResource, node(ME), node("node2"));
  c.seed(IPAddressPoolResource, pool);
  c.seed(BGPPeerResource, peer("tor", "192.0.2.1"));
  c.seed(BGPAdvertisementResource, adv({ localPref: 150, communities: ["64512:300"] }));
  c.seed(ServiceResource, service("web", "203.0.113.10"));
  c.seed(EndpointSliceResource, slice("web", ["node2"]));
}

describe("Speaker on the fake API server", () => {
  test("writes metallb-<node> with the Service prefix, its attributes, and the status objects", async () => {
    const w = await start(baseline);
    const cfg = frrConfig(w);
    expect(cfg?.spec.nodeSelector).toEqual({ matchLabels: { "kubernetes.io/hostname": ME } });
    const neighbor = cfg?.spec.bgp.routers[0]?.neighbors[0];
    expect(neighbor?.toAdvertise).toEqual({
      allowed: { prefixes: ["203.0.113.10/32"] },
      withLocalPref: [{ localPref: 150, prefixes: ["203.0.113.10/32"] }],
      withCommunity: [{ community: "64512:300", prefixes: ["203.0.113.10/32"] }],
    });
    const applies = w.client.writes.filter((x) => x.resource === "frrconfigurations.frrk8s.metallb.io");
    expect(applies.map((x) => [x.verb, x.fieldManager, x.force])).toEqual([["apply", "metallb-speaker", true]]);

    const statuses = w.client.objects(ServiceBGPStatusResource, NS);
    expect(statuses).toHaveLength(1);
    expect(statuses[0]?.metadata.labels).toEqual({ "metallb.io/node": ME, "metallb.io/service-name": "web", "metallb.io/service-namespace": "default" });
    expect(statuses[0]?.status).toEqual({ node: ME, serviceName: "web", serviceNamespace: "default", peers: ["tor"] });

    const state = w.client.objects(ConfigurationStateResource, NS)[0];
    expect(state?.metadata.name).toBe(`speaker-${ME}`);
    expect(state?.status).toMatchObject({ result: "Valid", errorSummary: "", conditions: [{ type: "configReconcilerValid", status: "True", reason: "Reconciled" }] });

    const events = w.client.objects(EventResource, "default");
    expect(events.map((e) => [e.reason, e.message])).toEqual([["nodeAssigned", `announcing from node "${ME}" with protocol "bgp"`]]);
    expect(await w.registry.getSingleMetricAsString("metallb_speaker_announced")).toContain(
      `metallb_speaker_announced{service="default/web",protocol="bgp",node="${ME}",ip="203.0.113.10"} 1`,
    );
  });

  test("does not write when nothing changed, and reverts an external edit", async () => {
    const w = await start(baseline);
    w.client.clearWrites();
    await put(w, ServiceResource, { ...service("web", "203.0.113.10"), metadata: { ...service("web", "").metadata, labels: { touched: "yes" } } });
    expect(w.client.writes.filter((x) => x.kind === "FRRConfiguration")).toEqual([]);

    const live = frrConfig(w);
    if (!live) throw new Error("no FRRConfiguration");
    const edited = structuredClone(live);
    edited.spec.bgp.routers = [];
    (edited.spec as Record<string, unknown>)["raw"] = { rawConfig: "! injected" };
    await put(w, FRRConfigurationResource, edited);
    expect(advertised(w)).toEqual(["203.0.113.10/32"]);
    expect((frrConfig(w)?.spec as Record<string, unknown>)["raw"]).toBeUndefined();
  });

  test.for([
    { name: "ETP Local with the endpoint elsewhere: withdrawn", etp: "Local" as const, endpoints: ["node2"], want: [] },
    { name: "ETP Local with the endpoint here: announced", etp: "Local" as const, endpoints: [ME], want: ["203.0.113.10/32"] },
    { name: "ETP Cluster without endpoints: withdrawn", etp: "Cluster" as const, endpoints: [], want: [] },
  ])("$name", async ({ etp, endpoints, want }) => {
    const w = await start((c) => {
      baseline(c);
      c.seed(ServiceResource, service("local", "203.0.113.10", etp));
    });
    await w.client.delete(ServiceResource, "web", { namespace: "default" });
    await put(w, EndpointSliceResource, slice("local", endpoints));
    expect(advertised(w)).toEqual(want);
  });

  test("stateful: an invalid configuration keeps the previous one; the verdict and staleness follow", async () => {
    const w = await start(baseline);
    // Two BGPPeers with different myASN on one node: rejected in frr-k8s mode.
    await put(w, BGPPeerResource, peer("other", "192.0.2.2", { myASN: 65000 }));
    expect(advertised(w)).toEqual(["203.0.113.10/32"]);
    expect(frrConfig(w)?.spec.bgp.routers[0]?.neighbors.map((n) => n.address)).toEqual(["192.0.2.1"]);
    const state = w.client.objects(ConfigurationStateResource, NS)[0];
    expect(state?.status?.result).toBe("Invalid");
    expect(state?.status?.errorSummary).toMatch(/^configuration error: .*myAsn/);
    expect(await w.registry.getSingleMetricAsString("metallb_k8s_client_config_stale_bool")).toMatch(/ 1$/m);

    // The Service keeps being served with the previous configuration.
    await setIngress(w, "web", "203.0.113.11");
    expect(advertised(w)).toEqual(["203.0.113.11/32"]);

    await w.client.delete(BGPPeerResource, "other", { namespace: NS });
    await w.speaker.idle();
    expect(w.client.objects(ConfigurationStateResource, NS)[0]?.status?.result).toBe("Valid");
    expect(await w.registry.getSingleMetricAsString("metallb_k8s_client_config_stale_bool")).toMatch(/ 0$/m);
  });

  test("stateful: a pool change that would strand an announced Service is refused until the Service moves", async () => {
    const w = await start(baseline);
    await put(w, IPAddressPoolResource, { ...pool, spec: { addresses: ["198.51.100.0/28"] } });
    expect(advertised(w)).toEqual(["203.0.113.10/32"]);
    expect(w.client.objects(ConfigurationStateResource, NS)[0]?.status?.errorSummary).toBe("configuration error: general handler sync state error");
    await setIngress(w, "web", "198.51.100.3");
    expect(advertised(w)).toEqual(["198.51.100.3/32"]);
    expect(w.client.objects(ConfigurationStateResource, NS)[0]?.status?.result).toBe("Valid");
  });

  test("stateful: status objects follow the peer set and stale ones from before a restart are removed", async () => {
    const w = await start((c) => {
      baseline(c);
      c.seed(ServiceBGPStatusResource, {
        apiVersion: "metallb.io/v1beta1",
        kind: "ServiceBGPStatus",
        metadata: { name: "bgp-stale", namespace: NS, labels: { "metallb.io/node": ME, "metallb.io/service-name": "gone", "metallb.io/service-namespace": "default" } },
        spec: {},
        status: { node: ME, serviceName: "gone", serviceNamespace: "default", peers: ["tor"] },
      });
    });
    expect(w.client.objects(ServiceBGPStatusResource, NS).map((s) => s.status?.serviceName)).toEqual(["web"]);
    await put(w, BGPPeerResource, peer("tor2", "192.0.2.2"));
    expect(w.client.objects(ServiceBGPStatusResource, NS)[0]?.status?.peers).toEqual(["tor", "tor2"]);
    await w.client.delete(ServiceResource, "web", { namespace: "default" });
    await w.speaker.idle();
    expect(w.client.objects(ServiceBGPStatusResource, NS)).toEqual([]);
    expect(await w.registry.getSingleMetricAsString("metallb_speaker_announced")).not.toContain("default/web");
  });

  test("a restart finds metallb-<node> up to date: no delete, no write", async () => {
    const first = await start(baseline);
    const objects = first.client.objects(FRRConfigurationResource, FRR_NS);
    await first.speaker.stop();
    running = undefined;
    const w = await start((c) => {
      baseline(c);
      c.seed(FRRConfigurationResource, ...objects);
    });
    expect(w.client.writes.filter((x) => x.kind === "FRRConfiguration")).toEqual([]);
    expect(frrConfig(w)?.metadata).toMatchObject({ name: `metallb-${ME}` });
  });
});

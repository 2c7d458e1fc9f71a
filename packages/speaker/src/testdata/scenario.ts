// Test-only builders and the whole speaker pipeline for one node (excluded from the build).
import {
  ValidationMode,
  configFor,
  formatConfigError,
  type BGPAdvertisementView,
  type BGPPeerView,
  type ClusterResources,
  type Config,
  type IPAddressPoolView,
  type NodeView,
} from "@metallb-ts/config";
import { planNode, resourcesForNode, type NodeBGPPlan } from "../core/plan.js";
import type { AnnounceOptions } from "../core/announce.js";
import type { EndpointSliceView, ServiceView } from "../core/views.js";
import { buildFRRConfiguration, type FRRConfigurationObject, type PasswordSecretMode } from "../frrk8s/frr-configuration.js";

export const NS = "metallb-system";

type Spec<T extends { spec?: unknown }> = Partial<NonNullable<T["spec"]>>;

export function node(name: string, labels: Record<string, string> = {}, networkUnavailable = false): NodeView {
  return {
    metadata: { name, labels: { "kubernetes.io/hostname": name, ...labels } },
    status: { conditions: [{ type: "NetworkUnavailable", status: networkUnavailable ? "True" : "False" }] },
  };
}

export function pool(name: string, addresses: string[], labels?: Record<string, string>): IPAddressPoolView {
  return { metadata: labels ? { name, namespace: NS, labels } : { name, namespace: NS }, spec: { addresses } };
}

export function peer(name: string, spec: Spec<BGPPeerView> = {}): BGPPeerView {
  return { metadata: { name, namespace: NS }, spec: { myASN: 64512, peerASN: 64500, peerAddress: "192.0.2.1", ...spec } };
}

export function bgpAdv(name: string, spec: Spec<BGPAdvertisementView> = {}): BGPAdvertisementView {
  return { metadata: { name, namespace: NS }, spec };
}

export interface ServiceOptions {
  ips?: string[];
  labels?: Record<string, string>;
  etp?: "Local" | "Cluster";
  type?: string;
  namespace?: string;
}

export function service(name: string, o: ServiceOptions = {}): ServiceView {
  return {
    metadata: { name, namespace: o.namespace ?? "default", ...(o.labels ? { labels: o.labels } : {}) },
    spec: { type: o.type ?? "LoadBalancer", externalTrafficPolicy: o.etp ?? "Cluster" },
    status: { loadBalancer: { ingress: (o.ips ?? []).map((ip) => ({ ip })) } },
  };
}

export interface EndpointOptions {
  node?: string;
  ready?: boolean | null;
  serving?: boolean;
  terminating?: boolean;
  addresses?: string[];
}

export function slice(svc: string, endpoints: EndpointOptions[], namespace = "default"): EndpointSliceView {
  return {
    metadata: { name: `${svc}-abcde`, namespace, labels: { "kubernetes.io/service-name": svc } },
    endpoints: endpoints.map((e) => ({
      addresses: e.addresses ?? ["10.244.0.10"],
      conditions: {
        ...(e.ready !== undefined ? { ready: e.ready } : {}),
        ...(e.serving !== undefined ? { serving: e.serving } : {}),
        ...(e.terminating !== undefined ? { terminating: e.terminating } : {}),
      },
      ...(e.node !== undefined ? { nodeName: e.node } : {}),
    })),
  };
}

export function mustConfig(r: ClusterResources, me: NodeView): Config {
  const result = configFor(resourcesForNode(r, me), { validation: ValidationMode.FRRK8s });
  if (!result.ok) throw new Error(result.errors.map(formatConfigError).join("\n"));
  return result.config;
}

export interface Scenario {
  resources: ClusterResources;
  node: string;
  services?: ServiceView[];
  slices?: EndpointSliceView[];
  options?: AnnounceOptions;
  passwordSecretMode?: PasswordSecretMode;
}

export function runScenario(s: Scenario): { plan: NodeBGPPlan; frr: FRRConfigurationObject } {
  const me = s.resources.nodes?.find((n) => n.metadata.name === s.node) ?? node(s.node);
  const config = mustConfig(s.resources, me);
  const plan = planNode({ config, node: me, services: s.services ?? [], endpointSlices: s.slices ?? [], options: s.options });
  const frr = buildFRRConfiguration(plan.sessions, config.bfdProfiles.values(), {
    nodeName: s.node,
    namespace: "frr-k8s-system",
    passwordSecretMode: s.passwordSecretMode ?? "convert",
  });
  return { plan, frr };
}

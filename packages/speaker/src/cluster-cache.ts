// The informers a speaker runs, and the snapshot the node state is computed from. MetalLB CRs,
// Secrets and the bgpextras ConfigMap come from the metallb namespace; Nodes, Namespaces, Services
// and EndpointSlices from the whole cluster; FRRConfigurations and this node's FRRNodeState from the
// frr-k8s namespace (frr-k8s backend); ServiceBGPStatus and ConfigurationState objects are scoped
// to this node so the speaker holds only its own.
import { MetalLBLabel } from "@metallb-ts/api";
import type { ConfigurationState, ServiceBGPStatus } from "@metallb-ts/api";
import type { ClusterResources } from "@metallb-ts/config";
import { Informer, type InformerEvent, type InformerHandlers, type KubeClient, type KubeObject, type ResourceType } from "@metallb-ts/runtime";
import type { FRRConfigurationObject } from "./frrk8s/frr-configuration.js";
import type { SpeakerSnapshot } from "./reconcilers/node-state.js";
import {
  BFDProfileResource,
  BGPAdvertisementResource,
  BGPPeerResource,
  CommunityResource,
  ConfigMapResource,
  ConfigurationStateResource,
  EndpointSliceResource,
  FRRConfigurationResource,
  FRRNodeStateResource,
  IPAddressPoolResource,
  L2AdvertisementResource,
  NamespaceResource,
  NodeResource,
  SecretResource,
  ServiceBGPStatusResource,
  ServiceResource,
} from "./resources.js";
import { configurationStateName } from "./reconcilers/configuration-state.js";

export const BGP_EXTRAS_CONFIGMAP = "bgpextras";

export interface ClusterCacheOptions {
  readonly client: KubeClient;
  readonly namespace: string;
  readonly frrK8sNamespace: string;
  readonly nodeName: string;
  /** Watch FRRConfigurations and FRRNodeState (frr-k8s backend only). */
  readonly watchFRRK8s: boolean;
  /** Read bgpextras (frr backend only: the other modes reject non-empty extras, so they still need it). */
  readonly onInformerEvent?: ((kind: string, event: InformerEvent) => void) | undefined;
}

/** Node events that change a decision: labels, NetworkUnavailable; heartbeats do not. */
function nodeChanged(a: KubeObject & { status?: { conditions?: { type: string; status: string }[] | undefined } | undefined }, b: typeof a): boolean {
  const nu = (n: typeof a): string | undefined => n.status?.conditions?.find((c) => c.type === "NetworkUnavailable")?.status;
  return JSON.stringify(a.metadata?.labels ?? {}) !== JSON.stringify(b.metadata?.labels ?? {}) || nu(a) !== nu(b);
}

export class ClusterCache {
  readonly pools;
  readonly peers;
  readonly bgpAdvertisements;
  readonly l2Advertisements;
  readonly bfdProfiles;
  readonly communities;
  readonly secrets;
  readonly configMaps;
  readonly nodes;
  readonly namespaces;
  readonly services;
  readonly endpointSlices;
  readonly frrConfigurations: Informer<FRRConfigurationObject> | undefined;
  readonly frrNodeStates;
  readonly serviceBGPStatuses: Informer<ServiceBGPStatus>;
  readonly configurationStates: Informer<ConfigurationState>;
  readonly #all: Informer<KubeObject>[] = [];

  constructor(options: ClusterCacheOptions) {
    const { client, namespace, frrK8sNamespace, nodeName } = options;
    const make = <T extends KubeObject>(resource: ResourceType<T>, scope: { namespace?: string; labelSelector?: string; fieldSelector?: string } = {}): Informer<T> => {
      const informer = new Informer<T>(client, resource, { ...scope, onEvent: (e) => options.onInformerEvent?.(resource.kind, e) });
      this.#all.push(informer as unknown as Informer<KubeObject>);
      return informer;
    };
    this.pools = make(IPAddressPoolResource, { namespace });
    this.peers = make(BGPPeerResource, { namespace });
    this.bgpAdvertisements = make(BGPAdvertisementResource, { namespace });
    this.l2Advertisements = make(L2AdvertisementResource, { namespace });
    this.bfdProfiles = make(BFDProfileResource, { namespace });
    this.communities = make(CommunityResource, { namespace });
    this.secrets = make(SecretResource, { namespace });
    this.configMaps = make(ConfigMapResource, { namespace, fieldSelector: `metadata.name=${BGP_EXTRAS_CONFIGMAP}` });
    this.nodes = make(NodeResource);
    this.namespaces = make(NamespaceResource);
    this.services = make(ServiceResource);
    this.endpointSlices = make(EndpointSliceResource);
    this.frrConfigurations = options.watchFRRK8s ? make(FRRConfigurationResource, { namespace: frrK8sNamespace }) : undefined;
    this.frrNodeStates = options.watchFRRK8s ? make(FRRNodeStateResource, { fieldSelector: `metadata.name=${nodeName}` }) : undefined;
    this.serviceBGPStatuses = make(ServiceBGPStatusResource, { namespace, labelSelector: `${MetalLBLabel.node}=${nodeName}` });
    this.configurationStates = make(ConfigurationStateResource, { namespace, fieldSelector: `metadata.name=${configurationStateName(nodeName)}` });
  }

  /** Calls `onChange` on every change that can alter this node's desired state. */
  onStateInput(onChange: () => void): void {
    const all: InformerHandlers<KubeObject> = { onAdd: onChange, onUpdate: onChange, onDelete: onChange };
    const inputs: Informer<KubeObject>[] = [
      this.pools, this.peers, this.bgpAdvertisements, this.l2Advertisements, this.bfdProfiles, this.communities, this.secrets,
      this.configMaps, this.namespaces, this.services, this.endpointSlices,
      ...(this.frrConfigurations ? [this.frrConfigurations] : []),
      ...(this.frrNodeStates ? [this.frrNodeStates] : []),
    ] as unknown as Informer<KubeObject>[];
    for (const informer of inputs) informer.addHandler(all);
    this.nodes.addHandler({ onAdd: onChange, onDelete: onChange, onUpdate: (a, b) => nodeChanged(a, b) && onChange() });
  }

  start(): void {
    for (const informer of this.#all) informer.start();
  }

  async stop(): Promise<void> {
    await Promise.all(this.#all.map((i) => i.stop()));
  }

  /** Resolves true once every informer listed once. */
  async waitForSync(signal?: AbortSignal): Promise<boolean> {
    const results = await Promise.all(this.#all.map((i) => i.waitForSync(signal)));
    return results.every(Boolean);
  }

  hasSynced(): boolean {
    return this.#all.every((i) => i.hasSynced());
  }

  snapshot(): SpeakerSnapshot {
    const named = <T extends KubeObject>(informer: Informer<T>): (T & { metadata: { name: string } })[] =>
      informer.list().filter((o): o is T & { metadata: { name: string } } => typeof o.metadata?.name === "string");
    const extras = this.configMaps.list()[0] as { data?: Record<string, string> | undefined } | undefined;
    const resources: ClusterResources = {
      pools: named(this.pools),
      peers: named(this.peers),
      bfdProfiles: named(this.bfdProfiles),
      bgpAdvertisements: named(this.bgpAdvertisements),
      l2Advertisements: named(this.l2Advertisements),
      communities: named(this.communities),
      secrets: named(this.secrets),
      nodes: named(this.nodes),
      namespaces: named(this.namespaces),
      bgpExtras: extras?.data?.["extras"] ?? "",
    };
    return { resources, services: named(this.services), endpointSlices: named(this.endpointSlices) };
  }
}

// This node's desired BGP state from one cluster snapshot: the configuration (kept from before when
// the new one is invalid or would strand announced Services), the announce plan, and the
// FRRConfiguration `metallb-<node>`. Pure apart from remembering the last accepted configuration.
import { configFor, formatConfigError, parseIP, type ClusterResources, type Config, type ConfigError, type IPAddress, type ValidationMode } from "@metallb-ts/config";
import { poolForIPs, type AnnounceOptions } from "../core/announce.js";
import { DecisionMemo, planNode, resourcesForNode, type NodeBGPPlan, type SessionPlan } from "../core/plan.js";
import { serviceKey, type EndpointSliceView, type NodeView, type ServiceView } from "../core/views.js";
import { buildFRRConfiguration, type FRRConfigurationObject, type PasswordSecretMode } from "../frrk8s/frr-configuration.js";

export interface SpeakerSnapshot {
  /** MetalLB CRs and Secrets of the metallb namespace, all Nodes and Namespaces, bgpextras. */
  readonly resources: ClusterResources;
  readonly services: readonly ServiceView[];
  readonly endpointSlices: readonly EndpointSliceView[];
}

export interface NodeStateOptions {
  readonly nodeName: string;
  readonly validation: ValidationMode;
  readonly secretPassthrough: boolean;
  readonly passwordSecretMode: PasswordSecretMode;
  /** Namespace of `metallb-<node>`. */
  readonly frrK8sNamespace: string;
  readonly announce?: AnnounceOptions | undefined;
}

export const ConfigStatusKind = {
  valid: "valid",
  /** The newest configuration does not parse; the previous one (if any) stays in use. */
  invalid: "invalid",
  /** The newest configuration parses but would strand announced Services; retried with backoff. */
  refused: "refused",
  /** This node's Node object is not in the cache (yet): nothing can be decided. */
  noNode: "noNode",
} as const;
export type ConfigStatusKind = (typeof ConfigStatusKind)[keyof typeof ConfigStatusKind];

export type ConfigStatus =
  | { readonly kind: typeof ConfigStatusKind.valid }
  | { readonly kind: typeof ConfigStatusKind.invalid; readonly errors: readonly ConfigError[] }
  | { readonly kind: typeof ConfigStatusKind.refused; readonly services: readonly string[] }
  | { readonly kind: typeof ConfigStatusKind.noNode };

export interface DesiredNodeState {
  readonly config: Config;
  readonly plan: NodeBGPPlan;
  readonly frrConfiguration: FRRConfigurationObject;
}

export interface NodeState {
  readonly status: ConfigStatus;
  /** Undefined until a configuration was accepted once in this process. */
  readonly desired?: DesiredNodeState | undefined;
  /** Session errors (too many communities): those sessions keep their previous advertisements. */
  readonly sessionErrors: readonly { readonly peer: string; readonly error: string }[];
}

function ipsOf(svc: ServiceView): IPAddress[] | undefined {
  const out: IPAddress[] = [];
  for (const ing of svc.status?.loadBalancer?.ingress ?? []) {
    const ip = parseIP(ing.ip ?? "");
    if (!ip) return undefined;
    out.push(ip);
  }
  return out.length > 0 ? out : undefined;
}

/**
 * What of an IPAddressPool the configuration reads. The controller rewrites pool status on every
 * allocation change; comparing whole objects would re-parse the configuration (and re-decide every
 * Service) on each of them.
 */
function poolContent(pool: unknown): string {
  const { metadata, spec } = pool as { metadata?: { name?: string; namespace?: string; labels?: unknown }; spec?: unknown };
  return JSON.stringify([metadata?.namespace, metadata?.name, metadata?.labels, spec]);
}

/**
 * Same fields holding the very same objects (informer caches keep an object until it changes);
 * pools are compared by what the configuration reads of them.
 */
function sameResources(a: ClusterResources, b: ClusterResources): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)] as (keyof ClusterResources)[]);
  for (const k of keys) {
    const x = a[k];
    const y = b[k];
    if (Array.isArray(x) && Array.isArray(y)) {
      if (x.length !== y.length) return false;
      const same = k === "pools" ? (p: unknown, i: number) => p === y[i] || poolContent(p) === poolContent(y[i]) : (item: unknown, i: number) => item === y[i];
      if (!x.every(same)) return false;
    } else if (x !== y) {
      return false;
    }
  }
  return true;
}

export class NodeStateComputer {
  readonly #options: NodeStateOptions;
  #config: Config | undefined;
  #plan: NodeBGPPlan | undefined;
  /** The inputs of the configuration in use: unchanged inputs keep it (and the decisions made with it). */
  #configInputs: ClusterResources | undefined;
  readonly #decisions = new DecisionMemo();

  constructor(options: NodeStateOptions) {
    this.#options = options;
  }

  /** The configuration in use (last accepted). */
  get config(): Config | undefined {
    return this.#config;
  }

  compute(snapshot: SpeakerSnapshot): NodeState {
    const node = snapshot.resources.nodes?.find((n) => n.metadata.name === this.#options.nodeName);
    if (!node) return { status: { kind: ConfigStatusKind.noNode }, desired: this.#desiredFrom(this.#plan), sessionErrors: [] };
    const status = this.#acceptConfig(snapshot, node);
    if (!this.#config) return { status, sessionErrors: [] };
    const plan = planNode({ config: this.#config, node, services: snapshot.services, endpointSlices: snapshot.endpointSlices, options: this.#options.announce, memo: this.#decisions });
    const { sessions, errors } = this.#keepPreviousOnSessionError(plan.sessions);
    this.#plan = { ...plan, sessions };
    return { status, desired: this.#desiredFrom(this.#plan), sessionErrors: errors };
  }

  #acceptConfig(snapshot: SpeakerSnapshot, node: NodeView): ConfigStatus {
    const inputs = resourcesForNode(snapshot.resources, node);
    // The same objects as the configuration in use: it stays, and so does every decision made with it.
    if (this.#config && this.#configInputs && sameResources(inputs, this.#configInputs)) return { kind: ConfigStatusKind.valid };
    const result = configFor(inputs, {
      validation: this.#options.validation,
      secretPassthrough: this.#options.secretPassthrough,
    });
    if (!result.ok) return { kind: ConfigStatusKind.invalid, errors: result.errors };
    const stranded = this.#strandedServices(result.config, snapshot.services);
    if (stranded.length > 0) return { kind: ConfigStatusKind.refused, services: stranded };
    this.#config = result.config;
    this.#configInputs = inputs;
    return { kind: ConfigStatusKind.valid };
  }

  /**
   * Services this node announces whose IPs the current configuration covers but the new one does
   * not: upstream refuses such a configuration until the controller has moved them.
   */
  #strandedServices(next: Config, services: readonly ServiceView[]): string[] {
    const previous = this.#config;
    if (!previous || !this.#plan) return [];
    const announced = new Set(this.#plan.services.filter((d) => d.announce).map((d) => d.service));
    const out: string[] = [];
    for (const svc of services) {
      const key = serviceKey(svc);
      if (!announced.has(key)) continue;
      const ips = ipsOf(svc);
      if (ips && poolForIPs(previous, ips) && !poolForIPs(next, ips)) out.push(key);
    }
    return out.sort();
  }

  #keepPreviousOnSessionError(sessions: readonly SessionPlan[]): { sessions: SessionPlan[]; errors: { peer: string; error: string }[] } {
    const errors: { peer: string; error: string }[] = [];
    const out = sessions.map((s) => {
      if (s.error === undefined) return s;
      errors.push({ peer: s.peer.name, error: s.error });
      // Stored without the error, so a second failing round still finds what the session sends.
      const before = this.#plan?.sessions.find((p) => p.peer.name === s.peer.name);
      return { peer: s.peer, announcements: before?.announcements ?? [] };
    });
    return { sessions: out, errors };
  }

  #desiredFrom(plan: NodeBGPPlan | undefined): DesiredNodeState | undefined {
    if (!plan || !this.#config) return undefined;
    const frrConfiguration = buildFRRConfiguration(plan.sessions, this.#config.bfdProfiles.values(), {
      nodeName: this.#options.nodeName,
      namespace: this.#options.frrK8sNamespace,
      passwordSecretMode: this.#options.passwordSecretMode,
    });
    return { config: this.#config, plan, frrConfiguration };
  }
}

/** The ConfigurationState condition message for a status (upstream wording). */
export function configStatusMessage(status: ConfigStatus): string {
  switch (status.kind) {
    case ConfigStatusKind.valid:
      return "";
    case ConfigStatusKind.invalid:
      return `configuration error: ${status.errors.map(formatConfigError).join("; ")}`;
    case ConfigStatusKind.refused:
      return "configuration error: general handler sync state error";
    case ConfigStatusKind.noNode:
      return "node not found";
  }
}

// Small builders for test snapshots (test-only; excluded from the build).
import type {
  BFDProfileView,
  BGPAdvertisementView,
  BGPPeerView,
  CommunityView,
  IPAddressPoolView,
  L2AdvertisementView,
  NodeView,
  SecretView,
} from "../resources.js";

export const NS = "metallb-system";

type Spec<T extends { spec?: unknown }> = Partial<NonNullable<T["spec"]>>;

function meta(name: string, labels?: Record<string, string>): { name: string; namespace: string; labels?: Record<string, string> } {
  return labels ? { name, namespace: NS, labels } : { name, namespace: NS };
}

export function pool(name: string, addresses: string[], spec: Spec<IPAddressPoolView> = {}, labels?: Record<string, string>): IPAddressPoolView {
  return { metadata: meta(name, labels), spec: { addresses, ...spec } };
}

export function peer(name: string, spec: Spec<BGPPeerView> = {}): BGPPeerView {
  return { metadata: meta(name), spec: { myASN: 64512, peerASN: 64500, peerAddress: "192.0.2.1", ...spec } };
}

export function bgpAdv(name: string, spec: Spec<BGPAdvertisementView> = {}): BGPAdvertisementView {
  return { metadata: meta(name), spec };
}

export function l2Adv(name: string, spec: Spec<L2AdvertisementView> = {}): L2AdvertisementView {
  return { metadata: meta(name), spec };
}

export function bfd(name: string, spec: Spec<BFDProfileView> = {}): BFDProfileView {
  return { metadata: meta(name), spec };
}

export function community(name: string, aliases: Record<string, string>): CommunityView {
  return { metadata: meta(name), spec: { communities: Object.entries(aliases).map(([n, value]) => ({ name: n, value })) } };
}

export function basicAuthSecret(name: string, password: string | undefined, type = "kubernetes.io/basic-auth"): SecretView {
  return { metadata: meta(name), type, data: password === undefined ? { username: "dXNlcg==" } : { password: Buffer.from(password).toString("base64") } };
}

export function node(name: string, labels: Record<string, string> = {}, networkUnavailable = false): NodeView {
  return {
    metadata: { name, labels: { "kubernetes.io/hostname": name, ...labels } },
    status: { conditions: [{ type: "NetworkUnavailable", status: networkUnavailable ? "True" : "False" }] },
  };
}

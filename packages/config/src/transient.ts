// What admission webhooks run: the same configFor, but blind to references whose target may simply
// not have been created yet, so that the order in which a user applies objects does not matter.
import { configFor, type ConfigForOptions } from "./config.js";
import type { ConfigError } from "./errors.js";
import type { BGPAdvertisementView, BGPPeerV1beta1View, BGPPeerView, ClusterResources } from "./resources.js";

function withoutPeerReferences<T extends BGPPeerView | BGPPeerV1beta1View>(p: T): T {
  const spec: Record<string, unknown> = { ...p.spec };
  delete spec["bfdProfile"];
  delete spec["passwordSecret"];
  return { ...p, spec } as T;
}

function withoutCommunityAliases(a: BGPAdvertisementView): BGPAdvertisementView {
  const communities = a.spec?.communities;
  if (!communities) return a;
  return { ...a, spec: { ...a.spec, communities: communities.filter((c) => c.includes(":")) } };
}

/**
 * Blanks every field that can only fail transiently: each BGPPeer's bfdProfile and passwordSecret,
 * and each BGPAdvertisement community without a ':' (an alias name). Returns a new snapshot.
 */
export function resetTransientFields(r: ClusterResources): ClusterResources {
  return {
    ...r,
    peers: r.peers?.map(withoutPeerReferences),
    peersV1beta1: r.peersV1beta1?.map(withoutPeerReferences),
    bgpAdvertisements: r.bgpAdvertisements?.map(withoutCommunityAliases),
  };
}

/** The webhook verdict: errors that should deny the request (transient ones never do). */
export function admissionErrors(r: ClusterResources, options: ConfigForOptions): readonly ConfigError[] {
  const result = configFor(resetTransientFields(r), options);
  return result.ok ? [] : result.errors.filter((e) => !e.transient);
}

// configFor: the whole MetalLB snapshot -> one validated Config, as an ordered pipeline (backend
// checks, BFD profiles, peers, community aliases, pools, L2 then BGP advertisements, cross-kind
// checks). Each stage reports every failing object; the pipeline stops after the first stage that
// failed, because later stages depend on earlier ones.
import { attachBGPAdvertisements, attachL2Advertisements, communityAliasesFor } from "./advertisements.js";
import { bfdProfilesFor } from "./bfd-profiles.js";
import type { ConfigError } from "./errors.js";
import type { Config } from "./model.js";
import { convertPeerV1beta1, peersFor } from "./peers.js";
import { poolsFor } from "./pools.js";
import type { BGPPeerView, ClusterResources, ObjectMetaView } from "./resources.js";
import { backendModeErrors, crossKindErrors, type ValidationMode } from "./validation.js";

export interface ConfigForOptions {
  readonly validation: ValidationMode;
  /**
   * frr-k8s secret pass-through (`--frrk8s-secret-passthrough`): passwordSecret references are
   * handed to frr-k8s as they are, so they are not resolved (nor required) here.
   */
  readonly secretPassthrough?: boolean | undefined;
}

export type ConfigResult = { readonly ok: true; readonly config: Config } | { readonly ok: false; readonly errors: readonly ConfigError[] };

function byName<T extends { metadata: ObjectMetaView }>(items: readonly T[] | undefined): T[] {
  const key = (o: T): string => `${o.metadata.namespace ?? ""}/${o.metadata.name}`;
  return [...(items ?? [])].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** All BGPPeers as v1beta2, in name order. */
export function peersV1beta2(r: ClusterResources): BGPPeerView[] {
  return byName([...(r.peers ?? []), ...(r.peersV1beta1 ?? []).map(convertPeerV1beta1)]);
}

/**
 * Objects are processed in name order (what upstream intends), so the result and the errors do not
 * depend on the order the API server or a file listed them in.
 */
export function configFor(resources: ClusterResources, options: ConfigForOptions): ConfigResult {
  const peerCRs = peersV1beta2(resources);
  const poolCRs = byName(resources.pools);
  const nodes = byName(resources.nodes);
  const fail = (errors: readonly ConfigError[]): ConfigResult => ({ ok: false, errors });

  const modeErrors = backendModeErrors(options.validation, { ...resources, pools: poolCRs, nodes }, peerCRs);
  if (modeErrors.length > 0) return fail(modeErrors);

  const bfd = bfdProfilesFor(byName(resources.bfdProfiles));
  if (bfd.errors.length > 0) return fail(bfd.errors);

  const secrets = new Map(byName(resources.secrets).map((s) => [s.metadata.name, s]));
  const peers = peersFor(peerCRs, bfd.profiles, secrets, { secretPassthrough: options.secretPassthrough ?? false });
  if (peers.errors.length > 0) return fail(peers.errors);

  const aliases = communityAliasesFor(byName(resources.communities));
  if (aliases.errors.length > 0) return fail(aliases.errors);

  const pools = poolsFor(poolCRs, byName(resources.namespaces));
  if (pools.errors.length > 0) return fail(pools.errors);

  const l2Errors = attachL2Advertisements(byName(resources.l2Advertisements), poolCRs, pools.pools, nodes);
  if (l2Errors.length > 0) return fail(l2Errors);

  const bgpErrors = attachBGPAdvertisements(byName(resources.bgpAdvertisements), poolCRs, pools.pools, aliases.aliases, nodes);
  if (bgpErrors.length > 0) return fail(bgpErrors);

  const config: Config = {
    peers: peers.peers,
    pools: pools.pools,
    bfdProfiles: bfd.profiles,
    communityAliases: aliases.aliases,
    bgpExtras: resources.bgpExtras ?? "",
  };
  const cross = crossKindErrors(config);
  if (cross.length > 0) return fail(cross);
  return { ok: true, config };
}

// @metallb-ts/config: the MetalLB cluster snapshot -> one validated Config (upstream internal/config).
export { configFor, peersV1beta2, type ConfigForOptions, type ConfigResult } from "./config.js";
export { admissionErrors, resetTransientFields } from "./transient.js";
export { ValidationMode, validationModeForBGPType } from "./validation.js";
export {
  ConfigObjectKind,
  ConfigRule,
  formatConfigError,
  formatObjectRef,
  onlyTransientErrors,
  type ConfigError,
  type ObjectRef,
} from "./errors.js";
export type {
  BFDProfileConfig,
  BGPAdvertisementConfig,
  Config,
  L2AdvertisementConfig,
  PeerConfig,
  PoolAddressEntry,
  PoolConfig,
  SecretRef,
  ServiceAllocationConfig,
} from "./model.js";
export { DynamicASNMode } from "./model.js";
export type * from "./resources.js";
export { bgpAdvertisementsHaveCompatibleLocalPref, advertisementMatchesService, type PoolFamilies } from "./advertisements.js";
export { communityText, compareCommunities, parseCommunity, isLargeCommunity, type BGPCommunity } from "./community.js";
export { formatDuration, parseDuration } from "./duration.js";
export { cidrContains, cidrOf, formatCidr, formatIP, parseIP, parseCidr, parsePoolEntry, type Cidr, type IPAddress, type IPFamily } from "./ip.js";
export { matchesAnySelector, matchesLabelSelector, selectNames } from "./selectors.js";
export { BASIC_AUTH_SECRET_TYPE, DEFAULT_BGP_PORT, convertPeerV1beta1, deriveTimers } from "./peers.js";

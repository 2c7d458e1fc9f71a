// @metallb-ts/speaker, pure part: what one node announces over BGP, and the FRRConfiguration it owns
// in frr-k8s mode. The daemon (reconcilers, main) builds on these.
export {
  WithdrawReason,
  bgpDecisionFor,
  nodeNetworkUnavailable,
  poolForIPs,
  type AnnounceOptions,
  type BGPAnnouncement,
  type ServiceBGPDecision,
} from "./core/announce.js";
export { hasUsableEndpoint, indexSlices, isUsableEndpoint, slicesOf } from "./core/endpoints.js";
export { DecisionMemo, MAX_COMMUNITIES, planNode, resourcesForNode, type NodeBGPPlan, type PlanInput, type ServicePeers, type SessionPlan } from "./core/plan.js";
export {
  EXCLUDE_LB_LABEL,
  HOSTNAME_LABEL,
  NETWORK_UNAVAILABLE_CONDITION,
  SERVICE_NAME_LABEL,
  serviceKey,
  type EndpointSliceView,
  type NodeView,
  type ServiceView,
} from "./core/views.js";
export {
  FRR_CONFIGURATION_API_VERSION,
  FRR_CONFIGURATION_KIND,
  bfdProfileToFRR,
  buildFRRConfiguration,
  frrConfigurationName,
  neighborAcceptsFamily,
  neighborFor,
  passwordSecretModeFor,
  routerKey,
  sessionKey,
  type FRRBFDProfile,
  type FRRConfigurationObject,
  type FRRConfigurationOptions,
  type FRRNeighbor,
  type FRRRouter,
  type PasswordSecretMode,
} from "./frrk8s/frr-configuration.js";

// @metallb-ts/frr-k8s: the per-node frr-k8s daemon (main.ts) and its parts.
export * from "./apply/index.js";
export { FrrK8sDaemon, type FrrK8sDaemonOptions } from "./daemon.js";
export { NodeConfigurationStore, type CandidateConfiguration, type ConfigurationStoreOptions } from "./configuration-store.js";
export { buildDesiredConfig, withRouteMapDelayTimer, type DesiredConfig, type DesiredConfigInputs } from "./desired-config.js";
export { FlagError, frrK8sFlagSpecs, parseFrrK8sFlags, type FrrK8sFlags } from "./flags.js";
export { registerFrrMetrics } from "./frr-metrics.js";
export { VtyshStatusReader, parseBfdPeers, parseBgpNeighbors, type BfdPeerStatus, type BgpNeighborStatus, type FrrStatusReader } from "./frr-status.js";
export { FrrWatchdog, type FrrWatchdogOptions } from "./apply/frr-watchdog.js";
export { NodeStateWriter, type NodeStatus } from "./node-state.js";
export { BGPSessionStateResource, FRRConfigurationResource, FRRK8sConfigurationResource, FRRNodeStateResource } from "./resources.js";
export { fallbackRouterID, routerIDFromHostname } from "./router-id.js";
export { apiVRF, desiredSessionStates, formatPeer, planSessionStates } from "./session-states.js";

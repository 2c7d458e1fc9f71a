// @metallb-ts/controller: the MetalLB controller (IP allocation for LoadBalancer Services). The binary
// is src/main.ts; these exports are for tests, benchmarks and other packages.
export { Controller, type ControllerOptions, type LeaderElectionOptions } from "./controller.js";
export { ServiceConverger, reprocessOrder, type ConvergeOutcome } from "./core/converge.js";
export { EventReason, ServiceEvents, type ServiceEvent } from "./core/events.js";
export { clampInt64, configurationStateStatus, poolStatusFor, type ConfigResultKind } from "./core/pool-status.js";
export { handlesClass, ingressIPs, serviceKeyOf } from "./core/service-keys.js";
export { controllerFlagSpecs, parseControllerFlags, WebhookMode, type ControllerFlags } from "./options.js";
export { ServiceReconciler, reprocessAllKey, type ServiceQueueKey } from "./reconcilers/service-reconciler.js";
export { CommunityResource, ConfigurationStateResource, IPAddressPoolResource, NamespaceResource, ServiceResource } from "./resources.js";

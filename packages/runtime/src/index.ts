// @metallb-ts/runtime: the only package that talks to the API server.
export { ownPodReference, runMain, serviceAccountDir, serviceAccountNamespace, type RunMainOptions } from "./binary.js";
export { Backoff, KeyedBackoff, backoffDelay, type BackoffOptions } from "./backoff.js";
export {
  generateCA,
  generateSelfSignedServingCert,
  generateServingCert,
  parseCertificates,
  type CAOptions,
  type CertificateAuthority,
  type KeyedCertificate,
  type ServingCertOptions,
} from "./certs.js";
export { sleep, systemClock, type Clock, type TimerHandle } from "./clock.js";
export {
  BadRequestError,
  ConflictError,
  ForbiddenError,
  GoneError,
  InvalidError,
  InvalidObjectError,
  KubeApiError,
  KubeErrorKind,
  NotFoundError,
  NotLeaderError,
  UnavailableError,
  describeTarget,
  ignoreNotFound,
  isConflict,
  isNotFound,
  kubeErrorFromStatus,
  type KubeStatus,
  type RequestTarget,
} from "./errors.js";
export {
  FlagError,
  commonFlags,
  flagUsage,
  hostPortFlag,
  namespaceOrServiceAccount,
  parseFlags,
  parseHostPort,
  portFlag,
  type BoolFlag,
  type CustomFlag,
  type DurationFlag,
  type EnumFlag,
  type FlagContext,
  type FlagSpec,
  type FlagSpecs,
  type FlagValues,
  type HostPort,
  type IntFlag,
  type ListFlag,
  type ParseFlagsOptions,
  type StringFlag,
} from "./flags.js";
export { EventRecorder, EventType, referenceTo, type EventRecorderOptions } from "./event-recorder.js";
export { HealthChecks, listen, startHttpServer, type CheckReport, type HealthCheck, type HttpServerOptions, type RunningHttpServer } from "./http-server.js";
export {
  Informer,
  defaultInformerBackoff,
  type InformerEvent,
  type InformerHandlers,
  type InformerOptions,
  type ObjectStore,
} from "./informer.js";
export {
  WatchEventType,
  type ApplyConfiguration,
  type ApplyOptions,
  type DeepPartial,
  type DeleteOptions,
  type KubeClient,
  type ListOptions,
  type ListResult,
  type NamespaceOption,
  type SelectorOptions,
  type WatchEvent,
  type WatchOptions,
  type WatchSession,
  type WriteOptions,
} from "./kube-client.js";
export { KubeConfigError, loadKubeConfig, type KubeConfig, type LoadKubeConfigOptions } from "./kubeconfig.js";
export {
  LeaderElector,
  defaultLeaderElectionTimings,
  leaderOnlyClient,
  type LeaderElectionEvent,
  type LeaderElectionTimings,
  type LeaderElectorOptions,
} from "./leader-election.js";
export { LogLevelFlag, createLogger, pinoLevelFor, setLogLevel, type Logger, type LoggerOptions } from "./logger.js";
export { createK8sClientMetrics, type K8sClientMetrics } from "./metrics.js";
export {
  KubeRequestAuthorizer,
  SubjectAccessReviewResource,
  TokenReviewResource,
  bearerToken,
  type AccessDecision,
  type KubeRequestAuthorizerOptions,
  type RequestAuthorizer,
  type SubjectAccessReview,
  type TokenReview,
  type UserInfo,
} from "./metrics-auth.js";
export { checkInsecureMetrics, metricsSecurityFlags, startMetricsServer, type MetricsServerOptions } from "./metrics-server.js";
export { createKubeClient, type KubeClientOptions } from "./real-kube-client.js";
export {
  CoalescingTrigger,
  ReconcileLoop,
  type CoalescingTriggerOptions,
  type ReconcileHandler,
  type ReconcileLoopOptions,
  type ReconcileResult,
} from "./reconcile-loop.js";
export {
  ConfigMapResource,
  EndpointSliceResource,
  EventResource,
  LeaseResource,
  NamespaceResource,
  NodeResource,
  PodResource,
  SecretResource,
  ServiceResource,
  apiVersionOf,
  defineResource,
  describeObject,
  keyOfObject,
  objectKey,
  resourceFromInfo,
  resourceId,
  resourcePath,
  withSchema,
  type ConfigMap,
  type CoreEvent,
  type KubeObject,
  type Lease,
  type LeaseSpec,
  type ObjectMeta,
  type ObjectReference,
  type OwnerReference,
  type ResourceType,
} from "./resources.js";
export { SelectorSyntaxError, matchesFieldRequirements, matchesLabelRequirements, parseFieldSelector, parseLabelSelector } from "./selectors.js";
export { Shutdown, onShutdown, type ShutdownOptions, type ShutdownStepError } from "./shutdown.js";
export { SyncState } from "./sync-state.js";
export {
  tlsFilesInDir,
  tlsFlags,
  tlsOptionsFromFlagValues,
  tlsOptionsFromFlags,
  type ServerTLSOptions,
  type TLSFiles,
  type TLSFlags,
} from "./tls-options.js";
export { WorkQueue, defaultRetryBackoff, type WorkQueueOptions } from "./work-queue.js";

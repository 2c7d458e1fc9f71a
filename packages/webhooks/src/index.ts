// @metallb-ts/webhooks: validating admission webhooks for metallb.io and frrk8s.metallb.io, the BGPPeer
// conversion webhook, and the certificates they are served with. Validation is @metallb-ts/config's
// and @metallb-ts/frr's, the code the daemons run.
export {
  AdmissionOperation,
  admissionRequestOf,
  admissionResponse,
  allow,
  deny,
  type AdmissionRequest,
  type AdmissionResponse,
  type AdmissionReview,
  type ConversionRequest,
  type ConversionResponse,
  type Verdict,
} from "./admission.js";
export { CERT_FIELD_MANAGER, CertRotator, SecretKeys, serviceHosts, type CertRotatorOptions } from "./cert-rotator.js";
export { bundleProblem, type CertificateBundle } from "./certs.js";
export { BGPPeerVersions, convertBGPPeer, convertReview } from "./conversion.js";
export { DISABLE_MP_FRR_WARNING, GRACEFUL_RESTART_WARNING, validateFRRConfiguration, type FRRExisting, type FRRValidationOptions } from "./frr-validation.js";
export { CONVERSION_WEBHOOK_PATH, FRR_CONFIGURATION_WEBHOOK_PATH, MetalLBWebhookPaths, frrRoutes, metallbRoutes } from "./handlers.js";
export {
  DISABLE_MP_WARNING,
  MetalLBWebhookKind,
  describeConfigError,
  listsNeeded,
  validateMetalLB,
  type ExistingObjects,
  type MetalLBList,
  type MetalLBValidationOptions,
} from "./metallb-validation.js";
export {
  DEFAULT_CERT_DIR,
  startControllerWebhooks,
  startFRRK8sWebhooks,
  startMetalLBWebhooks,
  type ControllerWebhookFlags,
  type FRRK8sWebhooksOptions,
  type MetalLBWebhooksOptions,
  type RotationTimings,
  type RunningWebhooks,
  type WebhookCommonOptions,
} from "./start.js";
export { tlsOptionsFromFlags, type ServerTLSOptions, type TLSFlags } from "@metallb-ts/runtime";
export { startWebhookServer, type ReviewHandler, type WebhookServer, type WebhookServerOptions } from "./webhook-server.js";

// @metallb-ts/api: zod schemas and types for every MetalLB and frr-k8s kind (plus the core slices they
// read), resource constants, label-selector matching, annotation/label keys, BGPPeer conversion and
// parseObject. Pure: imports only zod.
export * from "./meta.js";
export * from "./keys.js";
export * from "./metallb.js";
export * from "./bgp-peer.js";
export * from "./frr-k8s.js";
export * from "./core.js";
export * from "./resources.js";
export type * from "./inputs.js";
export { kinds } from "./registry.js";
export type { KindEntry, KindName, KindObject } from "./registry.js";
export { formatIssue, formatPath, parseObject, parseWithSchema } from "./parse.js";
export type { ApiIssue, ParseOptions, ParseResult } from "./parse.js";
export {
  cidrProblem,
  formatGoDuration,
  isCIDR,
  isGoDuration,
  isIP,
  isIPv4,
  isIPv6,
  parseGoDuration,
  parseIP,
  poolAddressProblem,
} from "./formats.js";
export { customResourceDefinitions, openAPIV3SchemaFor, structural } from "./crds.js";
export type { ConversionWebhook, CRDOptions } from "./crds.js";

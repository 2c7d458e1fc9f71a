// @metallb-ts/frr: FRRConfigurations -> FRR model for one node -> frr.conf text. Pure.
export { apiToFRR, alwaysBlockFilters, frrLogLevel, withoutPasswordSecrets, type APIToFRRResult } from "./api-to-frr.js";
export { parseCommunity, type Community } from "./community.js";
export { BASIC_AUTH_SECRET_TYPE } from "./convert.js";
export { configsEqual } from "./equal.js";
export { ConfigError, ConflictError, TransientError, formatObject, type FieldRef, type FRRConversionError } from "./errors.js";
export * from "./model.js";
export { configurationsForNode, type NodeSelection } from "./node-selector.js";
export { renderBFD, renderFRRConfig, renderGlobals, renderNeighborFilters, renderNeighborSession, renderRouter, SequenceCounters, stableSequenceNumbers } from "./render.js";
export * from "./resources.js";

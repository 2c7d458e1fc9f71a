export * from "./control-plane.js";
export * from "./netlab.js";
export * from "./process.js";
export * from "./router-config.js";
export { binaryPath, pinnedVersions, repoRoot, usePinnedKubectl } from "./binaries.js";
export * from "./system.js";

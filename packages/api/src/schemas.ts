// All kind schemas in one namespace (for inputs.ts).
export * from "./metallb.js";
export * from "./bgp-peer.js";
export * from "./frr-k8s.js";
export * from "./core.js";

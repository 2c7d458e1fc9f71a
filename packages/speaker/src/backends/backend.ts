// What the speaker hands this node's desired state to: the FRRConfiguration `metallb-<node>`
// (frr-k8s backend) or frr.conf applied to the local FRR (frr backend).
import type { DesiredNodeState } from "../reconcilers/node-state.js";

export type BackendResult =
  | { readonly ok: true; /** Whether something was written or submitted. */ readonly changed: boolean }
  | { readonly ok: false; readonly error: string; /** False when only a change of the inputs can help. */ readonly retry: boolean };

export interface BGPBackend {
  readonly name: "frr-k8s" | "frr";
  apply(desired: DesiredNodeState): Promise<BackendResult>;
}

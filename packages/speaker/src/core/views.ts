// Read-only structural views of the core Kubernetes objects the speaker decides from (wire field
// names), so @metallb-ts/api's types and objects parsed from YAML both fit.
// TODO(api): alias to the Service / EndpointSlice types of @metallb-ts/api once they exist.
import type { NodeView } from "@metallb-ts/config";

export type { NodeView };

export interface ServiceView {
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string | undefined;
    readonly labels?: Readonly<Record<string, string>> | undefined;
    readonly annotations?: Readonly<Record<string, string>> | undefined;
  };
  readonly spec?:
    | {
        readonly type?: string | undefined;
        readonly externalTrafficPolicy?: string | undefined;
        readonly loadBalancerClass?: string | undefined;
      }
    | undefined;
  readonly status?:
    | { readonly loadBalancer?: { readonly ingress?: readonly { readonly ip?: string | undefined; readonly hostname?: string | undefined }[] | undefined } | undefined }
    | undefined;
}

export interface EndpointConditionsView {
  readonly ready?: boolean | null | undefined;
  readonly serving?: boolean | null | undefined;
  readonly terminating?: boolean | null | undefined;
}

export interface EndpointSliceView {
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string | undefined;
    readonly labels?: Readonly<Record<string, string>> | undefined;
  };
  readonly endpoints?:
    | readonly {
        readonly addresses?: readonly string[] | undefined;
        readonly conditions?: EndpointConditionsView | undefined;
        readonly nodeName?: string | null | undefined;
      }[]
    | null
    | undefined;
}

export const SERVICE_NAME_LABEL = "kubernetes.io/service-name";
export const EXCLUDE_LB_LABEL = "node.kubernetes.io/exclude-from-external-load-balancers";
export const HOSTNAME_LABEL = "kubernetes.io/hostname";
export const NETWORK_UNAVAILABLE_CONDITION = "NetworkUnavailable";

export function serviceKey(svc: { metadata: { name: string; namespace?: string | undefined } }): string {
  return `${svc.metadata.namespace ?? "default"}/${svc.metadata.name}`;
}

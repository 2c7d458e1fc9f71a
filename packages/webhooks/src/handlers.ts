// Routes: webhook path -> handler. Each admission handler reads the existing objects it needs straight
// from the API (no cache, as upstream: a cache could miss an object created a moment ago), then calls
// the pure validator. A failed read answers with a 500 review error, so the API server applies the
// webhook's failurePolicy instead of our guess.
import { NodeResource, type KubeClient, type Logger, type ResourceType } from "@metallb-ts/runtime";
import type { ValidationMode } from "@metallb-ts/config";
import { admissionRequestOf, admissionResponse, conversionRequestOf, conversionReview, internalError, type AdmissionRequest, type Verdict } from "./admission.js";
import { convertReview } from "./conversion.js";
import { validateFRRConfiguration } from "./frr-validation.js";
import { MetalLBWebhookKind, listsNeeded, validateMetalLB, type ExistingObjects, type MetalLBList } from "./metallb-validation.js";
import { BGPAdvertisements, BGPPeersV1beta2, Communities, FRRConfigurations, IPAddressPools, L2Advertisements } from "./resources.js";
import { HttpError, type ReviewHandler } from "./webhook-server.js";

/** Upstream paths (kubebuilder's /validate-<group with dashes>-<version>-<kind>). */
export const MetalLBWebhookPaths: Readonly<Record<string, MetalLBWebhookKind>> = {
  "/validate-metallb-io-v1beta1-ipaddresspool": MetalLBWebhookKind.IPAddressPool,
  "/validate-metallb-io-v1beta2-bgppeer": MetalLBWebhookKind.BGPPeerV1beta2,
  "/validate-metallb-io-v1beta1-bgppeer": MetalLBWebhookKind.BGPPeerV1beta1,
  "/validate-metallb-io-v1beta1-bgpadvertisement": MetalLBWebhookKind.BGPAdvertisement,
  "/validate-metallb-io-v1beta1-l2advertisement": MetalLBWebhookKind.L2Advertisement,
  "/validate-metallb-io-v1beta1-community": MetalLBWebhookKind.Community,
  "/validate-metallb-io-v1beta1-bfdprofile": MetalLBWebhookKind.BFDProfile,
};
export const FRR_CONFIGURATION_WEBHOOK_PATH = "/validate-frrk8s-metallb-io-v1beta1-frrconfiguration";
export const CONVERSION_WEBHOOK_PATH = "/convert";

const LIST_RESOURCES: Record<MetalLBList, ResourceType> = {
  pools: IPAddressPools,
  peers: BGPPeersV1beta2,
  bgpAdvertisements: BGPAdvertisements,
  l2Advertisements: L2Advertisements,
  communities: Communities,
  nodes: NodeResource,
};

function describeRequest(request: AdmissionRequest): Record<string, unknown> {
  return { uid: request.uid, operation: request.operation, kind: request.kind?.kind, namespace: request.namespace, name: request.name };
}

/** Wraps a validator: envelope checks (HTTP 400), read failures (review 500), logging of denials. */
function admissionHandler(log: Logger, validate: (request: AdmissionRequest) => Promise<Verdict>): ReviewHandler {
  return async (body) => {
    const envelope = admissionRequestOf(body);
    if (!envelope.ok) throw new HttpError(400, envelope.error);
    const request = envelope.request;
    let verdict: Verdict;
    try {
      verdict = await validate(request);
    } catch (err) {
      log.error({ err, event: "validationFailed", ...describeRequest(request) }, "could not validate the request");
      verdict = internalError(`validation could not run: ${(err as Error).message}`);
    }
    if (!verdict.allowed) log.info({ event: "requestDenied", ...describeRequest(request), message: verdict.message }, "admission request denied");
    return admissionResponse(request.uid, verdict);
  };
}

export interface MetalLBRoutesOptions {
  readonly kube: KubeClient;
  readonly log: Logger;
  readonly namespace: string;
  readonly validation: ValidationMode;
}

export function metallbRoutes(options: MetalLBRoutesOptions): Map<string, ReviewHandler> {
  const { kube, namespace } = options;
  const read = async (lists: readonly MetalLBList[]): Promise<ExistingObjects> => {
    const entries = await Promise.all(
      lists.map(async (list) => {
        const resource = LIST_RESOURCES[list];
        const result = await kube.list(resource, resource.namespaced ? { namespace } : {});
        return [list, result.items] as const;
      }),
    );
    return Object.fromEntries(entries);
  };
  const routes = new Map<string, ReviewHandler>();
  for (const [path, kind] of Object.entries(MetalLBWebhookPaths)) {
    routes.set(
      path,
      admissionHandler(options.log, async (request) => validateMetalLB(kind, request, await read(listsNeeded(kind, request.operation)), options)),
    );
  }
  routes.set(CONVERSION_WEBHOOK_PATH, (body) => {
    const envelope = conversionRequestOf(body);
    if (!envelope.ok) throw new HttpError(400, envelope.error);
    const response = convertReview(envelope.request);
    if (response.result.status === "Failure") options.log.warn({ event: "conversionFailed", uid: response.uid, message: response.result.message }, "BGPPeer conversion failed");
    return conversionReview(response);
  });
  return routes;
}

export interface FRRRoutesOptions {
  readonly kube: KubeClient;
  readonly log: Logger;
  /** The frr-k8s namespace. */
  readonly namespace: string;
}

export function frrRoutes(options: FRRRoutesOptions): Map<string, ReviewHandler> {
  const { kube } = options;
  return new Map([
    [
      FRR_CONFIGURATION_WEBHOOK_PATH,
      admissionHandler(options.log, async (request) => {
        if (request.operation === "DELETE") return validateFRRConfiguration(request, { configurations: [], nodes: [] }, options);
        const [configurations, nodes] = await Promise.all([kube.list(FRRConfigurations, { namespace: options.namespace }), kube.list(NodeResource)]);
        return validateFRRConfiguration(request, { configurations: configurations.items, nodes: nodes.items }, options);
      }),
    ],
  ]);
}

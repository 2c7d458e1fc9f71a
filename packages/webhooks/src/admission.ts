// admission.k8s.io/v1 AdmissionReview and apiextensions.k8s.io/v1 ConversionReview: the wire types
// the API server sends to webhooks, and the responses we build. Pure.

export const AdmissionOperation = {
  Create: "CREATE",
  Update: "UPDATE",
  Delete: "DELETE",
  Connect: "CONNECT",
} as const;
export type AdmissionOperation = (typeof AdmissionOperation)[keyof typeof AdmissionOperation];

export interface AdmissionRequest {
  readonly uid: string;
  readonly kind?: { readonly group?: string; readonly version?: string; readonly kind?: string } | undefined;
  readonly name?: string | undefined;
  readonly namespace?: string | undefined;
  readonly operation: AdmissionOperation;
  /** The object as it would be stored (absent on DELETE). */
  readonly object?: unknown;
  /** The stored object (UPDATE and DELETE). */
  readonly oldObject?: unknown;
  readonly dryRun?: boolean | undefined;
}

export interface AdmissionResponse {
  readonly uid: string;
  readonly allowed: boolean;
  readonly status?: { readonly code: number; readonly message: string; readonly reason?: string } | undefined;
  readonly warnings?: readonly string[] | undefined;
}

export interface AdmissionReview<R> {
  readonly apiVersion: string;
  readonly kind: string;
  readonly request?: AdmissionRequest | undefined;
  readonly response?: R | undefined;
}

/** What a validator decided, before it is wrapped in a response. */
export type Verdict =
  | { readonly allowed: true; readonly warnings: readonly string[] }
  | { readonly allowed: false; readonly code: number; readonly message: string; readonly warnings: readonly string[] };

export function allow(warnings: readonly string[] = []): Verdict {
  return { allowed: true, warnings };
}

/** 403 as controller-runtime's `Denied`: the client sees `admission webhook "<name>" denied the request: <message>`. */
export function deny(message: string, warnings: readonly string[] = []): Verdict {
  return { allowed: false, code: 403, message, warnings };
}

/** 400: the object in the request could not be decoded (controller-runtime's `Errored(400, ...)`). */
export function badRequest(message: string): Verdict {
  return { allowed: false, code: 400, message, warnings: [] };
}

/** 500: reading the cluster failed; the API server applies the webhook's failurePolicy. */
export function internalError(message: string): Verdict {
  return { allowed: false, code: 500, message, warnings: [] };
}

export function admissionResponse(uid: string, verdict: Verdict): AdmissionReview<AdmissionResponse> {
  const warnings = verdict.warnings.length > 0 ? { warnings: [...new Set(verdict.warnings)] } : {};
  const response: AdmissionResponse = verdict.allowed
    ? { uid, allowed: true, ...warnings }
    : { uid, allowed: false, status: { code: verdict.code, message: verdict.message, ...(verdict.code === 403 ? { reason: "Forbidden" } : {}) }, ...warnings };
  return { apiVersion: "admission.k8s.io/v1", kind: "AdmissionReview", response };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Checks the envelope; returns the request or why it is unusable (answered with HTTP 400). */
export function admissionRequestOf(body: unknown): { ok: true; request: AdmissionRequest } | { ok: false; error: string } {
  if (!isRecord(body)) return { ok: false, error: "request body is not a JSON object" };
  if (body["kind"] !== "AdmissionReview") return { ok: false, error: `expected kind AdmissionReview, got ${JSON.stringify(body["kind"])}` };
  if (body["apiVersion"] !== "admission.k8s.io/v1") return { ok: false, error: `unsupported AdmissionReview version ${JSON.stringify(body["apiVersion"])}, want admission.k8s.io/v1` };
  const request = body["request"];
  if (!isRecord(request)) return { ok: false, error: "AdmissionReview has no request" };
  if (typeof request["uid"] !== "string" || request["uid"] === "") return { ok: false, error: "AdmissionReview request has no uid" };
  const operation = request["operation"];
  if (typeof operation !== "string" || !Object.values<string>(AdmissionOperation).includes(operation)) {
    return { ok: false, error: `AdmissionReview request has an unknown operation ${JSON.stringify(operation)}` };
  }
  return { ok: true, request: request as unknown as AdmissionRequest };
}

// --- conversion ------------------------------------------------------------------------------------

export interface ConversionRequest {
  readonly uid: string;
  readonly desiredAPIVersion: string;
  readonly objects: readonly unknown[];
}

export interface ConversionResponse {
  readonly uid: string;
  readonly convertedObjects: readonly unknown[];
  readonly result: { readonly status: "Success" } | { readonly status: "Failure"; readonly message: string };
}

export function conversionRequestOf(body: unknown): { ok: true; request: ConversionRequest } | { ok: false; error: string } {
  if (!isRecord(body)) return { ok: false, error: "request body is not a JSON object" };
  if (body["kind"] !== "ConversionReview") return { ok: false, error: `expected kind ConversionReview, got ${JSON.stringify(body["kind"])}` };
  if (body["apiVersion"] !== "apiextensions.k8s.io/v1") {
    return { ok: false, error: `unsupported ConversionReview version ${JSON.stringify(body["apiVersion"])}, want apiextensions.k8s.io/v1` };
  }
  const request = body["request"];
  if (!isRecord(request)) return { ok: false, error: "ConversionReview has no request" };
  if (typeof request["uid"] !== "string") return { ok: false, error: "ConversionReview request has no uid" };
  if (typeof request["desiredAPIVersion"] !== "string") return { ok: false, error: "ConversionReview request has no desiredAPIVersion" };
  if (!Array.isArray(request["objects"])) return { ok: false, error: "ConversionReview request has no objects" };
  return { ok: true, request: request as unknown as ConversionRequest };
}

export function conversionReview(response: ConversionResponse): { apiVersion: string; kind: string; response: ConversionResponse } {
  return { apiVersion: "apiextensions.k8s.io/v1", kind: "ConversionReview", response };
}

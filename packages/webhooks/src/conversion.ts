// The BGPPeer conversion webhook (spec/metallb.md §1.4.3, §5.4): v1beta2 is the hub; the converters
// are @metallb-ts/api's. Pure. Conversion is structural and never validates: a stored object must
// stay readable whatever it holds, so objects are converted as they are, not parsed first.
import { convertBGPPeerV1beta1ToV1beta2, convertBGPPeerV1beta2ToV1beta1, type BGPPeer, type BGPPeerV1beta1 } from "@metallb-ts/api";
import type { ConversionRequest, ConversionResponse } from "./admission.js";

export const BGPPeerVersions = { v1beta1: "metallb.io/v1beta1", v1beta2: "metallb.io/v1beta2" } as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describe(obj: Record<string, unknown>): string {
  const meta = isRecord(obj["metadata"]) ? obj["metadata"] : {};
  return `BGPPeer ${String(meta["namespace"] ?? "")}/${String(meta["name"] ?? "")}`;
}

/** One object to `desired`; a string is the reason it cannot be converted. */
export function convertBGPPeer(obj: unknown, desired: string): Record<string, unknown> | string {
  if (!isRecord(obj)) return "object is not a JSON object";
  if (obj["kind"] !== "BGPPeer") return `${describe(obj)}: cannot convert kind ${JSON.stringify(obj["kind"])}`;
  if (desired !== BGPPeerVersions.v1beta1 && desired !== BGPPeerVersions.v1beta2) return `${describe(obj)}: unsupported target version ${JSON.stringify(desired)}`;
  const from = obj["apiVersion"];
  if (from === desired) return obj;
  if (obj["spec"] !== undefined && !isRecord(obj["spec"])) return `${describe(obj)}: spec is not an object`;
  if (from === BGPPeerVersions.v1beta1) return convertBGPPeerV1beta1ToV1beta2(obj as unknown as BGPPeerV1beta1) as unknown as Record<string, unknown>;
  if (from === BGPPeerVersions.v1beta2) return convertBGPPeerV1beta2ToV1beta1(obj as unknown as BGPPeer) as unknown as Record<string, unknown>;
  return `${describe(obj)}: unsupported source version ${JSON.stringify(from)}`;
}

/** Converts every object or fails the whole review (the API server requires all or nothing). */
export function convertReview(request: ConversionRequest): ConversionResponse {
  const converted: Record<string, unknown>[] = [];
  for (const obj of request.objects) {
    const result = convertBGPPeer(obj, request.desiredAPIVersion);
    if (typeof result === "string") return { uid: request.uid, convertedObjects: [], result: { status: "Failure", message: result } };
    converted.push(result);
  }
  return { uid: request.uid, convertedObjects: converted, result: { status: "Success" } };
}

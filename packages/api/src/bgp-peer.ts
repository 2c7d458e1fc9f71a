// BGPPeer: metallb.io/v1beta2 (storage version, conversion hub) and metallb.io/v1beta1 (served,
// deprecated), plus the conversion between them (spec/metallb.md §1.4).
import { z } from "zod";
import { formatGoDuration, parseGoDuration } from "./formats.js";
import { EmptyObjectSchema, LabelSelectorSchema, LegacyNodeSelectorSchema, SecretReferenceSchema, objectFields } from "./meta.js";
import type { LabelSelector, LegacyNodeSelector } from "./meta.js";
import { duration, immutable, int, uint32, withCel } from "./schema-helpers.js";

export const metallbV1beta2 = "metallb.io/v1beta2";

export const DynamicASN = { internal: "internal", external: "external" } as const;
export type DynamicASN = (typeof DynamicASN)[keyof typeof DynamicASN];

/** connectTime CEL rules, shared with the FRRConfiguration neighbor. */
export function connectTime() {
  const whole = (value: string) => parseGoDuration(value) ?? Number.NaN;
  return withCel(duration(), [
    {
      name: "connect-time-range",
      message: "connect time should be between 1 seconds to 65535",
      rule: "duration(self).getSeconds() >= 1 && duration(self).getSeconds() <= 65535",
      check: (value) => {
        const seconds = Math.trunc(whole(value) / 1e9);
        return seconds >= 1 && seconds <= 65535;
      },
    },
    {
      name: "connect-time-whole-seconds",
      message: "connect time should contain a whole number of seconds",
      rule: "duration(self).getMilliseconds() % 1000 == 0",
      check: (value) => Math.trunc(whole(value) / 1e6) % 1000 === 0,
    },
  ]);
}

export const BGPPeerSpecSchema = z.object({
  myASN: uint32(),
  peerASN: uint32().optional(),
  localASN: uint32("int32", 1).optional(),
  dynamicASN: z.enum(["internal", "external"]).optional(),
  peerAddress: z.string().optional(),
  interface: z.string().optional(),
  sourceAddress: z.string().optional(),
  peerPort: int(1, 16384).default(179),
  holdTime: duration().optional(),
  keepaliveTime: duration().optional(),
  connectTime: connectTime().optional(),
  routerID: z.string().optional(),
  nodeSelectors: z.array(LabelSelectorSchema).optional(),
  password: z.string().optional(),
  passwordSecret: SecretReferenceSchema.optional(),
  bfdProfile: z.string().optional(),
  enableGracefulRestart: immutable(z.boolean(), "EnableGracefulRestart cannot be changed after creation").optional(),
  ebgpMultiHop: z.boolean().optional(),
  vrf: z.string().optional(),
  disableMP: z.boolean().default(false),
  dualStackAddressFamily: z.boolean().default(false),
});
export type BGPPeerSpec = z.infer<typeof BGPPeerSpecSchema>;

export const BGPPeerStatusSchema = EmptyObjectSchema;
export type BGPPeerStatus = z.infer<typeof BGPPeerStatusSchema>;

export const BGPPeerSchema = z.object({
  ...objectFields(metallbV1beta2, "BGPPeer"),
  spec: BGPPeerSpecSchema.optional(),
  status: BGPPeerStatusSchema.optional(),
});
export type BGPPeer = z.infer<typeof BGPPeerSchema>;

export const BGPPeerV1beta1SpecSchema = z.object({
  myASN: uint32(),
  peerASN: uint32(),
  peerAddress: z.string(),
  sourceAddress: z.string().optional(),
  peerPort: int(0, 16384).optional(),
  holdTime: duration().optional(),
  keepaliveTime: duration().optional(),
  routerID: z.string().optional(),
  nodeSelectors: z.array(LegacyNodeSelectorSchema).optional(),
  password: z.string().optional(),
  bfdProfile: z.string().optional(),
  ebgpMultiHop: z.boolean().optional(),
});
export type BGPPeerV1beta1Spec = z.infer<typeof BGPPeerV1beta1SpecSchema>;

export const BGPPeerV1beta1Schema = z.object({
  ...objectFields("metallb.io/v1beta1", "BGPPeer"),
  spec: BGPPeerV1beta1SpecSchema.optional(),
  status: BGPPeerStatusSchema.optional(),
});
export type BGPPeerV1beta1 = z.infer<typeof BGPPeerV1beta1Schema>;

/** v1beta2 fields with no v1beta1 counterpart: converting to v1beta1 drops them. */
export const bgpPeerV1beta2OnlyFields = [
  "localASN",
  "dynamicASN",
  "interface",
  "connectTime",
  "passwordSecret",
  "enableGracefulRestart",
  "vrf",
  "disableMP",
  "dualStackAddressFamily",
] as const satisfies readonly (keyof BGPPeerSpec)[];

/** Go round-trips a metav1.Duration through time.Duration, so "90s" comes back as "1m30s"; absent is 0s. */
function goDuration(text: string | undefined): string {
  return formatGoDuration(text === undefined ? 0 : (parseGoDuration(text) ?? 0));
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function selectorFromLegacy(legacy: LegacyNodeSelector): LabelSelector {
  const labels = legacy.matchLabels ?? {};
  const expressions = legacy.matchExpressions ?? [];
  return {
    ...(Object.keys(labels).length > 0 ? { matchLabels: { ...labels } } : {}),
    ...(expressions.length > 0
      ? { matchExpressions: expressions.map(({ key, operator, values }) => ({ key, operator, values: [...values] })) }
      : {}),
  };
}

function selectorToLegacy(selector: LabelSelector): LegacyNodeSelector {
  return {
    matchLabels: { ...(selector.matchLabels ?? {}) },
    matchExpressions: (selector.matchExpressions ?? []).map(({ key, operator, values }) => ({
      key,
      operator,
      values: [...(values ?? [])],
    })),
  };
}

/**
 * v1beta1 → v1beta2, as upstream's conversion webhook does it: scalars copied, timers always present
 * (a missing timer becomes "0s", and values are re-rendered in Go's format), each legacy selector becomes
 * a LabelSelector (`{}` when it has no labels and no expressions). v1beta2 defaults are applied (a
 * v1beta1 `peerPort` of 0 is "unset" in Go and becomes 179). Lossless for everything v1beta1 can express,
 * except duration spelling.
 */
export function convertBGPPeerV1beta1ToV1beta2(peer: BGPPeerV1beta1): BGPPeer {
  const { apiVersion: _apiVersion, spec, status, ...rest } = peer;
  if (spec === undefined) return { ...rest, apiVersion: metallbV1beta2, ...optional("status", status) };
  return {
    ...rest,
    apiVersion: metallbV1beta2,
    spec: {
      myASN: spec.myASN,
      ...optional("peerASN", spec.peerASN),
      peerAddress: spec.peerAddress,
      ...optional("sourceAddress", spec.sourceAddress),
      peerPort: spec.peerPort === undefined || spec.peerPort === 0 ? 179 : spec.peerPort,
      holdTime: goDuration(spec.holdTime),
      keepaliveTime: goDuration(spec.keepaliveTime),
      ...optional("routerID", spec.routerID),
      ...optional("nodeSelectors", spec.nodeSelectors?.map(selectorFromLegacy)),
      ...optional("password", spec.password),
      ...optional("bfdProfile", spec.bfdProfile),
      ...optional("ebgpMultiHop", spec.ebgpMultiHop),
      disableMP: false,
      dualStackAddressFamily: false,
    },
    ...optional("status", status),
  };
}

/**
 * v1beta2 → v1beta1. LOSSY like upstream: every field in `bgpPeerV1beta2OnlyFields` is dropped, so an
 * update through v1beta1 resets them. Absent timers become "0s"; every selector gets both `matchLabels`
 * and `matchExpressions`. `peerASN` and `peerAddress` (required in v1beta1) become 0 / "" when unset
 * (dynamicASN or unnumbered peers), and an Exists/DoesNotExist expression keeps its empty `values`,
 * which the v1beta1 schema (minItems 1) would reject if written back.
 */
export function convertBGPPeerV1beta2ToV1beta1(peer: BGPPeer): BGPPeerV1beta1 {
  const { apiVersion: _apiVersion, spec, status, ...rest } = peer;
  if (spec === undefined) return { ...rest, apiVersion: "metallb.io/v1beta1", ...optional("status", status) };
  return {
    ...rest,
    apiVersion: "metallb.io/v1beta1",
    spec: {
      myASN: spec.myASN,
      peerASN: spec.peerASN ?? 0,
      peerAddress: spec.peerAddress ?? "",
      ...optional("sourceAddress", spec.sourceAddress),
      peerPort: spec.peerPort,
      holdTime: goDuration(spec.holdTime),
      keepaliveTime: goDuration(spec.keepaliveTime),
      ...optional("routerID", spec.routerID),
      ...optional("nodeSelectors", spec.nodeSelectors?.map(selectorToLegacy)),
      ...optional("password", spec.password),
      ...optional("bfdProfile", spec.bfdProfile),
      ...optional("ebgpMultiHop", spec.ebgpMultiHop),
    },
    ...optional("status", status),
  };
}

// BGPPeer (v1beta2) CRs -> PeerConfig, in upstream's rule order: the first failing rule of a peer
// is its error.
import { convertBGPPeerV1beta1ToV1beta2, type BGPPeerV1beta1 } from "@metallb-ts/api";
import { formatDuration, parseDuration } from "./duration.js";
import { ConfigObjectKind, ConfigRule, configError, type ConfigError, type ObjectRef } from "./errors.js";
import { parseIP } from "./ip.js";
import { DynamicASNMode, type BFDProfileConfig, type PeerConfig } from "./model.js";
import type { BGPPeerV1beta1View, BGPPeerView, SecretView } from "./resources.js";
import { selectorListProblem } from "./selectors.js";

export const DEFAULT_BGP_PORT = 179;
export const BASIC_AUTH_SECRET_TYPE = "kubernetes.io/basic-auth";
const SECOND = 1e9;

export interface PeerParseOptions {
  /** frr-k8s secret pass-through: do not resolve passwordSecret here. */
  readonly secretPassthrough: boolean;
}

export function peerRef(p: { metadata: { name: string; namespace?: string | undefined } }): ObjectRef {
  return { kind: ConfigObjectKind.BGPPeer, namespace: p.metadata.namespace, name: p.metadata.name };
}

interface Timers {
  holdTime?: number;
  keepaliveTime?: number;
}

/** Hold only: keepalive = hold/3; keepalive only: hold = 3*keepalive; hold 0 or >= 3s; keepalive <= hold. */
export function deriveTimers(holdText: string | undefined, keepaliveText: string | undefined): { timers: Timers } | { field: string; message: string } {
  const hold = holdText === undefined ? undefined : parseDuration(holdText);
  if (holdText !== undefined && hold === undefined) return { field: "spec.holdTime", message: `invalid duration ${JSON.stringify(holdText)}` };
  const keepalive = keepaliveText === undefined ? undefined : parseDuration(keepaliveText);
  if (keepaliveText !== undefined && keepalive === undefined) {
    return { field: "spec.keepaliveTime", message: `invalid duration ${JSON.stringify(keepaliveText)}` };
  }
  if (hold === undefined && keepalive === undefined) return { timers: {} };
  const holdTime = hold ?? (keepalive as number) * 3;
  const keepaliveTime = keepalive ?? Math.trunc(holdTime / 3);
  const wholeSeconds = Math.trunc(holdTime / SECOND) * SECOND;
  if (wholeSeconds !== 0 && wholeSeconds < 3 * SECOND) {
    return { field: "spec.holdTime", message: `invalid BGPPeer timers: invalid hold time ${JSON.stringify(holdText ?? formatDuration(holdTime))}: must be 0 or >=3s` };
  }
  if (keepaliveTime > holdTime) {
    return {
      field: "spec.keepaliveTime",
      message: `invalid BGPPeer timers: invalid keepaliveTime ${JSON.stringify(keepaliveText ?? formatDuration(keepaliveTime))}, must be lower than holdTime ${JSON.stringify(holdText ?? formatDuration(holdTime))}`,
    };
  }
  return { timers: { holdTime, keepaliveTime } };
}

function hasLineBreak(s: string | undefined): boolean {
  return s !== undefined && /[\n\r]/.test(s);
}

function decodeSecretValue(secret: SecretView, key: string): string | undefined {
  const plain = secret.stringData?.[key];
  if (plain !== undefined) return plain;
  const encoded = secret.data?.[key];
  return encoded === undefined ? undefined : Buffer.from(encoded, "base64").toString("utf8");
}

function secretPasswordFor(p: BGPPeerView, secretName: string, secrets: ReadonlyMap<string, SecretView>): { password: string } | ConfigError {
  const ref = peerRef(p);
  const ns = p.metadata.namespace ?? "";
  const secret = secrets.get(secretName);
  if (!secret) {
    return configError(ref, "spec.passwordSecret", ConfigRule.Reference, `secret ref not found for peer config ${JSON.stringify(ns)}/${JSON.stringify(p.metadata.name)}`, true);
  }
  const where = `${JSON.stringify(secret.metadata.namespace ?? "")}/${JSON.stringify(secret.metadata.name)}`;
  if ((secret.type ?? "Opaque") !== BASIC_AUTH_SECRET_TYPE) {
    return configError(ref, "spec.passwordSecret", ConfigRule.InvalidValue, `secret type mismatch on ${where}, type ${JSON.stringify(BASIC_AUTH_SECRET_TYPE)} is expected`);
  }
  const password = decodeSecretValue(secret, "password");
  if (password === undefined) return configError(ref, "spec.passwordSecret", ConfigRule.InvalidValue, `password not specified in the secret ${where}`);
  if (hasLineBreak(password)) {
    return configError(ref, "spec.passwordSecret", ConfigRule.InvalidValue, `password secret for peer ${JSON.stringify(ns)}/${JSON.stringify(p.metadata.name)} contains invalid characters`);
  }
  return { password };
}

export function peerFromCR(p: BGPPeerView, secrets: ReadonlyMap<string, SecretView>, opts: PeerParseOptions): PeerConfig | ConfigError {
  const ref = peerRef(p);
  const s = p.spec;
  const fail = (field: string, rule: ConfigError["rule"], message: string): ConfigError => configError(ref, field, rule, message);
  const quotedName = `${JSON.stringify(p.metadata.namespace ?? "")}/${JSON.stringify(p.metadata.name)}`;
  const peerASN = s.peerASN ?? 0;
  const dynamicASN = s.dynamicASN ?? "";

  if (!s.myASN) return fail("spec.myASN", ConfigRule.Required, "missing local ASN");
  if (peerASN === 0 && dynamicASN === "") return fail("spec.peerASN", ConfigRule.Exclusive, "missing peer ASN and dynamicASN");
  if (peerASN !== 0 && dynamicASN !== "") return fail("spec.dynamicASN", ConfigRule.Exclusive, "both peer ASN and dynamicASN specified");
  if (dynamicASN !== "" && dynamicASN !== DynamicASNMode.Internal && dynamicASN !== DynamicASNMode.External) {
    return fail("spec.dynamicASN", ConfigRule.InvalidValue, `invalid dynamicASN ${dynamicASN}`);
  }
  if (peerASN === s.myASN && s.ebgpMultiHop) return fail("spec.ebgpMultiHop", ConfigRule.InvalidValue, "invalid ebgp-multihop parameter set for an ibgp peer");
  const address = s.peerAddress ?? "";
  const iface = s.interface ?? "";
  if (address === "" && iface === "") return fail("spec.peerAddress", ConfigRule.Exclusive, "peer has no Address or Interface specified");
  if (address !== "" && iface !== "") return fail("spec.interface", ConfigRule.Exclusive, "peer has both Address and Interface specified");
  if (hasLineBreak(iface)) return fail("spec.interface", ConfigRule.InvalidValue, `interface for peer ${quotedName} contains invalid characters`);

  const timers = deriveTimers(s.holdTime, s.keepaliveTime);
  if ("message" in timers) return fail(timers.field, ConfigRule.Timers, timers.message);

  const peerIP = address === "" ? undefined : parseIP(address);
  if (address !== "" && !peerIP) return fail("spec.peerAddress", ConfigRule.InvalidValue, `invalid BGPPeer address ${JSON.stringify(address)}`);
  if (s.routerID && !parseIP(s.routerID)) return fail("spec.routerID", ConfigRule.InvalidValue, `invalid router ID ${JSON.stringify(s.routerID)}`);
  if (s.sourceAddress && !parseIP(s.sourceAddress)) return fail("spec.sourceAddress", ConfigRule.InvalidValue, `invalid source IP ${JSON.stringify(s.sourceAddress)}`);

  const selectorIssue = selectorListProblem(s.nodeSelectors, "nodeSelectors");
  if (selectorIssue) return fail("spec.nodeSelectors", ConfigRule.Selector, selectorIssue);

  const port = s.peerPort || DEFAULT_BGP_PORT;
  if (!Number.isInteger(port) || port < 1 || port > 16384) return fail("spec.peerPort", ConfigRule.InvalidValue, `invalid peer port ${port}, must be in 1-16384 range`);

  let connectTime: number | undefined;
  if (s.connectTime !== undefined) {
    connectTime = parseDuration(s.connectTime);
    if (connectTime === undefined) return fail("spec.connectTime", ConfigRule.InvalidValue, `invalid duration ${JSON.stringify(s.connectTime)}`);
    if (connectTime % SECOND !== 0) return fail("spec.connectTime", ConfigRule.InvalidValue, "connect time should contain a whole number of seconds");
    if (connectTime < SECOND || connectTime > 65535 * SECOND) return fail("spec.connectTime", ConfigRule.InvalidValue, "connect time should be between 1 seconds to 65535");
  }

  const secretName = s.passwordSecret?.name ?? "";
  if (s.password && secretName !== "") {
    return fail("spec.passwordSecret", ConfigRule.Exclusive, `can not have both password and secret ref set in peer config ${quotedName}`);
  }
  if (hasLineBreak(s.password)) return fail("spec.password", ConfigRule.InvalidValue, `password for peer ${quotedName} contains invalid characters`);
  let secretPassword: string | undefined;
  if (secretName !== "" && !opts.secretPassthrough) {
    const r = secretPasswordFor(p, secretName, secrets);
    if ("object" in r) return r;
    secretPassword = r.password;
  }
  if (hasLineBreak(s.vrf)) return fail("spec.vrf", ConfigRule.InvalidValue, `VRF name for peer ${quotedName} contains invalid characters`);

  return {
    name: p.metadata.name,
    namespace: p.metadata.namespace,
    myASN: s.myASN,
    peerASN: peerASN === 0 ? undefined : peerASN,
    dynamicASN: dynamicASN === "" ? undefined : (dynamicASN as DynamicASNMode),
    address: address === "" ? undefined : address,
    addressFamily: peerIP?.family,
    interface: iface === "" ? undefined : iface,
    sourceAddress: s.sourceAddress || undefined,
    port,
    holdTime: timers.timers.holdTime,
    keepaliveTime: timers.timers.keepaliveTime,
    connectTime,
    routerID: s.routerID || undefined,
    nodeSelectors: s.nodeSelectors ?? [],
    password: s.password || undefined,
    secretPassword,
    passwordSecret: secretName === "" ? undefined : { name: secretName, namespace: s.passwordSecret?.namespace || undefined },
    bfdProfile: s.bfdProfile || undefined,
    enableGracefulRestart: s.enableGracefulRestart ?? false,
    ebgpMultiHop: s.ebgpMultiHop ?? false,
    vrf: s.vrf || undefined,
    disableMP: s.disableMP ?? false,
    dualStackAddressFamily: s.dualStackAddressFamily ?? false,
    localASN: s.localASN || undefined,
  };
}

/** Structural equality of two parsed peers, ignoring the name (upstream's "peer already exists"). */
function samePeerSettings(a: PeerConfig, b: PeerConfig): boolean {
  return JSON.stringify({ ...a, name: "", namespace: "" }) === JSON.stringify({ ...b, name: "", namespace: "" });
}

export function peersFor(
  peers: readonly BGPPeerView[],
  bfdProfiles: ReadonlyMap<string, BFDProfileConfig>,
  secrets: ReadonlyMap<string, SecretView>,
  opts: PeerParseOptions,
): { peers: Map<string, PeerConfig>; errors: ConfigError[] } {
  const out = new Map<string, PeerConfig>();
  const errors: ConfigError[] = [];
  for (const p of peers) {
    const parsed = peerFromCR(p, secrets, opts);
    if ("object" in parsed) {
      errors.push(parsed);
      continue;
    }
    if (parsed.bfdProfile !== undefined && !bfdProfiles.has(parsed.bfdProfile)) {
      errors.push(configError(peerRef(p), "spec.bfdProfile", ConfigRule.Reference, `peer ${p.metadata.name} referencing non existing bfd profile ${parsed.bfdProfile}`, true));
      continue;
    }
    if ([...out.values()].some((other) => samePeerSettings(parsed, other))) {
      errors.push(configError(peerRef(p), "", ConfigRule.Duplicate, `peer ${p.metadata.name} already exists`));
      continue;
    }
    out.set(parsed.name, parsed);
  }
  return { peers: out, errors };
}

/** The api's v1beta1 object for a view: apiVersion and kind filled in, arrays copied (the api's are mutable). */
function apiPeerV1beta1(p: BGPPeerV1beta1View): BGPPeerV1beta1 {
  const { nodeSelectors, ...scalars } = p.spec;
  const spec: BGPPeerV1beta1["spec"] = { ...scalars };
  if (nodeSelectors) {
    spec.nodeSelectors = nodeSelectors.map((sel) => ({
      ...(sel.matchLabels ? { matchLabels: { ...sel.matchLabels } } : {}),
      ...(sel.matchExpressions ? { matchExpressions: sel.matchExpressions.map((e) => ({ key: e.key, operator: e.operator, values: [...(e.values ?? [])] })) } : {}),
    }));
  }
  return { apiVersion: "metallb.io/v1beta1", kind: "BGPPeer", metadata: { ...p.metadata }, spec };
}

/**
 * v1beta1 -> v1beta2 as the conversion webhook does it (@metallb-ts/api's conversion): timers always
 * become explicit (a missing v1beta1 timer is "0s"), and each legacy node selector becomes a LabelSelector.
 */
export function convertPeerV1beta1(p: BGPPeerV1beta1View): BGPPeerView {
  const converted = convertBGPPeerV1beta1ToV1beta2(apiPeerV1beta1(p)).spec;
  // The input has a spec, so the conversion returns one; the fallback only satisfies the type.
  const spec: BGPPeerView["spec"] = converted ?? { myASN: p.spec.myASN };
  // An unparsable timer would convert to "0s" and pass silently; keep the text so peerFromCR reports it.
  const timer = (text: string | undefined, convertedText: string | undefined): string | undefined =>
    text !== undefined && parseDuration(text) === undefined ? text : convertedText;
  return { metadata: p.metadata, spec: { ...spec, holdTime: timer(p.spec.holdTime, spec.holdTime), keepaliveTime: timer(p.spec.keepaliveTime, spec.keepaliveTime) } };
}

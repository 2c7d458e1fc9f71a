// Converting one FRRConfiguration into its contribution to the node's model (upstream
// api_to_config.go). Each configuration is self-contained: `mode: all`, allowed prefixes,
// modifiers, imports and BFD profile references resolve against the same object only.
import { parseGoDuration, secretValue } from "@metallb-ts/api";
import { parseCommunity } from "./community.js";
import type {
  BFDProfileContribution,
  CommunityContribution,
  ConfigurationContribution,
  LocalPrefContribution,
  NeighborContribution,
  RouterContribution,
} from "./contribution.js";
import { ConfigError, TransientError, type FieldRef, type FRRConversionError } from "./errors.js";
import { addressFamily, isIPv4Address, isIPv6Address, parseCIDR, prefixFamily } from "./ip.js";
import { AddressFamily, IPFamily, type BFDProfile, type IncomingFilter, type PrefixFamily } from "./model.js";
import type {
  AdvertiseInput,
  BFDProfileInput,
  FRRConfigurationInput,
  NeighborInput,
  ReceiveInput,
  RouterInput,
  SecretInput,
} from "./resources.js";

export const BASIC_AUTH_SECRET_TYPE = "kubernetes.io/basic-auth";

export interface ConvertContext {
  readonly secrets: ReadonlyMap<string, SecretInput>;
  readonly alwaysBlock: readonly IncomingFilter[];
}

/** A rule violation found while converting; `path` is relative to the object. */
class Violation {
  constructor(
    readonly path: string,
    readonly rule: string,
    readonly transient = false,
  ) {}
}

const goList = (items: readonly string[]): string => `[${items.join(" ")}]`;

function hasFamily(neighbor: IPFamily, family: PrefixFamily): boolean {
  return neighbor === IPFamily.dual || neighbor === family;
}

function uniqueSorted(items: Iterable<string>): string[] {
  return [...new Set(items)].sort(compareStrings);
}

/** Byte-wise order, as Go's sort.Strings (ASCII input). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function convertConfiguration(
  cfg: FRRConfigurationInput,
  ctx: ConvertContext,
): { contribution: ConfigurationContribution; errors: FRRConversionError[] } {
  const namespace = cfg.metadata.namespace ?? "";
  const name = cfg.metadata.name ?? "";
  const errors: FRRConversionError[] = [];
  const report = (v: Violation): void => {
    const at: FieldRef = { namespace, name, path: v.path };
    errors.push(v.transient ? new TransientError(at, v.rule) : new ConfigError(at, v.rule));
  };
  const ref = (path: string): FieldRef => ({ namespace, name, path });

  const rawText = cfg.spec?.raw?.rawConfig ?? "";
  const raw = rawText === "" ? undefined : { priority: cfg.spec?.raw?.priority ?? 0, namespace, name, text: rawText };

  const bfdInputs = cfg.spec?.bgp?.bfdProfiles ?? [];
  const bfdProfiles: BFDProfileContribution[] = [];
  const bfdNames = new Set<string>();
  bfdInputs.forEach((p, i) => {
    if (bfdNames.has(p.name)) {
      report(new Violation(`spec.bgp.bfdProfiles[${i}].name`, `duplicate bfd profile name ${p.name} in config ${name}`));
      return;
    }
    bfdNames.add(p.name);
    bfdProfiles.push({ profile: bfdProfileFrom(p), ref: ref(`spec.bgp.bfdProfiles[${i}]`) });
  });

  const routerInputs = cfg.spec?.bgp?.routers ?? [];
  // VRF -> prefixes of this object's routers, for imports and `mode: all`.
  const prefixesByVRF = new Map<string, string[]>();
  for (const r of routerInputs) {
    const vrf = r.vrf ?? "";
    prefixesByVRF.set(vrf, [...(prefixesByVRF.get(vrf) ?? []), ...(r.prefixes ?? [])]);
  }

  const routers: RouterContribution[] = [];
  routerInputs.forEach((r, i) => {
    const violations: Violation[] = [];
    const router = convertRouter(r, `spec.bgp.routers[${i}]`, { ...ctx, bfdNames, prefixesByVRF, ref, violations });
    violations.forEach(report);
    if (router !== undefined && violations.length === 0) routers.push(router);
  });

  return { contribution: raw === undefined ? { routers, bfdProfiles } : { routers, bfdProfiles, raw }, errors };
}

function bfdProfileFrom(p: BFDProfileInput): BFDProfile {
  const out: { -readonly [K in keyof BFDProfile]: BFDProfile[K] } = {
    name: p.name,
    echoMode: p.echoMode ?? false,
    passiveMode: p.passiveMode ?? false,
  };
  if (p.receiveInterval !== undefined) out.receiveInterval = p.receiveInterval;
  if (p.transmitInterval !== undefined) out.transmitInterval = p.transmitInterval;
  if (p.detectMultiplier !== undefined) out.detectMultiplier = p.detectMultiplier;
  if (p.echoInterval !== undefined) out.echoInterval = p.echoInterval;
  if (p.minimumTtl !== undefined) out.minimumTtl = p.minimumTtl;
  return out;
}

interface RouterContext extends ConvertContext {
  readonly bfdNames: ReadonlySet<string>;
  readonly prefixesByVRF: ReadonlyMap<string, readonly string[]>;
  readonly ref: (path: string) => FieldRef;
  readonly violations: Violation[];
}

function convertRouter(r: RouterInput, path: string, ctx: RouterContext): RouterContribution | undefined {
  const vrf = r.vrf ?? "";
  const routerName = `${r.asn}-${vrf}`;
  if ((r as { evpn?: unknown }).evpn !== undefined) {
    ctx.violations.push(new Violation(`${path}.evpn`, "EVPN is not supported by metallb-ts yet"));
    return undefined;
  }
  const ipv4Prefixes: string[] = [];
  const ipv6Prefixes: string[] = [];
  (r.prefixes ?? []).forEach((p, k) => {
    const family = prefixFamily(p);
    if (family === undefined) ctx.violations.push(new Violation(`${path}.prefixes[${k}]`, `unknown ipfamily for ${p}`));
    else (family === IPFamily.ipv4 ? ipv4Prefixes : ipv6Prefixes).push(p);
  });

  const importVRFs: string[] = [];
  const allPrefixes = [...(r.prefixes ?? [])];
  (r.imports ?? []).forEach((imp, k) => {
    const imported = imp.vrf ?? "";
    const lookup = imported === "default" ? "" : imported;
    const prefixes = ctx.prefixesByVRF.get(lookup);
    if (imported !== "default" && (imported === "" || prefixes === undefined)) {
      ctx.violations.push(new Violation(`${path}.imports[${k}].vrf`, `router ${routerName} imports vrf ${imported} which is not defined`));
      return;
    }
    if (prefixes === undefined) {
      ctx.violations.push(new Violation(`${path}.imports[${k}].vrf`, `vrf ${lookup} not found in prefixes in router`));
      return;
    }
    importVRFs.push(imported);
    allPrefixes.push(...prefixes);
  });

  // Parsed once per router: neighbors in `mode: all` take these lists as they are.
  const routerPrefixes: RouterPrefixes = { all: new Set(allPrefixes), ipv4: [], ipv6: [] };
  for (const p of routerPrefixes.all) {
    const family = prefixFamily(p);
    if (family !== undefined) routerPrefixes[family].push(p);
  }
  const neighbors: NeighborContribution[] = [];
  (r.neighbors ?? []).forEach((n, j) => {
    const converted = convertNeighbor(n, `${path}.neighbors[${j}]`, r, routerPrefixes, ctx);
    if (converted !== undefined) neighbors.push(converted);
  });

  return {
    ref: ctx.ref(path),
    myASN: r.asn,
    routerID: r.id ?? "",
    vrf,
    ipv4Prefixes,
    ipv6Prefixes,
    importVRFs,
    neighbors,
  };
}

/** The prefixes a router's neighbors may advertise: its own and those of imported VRFs. */
interface RouterPrefixes {
  readonly all: ReadonlySet<string>;
  readonly ipv4: string[];
  readonly ipv6: string[];
}

/** Upstream's neighbor Name: `<asn|internal|external>@<address|interface>`; only used in messages. */
function neighborName(n: NeighborInput): string {
  const asn = n.asn !== undefined && n.asn !== 0 ? String(n.asn) : (n.dynamicASN ?? "");
  return `${asn}@${n.address !== undefined && n.address !== "" ? n.address : (n.interface ?? "")}`;
}

function convertNeighbor(
  n: NeighborInput,
  path: string,
  router: RouterInput,
  allPrefixes: RouterPrefixes,
  ctx: RouterContext,
): NeighborContribution | undefined {
  const name = neighborName(n);
  const vrf = router.vrf ?? "";
  const routerName = `${router.asn}-${vrf}`;
  const violations: Violation[] = [];
  // Errors found while converting the neighbor are wrapped like upstream's processNeighbor.
  const fail = (field: string, rule: string, transient = false): void => {
    violations.push(new Violation(field === "" ? path : `${path}.${field}`, `failed to process neighbor ${name} for router ${routerName}: ${rule}`, transient));
  };
  const address = n.address ?? "";
  const iface = n.interface ?? "";

  if (address === "" && iface === "") fail("", `neighbor with ASN ${n.asn ?? n.dynamicASN ?? 0} has no address and no interface`);
  if (address !== "" && iface !== "") fail("interface", `neighbor ${name} has both Address and Interface specified`);

  let family: IPFamily | undefined;
  if (iface !== "" || n.dualStackAddressFamily === true) family = IPFamily.dual;
  else if (address !== "") {
    family = addressFamily(address);
    if (family === undefined) {
      violations.push(new Violation(`${path}.address`, `failed to find ipfamily for neighbor ${name}, err: failed to find ipfamily for ${address}`));
    }
  }

  let asn = "";
  const numericASN = n.asn ?? 0;
  const dynamic = n.dynamicASN ?? "";
  if (numericASN === 0 && dynamic === "") fail("asn", `neighbor ${name} has no ASN or DynamicASN specified`);
  else if (numericASN !== 0 && dynamic !== "") fail("dynamicASN", `neighbor ${name} has both ASN and DynamicASN specified`);
  else if (dynamic !== "" && dynamic !== "internal" && dynamic !== "external") {
    fail("dynamicASN", `neighbor ${name} has invalid DynamicASN ${dynamic} specified, must be one of internal,external`);
  } else asn = numericASN !== 0 ? String(numericASN) : dynamic;

  const localASN = n.localASN ?? 0;
  if (localASN !== 0 && numericASN === router.asn) {
    violations.push(new Violation(`${path}.localASN`, `neighbor ${name}: localASN is not supported for iBGP sessions (neighbor ASN ${numericASN} equals router ASN)`));
  }

  const bfdProfile = n.bfdProfile ?? "";
  if (bfdProfile !== "" && !ctx.bfdNames.has(bfdProfile)) fail("bfdProfile", `neighbor ${name} referencing non existing BFDProfile ${bfdProfile}`);

  const addressFamilies = new Set<AddressFamily>();
  for (const af of n.addressFamilies ?? [AddressFamily.unicast]) {
    if (af === AddressFamily.unicast) addressFamilies.add(af);
    else fail("addressFamilies", af === AddressFamily.evpn ? "EVPN is not supported by metallb-ts yet" : `unknown address family ${af}, must be one of unicast,evpn`);
  }

  const timers = convertTimers(n);
  if ("invalid" in timers) fail(timers.field, `invalid timers for neighbor ${name}, err: ${timers.invalid}`);

  const password = resolvePassword(n, name, ctx.secrets);
  if ("violation" in password) fail("passwordSecret", password.violation, password.transient);

  if (family === undefined) {
    ctx.violations.push(...violations);
    return undefined;
  }

  const out = convertOutgoing(n.toAdvertise ?? {}, `${path}.toAdvertise`, { name, vrf, family, allPrefixes, ref: ctx.ref });
  const incoming = convertIncoming(n.toReceive ?? {}, `${path}.toReceive`);
  // Upstream validates advertisements before converting the neighbor, so those are not wrapped.
  violations.push(...out.validation);
  for (const v of [...out.conversion, ...incoming.violations]) fail(v.path.slice(path.length + 1), v.rule);

  ctx.violations.push(...violations);
  if (violations.length > 0 || "invalid" in timers || "violation" in password) return undefined;

  const neighbor: { -readonly [K in keyof NeighborContribution]: NeighborContribution[K] } = {
    ref: ctx.ref(path),
    name,
    id: `${address !== "" ? address : iface}${vrf === "" ? "" : `-${vrf}`}`,
    asn,
    address,
    iface,
    ipFamily: family,
    vrf,
    srcAddr: n.sourceaddress ?? "",
    password: password.password,
    passwordOrigin: password.origin,
    ebgpMultiHop: n.ebgpMultiHop ?? false,
    bfdProfile,
    gracefulRestart: n.enableGracefulRestart ?? false,
    addressFamilies: [...addressFamilies],
    ...out.value,
    receiveAll: incoming.all,
    receiveFilters: incoming.filters,
    alwaysBlock: ctx.alwaysBlock,
  };
  if (n.port !== undefined) neighbor.port = n.port;
  if (timers.holdTime !== undefined) neighbor.holdTime = timers.holdTime;
  if (timers.keepaliveTime !== undefined) neighbor.keepaliveTime = timers.keepaliveTime;
  if (timers.connectTime !== undefined) neighbor.connectTime = timers.connectTime;
  if (localASN !== 0) neighbor.localASN = localASN;
  return neighbor;
}

/** Whole seconds of a Go duration (truncated, as upstream stores timers), or undefined if invalid. */
function durationSeconds(text: string): number | undefined {
  const nanos = parseGoDuration(text);
  return nanos === undefined ? undefined : Math.trunc(nanos / 1e9);
}

interface Timers {
  holdTime?: number;
  keepaliveTime?: number;
  connectTime?: number;
}

/** Timers in whole seconds, or the violated rule and the field it is about. */
function convertTimers(n: NeighborInput): Timers | { field: "holdTime" | "connectTime"; invalid: string } {
  const out: Timers = {};
  const invalid = (rule: string, field: "holdTime" | "connectTime" = "holdTime") => ({ field, invalid: rule });
  if ((n.holdTime === undefined) !== (n.keepaliveTime === undefined)) {
    return invalid("one of KeepaliveTime/HoldTime specified, both must be set or none");
  }
  if (n.holdTime !== undefined && n.keepaliveTime !== undefined) {
    const hold = durationSeconds(n.holdTime);
    const keepalive = durationSeconds(n.keepaliveTime);
    if (hold === undefined) return invalid(`invalid hold time ${n.holdTime}: not a duration`);
    if (keepalive === undefined) return invalid(`invalid keepaliveTime ${n.keepaliveTime}: not a duration`);
    if (hold !== 0 && hold < 3) return invalid(`invalid hold time ${n.holdTime}: must be 0 or >=3s`);
    if (keepalive > hold) return invalid(`invalid keepaliveTime ${n.keepaliveTime}, must be lower than holdTime ${n.holdTime}`);
    out.holdTime = hold;
    out.keepaliveTime = keepalive;
  }
  if (n.connectTime !== undefined) {
    const connect = durationSeconds(n.connectTime);
    if (connect === undefined || connect < 1 || connect > 65535) return invalid(`invalid connectTime ${n.connectTime}: must be between 1s and 65535s`, "connectTime");
    out.connectTime = connect;
  }
  return out;
}

type PasswordResult =
  | { password: string; origin: string }
  | { violation: string; transient: boolean };

function resolvePassword(n: NeighborInput, name: string, secrets: ReadonlyMap<string, SecretInput>): PasswordResult {
  const secretName = n.passwordSecret?.name ?? "";
  const cleartext = n.password ?? "";
  if (secretName === "") return { password: cleartext, origin: cleartext === "" ? "none" : "cleartext" };
  if (cleartext !== "") return { violation: `neighbor ${name} specifies both cleartext password and secret ref`, transient: false };
  const secret = secrets.get(secretName);
  if (secret === undefined) return { violation: `secret ${secretName} not found for neighbor ${name}`, transient: true };
  const where = `"${secret.metadata.namespace ?? ""}"/"${secretName}"`;
  if (secret.type !== BASIC_AUTH_SECRET_TYPE) {
    return { violation: `secret type mismatch on ${where}, type "${BASIC_AUTH_SECRET_TYPE}" is expected`, transient: false };
  }
  const password = secretValue(secret, "password");
  if (password === undefined) return { violation: `password field not specified in the secret ${where}`, transient: false };
  return { password, origin: `secret "${secretName}"` };
}

interface OutgoingValue {
  prefixesV4: string[];
  prefixesV6: string[];
  nextHopV4: string;
  nextHopV6: string;
  localPrefs: LocalPrefContribution[];
  communities: CommunityContribution[];
}

function convertOutgoing(
  adv: AdvertiseInput,
  path: string,
  neighbor: { name: string; vrf: string; family: IPFamily; allPrefixes: RouterPrefixes; ref: (path: string) => FieldRef },
): { value: OutgoingValue; validation: Violation[]; conversion: Violation[] } {
  const found = { validation: [] as Violation[], conversion: [] as Violation[] };
  const validation = (p: string, rule: string): void => {
    found.validation.push(new Violation(p, rule));
  };
  const conversion = (p: string, rule: string): void => {
    found.conversion.push(new Violation(p, rule));
  };
  const { name, family } = neighbor;
  const incompatible = (prefixes: readonly string[]): string | undefined => {
    for (const p of prefixes) {
      const pf = prefixFamily(p);
      if (pf === undefined) return `unknown ipfamily for ${p}`;
      if (!hasFamily(family, pf)) return `prefix ${p} is not compatible with the ipfamily ${family}`;
    }
    return undefined;
  };

  // Validation (upstream validateOutgoing): families and references to the router's prefixes.
  const mode = adv.allowed?.mode ?? "filtered";
  if (mode !== "all" && mode !== "filtered") validation(`${path}.allowed.mode`, `invalid mode ${mode}, must be one of all,filtered`);
  const allowedInput = adv.allowed?.prefixes ?? [];
  if (mode === "filtered") {
    const problem = incompatible(allowedInput);
    if (problem !== undefined) validation(`${path}.allowed.prefixes`, `invalid allowed prefixes ${goList(allowedInput)} for neighbor ${name}, err: ${problem}`);
    allowedInput.forEach((p, k) => {
      if (!neighbor.allPrefixes.all.has(p)) {
        validation(`${path}.allowed.prefixes[${k}]`, `trying to advertise non configured prefix ${p} to neighbor ${name}, vrf ${neighbor.vrf}`);
      }
    });
  }
  const localPrefOf = new Map<string, number>();
  (adv.withLocalPref ?? []).forEach((lp, k) => {
      const localPref = lp.localPref ?? 0;
    const prefixes = lp.prefixes ?? [];
    const problem = incompatible(prefixes);
    if (problem !== undefined) validation(`${path}.withLocalPref[${k}].prefixes`, `invalid prefixes ${goList(prefixes)} for localpref ${localPref} for neighbor ${name}, err: ${problem}`);
    for (const p of prefixes) {
      const other = localPrefOf.get(p);
      if (other !== undefined && other !== localPref) {
        validation(`${path}.withLocalPref[${k}].prefixes`, `prefix ${p} is configured with both local preference ${other} and ${localPref}`);
      }
      localPrefOf.set(p, localPref);
    }
  });
  (adv.withCommunity ?? []).forEach((c, k) => {
      const community = c.community ?? "";
    const prefixes = c.prefixes ?? [];
    const problem = incompatible(prefixes);
    if (problem !== undefined) validation(`${path}.withCommunity[${k}].prefixes`, `invalid prefixes ${goList(prefixes)} for community ${community} for neighbor ${name}, err: ${problem}`);
  });

  // Conversion: allowed sets per family, next hops, modifiers.
  const allowed = { ipv4: new Set<string>(), ipv6: new Set<string>() };
  for (const fam of [IPFamily.ipv4, IPFamily.ipv6] as const) {
    if (!hasFamily(family, fam)) continue;
    if (mode === "all") allowed[fam] = new Set(neighbor.allPrefixes[fam]);
    else for (const p of allowedInput) if (prefixFamily(p) === fam) allowed[fam].add(p);
  }

  const nextHop = { ipv4: "", ipv6: "" };
  for (const fam of [IPFamily.ipv4, IPFamily.ipv6] as const) {
    const hop = adv.nextHop?.[fam] ?? "";
    if (hop === "") continue;
    const valid = fam === IPFamily.ipv4 ? isIPv4Address(hop) : isIPv6Address(hop);
    if (!valid) conversion(`${path}.nextHop.${fam}`, `invalid ${fam} next hop "${hop}" for neighbor ${name}`);
    else if (!hasFamily(family, fam)) conversion(`${path}.nextHop.${fam}`, `${fam} next hop "${hop}" set for neighbor ${name} without an ${fam} address family`);
    else nextHop[fam] = hop;
  }

  const localPrefs: LocalPrefContribution[] = [];
  const communities: CommunityContribution[] = [];
  const modifierError = (p: string, rule: string): void => conversion(p, `failed to process local pref for neighbor ${name}, err: ${rule}`);
  const communityError = (p: string, rule: string): void => conversion(p, `failed to process community for neighbor ${name}, err: ${rule}`);
  for (const fam of [IPFamily.ipv4, IPFamily.ipv6] as const) {
    if (!hasFamily(family, fam)) continue;
    const seenLocalPref = new Set<number>();
    (adv.withLocalPref ?? []).forEach((lp, k) => {
      const localPref = lp.localPref ?? 0;
      const prefixes = (lp.prefixes ?? []).filter((p) => prefixFamily(p) === fam);
      if (prefixes.length === 0) return;
      const at = `${path}.withLocalPref[${k}]`;
      if (seenLocalPref.has(localPref)) return modifierError(`${at}.localPref`, `local preference ${localPref} is already defined`);
      seenLocalPref.add(localPref);
      const problem = modifierPrefixProblem(prefixes, allowed[fam], (p) => `localPref ${localPref} associated to non existing prefix ${p}`, (p) => `prefix ${p} is already defined for local preference ${localPref}`);
      if (problem !== undefined) return modifierError(`${at}.prefixes`, problem);
      localPrefs.push({ localPref, ipFamily: fam, prefixes: uniqueSorted(prefixes), ref: neighbor.ref(at) });
    });
    const seenCommunity = new Set<string>();
    (adv.withCommunity ?? []).forEach((c, k) => {
      const community = c.community ?? "";
      const prefixes = (c.prefixes ?? []).filter((p) => prefixFamily(p) === fam);
      if (prefixes.length === 0) return;
      const at = `${path}.withCommunity[${k}]`;
      const parsed = parseCommunity(community);
      if (!parsed.ok) return communityError(`${at}.community`, `invalid community ${community}, err: ${parsed.error}`);
      const text = parsed.community.text;
      if (seenCommunity.has(text)) return communityError(`${at}.community`, `community ${community} is already defined`);
      seenCommunity.add(text);
      const problem = modifierPrefixProblem(prefixes, allowed[fam], (p) => `prefix ${p} is advertised for community ${community} but it's not in the advertisement list of the neighbor`, (p) => `prefix ${p} is already defined for community ${community}`);
      if (problem !== undefined) return communityError(`${at}.prefixes`, problem);
      communities.push({ community: text, ipFamily: fam, prefixes: uniqueSorted(prefixes) });
    });
  }

  return {
    value: {
      prefixesV4: uniqueSorted(allowed.ipv4),
      prefixesV6: uniqueSorted(allowed.ipv6),
      nextHopV4: nextHop.ipv4,
      nextHopV6: nextHop.ipv6,
      localPrefs,
      communities,
    },
    ...found,
  };
}

function modifierPrefixProblem(
  prefixes: readonly string[],
  allowed: ReadonlySet<string>,
  notAllowed: (p: string) => string,
  duplicate: (p: string) => string,
): string | undefined {
  const seen = new Set<string>();
  for (const p of prefixes) {
    if (!allowed.has(p)) return notAllowed(p);
    if (seen.has(p)) return duplicate(p);
    seen.add(p);
  }
  return undefined;
}

function convertIncoming(rcv: ReceiveInput, path: string): { all: boolean; filters: IncomingFilter[]; violations: Violation[] } {
  const violations: Violation[] = [];
  const mode = rcv.allowed?.mode ?? "filtered";
  if (mode !== "all" && mode !== "filtered") violations.push(new Violation(`${path}.allowed.mode`, `invalid mode ${mode}, must be one of all,filtered`));
  if (mode === "all") return { all: true, filters: [], violations };
  const filters: IncomingFilter[] = [];
  (rcv.allowed?.prefixes ?? []).forEach((sel, k) => {
    const at = `${path}.allowed.prefixes[${k}]`;
    const prefix = sel.prefix ?? "";
    const cidr = parseCIDR(prefix);
    if (cidr === undefined) {
      violations.push(new Violation(`${at}.prefix`, `failed to parse prefix ${prefix}: invalid CIDR address: ${prefix}`));
      return;
    }
    const le = sel.le ?? 0;
    const ge = sel.ge ?? 0;
    const problem = selectorLengthProblem(cidr.bits, le, ge);
    if (problem !== undefined) {
      violations.push(new Violation(at, `invalid selector lengths: ${problem}`));
      return;
    }
    filters.push({ ipFamily: cidr.family, prefix, le, ge });
  });
  return { all: false, filters, violations };
}

/** Checks `mask <= ge <= le` for the lengths that are set (0 = not set); equal lengths are allowed. */
export function selectorLengthProblem(mask: number, le: number, ge: number): string | undefined {
  if (le === 0 && ge === 0) return undefined;
  if (le !== 0 && ge > le) return `ge ${ge} is bigger than le ${le}`;
  if (le !== 0 && mask > le) return `cidr mask ${mask} is bigger than le ${le}`;
  if (ge !== 0 && mask > ge) return `cidr mask ${mask} is bigger than ge ${ge}`;
  return undefined;
}

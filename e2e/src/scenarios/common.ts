// Shared vocabulary of the scenario files: MetalLB objects as plain JSON, Services with endpoints on
// chosen nodes, and readers of what the external routers learned (BGP RIB and kernel table).
import { eventually, FRRK8S_NAMESPACE, METALLB_NAMESPACE, type FrrHost, type Rib, type System } from "@metallb-ts/e2e/lab";

export const APP_NS = "default";
export type Json = Record<string, unknown>;

/** Applies objects as one kubectl List (one process instead of one per object). */
export function applyAll(sys: System, items: Json[]): void {
  sys.apply(JSON.stringify({ apiVersion: "v1", kind: "List", items }));
}

export function metallbObject(kind: string, name: string, spec: Json): Json {
  const apiVersion = kind === "BGPPeer" ? "metallb.io/v1beta2" : "metallb.io/v1beta1";
  return { apiVersion, kind, metadata: { name, namespace: METALLB_NAMESPACE }, spec };
}

/** A pool that only Services naming it (annotation or requested IP) draw from, so scenarios stay apart. */
export function pinnedPool(name: string, addresses: string[], extra: Json = {}): Json {
  return metallbObject("IPAddressPool", name, { addresses, autoAssign: false, ...extra });
}

export interface ServiceOptions {
  annotations?: Record<string, string>;
  ports?: number[];
  families?: "IPv4" | "IPv6" | "dual";
  etp?: "Cluster" | "Local";
}

/** A selector-less LoadBalancer Service plus an EndpointSlice with one ready endpoint per node. */
export function serviceWithEndpoints(name: string, nodes: string[], o: ServiceOptions = {}): Json[] {
  const ports = (o.ports ?? [80]).map((port) => ({ name: `p${port}`, port, protocol: "TCP" }));
  const families = o.families === "dual" ? { ipFamilyPolicy: "RequireDualStack", ipFamilies: ["IPv4", "IPv6"] }
    : o.families === "IPv6" ? { ipFamilyPolicy: "SingleStack", ipFamilies: ["IPv6"] } : {};
  const svc = {
    apiVersion: "v1", kind: "Service",
    metadata: { name, namespace: APP_NS, ...(o.annotations ? { annotations: o.annotations } : {}) },
    spec: { type: "LoadBalancer", externalTrafficPolicy: o.etp ?? "Cluster", ports, ...families },
  };
  // Endpoint addresses are documentation-range placeholders: nothing routes to them.
  const slice = {
    apiVersion: "discovery.k8s.io/v1", kind: "EndpointSlice",
    metadata: { name: `${name}-eps`, namespace: APP_NS, labels: { "kubernetes.io/service-name": name } },
    addressType: "IPv4",
    ports: ports.map((p) => ({ name: p.name, port: p.port, protocol: "TCP" })),
    endpoints: nodes.map((n, i) => ({ addresses: [`192.0.2.${200 + i}`], conditions: { ready: true }, nodeName: n })),
  };
  return [svc, slice];
}

export function deleteServices(sys: System, names: string[]): void {
  if (names.length === 0) return;
  sys.kubectl(["delete", "service", "-n", APP_NS, "--ignore-not-found", "--wait=false", ...names]);
  sys.kubectl(["delete", "endpointslice", "-n", APP_NS, "--ignore-not-found", "--wait=false", ...names.map((n) => `${n}-eps`)]);
}

export function deleteMetallb(sys: System, kind: string, names: string[]): void {
  if (names.length > 0) sys.kubectl(["delete", kind, "-n", METALLB_NAMESPACE, "--ignore-not-found", ...names]);
}

/** Everything MetalLB and frr-k8s objects a scenario file may have left, for afterAll. */
export function deleteAllMetallbObjects(sys: System): void {
  for (const kind of ["bgpadvertisements", "bgppeers", "ipaddresspools", "bfdprofiles", "communities", "servicebgpstatuses", "configurationstates"]) {
    sys.kubectl(["delete", kind, "--all", "-n", METALLB_NAMESPACE, "--ignore-not-found"]);
  }
  sys.kubectl(["delete", "secrets", "-n", METALLB_NAMESPACE, "-l", "metallb-ts.test/scenario", "--ignore-not-found"]);
  sys.kubectl(["delete", "frrconfigurations", "--all", "-n", FRRK8S_NAMESPACE, "--ignore-not-found"]);
  sys.kubectl(["delete", "bgpsessionstates", "--all", "-n", FRRK8S_NAMESPACE, "--ignore-not-found"]);
  sys.kubectl(["delete", "frrnodestates", "--all", "--ignore-not-found"]);
}

/** The Service's ingress IPs once the controller assigned `count` of them. */
export function serviceIPs(sys: System, name: string, count = 1): Promise<string[]> {
  return eventually(`${count} ingress IP(s) for ${APP_NS}/${name}`, () => {
    const ips = currentIPs(sys, name);
    return ips.length >= count ? ips : undefined;
  }, 60_000);
}

export function currentIPs(sys: System, name: string): string[] {
  const out = sys.kubectl(["get", "service", name, "-n", APP_NS, "-o", "jsonpath={.status.loadBalancer.ingress[*].ip}"]).trim();
  return out === "" ? [] : out.split(" ");
}

export const hostPrefix = (ip: string): string => (ip.includes(":") ? `${ip}/128` : `${ip}/32`);

/**
 * Active next hops of `prefix` in the router's BGP RIB. IPv4: the node addresses, sorted. IPv6 next
 * hops may be link-local, so they are mapped back to the node through the BGP table's peer address.
 */
export function ribNextHops(router: FrrHost, prefix: string): string[] {
  if (!prefix.includes(":")) {
    const rib = router.vtyshJson<Rib>(`show ip route ${prefix} json`);
    const entry = (rib[prefix] ?? []).find((e) => e.protocol === "bgp" && e.selected);
    // Recursive next hops (multihop) come with their resolvers: keep the BGP next hops only.
    return (entry?.nexthops ?? []).filter((n) => n.active && !(n as { resolver?: boolean }).resolver).flatMap((n) => (n.ip ? [n.ip] : [])).sort();
  }
  const rib = router.vtyshJson<Rib>(`show ipv6 route ${prefix} json`);
  const entry = (rib[prefix] ?? []).find((e) => e.protocol === "bgp" && e.selected);
  if (!entry) return [];
  return bgpPaths(router, prefix).filter((p) => p.multipath || p.bestpath).map((p) => p.peer).sort();
}

interface BgpPath {
  peer: string;
  bestpath: boolean;
  multipath: boolean;
  stale: boolean;
  locPrf?: number;
  community?: string;
  largeCommunity?: string;
}

/** The BGP table's paths for one prefix (peer address, best/multipath, stale, attributes). */
export function bgpPaths(router: FrrHost, prefix: string): BgpPath[] {
  const afi = prefix.includes(":") ? "ipv6" : "ipv4";
  const raw = router.vtyshJson<{ paths?: Array<{
    peer?: { peerId?: string }; bestpath?: { overall?: boolean }; multipath?: boolean; stale?: boolean;
    locPrf?: number; community?: { string?: string }; largeCommunity?: { string?: string };
  }> }>(`show bgp ${afi} unicast ${prefix} json`);
  return (raw.paths ?? []).map((p) => ({
    peer: p.peer?.peerId ?? "",
    bestpath: p.bestpath?.overall === true,
    multipath: p.multipath === true,
    stale: p.stale === true,
    ...(p.locPrf !== undefined ? { locPrf: p.locPrf } : {}),
    ...(p.community?.string !== undefined ? { community: p.community.string } : {}),
    ...(p.largeCommunity?.string !== undefined ? { largeCommunity: p.largeCommunity.string } : {}),
  }));
}

/** Gateways of the route to `prefix` in the router's kernel table ([] when absent). */
export function kernelNextHops(host: FrrHost, prefix: string): string[] {
  const v6 = prefix.includes(":");
  const [addr, len] = prefix.split("/");
  const host1 = (v6 && len === "128") || (!v6 && len === "32");
  const route = host.kernelRoutes(v6 ? 6 : 4).find((r) => r.dst === prefix || (host1 && r.dst === addr));
  if (!route) return [];
  const hops = route.nexthops?.map((n) => n.gateway) ?? (route.gateway ? [route.gateway] : []);
  return hops.sort();
}

export const nodeIPs = (sys: System, names: string[], family: 4 | 6 = 4): string[] =>
  names.map((n) => (family === 4 ? sys.lab.host(n).ipv4 : sys.lab.host(n).ipv6)).sort();

/** Waits until the router's RIB and kernel both route `prefix` via exactly `via` (node addresses; [] = withdrawn). */
export async function expectRoutedVia(router: FrrHost, prefix: string, via: string[], timeoutMs = 60_000): Promise<void> {
  const want = JSON.stringify([...via].sort());
  const v6 = prefix.includes(":");
  await eventually(`${router.name}: ${prefix} via [${via.join(", ")}]`, () => JSON.stringify(ribNextHops(router, prefix)) === want, timeoutMs)
    .catch((err: Error) => {
      throw new Error(`${err.message}; the router has [${ribNextHops(router, prefix).join(", ")}]\n${router.vtysh("show bgp summary")}`);
    });
  // The kernel's IPv6 gateways may be link-local: compare the number of next hops there.
  await eventually(`${router.name} kernel: ${prefix} with ${via.length} next hop(s)`, () => {
    const hops = kernelNextHops(router, prefix);
    return v6 ? hops.length === via.length || (via.length === 0 && hops.length === 0) : JSON.stringify(hops) === want;
  }, timeoutMs);
}

export interface BgpNeighborJson {
  bgpState?: string;
  lastResetDueTo?: string;
  /** FRR 8.4 sends a Cease/BFD Down NOTIFICATION, so lastResetDueTo only says "BGP Notification send". */
  lastNotificationReason?: string;
  gracefulRestartInfo?: { remoteGrMode?: string; localGrMode?: string };
}

export function routerNeighbor(router: FrrHost, address: string): BgpNeighborJson {
  const all = router.vtyshJson<Record<string, BgpNeighborJson>>(`show bgp neighbors ${address} json`);
  return all[address] ?? {};
}

export function frrNodeState(sys: System, node: string): { lastConversionResult?: string; lastReloadResult?: string } {
  try {
    return (JSON.parse(sys.kubectl(["get", "frrnodestate", node, "-o", "json"])) as { status?: { lastConversionResult?: string; lastReloadResult?: string } }).status ?? {};
  } catch {
    return {};
  }
}

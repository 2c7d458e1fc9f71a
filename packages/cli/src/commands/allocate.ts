// metallb-ts allocate -f PATH... [-o json|yaml]: allocates LoadBalancer IPs offline, the way the
// controller does on start (spec §2.13): existing status IPs are claimed first, in input order, then
// Services without IPs are allocated in input order.
import {
  Allocator,
  familyForAddresses,
  formatPoolIssue,
  poolsFromCRs,
  type ServiceRequest,
  serviceRequestFor,
} from "@metallb-ts/allocator";
import type { IPAddressPool, Namespace, Service } from "@metallb-ts/api";
import { stringify } from "yaml";
import { readInputs, reportInvalidInput } from "../inputs.js";
import { type CliIO, parseArgs } from "../io.js";

const USAGE = `usage: metallb-ts allocate -f PATH... [-o json|yaml]

Reads IPAddressPools, Namespaces and Services (other kinds are ignored) and prints, in input order,
the IPs and pool each Service of type LoadBalancer gets, or why it gets none. A Service's
status.loadBalancer.ingress IPs are claimed first, as the controller does after a restart. Pools
are taken from any namespace (the controller reads only its own).

  -f, --file PATH     a file, a directory (every *.yaml, *.yml, *.json below it) or - for stdin; repeatable
  -o, --output FMT    json (default) or yaml
`;

type ServiceResult =
  | { namespace: string; name: string; ips: string[]; pool: string }
  | { namespace: string; name: string; error: string };

interface Inputs {
  pools: IPAddressPool[];
  namespaces: Map<string, Record<string, string>>;
  services: Service[];
}

const KUBERNETES_NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

/** The kinds this command reads, parsed; problems are `source: Kind ns/name: field: rule` lines. */
function collectInputs(paths: readonly string[], readStdin: () => string): { inputs: Inputs; problems: string[] } {
  const inputs: Inputs = { pools: [], namespaces: new Map(), services: [] };
  const { objects, problems } = readInputs(paths, readStdin, {
    wanted: ({ object }) =>
      (object["apiVersion"] === "metallb.io/v1beta1" && object["kind"] === "IPAddressPool") ||
      (object["apiVersion"] === "v1" && (object["kind"] === "Namespace" || object["kind"] === "Service")),
    // A Service without a namespace is created in "default"; pools keep theirs as written (any is read).
    defaultNamespace: (type) => (type === "Service" ? "default" : undefined),
  });
  for (const { parsed } of objects) {
    if (parsed.type === "IPAddressPool") inputs.pools.push(parsed.object);
    else if (parsed.type === "Namespace") addNamespace(inputs, parsed.object);
    else if (parsed.type === "Service") inputs.services.push(parsed.object);
  }
  return { inputs, problems: [...problems] };
}

function addNamespace(inputs: Inputs, ns: Namespace): void {
  const name = ns.metadata.name ?? "";
  // The API server labels every Namespace with its name; selectors written against it must match here too.
  inputs.namespaces.set(name, { [KUBERNETES_NAMESPACE_NAME_LABEL]: name, ...(ns.metadata.labels ?? {}) });
}

function ingressIPs(service: Service): string[] {
  return (service.status?.loadBalancer?.ingress ?? []).flatMap((i) => (i.ip ? [i.ip] : []));
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join(",") === [...b].sort().join(",");
}

/**
 * Claims a Service's status IPs like one controller reconcile (spec §2.9 steps 8-10): kept only when their
 * family fits the Service, they are allowed by the config, and they agree with the pinned pool and the
 * requested IPs. Returns whether the Service keeps them.
 */
function claimExisting(allocator: Allocator, request: ServiceRequest, current: readonly string[]): boolean {
  const family = familyForAddresses(current);
  if (!family.ok) return false;
  const preferDual = request.family === "dual" && request.ipFamilyPolicy === "PreferDualStack";
  if (family.family !== request.family && !preferDual) return false;
  const claimed = allocator.assign(request, current);
  if (!claimed.ok) return false;
  const requested = request.requestedIPs ?? [];
  const poolDiffers = request.pool !== undefined && request.pool !== claimed.pool;
  if (poolDiffers || (requested.length > 0 && !sameSet(requested, claimed.ips))) {
    allocator.unassign(`${request.namespace}/${request.name}`);
    return false;
  }
  // PreferDualStack top-up; failing to add the other family leaves the Service with what it has.
  if (preferDual && claimed.ips.length === 1) allocator.allocateOtherFamily(request);
  return true;
}

function allocateAll(inputs: Inputs, allocator: Allocator): ServiceResult[] {
  const balanced = inputs.services.filter((s) => s.spec?.type === "LoadBalancer");
  const requests = balanced.map((service) => serviceRequestFor(service, inputs.namespaces.get(service.metadata.namespace ?? "default") ?? {
    [KUBERNETES_NAMESPACE_NAME_LABEL]: service.metadata.namespace ?? "default",
  }));
  const done = new Set<number>();
  balanced.forEach((service, i) => {
    const request = requests[i];
    const current = ingressIPs(service);
    if (request?.ok && current.length > 0 && claimExisting(allocator, request.request, current)) done.add(i);
  });
  return balanced.map((service, i): ServiceResult => {
    const namespace = service.metadata.namespace ?? "default";
    const name = service.metadata.name ?? "";
    const request = requests[i];
    if (!request?.ok) return { namespace, name, error: request?.message ?? "no request" };
    const key = `${namespace}/${name}`;
    const result = done.has(i) ? undefined : allocator.allocate(request.request);
    if (result && !result.ok) return { namespace, name, error: result.error.message };
    return { namespace, name, ips: [...allocator.ipsFor(key)], pool: allocator.poolFor(key) ?? "" };
  });
}

export async function run(argv: readonly string[], io: CliIO): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    io.stdout(USAGE);
    return 0;
  }
  let files: string[];
  let output: string;
  try {
    const args = parseArgs(argv, ["output"]);
    if (args.positionals.length > 0) throw new Error(`unexpected argument ${JSON.stringify(args.positionals[0])}`);
    output = args.options.get("output") ?? "json";
    if (output !== "json" && output !== "yaml") throw new Error(`-o must be json or yaml, not ${JSON.stringify(output)}`);
    if (args.files.length === 0) throw new Error("no input: pass -f PATH");
    files = args.files;
  } catch (err) {
    io.stderr(`metallb-ts allocate: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }

  const { inputs, problems } = collectInputs(files, io.readStdin);
  const pools = poolsFromCRs(inputs.pools);
  if (!pools.ok) problems.push(...pools.issues.map(formatPoolIssue));
  if (problems.length > 0 || !pools.ok) {
    reportInvalidInput(io, "allocate", problems);
    return 1;
  }

  const services = allocateAll(inputs, new Allocator(pools.pools));
  const report = { services };
  io.stdout(output === "json" ? `${JSON.stringify(report, null, 2)}\n` : stringify(report));
  return 0;
}

// metallb-ts render speaker --node NAME [--namespace NS] [--frr-k8s-namespace NS] -f PATH... [-o json|yaml]
// Prints the FRRConfiguration `metallb-<node>` the speaker on NAME would write in frr-k8s mode.
import { formatIssue } from "@metallb-ts/api";
import { ValidationMode, configFor, formatConfigError, type ClusterResources } from "@metallb-ts/config";
import {
  buildFRRConfiguration,
  passwordSecretModeFor,
  planNode,
  resourcesForNode,
  type EndpointSliceView,
  type ServiceView,
} from "@metallb-ts/speaker";
import { stringify } from "yaml";
import { objectsOfType, rawMetadata, readInputs, reportInvalidInput, type ParsedInput } from "../inputs.js";
import { parseArgs, type CliIO } from "../io.js";
import type { Manifest } from "../manifests.js";

const USAGE = "usage: metallb-ts render speaker --node NAME [--namespace NS] [--frr-k8s-namespace NS] -f PATH... [-o json|yaml]\n";
export const DEFAULT_METALLB_NAMESPACE = "metallb-system";
export const DEFAULT_FRR_K8S_NAMESPACE = "frr-k8s-system";

interface Inputs {
  resources: ClusterResources;
  services: ServiceView[];
  endpointSlices: EndpointSliceView[];
  warnings: string[];
  problems: string[];
}

/** `apiVersion kind` of the MetalLB kinds; MetalLB reads them only in its own namespace. */
const METALLB_KINDS = new Set([
  "metallb.io/v1beta1 IPAddressPool",
  "metallb.io/v1beta1 BGPAdvertisement",
  "metallb.io/v1beta1 L2Advertisement",
  "metallb.io/v1beta1 BFDProfile",
  "metallb.io/v1beta1 Community",
  "metallb.io/v1beta1 BGPPeer",
  "metallb.io/v1beta2 BGPPeer",
]);
const CORE_KINDS = new Set(["v1 Node", "v1 Namespace", "v1 Service", "discovery.k8s.io/v1 EndpointSlice"]);

function missingSpec({ source, parsed, namespace, name }: ParsedInput): string {
  return `${source}: ${formatIssue({ kind: parsed.kind, namespace, name, path: "spec", detail: "required field is missing" })}`;
}

/** Peers with a spec: config reads it unconditionally, while the schema leaves it optional as the CRD does. */
function withSpec<T extends { spec?: object | undefined }>(peers: readonly T[]): (T & { spec: NonNullable<T["spec"]> })[] {
  return peers.flatMap((p) => (p.spec ? [{ ...p, spec: p.spec }] : []));
}

function classify(paths: readonly string[], readStdin: () => string, metallbNamespace: string): Inputs {
  const warnings: string[] = [];
  const wanted = ({ object, source }: Manifest): boolean => {
    const key = `${String(object["apiVersion"])} ${String(object["kind"])}`;
    const { name, namespace: ns } = rawMetadata(object);
    if (METALLB_KINDS.has(key)) {
      if (ns === undefined || ns === metallbNamespace) return true;
      warnings.push(`${source}: ignoring ${String(object["kind"])} ${ns}/${name}: MetalLB only reads objects in namespace ${metallbNamespace}`);
      return false;
    }
    if (key === "v1 Secret") return (ns ?? metallbNamespace) === metallbNamespace;
    return CORE_KINDS.has(key);
  };
  // Namespace-less objects are taken as created in the metallb namespace (like `kubectl apply -n`),
  // except the workload kinds, which land in "default".
  const defaultNamespace = (type: string): string => (type === "Service" || type === "EndpointSlice" ? "default" : metallbNamespace);
  const { objects, problems } = readInputs(paths, readStdin, { wanted, defaultNamespace });
  const peerProblems = objects.filter(({ parsed }) => (parsed.type === "BGPPeer" || parsed.type === "BGPPeerV1beta1") && !parsed.object.spec).map(missingSpec);
  const resources: ClusterResources = {
    pools: objectsOfType(objects, "IPAddressPool"),
    peers: withSpec(objectsOfType(objects, "BGPPeer")),
    peersV1beta1: withSpec(objectsOfType(objects, "BGPPeerV1beta1")),
    bfdProfiles: objectsOfType(objects, "BFDProfile"),
    bgpAdvertisements: objectsOfType(objects, "BGPAdvertisement"),
    l2Advertisements: objectsOfType(objects, "L2Advertisement"),
    communities: objectsOfType(objects, "Community"),
    secrets: objectsOfType(objects, "Secret"),
    nodes: objectsOfType(objects, "Node"),
    namespaces: objectsOfType(objects, "Namespace"),
  };
  return {
    resources,
    services: objectsOfType(objects, "Service"),
    endpointSlices: objectsOfType(objects, "EndpointSlice"),
    warnings,
    problems: [...problems, ...peerProblems],
  };
}

export async function run(argv: readonly string[], io: CliIO): Promise<number> {
  let args;
  try {
    args = parseArgs(argv, ["node", "namespace", "frr-k8s-namespace", "output"]);
  } catch (err) {
    io.stderr(`metallb-ts render speaker: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const nodeName = args.options.get("node");
  const output = args.options.get("output") ?? "yaml";
  if (!nodeName || args.positionals.length > 0 || (output !== "yaml" && output !== "json")) {
    io.stderr(USAGE);
    return 2;
  }
  const metallbNamespace = args.options.get("namespace") ?? DEFAULT_METALLB_NAMESPACE;
  const frrK8sNamespace = args.options.get("frr-k8s-namespace") ?? DEFAULT_FRR_K8S_NAMESPACE;

  const inputs = classify(args.files, io.readStdin, metallbNamespace);
  for (const w of inputs.warnings) io.stderr(`warning: ${w}\n`);
  if (inputs.problems.length > 0) {
    reportInvalidInput(io, "render speaker", inputs.problems);
    return 1;
  }

  const node = inputs.resources.nodes?.find((n) => n.metadata.name === nodeName);
  if (!node) {
    io.stderr(`metallb-ts render speaker: Node ${JSON.stringify(nodeName)} is not among the inputs (its labels decide which peers and advertisements apply)\n`);
    return 1;
  }
  const result = configFor(resourcesForNode(inputs.resources, node), { validation: ValidationMode.FRRK8s });
  if (!result.ok) {
    io.stderr(`metallb-ts render speaker: invalid MetalLB configuration for node ${nodeName}:\n`);
    for (const e of result.errors) io.stderr(`  ${formatConfigError(e)}${e.transient ? " (waiting for a referenced object)" : ""}\n`);
    return 1;
  }
  const plan = planNode({ config: result.config, node, services: inputs.services, endpointSlices: inputs.endpointSlices });
  for (const s of plan.sessions) if (s.error) io.stderr(`warning: BGPPeer ${s.peer.name}: ${s.error}; the session advertises nothing\n`);
  const frrConfiguration = buildFRRConfiguration(plan.sessions, result.config.bfdProfiles.values(), {
    nodeName,
    namespace: frrK8sNamespace,
    passwordSecretMode: passwordSecretModeFor(metallbNamespace, frrK8sNamespace),
  });
  io.stdout(output === "json" ? `${JSON.stringify(frrConfiguration, null, 2)}\n` : stringify(frrConfiguration));
  return 0;
}

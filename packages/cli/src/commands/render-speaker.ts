// metallb-ts render speaker --node NAME [--namespace NS] [--frr-k8s-namespace NS] -f PATH... [-o json|yaml]
// Prints the FRRConfiguration `metallb-<node>` the speaker on NAME would write in frr-k8s mode.
import {
  ValidationMode,
  configFor,
  formatConfigError,
  type ClusterResources,
  type NamespaceView,
  type NodeView,
  type SecretView,
} from "@metallb-ts/config";
import {
  buildFRRConfiguration,
  passwordSecretModeFor,
  planNode,
  resourcesForNode,
  type EndpointSliceView,
  type ServiceView,
} from "@metallb-ts/speaker";
import { stringify } from "yaml";
import { parseArgs, type CliIO } from "../io.js";
import { readManifests, type Manifest } from "../manifests.js";

const USAGE = "usage: metallb-ts render speaker --node NAME [--namespace NS] [--frr-k8s-namespace NS] -f PATH... [-o json|yaml]\n";
export const DEFAULT_METALLB_NAMESPACE = "metallb-system";
export const DEFAULT_FRR_K8S_NAMESPACE = "frr-k8s-system";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

interface Inputs {
  resources: Mutable<ClusterResources>;
  services: ServiceView[];
  endpointSlices: EndpointSliceView[];
  warnings: string[];
}

/** `apiVersion kind` -> where the object goes. Kinds not listed are ignored (a directory may hold anything). */
const METALLB_KINDS: Record<string, keyof ClusterResources> = {
  "metallb.io/v1beta1 IPAddressPool": "pools",
  "metallb.io/v1beta1 BGPAdvertisement": "bgpAdvertisements",
  "metallb.io/v1beta1 L2Advertisement": "l2Advertisements",
  "metallb.io/v1beta1 BFDProfile": "bfdProfiles",
  "metallb.io/v1beta1 Community": "communities",
  "metallb.io/v1beta1 BGPPeer": "peersV1beta1",
  "metallb.io/v1beta2 BGPPeer": "peers",
};

class InputError extends Error {
  override readonly name = "InputError";
}

/** The few shape checks the inputs need before they can be read as objects. */
function metadataOf(m: Manifest): { name: string; namespace?: string } {
  const meta = m.object["metadata"];
  if (meta === null || typeof meta !== "object" || typeof (meta as Record<string, unknown>)["name"] !== "string") {
    throw new InputError(`${m.source}: ${String(m.object["kind"])} has no metadata.name`);
  }
  const ns = (meta as Record<string, unknown>)["namespace"];
  return { name: (meta as { name: string }).name, ...(typeof ns === "string" ? { namespace: ns } : {}) };
}

/** Objects without a namespace are taken as created in the metallb namespace (like `kubectl apply -n`). */
function withNamespace<T>(m: Manifest, namespace: string): T {
  const meta = m.object["metadata"] as Record<string, unknown>;
  return { ...m.object, metadata: { ...meta, namespace: typeof meta["namespace"] === "string" ? meta["namespace"] : namespace } } as T;
}

function requireSpec(m: Manifest, kind: string): void {
  const spec = m.object["spec"];
  if (spec === null || typeof spec !== "object" || Array.isArray(spec)) throw new InputError(`${m.source}: ${kind} ${metadataOf(m).name} has no spec`);
}

function classify(manifests: readonly Manifest[], metallbNamespace: string): Inputs {
  const resources: Mutable<ClusterResources> = {};
  const out: Inputs = { resources, services: [], endpointSlices: [], warnings: [] };
  const push = <K extends keyof ClusterResources>(key: K, value: unknown): void => {
    const list = (resources[key] ?? []) as unknown[];
    list.push(value);
    (resources as Record<string, unknown>)[key] = list;
  };
  for (const m of manifests) {
    const apiVersion = String(m.object["apiVersion"] ?? "");
    const kind = String(m.object["kind"] ?? "");
    const meta = metadataOf(m);
    const target = METALLB_KINDS[`${apiVersion} ${kind}`];
    if (target) {
      if (meta.namespace !== undefined && meta.namespace !== metallbNamespace) {
        out.warnings.push(`${m.source}: ignoring ${kind} ${meta.namespace}/${meta.name}: MetalLB only reads objects in namespace ${metallbNamespace}`);
        continue;
      }
      if (kind === "IPAddressPool" || kind === "BGPPeer") requireSpec(m, kind);
      push(target, withNamespace(m, metallbNamespace));
      continue;
    }
    switch (`${apiVersion} ${kind}`) {
      case "v1 Node":
        push("nodes", m.object as unknown as NodeView);
        break;
      case "v1 Namespace":
        push("namespaces", m.object as unknown as NamespaceView);
        break;
      case "v1 Secret":
        if ((meta.namespace ?? metallbNamespace) === metallbNamespace) push("secrets", withNamespace<SecretView>(m, metallbNamespace));
        break;
      case "v1 Service":
        out.services.push(withNamespace<ServiceView>(m, "default"));
        break;
      case "discovery.k8s.io/v1 EndpointSlice":
        out.endpointSlices.push(withNamespace<EndpointSliceView>(m, "default"));
        break;
      default:
        break;
    }
  }
  return out;
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

  let inputs: Inputs;
  try {
    inputs = classify(readManifests(args.files, io.readStdin), metallbNamespace);
  } catch (err) {
    io.stderr(`metallb-ts render speaker: ${(err as Error).message}\n`);
    return 1;
  }
  for (const w of inputs.warnings) io.stderr(`warning: ${w}\n`);

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

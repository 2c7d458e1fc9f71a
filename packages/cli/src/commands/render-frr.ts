// metallb-ts render frr --node NAME [--namespace NS] -f PATH...
// Prints the frr.conf frr-k8s would run on NAME: the FRRConfigurations of the frr-k8s namespace
// whose nodeSelector matches the node's labels, merged, with passwords from that namespace's
// Secrets. Exit 0 with the file on stdout; 1 when the inputs are invalid or conflict (stderr names
// the objects, the field and the values); 2 for usage errors.
import type { FRRConfiguration, Secret } from "@metallb-ts/api";
import { apiToFRR, renderFRRConfig } from "@metallb-ts/frr";
import { rawMetadata, readInputs, reportInvalidInput } from "../inputs.js";
import { parseArgs, type CliIO } from "../io.js";
import type { Manifest } from "../manifests.js";

export const DEFAULT_FRR_K8S_NAMESPACE = "frr-k8s-system";

const USAGE = "usage: metallb-ts render frr --node NAME [--namespace NS] -f PATH...\n";

interface Inputs {
  configurations: FRRConfiguration[];
  secrets: Map<string, Secret>;
  labels: Record<string, string> | undefined;
  logLevel: string | undefined;
  problems: string[];
  notes: string[];
}

/** Reads the objects frr-k8s on `node` would read; everything else in the input is ignored. */
function collect(paths: readonly string[], readStdin: () => string, node: string, namespace: string): Inputs {
  const notes: string[] = [];
  const wanted = ({ object, source }: Manifest): boolean => {
    const kind = object["kind"];
    const { name, namespace: ns } = rawMetadata(object);
    if (kind === "FRRConfiguration" && ns !== namespace) {
      notes.push(`${source}: ignoring FRRConfiguration ${ns ?? "<no namespace>"}/${name}: only FRRConfigurations in namespace ${namespace} are read`);
    }
    return (
      (kind === "Node" && name === node) ||
      (kind === "Secret" && ns === namespace) ||
      (kind === "FRRK8sConfiguration" && ns === namespace && name === "config") ||
      (kind === "FRRConfiguration" && ns === namespace)
    );
  };
  const { objects, problems } = readInputs(paths, readStdin, { wanted });
  const inputs: Inputs = { configurations: [], secrets: new Map(), labels: undefined, logLevel: undefined, problems: [...problems], notes };
  for (const { parsed, name } of objects) {
    switch (parsed.type) {
      case "Node":
        inputs.labels = parsed.object.metadata.labels ?? {};
        break;
      case "Secret":
        inputs.secrets.set(name, parsed.object);
        break;
      case "FRRK8sConfiguration":
        inputs.logLevel = parsed.object.spec?.logLevel;
        break;
      case "FRRConfiguration":
        inputs.configurations.push(parsed.object);
        break;
    }
  }
  return inputs;
}

export async function run(argv: readonly string[], io: CliIO): Promise<number> {
  let args;
  try {
    args = parseArgs(argv, ["node", "namespace"]);
  } catch (err) {
    io.stderr(`metallb-ts render frr: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const node = args.options.get("node");
  if (node === undefined || node === "" || args.positionals.length > 0) {
    io.stderr(`metallb-ts render frr: ${node ? `unexpected argument ${JSON.stringify(args.positionals[0])}` : "--node is required"}\n${USAGE}`);
    return 2;
  }
  const namespace = args.options.get("namespace") ?? DEFAULT_FRR_K8S_NAMESPACE;

  const inputs = collect(args.files, io.readStdin, node, namespace);
  for (const note of inputs.notes) io.stderr(`note: ${note}\n`);
  if (inputs.labels === undefined) {
    inputs.problems.push(`node ${JSON.stringify(node)} is not in the input: pass its Node manifest so nodeSelectors can be evaluated`);
  }
  if (inputs.problems.length > 0) {
    reportInvalidInput(io, "render frr", inputs.problems);
    return 1;
  }

  const result = apiToFRR(
    { frrConfigurations: inputs.configurations, node: { name: node, labels: inputs.labels }, secrets: inputs.secrets },
    inputs.logLevel === undefined ? {} : { logLevel: inputs.logLevel },
  );
  if (!result.ok) {
    io.stderr(`metallb-ts render frr: cannot build the FRR configuration of node ${node}:\n${result.errors.map((e) => `  ${e.message}\n`).join("")}`);
    return 1;
  }
  io.stdout(renderFRRConfig(result.config));
  return 0;
}

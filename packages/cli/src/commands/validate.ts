// metallb-ts validate -f PATH... [--namespace NS] [--frr-k8s-namespace NS] [--bgp-type T] [--allow-missing-references]
// Offline, before `kubectl apply`: the same validation the daemons and the webhooks run, over a set of
// manifests (MetalLB CRs, FRRConfigurations, Nodes, Secrets, Namespaces). Every error is printed as
// `error: <source>: <Kind ns/name>: <field>: <message> (rule: <rule>)`. Exit 0 when everything is
// valid, 1 when anything is not, 2 for usage errors. Objects of other kinds are skipped (a note says
// how many), so a whole deployment directory can be passed.
import { parseObject } from "@metallb-ts/api";
import { configFor, formatConfigError, validationModeForBGPType, type ClusterResources, type ConfigError, type ValidationMode } from "@metallb-ts/config";
import { apiToFRR, type FRRConfigurationInput, type SecretInput } from "@metallb-ts/frr";
import { parseArgs, type CliIO } from "../io.js";
import { ManifestError, readManifests, type Manifest } from "../manifests.js";

const USAGE =
  "usage: metallb-ts validate -f PATH... [--namespace NS] [--frr-k8s-namespace NS] [--bgp-type frr-k8s|frr|native] [--allow-missing-references]\n";

const METALLB_GROUP = "metallb.io/";
const FRRK8S_GROUP = "frrk8s.metallb.io/";
const CORE_KINDS = new Set(["Node", "Secret", "Namespace"]);

type Obj = Record<string, unknown> & { metadata: { name: string; namespace?: string; labels?: Record<string, string> } };

interface Collected {
  readonly metallb: Map<string, Obj[]>;
  readonly frrConfigurations: Obj[];
  readonly nodes: Obj[];
  readonly secrets: Obj[];
  readonly namespaces: Obj[];
  /** "Kind ns/name" -> source, to say where an object came from. */
  readonly sources: Map<string, string>;
  readonly errors: string[];
  skipped: number;
}

function objectKey(kind: string, namespace: string | undefined, name: string): string {
  return namespace ? `${kind} ${namespace}/${name}` : `${kind} ${name}`;
}

function rawName(obj: Record<string, unknown>): { name: string; namespace: string | undefined } {
  const meta = (typeof obj["metadata"] === "object" && obj["metadata"] !== null ? obj["metadata"] : {}) as Record<string, unknown>;
  return { name: typeof meta["name"] === "string" ? meta["name"] : "", namespace: typeof meta["namespace"] === "string" ? meta["namespace"] : undefined };
}

function collect(manifests: readonly Manifest[], metallbNamespace: string, frrNamespace: string): Collected {
  const c: Collected = { metallb: new Map(), frrConfigurations: [], nodes: [], secrets: [], namespaces: [], sources: new Map(), errors: [], skipped: 0 };
  for (const { object, source } of manifests) {
    const apiVersion = String(object["apiVersion"] ?? "");
    const kind = String(object["kind"] ?? "");
    const isOurs = apiVersion.startsWith(METALLB_GROUP) || apiVersion.startsWith(FRRK8S_GROUP);
    if (!isOurs && !(apiVersion === "v1" && CORE_KINDS.has(kind))) {
      c.skipped++;
      continue;
    }
    const raw = rawName(object);
    // Namespace-less namespaced objects are taken as applied with `kubectl apply -n <their namespace>`.
    const defaultNs = apiVersion.startsWith(FRRK8S_GROUP) ? frrNamespace : metallbNamespace;
    const withNs = kind === "Node" || kind === "Namespace" || raw.namespace !== undefined ? object : { ...object, metadata: { ...(object["metadata"] as object), namespace: defaultNs } };
    const parsed = parseObject(withNs, { strict: true });
    if (!parsed.ok) {
      c.errors.push(...parsed.errors.map((e) => `${source}: ${e.message} (rule: ${e.rule})`));
      continue;
    }
    const obj = parsed.object as unknown as Obj;
    const { name, namespace } = rawName(obj);
    if (name === "") {
      c.errors.push(`${source}: ${kind}: metadata.name: required field is missing (rule: required)`);
      continue;
    }
    const key = objectKey(parsed.kind, namespace, name);
    const earlier = c.sources.get(key);
    if (earlier !== undefined) {
      c.errors.push(`${source}: ${key}: metadata.name: the same object is also defined in ${earlier} (rule: duplicate)`);
      continue;
    }
    c.sources.set(key, source);
    switch (parsed.type) {
      case "Node":
        c.nodes.push(obj);
        break;
      case "Secret":
        c.secrets.push(obj);
        break;
      case "Namespace":
        c.namespaces.push(obj);
        break;
      case "FRRConfiguration":
        if (namespace !== frrNamespace) c.errors.push(`${source}: ${key}: metadata.namespace: frr-k8s only reads FRRConfigurations in namespace ${frrNamespace} (rule: namespace)`);
        else c.frrConfigurations.push(obj);
        break;
      default: {
        if (!apiVersion.startsWith(METALLB_GROUP)) {
          c.skipped++;
          break;
        }
        if (namespace !== metallbNamespace) {
          c.errors.push(`${source}: ${key}: metadata.namespace: resource must be created in ${metallbNamespace} namespace (rule: namespace)`);
          break;
        }
        const list = c.metallb.get(parsed.type) ?? [];
        list.push(obj);
        c.metallb.set(parsed.type, list);
      }
    }
  }
  return c;
}

function metallbResources(c: Collected, metallbNamespace: string): ClusterResources {
  const of = (type: string): Obj[] => c.metallb.get(type) ?? [];
  const withSpec = (objs: Obj[]): Obj[] => objs.map((o) => ({ spec: {}, ...o }));
  return {
    pools: of("IPAddressPool"),
    peers: withSpec(of("BGPPeer")),
    peersV1beta1: withSpec(of("BGPPeerV1beta1")),
    bfdProfiles: of("BFDProfile"),
    bgpAdvertisements: of("BGPAdvertisement"),
    l2Advertisements: of("L2Advertisement"),
    communities: of("Community"),
    secrets: c.secrets.filter((s) => s.metadata.namespace === metallbNamespace),
    nodes: c.nodes,
    namespaces: c.namespaces,
  } as unknown as ClusterResources;
}

function refOf(e: ConfigError): string {
  return objectKey(e.object.kind, e.object.namespace, e.object.name);
}

/** Removes the objects named by `errors` from the snapshot, so the next configFor round reaches later stages. */
function without(r: ClusterResources, errors: readonly ConfigError[]): ClusterResources {
  const bad = new Set(errors.map(refOf));
  const keep = <T extends { metadata: { name: string; namespace?: string | undefined } }>(kind: string, list: readonly T[] | undefined): T[] | undefined =>
    list?.filter((o) => !bad.has(objectKey(kind, o.metadata.namespace, o.metadata.name)));
  return {
    ...r,
    pools: keep("IPAddressPool", r.pools),
    peers: keep("BGPPeer", r.peers),
    peersV1beta1: keep("BGPPeer", r.peersV1beta1),
    bfdProfiles: keep("BFDProfile", r.bfdProfiles),
    bgpAdvertisements: keep("BGPAdvertisement", r.bgpAdvertisements),
    l2Advertisements: keep("L2Advertisement", r.l2Advertisements),
    communities: keep("Community", r.communities),
  };
}

/**
 * configFor stops at the first failing stage; to report every error, the objects in error are set
 * aside and the rest validated again. In later rounds "missing reference" errors are left out: they
 * may only mean that a referenced object was set aside.
 */
function metallbErrors(resources: ClusterResources, mode: ValidationMode): ConfigError[] {
  const all: ConfigError[] = [];
  let current = resources;
  for (let round = 0; round < 10; round++) {
    const result = configFor(current, { validation: mode });
    if (result.ok) break;
    const errors = round === 0 ? result.errors : result.errors.filter((e) => !e.transient);
    all.push(...errors);
    if (errors.length === 0) break;
    current = without(current, result.errors);
  }
  return all;
}

function frrErrors(c: Collected, frrNamespace: string): { node: string; message: string }[] {
  const secrets = new Map<string, SecretInput>(c.secrets.filter((s) => s.metadata.namespace === frrNamespace).map((s) => [s.metadata.name, s as unknown as SecretInput]));
  const configs = c.frrConfigurations as unknown as FRRConfigurationInput[];
  const out: { node: string; message: string }[] = [];
  const seen = new Set<string>();
  const add = (node: string, messages: readonly string[]) => {
    for (const message of messages) {
      if (seen.has(message)) continue;
      seen.add(message);
      out.push({ node, message });
    }
  };
  // Each configuration on its own (catches problems even where no Node selects it)...
  for (const cfg of configs) {
    const alone = apiToFRR({ frrConfigurations: [cfg], node: { name: "" }, secrets }, { preselected: true });
    if (!alone.ok) add("", alone.errors.map((e) => e.message));
  }
  // ...then merged for every Node given, exactly as frr-k8s on that node would.
  for (const node of c.nodes) {
    const result = apiToFRR({ frrConfigurations: configs, node: { name: node.metadata.name, labels: node.metadata.labels ?? {} }, secrets });
    if (!result.ok) add(node.metadata.name, result.errors.map((e) => e.message));
  }
  return out;
}

export async function run(argv: readonly string[], io: CliIO): Promise<number> {
  let args;
  try {
    // The one boolean flag: normalised so the shared parser (value flags only) accepts it bare.
    const normalised = argv.map((a) => (a === "--allow-missing-references" ? "--allow-missing-references=true" : a));
    args = parseArgs(normalised, ["namespace", "frr-k8s-namespace", "bgp-type", "allow-missing-references"]);
  } catch (err) {
    io.stderr(`metallb-ts validate: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.positionals.length > 0) {
    io.stderr(`metallb-ts validate: unexpected argument ${JSON.stringify(args.positionals[0])}\n${USAGE}`);
    return 2;
  }
  const bgpType = args.options.get("bgp-type") ?? "frr-k8s";
  if (!["frr-k8s", "frr", "native"].includes(bgpType)) {
    io.stderr(`metallb-ts validate: --bgp-type: want frr-k8s, frr or native, got ${JSON.stringify(bgpType)}\n${USAGE}`);
    return 2;
  }
  const allowMissing = args.options.get("allow-missing-references") === "true";
  const metallbNamespace = args.options.get("namespace") ?? "metallb-system";
  const frrNamespace = args.options.get("frr-k8s-namespace") ?? "frr-k8s-system";

  let manifests: Manifest[];
  try {
    manifests = readManifests(args.files, io.readStdin);
  } catch (err) {
    if (!(err instanceof ManifestError)) throw err;
    io.stderr(`error: ${err.message}\n`);
    return 1;
  }
  const c = collect(manifests, metallbNamespace, frrNamespace);
  const errors = [...c.errors];
  const warnings: string[] = [];
  for (const e of metallbErrors(metallbResources(c, metallbNamespace), validationModeForBGPType(bgpType))) {
    const line = `${c.sources.get(refOf(e)) ?? "<input>"}: ${formatConfigError(e)} (rule: ${e.rule})`;
    if (e.transient && allowMissing) warnings.push(line);
    else errors.push(line);
  }
  for (const { node, message } of frrErrors(c, frrNamespace)) errors.push(`${node === "" ? "" : `node ${node}: `}${message}`);

  if (c.skipped > 0) io.stderr(`note: skipped ${c.skipped} object(s) of kinds validate does not read\n`);
  for (const w of warnings) io.stderr(`warning: ${w}\n`);
  for (const e of errors) io.stdout(`error: ${e}\n`);
  const checked = manifests.length - c.skipped;
  if (errors.length > 0) {
    io.stderr(`metallb-ts validate: ${errors.length} error(s) in ${checked} object(s)\n`);
    return 1;
  }
  io.stdout(`${checked} object(s) valid\n`);
  return 0;
}

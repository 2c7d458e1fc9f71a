// The frrk8s.metallb.io FRRConfiguration admission rules (spec/frr-k8s.md §4.3): for every node the
// candidate selects, merge it with the configurations already selecting that node, exactly as the
// frr-k8s daemon would (@metallb-ts/frr apiToFRR, with password Secrets blanked because a Secret may be
// created after the configuration). Pure.
//
// Deliberate differences from upstream, each one about what the daemon really does:
// - only the frr-k8s namespace is merged (the daemon reads nothing else); a configuration elsewhere
//   is checked on its own and admitted with a warning that frr-k8s ignores it;
// - the stored version of the candidate is skipped by namespace AND name (upstream: by name only);
// - with no node selected, the configuration is still converted on its own, so a self-contradictory
//   object is rejected even in an empty cluster;
// - a request is denied only for errors it introduces: conflicts among stored objects are warnings.
import { FRRConfigurationSchema, parseWithSchema, type FRRConfiguration } from "@metallb-ts/api";
import { apiToFRR, configurationsForNode, withoutPasswordSecrets, type FRRConfigurationInput, type FRRConversionError, type NodeInput } from "@metallb-ts/frr";
import { AdmissionOperation, allow, badRequest, deny, type AdmissionRequest, type Verdict } from "./admission.js";

export interface FRRValidationOptions {
  /** The namespace frr-k8s reads FRRConfigurations from. */
  readonly namespace: string;
}

export interface FRRExisting {
  /** The FRRConfigurations of the frr-k8s namespace (others are ignored). */
  readonly configurations: readonly unknown[];
  readonly nodes: readonly unknown[];
}

export const DISABLE_MP_FRR_WARNING = "disableMP is deprecated, is ignored and will be removed in a future release";
export const GRACEFUL_RESTART_WARNING = "Graceful restart configuration changed, it will be available on the next restart";

type Config = FRRConfiguration & FRRConfigurationInput;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function nodeOf(raw: unknown): NodeInput | undefined {
  if (!isRecord(raw) || !isRecord(raw["metadata"])) return undefined;
  const meta = raw["metadata"];
  if (typeof meta["name"] !== "string") return undefined;
  return { name: meta["name"], labels: isRecord(meta["labels"]) ? (meta["labels"] as Record<string, string>) : {} };
}

function sameObject(a: FRRConfigurationInput, b: FRRConfigurationInput): boolean {
  return (a.metadata.namespace ?? "") === (b.metadata.namespace ?? "") && (a.metadata.name ?? "") === (b.metadata.name ?? "");
}

function neighborsOf(cfg: FRRConfigurationInput): { vrf: string; asn: number; address: string; gr: boolean }[] {
  return (cfg.spec?.bgp?.routers ?? []).flatMap((r) =>
    (r.neighbors ?? []).map((n) => ({ vrf: r.vrf ?? "", asn: n.asn ?? 0, address: n.address ?? n.interface ?? "", gr: n.enableGracefulRestart === true })),
  );
}

/** enableGracefulRestart only takes effect when the BGP session restarts: tell the user. */
function gracefulRestartChanged(stored: FRRConfigurationInput, candidate: FRRConfigurationInput): boolean {
  const before = neighborsOf(stored);
  return neighborsOf(candidate).some((n) => before.some((o) => o.vrf === n.vrf && o.asn === n.asn && o.address === n.address && o.gr !== n.gr));
}

function messages(errors: readonly FRRConversionError[]): string[] {
  return [...new Set(errors.filter((e) => e.kind !== "transient").map((e) => e.message))];
}

/** Validates one FRRConfiguration admission request against the stored configurations and nodes. */
export function validateFRRConfiguration(request: AdmissionRequest, existing: FRRExisting, options: FRRValidationOptions): Verdict {
  if (request.operation === AdmissionOperation.Delete || request.operation === AdmissionOperation.Connect) return allow();
  if (!isRecord(request.object)) return badRequest("FRRConfiguration: the request carries no object to validate");
  const parsed = parseWithSchema(FRRConfigurationSchema, request.object);
  if (!parsed.ok) return deny(parsed.errors.map((e) => `${e.message} (rule: ${e.rule})`).join("\n"));
  const meta = parsed.object.metadata;
  const candidate: Config = {
    ...parsed.object,
    metadata: { ...meta, name: meta.name || request.name || `${meta.generateName ?? ""}<generated>`, namespace: meta.namespace ?? request.namespace ?? "" },
  };
  const ref = `FRRConfiguration ${candidate.metadata.namespace}/${candidate.metadata.name}`;

  // An invalid selector: configurationsForNode reports it whatever the node.
  const selectorErrors = configurationsForNode([candidate], { name: "", labels: {} }).errors;
  if (selectorErrors.length > 0) return deny(`${messages(selectorErrors).join("\n")}\nresource contains an invalid NodeSelector`);

  const warnings: string[] = [];
  if ((candidate.spec?.bgp?.routers ?? []).some((r) => (r.neighbors ?? []).some((n) => n.disableMP === true))) {
    warnings.push(DISABLE_MP_FRR_WARNING);
  }
  const configurations = existing.configurations.filter(isRecord) as unknown as Config[];
  const stored = configurations.find((c) => isRecord(c.metadata) && sameObject(c, candidate));
  if (stored !== undefined && request.operation === AdmissionOperation.Update && gracefulRestartChanged(stored, candidate)) warnings.push(GRACEFUL_RESTART_WARNING);

  const inNamespace = candidate.metadata.namespace === options.namespace;
  if (!inNamespace) warnings.push(`${ref} is outside namespace ${options.namespace}: frr-k8s ignores it`);
  const others = inNamespace
    ? withoutPasswordSecrets(configurations.filter((c) => isRecord(c.metadata) && c.metadata.namespace === options.namespace && !sameObject(c, candidate)))
    : [];
  const [mine] = withoutPasswordSecrets([candidate]);
  const noSecrets = new Map();

  const nodes = existing.nodes.map(nodeOf).filter((n): n is NodeInput => n !== undefined);
  const selected = nodes.filter((n) => configurationsForNode([candidate], n).selected.length > 0).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (selected.length === 0) {
    const alone = apiToFRR({ frrConfigurations: [mine as Config], node: { name: "" }, secrets: noSecrets }, { preselected: true });
    const errors = alone.ok ? [] : messages(alone.errors);
    return errors.length > 0 ? deny(`${errors.join("\n")}\nresource is invalid`, warnings) : allow(warnings);
  }
  for (const node of selected) {
    const before = apiToFRR({ frrConfigurations: others, node, secrets: noSecrets });
    const after = apiToFRR({ frrConfigurations: [...others, mine as Config], node, secrets: noSecrets });
    const known = new Set(before.ok ? [] : messages(before.errors));
    const all = after.ok ? [] : messages(after.errors);
    const introduced = all.filter((m) => !known.has(m));
    const inherited = all.filter((m) => known.has(m));
    if (inherited.length > 0) warnings.push(`node ${node.name} already has configuration errors this change does not cause: ${inherited.join("; ")}`);
    if (introduced.length > 0) return deny(`${introduced.join("\n")}\nresource is invalid for node ${node.name}`, warnings);
  }
  return allow(warnings);
}

// apiToFRR: the FRRConfigurations selecting one node (plus secrets and node-wide options) become
// that node's FRR model. Pure: the daemon, the admission webhook and the CLI all call it.
import { compareStrings, convertConfiguration } from "./convert.js";
import type { ConfigurationContribution } from "./contribution.js";
import { ConfigError, type FRRConversionError } from "./errors.js";
import { parseCIDR } from "./ip.js";
import { FRRLogLevel, IPFamily, type FRRConfig, type IncomingFilter } from "./model.js";
import { mergeContributions } from "./merge.js";
import { configurationsForNode } from "./node-selector.js";
import type { APIToFRROptions, ClusterResources, FRRConfigurationInput } from "./resources.js";

export type APIToFRRResult =
  | { readonly ok: true; readonly config: FRRConfig }
  | { readonly ok: false; readonly errors: readonly FRRConversionError[] };

/** frr-k8s log level -> FRR `log stdout` level (unknown values fall back to informational). */
export function frrLogLevel(level: string | undefined): FRRLogLevel {
  switch (level) {
    case "all":
    case "debug":
      return FRRLogLevel.debugging;
    case "warn":
      return FRRLogLevel.warnings;
    case "error":
      return FRRLogLevel.errors;
    case "none":
      return FRRLogLevel.emergencies;
    default:
      return FRRLogLevel.informational;
  }
}

/** `--always-block` CIDRs as inbound deny filters: canonical network, `le 32` or `le 128`. */
export function alwaysBlockFilters(cidrs: readonly string[]): { filters: IncomingFilter[]; errors: ConfigError[] } {
  const filters: IncomingFilter[] = [];
  const errors: ConfigError[] = [];
  cidrs.forEach((text, i) => {
    const cidr = parseCIDR(text.trim());
    if (cidr === undefined) {
      errors.push(new ConfigError({ namespace: "", name: "", path: `alwaysBlock[${i}]` }, `invalid CIDR ${JSON.stringify(text)} in the always-block list`));
      return;
    }
    filters.push({ ipFamily: cidr.family, prefix: cidr.network, le: cidr.family === IPFamily.ipv4 ? 32 : 128, ge: 0 });
  });
  return { filters, errors };
}

function byNamespaceAndName(a: FRRConfigurationInput, b: FRRConfigurationInput): number {
  return (
    compareStrings(a.metadata.namespace ?? "", b.metadata.namespace ?? "") ||
    compareStrings(a.metadata.name ?? "", b.metadata.name ?? "")
  );
}

/**
 * Converts and merges the configurations selecting `resources.node`. Every problem is reported
 * (not only the first); any error means the node's configuration must not be applied.
 */
export function apiToFRR(resources: ClusterResources, options: APIToFRROptions = {}): APIToFRRResult {
  const errors: FRRConversionError[] = [];
  const block = alwaysBlockFilters(options.alwaysBlock ?? []);
  errors.push(...block.errors);

  let configs = resources.frrConfigurations;
  if (options.preselected !== true) {
    const selection = configurationsForNode(configs, resources.node);
    errors.push(...selection.errors);
    configs = selection.selected;
  }
  // A fixed order makes "which object is named first" in conflicts independent of the input order.
  const ordered = [...configs].sort(byNamespaceAndName);

  const contributions: ConfigurationContribution[] = [];
  for (const cfg of ordered) {
    const converted = convertConfiguration(cfg, { secrets: resources.secrets, alwaysBlock: block.filters });
    errors.push(...converted.errors);
    contributions.push(converted.contribution);
  }
  const merged = mergeContributions(contributions, options.fallbackRouterID ?? "");
  errors.push(...merged.errors);
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    config: {
      logLevel: frrLogLevel(options.logLevel),
      hostname: options.hostname ?? resources.node.name,
      routers: merged.routers,
      bfdProfiles: merged.bfdProfiles,
      extraConfig: merged.extraConfig,
    },
  };
}

/**
 * The configurations with every `passwordSecret` reference removed, for admission webhooks:
 * a Secret created after the FRRConfiguration must not make the object inadmissible.
 */
export function withoutPasswordSecrets<T extends FRRConfigurationInput>(configs: readonly T[]): T[] {
  return configs.map((cfg) => {
    const routers = cfg.spec?.bgp?.routers;
    if (routers === undefined || cfg.spec === undefined || cfg.spec.bgp === undefined) return cfg;
    const stripped = routers.map((r) => ({
      ...r,
      neighbors: r.neighbors?.map(({ passwordSecret: _unused, ...n }) => n),
    }));
    return { ...cfg, spec: { ...cfg.spec, bgp: { ...cfg.spec.bgp, routers: stripped } } };
  });
}

// The whole desired frr.conf of this node, rebuilt from scratch on every change: schema problems of
// the selecting configurations, then apiToFRR (selection, conversion, merge), then rendering. Pure.
import { apiToFRR, renderFRRConfig, renderGlobals, type FRRConfig, type FRRConversionError, type SecretInput } from "@metallb-ts/frr";
import type { CandidateConfiguration } from "./configuration-store.js";

export interface DesiredConfigInputs {
  readonly node: { readonly name: string; readonly labels: Readonly<Record<string, string>> };
  readonly candidates: readonly CandidateConfiguration[];
  readonly secrets: ReadonlyMap<string, SecretInput>;
  readonly alwaysBlock: readonly string[];
  /** frr-k8s level (FRRK8sConfiguration spec.logLevel, else the flag). */
  readonly logLevel: string;
  readonly hostname: string;
  readonly fallbackRouterID: string;
  /** `bgp route-map delay-timer` seconds; undefined keeps FRR's default. */
  readonly routeMapDelayTimer: number | undefined;
}

export interface ObjectName {
  readonly namespace: string;
  readonly name: string;
}

export type DesiredConfig =
  | { readonly ok: true; readonly config: FRRConfig; readonly text: string }
  | {
      readonly ok: false;
      /** For lastConversionResult (without the "failed: " prefix). */
      readonly message: string;
      /** The FRRConfigurations the errors name, for events. */
      readonly involved: readonly ObjectName[];
    };

function involvedIn(error: FRRConversionError): ObjectName[] {
  const refs = error.kind === "conflict" ? [error.first, error.second] : [error.at];
  return refs.filter((r) => r.name !== "").map((r) => ({ namespace: r.namespace, name: r.name }));
}

export function buildDesiredConfig(inputs: DesiredConfigInputs): DesiredConfig {
  const problems = inputs.candidates.flatMap((c) => c.problems);
  if (problems.length > 0) {
    const involved = inputs.candidates
      .filter((c) => c.problems.length > 0)
      .map((c) => ({ namespace: c.object.metadata.namespace ?? "", name: c.object.metadata.name ?? "" }));
    return { ok: false, message: problems.join("; "), involved };
  }
  const result = apiToFRR(
    { frrConfigurations: inputs.candidates.map((c) => c.object), node: inputs.node, secrets: inputs.secrets },
    {
      alwaysBlock: inputs.alwaysBlock,
      logLevel: inputs.logLevel,
      hostname: inputs.hostname,
      ...(inputs.fallbackRouterID !== "" ? { fallbackRouterID: inputs.fallbackRouterID } : {}),
    },
  );
  if (!result.ok) {
    const seen = new Set<string>();
    const involved = result.errors.flatMap(involvedIn).filter((o) => !seen.has(`${o.namespace}/${o.name}`) && seen.add(`${o.namespace}/${o.name}`));
    return { ok: false, message: result.errors.map((e) => e.message).join("; "), involved };
  }
  return { ok: true, config: result.config, text: withRouteMapDelayTimer(renderFRRConfig(result.config), result.config, inputs.routeMapDelayTimer) };
}

/**
 * Adds `bgp route-map delay-timer N` after the global lines. FRR's default (5 s) holds back routes
 * whose outbound route-map changed in the same apply; 1 s removes most of that delay (see
 * notes/frr-apply-measurements.md). 0 would turn route-map processing off, so it is never used.
 */
export function withRouteMapDelayTimer(text: string, config: FRRConfig, seconds: number | undefined): string {
  if (seconds === undefined || seconds <= 0) return text;
  const globals = renderGlobals(config.logLevel, config.hostname).length;
  const lines = text.split("\n");
  lines.splice(globals, 0, `bgp route-map delay-timer ${seconds}`);
  return lines.join("\n");
}

// BFDProfile CRs -> BFDProfileConfig (range checks repeat the CRD schema so that input that never
// went through the API server, e.g. the CLI's, gets the same answer).
import { ConfigObjectKind, ConfigRule, configError, type ConfigError } from "./errors.js";
import type { BFDProfileConfig } from "./model.js";
import type { BFDProfileView } from "./resources.js";

type Range = readonly [field: "detectMultiplier" | "receiveInterval" | "transmitInterval" | "minimumTtl" | "echoInterval", min: number, max: number, what: string];

const RANGES: readonly Range[] = [
  ["detectMultiplier", 2, 255, "invalid detect multiplier value"],
  ["receiveInterval", 10, 60000, "invalid receive interval value"],
  ["transmitInterval", 10, 60000, "invalid transmit interval value"],
  ["minimumTtl", 1, 254, "invalid minimum ttl value"],
  ["echoInterval", 10, 60000, "invalid echo interval value"],
];

export function bfdProfileFromCR(p: BFDProfileView): { profile: BFDProfileConfig } | { error: ConfigError } {
  const ref = { kind: ConfigObjectKind.BFDProfile, namespace: p.metadata.namespace, name: p.metadata.name };
  if (!p.metadata.name) return { error: configError(ref, "metadata.name", ConfigRule.Required, "missing bfd profile name") };
  const spec = p.spec ?? {};
  for (const [field, min, max, what] of RANGES) {
    const v = spec[field];
    if (v !== undefined && (!Number.isInteger(v) || v < min || v > max)) {
      return { error: configError(ref, `spec.${field}`, ConfigRule.InvalidValue, `${what}: invalid value ${v}, must be in ${min}-${max} range`) };
    }
  }
  return {
    profile: {
      name: p.metadata.name,
      receiveInterval: spec.receiveInterval,
      transmitInterval: spec.transmitInterval,
      detectMultiplier: spec.detectMultiplier,
      echoInterval: spec.echoInterval,
      echoMode: spec.echoMode ?? false,
      passiveMode: spec.passiveMode ?? false,
      minimumTtl: spec.minimumTtl,
    },
  };
}

export function bfdProfilesFor(profiles: readonly BFDProfileView[]): { profiles: Map<string, BFDProfileConfig>; errors: ConfigError[] } {
  const out = new Map<string, BFDProfileConfig>();
  const errors: ConfigError[] = [];
  for (const p of profiles) {
    const r = bfdProfileFromCR(p);
    if ("error" in r) {
      errors.push(r.error);
      continue;
    }
    if (out.has(r.profile.name)) {
      errors.push(configError({ kind: ConfigObjectKind.BFDProfile, namespace: p.metadata.namespace, name: p.metadata.name }, "metadata.name", ConfigRule.Duplicate, `found duplicate bfd profile name ${r.profile.name}`));
      continue;
    }
    out.set(r.profile.name, r.profile);
  }
  return { profiles: out, errors };
}

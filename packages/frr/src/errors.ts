// Conversion and merge errors. Each names the FRRConfiguration(s) and the field path it came from;
// the upstream rule text follows so messages can be matched against frr-k8s documentation.

/** Where a value came from: one FRRConfiguration and a field path inside it. */
export interface FieldRef {
  readonly namespace: string;
  readonly name: string;
  /** JSON path, e.g. `spec.bgp.routers[0].neighbors[1].holdTime`. */
  readonly path: string;
}

export function formatObject(ref: Pick<FieldRef, "namespace" | "name">): string {
  return `FRRConfiguration ${ref.namespace}/${ref.name}`;
}

function formatField(ref: FieldRef): string {
  // Node-wide options (the always-block list) have no object.
  if (ref.name === "" && ref.namespace === "") return ref.path;
  return ref.path === "" ? formatObject(ref) : `${formatObject(ref)} ${ref.path}`;
}

/** User input that cannot be converted; retrying does not help. */
export class ConfigError extends Error {
  readonly kind = "config" as const;
  override name = "ConfigError";
  /** `rule` is the upstream-style text without the object prefix. */
  constructor(
    readonly at: FieldRef,
    readonly rule: string,
  ) {
    super(`${formatField(at)}: ${rule}`);
  }
}

/**
 * The input references something that may appear later (a password Secret). Admission webhooks
 * ignore these; the daemon reports them and converts again on the next Secret event.
 */
export class TransientError extends Error {
  readonly kind = "transient" as const;
  override name = "TransientError";
  constructor(
    readonly at: FieldRef,
    readonly rule: string,
  ) {
    super(`${formatField(at)}: ${rule}`);
  }
}

/** Two configurations (or two places in one) set incompatible values for the same thing. */
export class ConflictError extends Error {
  readonly kind = "conflict" as const;
  override name = "ConflictError";
  constructor(
    readonly first: FieldRef,
    readonly firstValue: string,
    readonly second: FieldRef,
    readonly secondValue: string,
    readonly rule: string,
  ) {
    super(`${formatField(first)} = ${firstValue} conflicts with ${formatField(second)} = ${secondValue}: ${rule}`);
  }
}

export type FRRConversionError = ConfigError | TransientError | ConflictError;

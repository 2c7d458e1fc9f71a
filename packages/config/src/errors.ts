// Typed configuration errors. Every error names the object (Kind ns/name), the field path inside
// it and the rule that failed; `transient` marks errors that only mean "something referenced does
// not exist yet" (a BFD profile, a Secret, a Community alias), which webhooks must not reject on.

export const ConfigObjectKind = {
  IPAddressPool: "IPAddressPool",
  BGPPeer: "BGPPeer",
  BGPAdvertisement: "BGPAdvertisement",
  L2Advertisement: "L2Advertisement",
  BFDProfile: "BFDProfile",
  Community: "Community",
  ConfigMap: "ConfigMap",
} as const;
export type ConfigObjectKind = (typeof ConfigObjectKind)[keyof typeof ConfigObjectKind];

/** Short, stable identifiers of the rules, for callers that branch or count. */
export const ConfigRule = {
  Required: "required",
  Duplicate: "duplicate",
  InvalidValue: "invalid-value",
  Exclusive: "mutually-exclusive",
  Timers: "timers",
  Reference: "reference",
  Selector: "selector",
  Overlap: "overlap",
  Aggregation: "aggregation-length",
  LocalPref: "local-pref-conflict",
  Community: "community",
  BackendMode: "backend-mode",
  BFDEcho: "bfd-echo",
} as const;
export type ConfigRule = (typeof ConfigRule)[keyof typeof ConfigRule];

export interface ObjectRef {
  readonly kind: ConfigObjectKind;
  readonly namespace?: string | undefined;
  readonly name: string;
}

export interface ConfigError {
  readonly object: ObjectRef;
  /** Path inside the object, e.g. `spec.addresses[1]`; empty when the whole object is concerned. */
  readonly field: string;
  readonly rule: ConfigRule;
  readonly message: string;
  readonly transient: boolean;
}

export function formatObjectRef(ref: ObjectRef): string {
  return ref.namespace ? `${ref.kind} ${ref.namespace}/${ref.name}` : `${ref.kind} ${ref.name}`;
}

/** `BGPPeer metallb-system/uplink: spec.holdTime: invalid hold time "2s": must be 0 or >=3s` */
export function formatConfigError(e: ConfigError): string {
  const where = e.field ? `${formatObjectRef(e.object)}: ${e.field}` : formatObjectRef(e.object);
  return `${where}: ${e.message}`;
}

export function configError(
  object: ObjectRef,
  field: string,
  rule: ConfigRule,
  message: string,
  transient = false,
): ConfigError {
  return { object, field, rule, message, transient };
}

/** True when every error only waits for a referenced object to appear. */
export function onlyTransientErrors(errors: readonly ConfigError[]): boolean {
  return errors.length > 0 && errors.every((e) => e.transient);
}

// Flags of the frr-k8s webhook binary, parsed the way the charts pass them.

export const VALUE_FLAGS = new Set([
  "webhook-port",
  "webhook-host",
  "namespace",
  "kubeconfig",
  "log-level",
  "cert-dir",
  "webhook-secret",
  "cert-service-name",
  "webhook-configuration-name",
  "cert-extra-sans",
  "tls-min-version",
  "tls-cipher-suites",
  "tls-curve-preferences",
]);
export const BOOLEAN_FLAGS = new Set(["disable-cert-rotation", "restart-on-rotator-secret-refresh"]);

export interface Flags {
  readonly values: ReadonlyMap<string, string>;
  readonly booleans: ReadonlySet<string>;
}

/** `--name value`, `--name=value`; booleans as `--name` or `--name=true|false` (the charts use both). */
export function parseFlags(argv: readonly string[]): Flags {
  const values = new Map<string, string>();
  const booleans = new Set<string>();
  // The image's entrypoint may pass the binary name first ("webhooks").
  const args = argv[0] === "webhooks" ? argv.slice(1) : argv;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (!arg.startsWith("--")) throw new Error(`unexpected argument ${JSON.stringify(arg)}`);
    const eq = arg.indexOf("=");
    const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    const inline = eq >= 0 ? arg.slice(eq + 1) : undefined;
    if (BOOLEAN_FLAGS.has(name)) {
      if (inline !== undefined && inline !== "true" && inline !== "false") throw new Error(`--${name}: want true or false, got ${JSON.stringify(inline)}`);
      if (inline !== "false") booleans.add(name);
      continue;
    }
    if (!VALUE_FLAGS.has(name)) throw new Error(`unknown flag --${name}`);
    const value = inline ?? args[++i];
    if (value === undefined) throw new Error(`flag --${name} needs a value`);
    values.set(name, value);
  }
  return { values, booleans };
}


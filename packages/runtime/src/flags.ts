// Command-line flags the way the Go binaries take them (`--name value`, `--name=value`, `-name value`;
// booleans as `--name` or `--name=true|false`), declared as a typed table per binary: each flag's
// type, environment fallbacks and default. Parsing is pure: argv and env are passed in.
import { parseGoDuration } from "@metallb-ts/api";
import { LogLevelFlag } from "./logger.js";

/** A bad command line; the message names the flag ("flag --port: ..."). Binaries exit 2 on it. */
export class FlagError extends Error {
  override name = "FlagError";
}

interface FlagBase {
  /** Environment variables read, in order, when the flag is not given (the flag wins). */
  readonly env?: string | readonly string[] | undefined;
  /** One line for the usage text. */
  readonly help?: string | undefined;
  /** Appended to error messages about this flag, e.g. what to do instead. */
  readonly hint?: string | undefined;
}

export interface StringFlag extends FlagBase {
  readonly type: "string";
  readonly default?: string;
}

export interface IntFlag extends FlagBase {
  readonly type: "int";
  readonly default?: number;
  readonly min?: number;
  readonly max?: number;
}

export interface BoolFlag extends FlagBase {
  readonly type: "bool";
  readonly default?: boolean;
}

/** A Go duration ("15s", "1m30s"), in milliseconds. */
export interface DurationFlag extends FlagBase {
  readonly type: "duration";
  /** Milliseconds. */
  readonly default?: number;
  /** Refuse 0 and negative durations. */
  readonly positive?: boolean;
  /** Also accept a bare integer, as milliseconds. */
  readonly bareMilliseconds?: boolean;
}

export interface EnumFlag<V extends string = string> extends FlagBase {
  readonly type: "enum";
  readonly values: readonly V[];
  readonly default?: V;
}

/** Comma-separated; items are trimmed and empty ones dropped. */
export interface ListFlag extends FlagBase {
  readonly type: "list";
  readonly default?: readonly string[];
}

/** Any other syntax: `parse` turns the text into the value and throws an Error explaining a refusal. */
export interface CustomFlag<T = unknown> extends FlagBase {
  readonly type: "custom";
  readonly parse: (text: string) => T;
  /** Text given to `parse` when the flag is absent. */
  readonly default?: string;
  /** Placeholder in the usage text, e.g. "HOST:PORT". */
  readonly metavar?: string;
}

export type FlagSpec = StringFlag | IntFlag | BoolFlag | DurationFlag | EnumFlag | ListFlag | CustomFlag;
export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

type FlagValue<F> = F extends { type: "string" }
  ? string
  : F extends { type: "int" | "duration" }
    ? number
    : F extends { type: "bool" }
      ? boolean
      : F extends { type: "enum"; values: readonly (infer V)[] }
        ? V
        : F extends { type: "list" }
          ? string[]
          : F extends { type: "custom"; parse: (text: string) => infer T }
            ? T
            : never;

/** Parsed values by flag name; flags with no default and no value are undefined (bools are false, lists empty). */
export type FlagValues<S extends FlagSpecs> = {
  -readonly [K in keyof S]: S[K] extends { type: "bool" | "list" } ? FlagValue<S[K]> : S[K] extends { default: unknown } ? FlagValue<S[K]> : FlagValue<S[K]> | undefined;
};

export interface ParseFlagsOptions {
  /** A leading argv[0] equal to this is skipped (images whose entrypoint passes the binary name first). */
  readonly command?: string | undefined;
}

const flagPattern = /^--?([A-Za-z0-9][A-Za-z0-9-]*)(?:=([\s\S]*))?$/;

/** Splits argv into raw flag texts; the last occurrence of a flag wins, as with Go's flag package. */
function tokenize(argv: readonly string[], specs: FlagSpecs, options: ParseFlagsOptions): Map<string, string> {
  const out = new Map<string, string>();
  const args = options.command !== undefined && argv[0] === options.command ? argv.slice(1) : argv;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const m = flagPattern.exec(arg);
    if (!m) throw new FlagError(`unexpected argument ${JSON.stringify(arg)}`);
    const name = m[1] as string;
    const spec = Object.hasOwn(specs, name) ? specs[name] : undefined;
    if (spec === undefined) throw new FlagError(`unknown flag --${name}`);
    let value = m[2];
    if (spec.type === "bool") {
      value ??= "true";
      if (value !== "true" && value !== "false") throw new FlagError(`flag --${name}: want true or false, got ${JSON.stringify(value)}`);
    } else if (value === undefined) {
      value = args[++i];
      if (value === undefined) throw new FlagError(`flag --${name} needs a value`);
    }
    out.set(name, value);
  }
  return out;
}

function envNames(spec: FlagSpec): readonly string[] {
  return spec.env === undefined ? [] : typeof spec.env === "string" ? [spec.env] : spec.env;
}

function convert(spec: FlagSpec, text: string): unknown {
  switch (spec.type) {
    case "string":
      return text;
    case "bool":
      if (text !== "true" && text !== "false") throw new Error(`want true or false, got ${JSON.stringify(text)}`);
      return text === "true";
    case "int": {
      const min = spec.min ?? Number.MIN_SAFE_INTEGER;
      const max = spec.max ?? Number.MAX_SAFE_INTEGER;
      const n = Number(text);
      if (!/^[+-]?\d+$/.test(text) || n < min || n > max) {
        const range = spec.min !== undefined && spec.max !== undefined ? ` ${min}-${max}` : spec.min !== undefined ? ` >= ${min}` : "";
        throw new Error(`want an integer${range}, got ${JSON.stringify(text)}`);
      }
      return n;
    }
    case "duration": {
      const ms = spec.bareMilliseconds && /^\d+$/.test(text) ? Number(text) : (parseGoDuration(text) ?? Number.NaN) / 1e6;
      if (Number.isNaN(ms) || ms < 0 || (spec.positive && ms === 0)) {
        throw new Error(`want a ${spec.positive ? "positive " : ""}duration such as 15s or 250ms, got ${JSON.stringify(text)}`);
      }
      return ms;
    }
    case "enum":
      if (!spec.values.includes(text)) throw new Error(`want one of ${spec.values.join(", ")}, got ${JSON.stringify(text)}`);
      return text;
    case "list":
      return text.split(",").map((s) => s.trim()).filter((s) => s !== "");
    case "custom":
      return spec.parse(text);
  }
}

function defaultOf(spec: FlagSpec): unknown {
  switch (spec.type) {
    case "bool":
      return spec.default ?? false;
    case "list":
      return [...(spec.default ?? [])];
    case "custom":
      return spec.default === undefined ? undefined : spec.parse(spec.default);
    default:
      return spec.default;
  }
}

/**
 * Parses argv against `specs`. For each flag: its value on the command line, else the first non-empty
 * environment variable it names, else its default. Values are trimmed, and an empty value counts as not
 * given (Go's zero value). Throws a FlagError naming the flag.
 */
export function parseFlags<S extends FlagSpecs>(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  specs: S,
  options: ParseFlagsOptions = {},
): FlagValues<S> {
  const given = tokenize(argv, specs, options);
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs)) {
    let text = given.get(name)?.trim();
    let source = "";
    if (text === "" || text === undefined) {
      text = undefined;
      for (const envName of envNames(spec)) {
        const fromEnv = env[envName]?.trim();
        if (fromEnv) {
          text = fromEnv;
          source = ` (from env ${envName})`;
          break;
        }
      }
    }
    try {
      out[name] = text === undefined ? defaultOf(spec) : convert(spec, text);
    } catch (err) {
      const hint = spec.hint ? ` (${spec.hint})` : "";
      throw new FlagError(`flag --${name}${source}: ${err instanceof Error ? err.message : String(err)}${hint}`, { cause: err });
    }
  }
  return out as FlagValues<S>;
}

function placeholder(spec: FlagSpec): string {
  switch (spec.type) {
    case "bool":
      return "";
    case "int":
      return " N";
    case "duration":
      return " DURATION";
    case "enum":
      return ` ${spec.values.join("|")}`;
    case "list":
      return " LIST";
    case "custom":
      return ` ${spec.metavar ?? "VALUE"}`;
    default:
      return " VALUE";
  }
}

function describeDefault(spec: FlagSpec): string | undefined {
  if (spec.default === undefined || spec.type === "bool") return undefined;
  if (spec.type === "list") return spec.default.length ? spec.default.join(",") : undefined;
  if (spec.type === "duration") return `${spec.default}ms`;
  return String(spec.default);
}

/** Usage text: `synopsis`, then one line per flag with its help, default and environment fallbacks. */
export function flagUsage(synopsis: string, specs: FlagSpecs): string {
  const rows = Object.entries(specs).map(([name, spec]) => {
    const notes = [describeDefault(spec) && `default ${describeDefault(spec)}`, envNames(spec).length ? `env ${envNames(spec).join(", ")}` : undefined].filter(Boolean);
    return [`--${name}${placeholder(spec)}`, `${spec.help ?? ""}${notes.length ? ` (${notes.join("; ")})` : ""}`.trim()] as const;
  });
  const width = Math.min(40, Math.max(...rows.map(([left]) => left.length)) + 2);
  return [`usage: ${synopsis}`, ...rows.map(([left, right]) => `  ${left}${" ".repeat(Math.max(2, width - left.length))}${right}`.trimEnd())].join("\n") + "\n";
}

/** What a binary's flag parser reads besides argv. */
export interface FlagContext {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Content of the service-account namespace file, when it exists (serviceAccountNamespace()). */
  readonly serviceAccountNamespace?: string | undefined;
}

/** The --namespace value, else the Pod's service-account namespace (upstream MetalLB's order). */
export function namespaceOrServiceAccount(namespace: string | undefined, ctx: FlagContext, envName: string): string {
  const resolved = namespace ?? (ctx.serviceAccountNamespace?.trim() || undefined);
  if (!resolved) throw new FlagError(`unable to get namespace from pod service account data: set --namespace or ${envName}`);
  return resolved;
}

// --- flags every binary takes -------------------------------------------------------------------

/** `--kubeconfig` and `--log-level`, as every binary takes them. */
export const commonFlags = {
  kubeconfig: { type: "string", help: "kubeconfig file (default: in-cluster config)" },
  "log-level": { type: "enum", values: LogLevelFlag, default: "info", help: "log verbosity" },
} as const satisfies FlagSpecs;

/** An integer port number flag (0 usually disables the endpoint). */
export function portFlag(defaultPort: number, help: string): IntFlag & { readonly default: number } {
  return { type: "int", min: 0, max: 65535, default: defaultPort, help };
}

/** "host:port" / "[v6]:port"; an empty host means all interfaces. */
export interface HostPort {
  readonly host: string;
  readonly port: number;
}

export function parseHostPort(text: string): HostPort {
  const i = text.lastIndexOf(":");
  const port = Number(text.slice(i + 1));
  if (i < 0 || text.slice(i + 1) === "" || !Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${JSON.stringify(text)} is not host:port`);
  let host = text.slice(0, i);
  if (host.startsWith("[") && host.endsWith("]")) host = host.slice(1, -1);
  return { host: host === "" ? "0.0.0.0" : host, port };
}

export function hostPortFlag(defaultAddress: string, help: string): CustomFlag<HostPort> & { readonly default: string } {
  return { type: "custom", parse: parseHostPort, default: defaultAddress, metavar: "HOST:PORT", help };
}

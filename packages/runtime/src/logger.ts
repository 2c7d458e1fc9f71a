// The pino logger a binary creates once in main.ts and hands down (.child({ controller }) per component).
import { pino, type DestinationStream, type Logger } from "pino";

/** Upstream's --log-level values, plus pino's own names. */
export const LogLevelFlag = ["all", "debug", "info", "warn", "error", "none"] as const;
export type LogLevelFlag = (typeof LogLevelFlag)[number];

const pinoLevels = new Set(["trace", "debug", "info", "warn", "error", "fatal", "silent"]);

/** Maps a --log-level value to a pino level: all -> trace, none -> silent. */
export function pinoLevelFor(flag: string): pino.LevelWithSilent {
  if (flag === "all") return "trace";
  if (flag === "none") return "silent";
  if (pinoLevels.has(flag)) return flag as pino.LevelWithSilent;
  throw new RangeError(`invalid log level "${flag}": want one of ${LogLevelFlag.join(", ")}`);
}

export interface LoggerOptions {
  /** A --log-level value (all, debug, info, warn, error, none) or a pino level. Default info. */
  readonly level?: string;
  /** Static fields on every line, e.g. { component: "frr-k8s", node }. */
  readonly base?: Record<string, unknown>;
  /** Where JSON lines go; default stdout. */
  readonly destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const config: pino.LoggerOptions = {
    level: pinoLevelFor(options.level ?? "info"),
    base: options.base ?? {},
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
  return options.destination ? pino(config, options.destination) : pino(config);
}

export type { Logger };

/**
 * Changes the level of `logger` and of all its descendants at run time (FRRK8sConfiguration's
 * logLevel overrides --log-level). Children made with `.child(bindings)` share their parent's level:
 * pino reads it through the prototype chain until a logger sets its own, so only ever set it here, on
 * the logger the binary created, and never pass `{ level }` to `.child()`.
 */
export function setLogLevel(logger: Logger, level: string): void {
  const pinoLevel = pinoLevelFor(level);
  if (logger.level !== pinoLevel) logger.level = pinoLevel;
}

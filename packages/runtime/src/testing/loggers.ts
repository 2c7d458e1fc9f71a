// Loggers for tests: silent, or recording entries as parsed JSON objects for assertions.
import { pino, type Logger } from "pino";

export function silentLogger(): Logger {
  return pino({ level: "silent" });
}

export interface RecordedLogEntry {
  readonly level: number;
  readonly msg?: string;
  readonly [key: string]: unknown;
}

export function recordingLogger(level: pino.LevelWithSilent = "trace"): { logger: Logger; entries: RecordedLogEntry[] } {
  const entries: RecordedLogEntry[] = [];
  const logger = pino({ level, base: null, timestamp: false }, { write: (line: string) => entries.push(JSON.parse(line) as RecordedLogEntry) });
  return { logger, entries };
}

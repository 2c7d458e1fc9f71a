import { describe, expect, test } from "vitest";
import { createLogger, pinoLevelFor } from "./logger.js";

describe("createLogger", () => {
  test.for([
    ["all", "trace"],
    ["debug", "debug"],
    ["info", "info"],
    ["warn", "warn"],
    ["error", "error"],
    ["none", "silent"],
  ])("--log-level=%s is pino level %s", ([flag, level]) => {
    expect(pinoLevelFor(flag as string)).toBe(level);
  });

  test("rejects unknown levels with the accepted values", () => {
    expect(() => pinoLevelFor("verbose")).toThrow('invalid log level "verbose": want one of all, debug, info, warn, error, none');
  });

  test("writes one JSON object per line with the level name, time and base fields", () => {
    const lines: string[] = [];
    const log = createLogger({ level: "info", base: { component: "controller" }, destination: { write: (l: string) => void lines.push(l) } });
    log.debug("hidden");
    log.child({ controller: "service" }).info({ event: "serviceUpdated", key: "demo/web" }, "service updated");
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0] as string) as Record<string, unknown>;
    expect(entry).toMatchObject({ level: "info", component: "controller", controller: "service", event: "serviceUpdated", key: "demo/web", msg: "service updated" });
    expect(entry["time"]).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });
});

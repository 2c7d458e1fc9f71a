import { describe, expect, test } from "vitest";
import { createLogger, pinoLevelFor, setLogLevel } from "./logger.js";

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

  test("children made before and after a level change follow the root", () => {
    const lines: string[] = [];
    const root = createLogger({ level: "info", destination: { write: (l: string) => void lines.push(l) } });
    const early = root.child({ controller: "early" });
    const grandchild = early.child({ loop: "frrconfig" });
    const messages = () => lines.splice(0).map((l) => (JSON.parse(l) as { msg: string }).msg);

    grandchild.debug("hidden at info");
    setLogLevel(root, "debug");
    const late = root.child({ controller: "late" });
    for (const log of [early, grandchild, late]) log.debug("shown at debug");
    expect(messages()).toEqual(["shown at debug", "shown at debug", "shown at debug"]);

    setLogLevel(root, "none");
    for (const log of [root, early, grandchild, late]) log.error("silenced");
    setLogLevel(root, "all");
    grandchild.trace("shown at all");
    expect(messages()).toEqual(["shown at all"]);
    expect(() => setLogLevel(root, "loud")).toThrow(/invalid log level "loud"/);
  });
});

import { EventEmitter } from "node:events";
import { describe, expect, test, vi } from "vitest";
import { Shutdown, onShutdown, type ShutdownStepError } from "./shutdown.js";

function fakeProcess(): Pick<NodeJS.Process, "once" | "off"> & EventEmitter {
  return new EventEmitter() as unknown as Pick<NodeJS.Process, "once" | "off"> & EventEmitter;
}

describe("Shutdown", () => {
  test("SIGTERM runs the steps last-registered first, once, and aborts the signal", async () => {
    const proc = fakeProcess();
    const order: string[] = [];
    const shutdown = onShutdown({ process: proc });
    shutdown.add("http server", () => order.push("close server"));
    shutdown.add("leader election", async () => order.push("release lease"));
    shutdown.add("informers", () => order.push("stop informers"));
    expect(shutdown.signal.aborted).toBe(false);
    proc.emit("SIGTERM");
    await shutdown.done;
    proc.emit("SIGINT");
    await shutdown.trigger("again");
    expect(order).toEqual(["stop informers", "release lease", "close server"]);
    expect(shutdown.signal.aborted).toBe(true);
    expect(shutdown.reason).toBe("SIGTERM");
    expect(proc.listenerCount("SIGINT")).toBe(0);
  });

  test("a failing or hanging step is reported and does not block the others", async () => {
    vi.useFakeTimers();
    try {
      const errors: ShutdownStepError[] = [];
      const order: string[] = [];
      const shutdown = new Shutdown({ timeoutMs: 1000, onStepError: (e) => errors.push(e), process: fakeProcess() });
      shutdown.add("last", () => order.push("last"));
      shutdown.add("hangs", () => new Promise(() => undefined));
      shutdown.add("fails", () => {
        throw new Error("boom");
      });
      const done = shutdown.trigger("test");
      await vi.advanceTimersByTimeAsync(1000);
      await done;
      expect(errors.map((e) => e.step)).toEqual(["fails", "hangs", "last"]);
      expect(order).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });
});

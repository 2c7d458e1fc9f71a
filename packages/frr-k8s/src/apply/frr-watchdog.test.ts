import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { FrrWatchdog } from "./frr-watchdog.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function setup() {
  const dir = mkdtempSync(join(tmpdir(), "frr-watchdog-"));
  dirs.push(dir);
  const daemons = ["zebra", "bgpd"];
  /** A daemon (re)creates its vty socket: new inode. */
  const recreate = (d: string) => {
    rmSync(join(dir, `${d}.vty`), { force: true });
    writeFileSync(join(dir, `${d}.vty`), "");
  };
  daemons.forEach(recreate);
  const events: string[] = [];
  let alive = true;
  let aliveCalls = 0;
  const dog = new FrrWatchdog({
    vtySocketDir: dir, daemons, intervalMs: 1000, aliveEveryTicks: 3,
    alive: async () => {
      aliveCalls++;
      return alive;
    },
    onDown: () => events.push("down"),
    onRestarted: (reason) => events.push(`restarted: ${reason}`),
  });
  return { dog, events, recreate, setAlive: (v: boolean) => (alive = v), aliveCalls: () => aliveCalls };
}

describe("FrrWatchdog", () => {
  test("a daemon restarted between two ticks is noticed by its new vty socket", async () => {
    const { dog, events, recreate } = setup();
    await dog.tick();
    expect(events).toEqual([]);
    recreate("bgpd");
    await dog.tick();
    expect(events).toEqual(["restarted: an FRR daemon was restarted"]);
  });

  test("FRR down is reported once; coming back triggers a reapply", async () => {
    const { dog, events, setAlive } = setup();
    await dog.tick();
    setAlive(false);
    await dog.tick(); // the periodic alive() check fails once: not yet down
    expect(events).toEqual([]);
    await dog.tick(); // checked again at once, fails again
    expect(events).toEqual(["down"]);
    expect(dog.up).toBe(false);
    setAlive(true);
    await dog.tick();
    expect(events).toEqual(["down", "restarted: FRR answers again"]);
  });

  test("one slow answer is not an outage; a changed socket still means a restart", async () => {
    const { dog, events, setAlive, recreate } = setup();
    await dog.tick();
    setAlive(false);
    recreate("zebra");
    await dog.tick();
    setAlive(true);
    await dog.tick();
    expect(events).toEqual(["restarted: an FRR daemon was restarted"]);
    expect(dog.up).toBe(true);
  });

  test("while nothing changes, vtysh is asked only every few ticks", async () => {
    const { dog, aliveCalls } = setup();
    for (let i = 0; i < 7; i++) await dog.tick();
    expect(aliveCalls()).toBe(3); // first tick, then every third
  });
});

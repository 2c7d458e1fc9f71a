// Process helpers for the lab: every process we start is tracked and stopped by PID, never by name.
import { spawn } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { createServer } from "node:net";

export interface Started {
  readonly pid: number;
}

/** Starts a process with stdout+stderr to a log file. Detached processes survive this Node process. */
export function spawnLogged(cmd: string, args: string[], logPath: string, detached: boolean, env?: NodeJS.ProcessEnv): Started {
  const fd = openSync(logPath, "a");
  const child = spawn(cmd, args, { stdio: ["ignore", fd, fd], detached, env: env ?? process.env });
  closeSync(fd);
  if (child.pid === undefined) throw new Error(`failed to start ${cmd}`);
  if (detached) child.unref();
  child.on("error", () => undefined);
  return { pid: child.pid };
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** SIGTERM, wait up to graceMs, then SIGKILL. Safe to call for a PID that is already gone. */
export async function killPid(pid: number, opts: { graceMs?: number; signal?: NodeJS.Signals } = {}): Promise<void> {
  if (!isAlive(pid)) return;
  try {
    process.kill(pid, opts.signal ?? "SIGTERM");
  } catch {
    return;
  }
  const deadline = Date.now() + (opts.graceMs ?? 5000);
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return;
    await sleep(50);
  }
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    /* already gone */
  }
  while (isAlive(pid)) await sleep(20);
}

/** A free TCP port on 127.0.0.1 (bind :0, read, close), as envtest's addr.Suggest. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === "object" && addr ? resolve(addr.port) : reject(new Error("no port"))));
    });
  });
}

export interface WaitOptions {
  timeoutMs: number;
  what: string;
  intervalMs?: number;
  /** Fail early if this PID dies while waiting. */
  alive?: number;
}

/** Polls until check() is truthy; returns its value. */
export async function waitFor<T>(check: () => T | Promise<T>, opts: WaitOptions): Promise<NonNullable<T>> {
  const deadline = Date.now() + opts.timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v as NonNullable<T>;
    } catch (err) {
      lastError = err;
    }
    if (opts.alive !== undefined && !isAlive(opts.alive)) throw new Error(`${opts.what}: process ${opts.alive} exited`);
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${opts.timeoutMs} ms waiting for ${opts.what}${lastError ? `: ${(lastError as Error).message}` : ""}`);
    }
    await sleep(opts.intervalMs ?? 100);
  }
}

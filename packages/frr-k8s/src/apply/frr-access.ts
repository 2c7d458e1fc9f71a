// How to reach one FRR instance: its config dir, its vty socket dir and the tools. The same binary
// drives FRR in a pod sidecar (defaults) or in a lab namespace (flags), see main.ts.
import { execFile } from "node:child_process";

export interface FrrAccess {
  /** FRR's config dir (holds vtysh.conf and the integrated frr.conf). */
  readonly configDir: string;
  /** Directory of the daemons' vty sockets. */
  readonly vtySocketDir: string;
  /** Where we write the desired frr.conf before reloading (must differ from configDir/frr.conf). */
  readonly workDir: string;
  readonly vtyshPath: string;
  readonly reloadScript: string;
  readonly python: string;
}

export const DEFAULT_FRR_ACCESS: FrrAccess = {
  configDir: "/etc/frr",
  vtySocketDir: "/var/run/frr",
  workDir: "/etc/frr_reloader",
  vtyshPath: "/usr/bin/vtysh",
  reloadScript: "/usr/lib/frr/frr-reload.py",
  python: "python3",
};

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function run(cmd: string, args: string[], timeoutMs = 120_000): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: timeoutMs, maxBuffer: 256 * 1024 * 1024, encoding: "utf8" }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === "number" ? ((err as { code: number }).code) : 1) : 0;
      resolve({ code, stdout, stderr: err && !stderr ? err.message : stderr });
    });
  });
}

/** vtysh against this instance; several commands run in one vtysh process. */
export async function vtysh(access: FrrAccess, commands: string[], timeoutMs?: number): Promise<CommandResult> {
  const args = ["--vty_socket", access.vtySocketDir, "--config_dir", access.configDir];
  for (const c of commands) args.push("-c", c);
  return run(access.vtyshPath, args, timeoutMs);
}

export async function vtyshJson<T>(access: FrrAccess, command: string): Promise<T> {
  const r = await vtysh(access, [command], 30_000);
  if (r.code !== 0) throw new Error(`vtysh -c "${command}" failed (${r.code}): ${(r.stderr || r.stdout).trim()}`);
  return JSON.parse(r.stdout) as T;
}

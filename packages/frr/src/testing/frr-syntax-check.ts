// Test-only: is a rendered frr.conf accepted by the real FRR 8.4 installed on this machine?
//
// For each file a throwaway FRR is started: zebra, bgpd (-p 0: no listening socket), bfdd and
// staticd, each in its own anonymous network namespace (`unshare --net`, gone when the process
// exits), with private vty/zserv sockets in a temp dir. The file is then pushed with
// `vtysh -f`, which runs every line through the daemons' real command handlers, so semantic
// errors (a bad prefix range, an AS clash, a missing remote-as) are caught as well as syntax.
// vtysh exits 0 for some rejected northbound commands, so error markers in its output
// ("% Configuration failed", "line N: ...", "Error type: ...") also count as a failure;
// informational notes ("Graceful restart configuration changed, reset this peer to take
// effect", bfdd's echo-mode caveat) do not. Daemons are killed by PID afterwards. Needs root (to switch the
// daemons to the frr user) and the Debian frr package.
import { spawn, type ChildProcess } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const FRR_BIN = "/usr/lib/frr";
const DAEMONS = ["zebra", "bgpd", "bfdd", "staticd"] as const;
/** Rejections vtysh reports; bare "% ..." lines can be notes (bfdd's echo-mode caveat). */
const ERROR_MARKERS = /^(% Configuration failed|line \d+:|Error type:)/m;

export interface FRRCheckResult {
  readonly ok: boolean;
  /** vtysh's output: errors, or informational notes for an accepted file. */
  readonly output: string;
  readonly exitCode: number | null;
  readonly millis: number;
}

function idOf(file: string, name: string): number {
  const line = readFileSync(file, "utf8").split("\n").find((l) => l.startsWith(`${name}:`));
  const id = line?.split(":")[2];
  if (id === undefined) throw new Error(`frr syntax check: no ${name} entry in ${file} (is the frr package installed?)`);
  return Number(id);
}

function waitForExit(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once("exit", () => resolve());
  });
}

function startDaemon(daemon: (typeof DAEMONS)[number], dir: string): ChildProcess {
  const args = [
    "--net",
    "--",
    join(FRR_BIN, daemon),
    "--vty_socket", dir,
    "-z", join(dir, "zserv.api"),
    "-i", join(dir, `${daemon}.pid`),
    "-u", "frr",
    "-g", "frr",
    "-f", "/dev/null",
    "--log", `file:${join(dir, `${daemon}.log`)}`,
    ...(daemon === "bgpd" ? ["-p", "0"] : []),
  ];
  return spawn("unshare", args, { stdio: "ignore" });
}

async function waitForFiles(paths: readonly string[], children: readonly ChildProcess[]): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!paths.every((p) => existsSync(p))) {
    const dead = children.find((c) => c.exitCode !== null);
    if (dead !== undefined) throw new Error(`frr syntax check: ${dead.spawnargs.join(" ")} exited with ${dead.exitCode}`);
    if (Date.now() > deadline) throw new Error(`frr syntax check: FRR daemons did not create ${paths.join(", ")}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function run(command: string, args: readonly string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, output }));
  });
}

/** Loads one configuration into a fresh FRR and reports whether every line was accepted. */
async function checkOne(root: string, index: number, text: string, owner: { uid: number; gid: number }): Promise<FRRCheckResult> {
  const started = performance.now();
  const dir = join(root, `run-${index}`);
  mkdirSync(dir);
  chownSync(dir, owner.uid, owner.gid);
  const children: ChildProcess[] = [];
  try {
    // zebra first: a client that finds no zserv socket retries only after seconds, and bgpd
    // refuses `neighbor X graceful-restart` ("% Invalid value") while it is not connected.
    const [zebra, ...clients] = DAEMONS;
    children.push(startDaemon(zebra, dir));
    await waitForFiles(["zserv.api", "zebra.vty"].map((f) => join(dir, f)), children);
    for (const daemon of clients) children.push(startDaemon(daemon, dir));
    await waitForFiles(DAEMONS.map((d) => join(dir, `${d}.vty`)), children);
    const file = join(dir, "frr.conf");
    writeFileSync(file, text);
    const { code, output } = await run("vtysh", ["--vty_socket", dir, "--config_dir", root, "-f", file]);
    return { ok: code === 0 && !ERROR_MARKERS.test(output), output, exitCode: code, millis: performance.now() - started };
  } finally {
    for (const child of children) {
      if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) process.kill(child.pid, "SIGKILL");
    }
    await Promise.all(children.map(waitForExit));
  }
}

/** Checks each configuration text in its own fresh FRR, one after the other. */
export async function checkFRRConfigs(texts: readonly string[]): Promise<FRRCheckResult[]> {
  const owner = { uid: idOf("/etc/passwd", "frr"), gid: idOf("/etc/group", "frr") };
  const root = mkdtempSync(join(tmpdir(), "frr-syntax-"));
  try {
    chownSync(root, owner.uid, owner.gid);
    writeFileSync(join(root, "vtysh.conf"), ""); // silences vtysh's "can't open vtysh.conf"
    const results: FRRCheckResult[] = [];
    for (const [i, text] of texts.entries()) results.push(await checkOne(root, i, text, owner));
    return results;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

export async function checkFRRConfig(text: string): Promise<FRRCheckResult> {
  const [result] = await checkFRRConfigs([text]);
  return result as FRRCheckResult;
}

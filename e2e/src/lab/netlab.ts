// The FRR network lab: network namespaces joined by a Linux bridge that lives in its own namespace,
// one FRR (zebra, bgpd, bfdd, staticd) per namespace with its own config and vty socket directories.
// Only documentation ranges are used (198.51.100.0/24, 2001:db8:100::/64), the host's own interfaces
// and routes are never touched (veths are created directly inside the namespaces), and teardown is by
// PID and by the exact namespace names this lab created.
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isAlive, killPid, spawnLogged, waitFor } from "./process.js";

export const FRR_DAEMONS = ["zebra", "bgpd", "bfdd", "staticd"] as const;
export type FrrDaemon = (typeof FRR_DAEMONS)[number];

const FRR_BIN = "/usr/lib/frr";
export const LAB_V4_PREFIX = "198.51.100";
export const LAB_V6_PREFIX = "2001:db8:100:";

/**
 * Node VRF i (LabOptions.nodeVrfs) is a link of its own: 198.18.(210+i).0/24 and 2001:db8:(210+i)::/64,
 * routers[0] at .1 / ::1, node n (1-based) at .(10+n).
 */
export function vrfLinkPrefixes(i: number): { v4: string; v6: string } {
  return { v4: `198.18.${210 + i}`, v6: `2001:db8:${(0x210 + i).toString(16)}:` };
}

/** Remote router i sits on its own link behind routers[0]: 198.18.(200+i).0/24 and 2001:db8:(300+i)::/64. */
export function remoteLinkPrefixes(i: number): { v4: string; v6: string } {
  return { v4: `198.18.${200 + i}`, v6: `2001:db8:${(0x300 + i).toString(16)}:` };
}

export interface HostState {
  readonly name: string;
  /** remote-router: not on the lab bridge, but one hop behind routers[0] (multihop BGP). */
  readonly role: "node" | "router" | "remote-router";
  readonly netns: string;
  readonly dir: string;
  readonly confDir: string;
  readonly runDir: string;
  readonly ipv4: string;
  readonly ipv6: string;
  pids: Partial<Record<FrrDaemon, number>>;
  /** remote-router only: routers[0]'s addresses on the link to this router (its next hop to the lab). */
  readonly upstream?: { host: string; ipv4: string; ipv6: string };
  /** node only: VRFs backed by network namespaces (see LabOptions.nodeVrfs). */
  readonly vrfs?: VrfState[];
}

export interface VrfState {
  /** The VRF name FRR sees. */
  readonly name: string;
  /** The network namespace that is the VRF (zebra's netns VRF backend). */
  readonly netns: string;
  readonly ipv4: string;
  readonly ipv6: string;
}

export interface LabState {
  readonly id: string;
  readonly dir: string;
  readonly bridgeNetns: string;
  readonly hosts: HostState[];
}

export interface LabOptions {
  nodes: number;
  routers?: number;
  /**
   * Routers behind routers[0], each on its own link (see remoteLinkPrefixes); the nodes reach them
   * through routers[0] (static kernel routes), so BGP to them is multihop.
   */
  remoteRouters?: number;
  /**
   * VRFs on every node. This kernel has no VRF devices (CONFIG_NET_VRF), so each VRF is a network
   * namespace (FRR's netns VRF backend, zebra -n) holding eth1 on the VRF's own link to routers[0]
   * (see vrfLinkPrefixes); the node's FRR daemons run with a private /run/netns listing exactly these
   * VRFs, so they never see the other namespaces of the machine.
   */
  nodeVrfs?: string[];
  /** Working directory (default: a new temp dir). */
  dir?: string;
  /** Initial frr.conf per host (default: just the hostname and logging). */
  initialConfig?: (host: HostState) => string;
  /** FRR processes survive this Node process (the demo and hack/lab.sh). */
  detached?: boolean;
}

function sh(cmd: string, args: string[], input?: string): string {
  return execFileSync(cmd, args, { encoding: "utf8", input, stdio: ["pipe", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 });
}

function ip(args: string[]): string {
  return sh("ip", args);
}

export function requireLabPrerequisites(): void {
  if (process.getuid?.() !== 0) throw new Error("the FRR lab needs root (network namespaces): run as root");
  for (const d of FRR_DAEMONS) {
    if (!existsSync(join(FRR_BIN, d))) throw new Error(`${FRR_BIN}/${d} missing: run 'bash hack/setup.sh' (installs Debian frr frr-pythontools)`);
  }
}

let labCounter = 0;

/**
 * Runs "$2..." with a private /run/netns whose only entries are the VRFs named in $1 ("netns:vrf ...").
 * `ip netns exec` already gave the process its own mount namespace (slave of the host's), so the
 * tmpfs mounted here is invisible outside; the VRF namespaces are kept open as fds across it.
 */
const PRIVATE_NETNS_SCRIPT = `set -e
i=3
for pair in $1; do eval "exec $i</run/netns/\${pair%%:*}"; i=$((i+1)); done
mount -t tmpfs -o mode=755 tmpfs /run/netns
i=3
for pair in $1; do touch "/run/netns/\${pair#*:}"; mount --bind "/proc/self/fd/$i" "/run/netns/\${pair#*:}"; eval "exec $i<&-"; i=$((i+1)); done
shift
exec "$@"`;

/** A FRR instance in one namespace, reached over its own vty socket directory. */
export class FrrHost {
  constructor(readonly state: HostState, private readonly detached: boolean) {}

  get name(): string { return this.state.name; }
  get netns(): string { return this.state.netns; }
  get ipv4(): string { return this.state.ipv4; }
  get ipv6(): string { return this.state.ipv6; }
  get runDir(): string { return this.state.runDir; }
  get confDir(): string { return this.state.confDir; }

  /** Runs vtysh commands against this instance; throws with FRR's output when vtysh fails. */
  vtysh(commands: string | string[]): string {
    const list = Array.isArray(commands) ? commands : [commands];
    const args = ["--vty_socket", this.state.runDir, "--config_dir", this.state.confDir];
    for (const c of list) args.push("-c", c);
    return sh("vtysh", args);
  }

  vtyshJson<T = unknown>(command: string): T {
    return JSON.parse(this.vtysh(command)) as T;
  }

  /** Runs a command inside this host's network namespace. */
  exec(cmd: string, args: string[]): string {
    return sh("ip", ["netns", "exec", this.state.netns, cmd, ...args]);
  }

  /** Kernel routing table of the namespace (ip -j route), for IPv4 or IPv6. */
  kernelRoutes(family: 4 | 6 = 4): Array<{ dst: string; gateway?: string; dev?: string; protocol?: string; nexthops?: Array<{ gateway: string }> }> {
    return JSON.parse(ip(["-n", this.state.netns, "-j", `-${family}`, "route", "show"]) || "[]");
  }

  /** Writes frr.conf and loads it into the running daemons (vtysh -b style, additive). */
  loadConfig(text: string): void {
    writeFileSync(join(this.state.confDir, "frr.conf"), text);
    sh("vtysh", ["--vty_socket", this.state.runDir, "--config_dir", this.state.confDir, "-f", join(this.state.confDir, "frr.conf")]);
  }

  /** Starts the FRR daemons that are not running and waits for their vty sockets. */
  async start(): Promise<void> {
    const s = this.state;
    for (const d of FRR_DAEMONS) {
      const pid = s.pids[d];
      if (pid !== undefined && isAlive(pid)) continue;
      rmSync(join(s.runDir, `${d}.vty`), { force: true });
      const args = [
        "netns", "exec", s.netns, join(FRR_BIN, d),
        "-u", "frr", "-g", "frr",
        "--vty_socket", s.runDir, "-i", join(s.runDir, `${d}.pid`), "-z", join(s.runDir, "zserv.api"),
        "-f", "/dev/null", "-P", "0", "--log", `file:${join(s.dir, `${d}.log`)}`,
      ];
      if (d === "bfdd") args.push("--bfdctl", join(s.runDir, "bfdd.sock"));
      if (s.vrfs?.length) {
        if (d === "zebra") args.push("-n");
        args.splice(3, 0, "sh", "-c", PRIVATE_NETNS_SCRIPT, "frr-vrf", s.vrfs.map((v) => `${v.netns}:${v.name}`).join(" "));
      }
      const p = spawnLogged("ip", args, join(s.dir, `${d}.out`), this.detached);
      s.pids[d] = p.pid;
      // zebra must be up before the others connect to its zserv socket (they retry, but slowly).
      await waitFor(() => existsSync(join(s.runDir, `${d}.vty`)), { timeoutMs: 20_000, what: `${s.name} ${d} vty socket`, alive: p.pid, intervalMs: 25 });
    }
  }

  /** Boots the instance with frr.conf from its config dir. */
  async boot(config: string): Promise<void> {
    writeFileSync(join(this.state.confDir, "frr.conf"), config);
    await this.start();
    sh("vtysh", ["--vty_socket", this.state.runDir, "--config_dir", this.state.confDir, "-b"]);
  }

  /** Kills one daemon (fault injection): SIGKILL, as a crash. */
  async kill(daemon: FrrDaemon): Promise<void> {
    const pid = this.state.pids[daemon];
    if (pid !== undefined) await killPid(pid, { signal: "SIGKILL", graceMs: 0 });
  }

  async stop(): Promise<void> {
    for (const d of [...FRR_DAEMONS].reverse()) {
      const pid = this.state.pids[d];
      if (pid !== undefined) await killPid(pid, { graceMs: 3000 });
    }
  }

  linkDown(): void {
    // Linux flushes an interface's IPv6 addresses when it goes down, unless told to keep them: without
    // this, linkUp() would bring eth0 back without the host's IPv6 address.
    this.exec("sysctl", ["-q", "-w", "net.ipv6.conf.eth0.keep_addr_on_down=1"]);
    ip(["-n", this.state.netns, "link", "set", "eth0", "down"]);
  }
  linkUp(): void { ip(["-n", this.state.netns, "link", "set", "eth0", "up"]); }
}

export class Lab {
  readonly nodes: FrrHost[];
  readonly routers: FrrHost[];
  readonly remoteRouters: FrrHost[];

  private constructor(readonly state: LabState, detached: boolean) {
    const hosts = state.hosts.map((h) => new FrrHost(h, detached));
    this.nodes = hosts.filter((h) => h.state.role === "node");
    this.routers = hosts.filter((h) => h.state.role === "router");
    this.remoteRouters = hosts.filter((h) => h.state.role === "remote-router");
  }

  get hosts(): FrrHost[] { return [...this.routers, ...this.nodes, ...this.remoteRouters]; }

  host(name: string): FrrHost {
    const h = this.hosts.find((x) => x.name === name);
    if (!h) throw new Error(`lab ${this.state.id}: no host ${name}`);
    return h;
  }

  static async create(opts: LabOptions): Promise<Lab> {
    requireLabPrerequisites();
    const routers = opts.routers ?? 1;
    const remoteRouters = opts.remoteRouters ?? 0;
    if (remoteRouters > 0 && routers < 1) throw new Error("lab: remote routers need routers[0] in front of them");
    if (remoteRouters > 50) throw new Error("lab: at most 50 remote routers");
    if (opts.nodes + routers + remoteRouters > 80) throw new Error("lab: at most 80 hosts");
    const id = `m${process.pid.toString(36)}${(labCounter++).toString(36)}`;
    const dir = opts.dir ?? mkdtempSync(join(tmpdir(), `metallb-ts-lab-${id}-`));
    mkdirSync(dir, { recursive: true });
    chmodSync(dir, 0o755); // FRR runs as the frr user and must traverse into its host dir
    const hosts: HostState[] = [];
    const mk = (role: "node" | "router", i: number): HostState => {
      const name = role === "node" ? `node${i + 1}` : `router${i + 1}`;
      const octet = role === "router" ? 1 + i : 11 + i;
      const hdir = join(dir, name);
      return {
        name, role, netns: `${id}-${name}`, dir: hdir, confDir: join(hdir, "etc"), runDir: join(hdir, "run"),
        ipv4: `${LAB_V4_PREFIX}.${octet}`, ipv6: `${LAB_V6_PREFIX}:${octet.toString(16)}`, pids: {},
      };
    };
    for (let i = 0; i < routers; i++) hosts.push(mk("router", i));
    for (let i = 0; i < opts.nodes; i++) {
      const h = mk("node", i);
      const vrfs = (opts.nodeVrfs ?? []).map((name, v): VrfState => {
        const { v4, v6 } = vrfLinkPrefixes(v);
        return { name, netns: `${id}-${h.name}-${name}`, ipv4: `${v4}.${11 + i}`, ipv6: `${v6}:${(11 + i).toString(16)}` };
      });
      hosts.push(vrfs.length > 0 ? { ...h, vrfs } : h);
    }
    for (let i = 0; i < remoteRouters; i++) {
      const { v4, v6 } = remoteLinkPrefixes(i);
      const name = `remote${i + 1}`;
      const hdir = join(dir, name);
      hosts.push({
        name, role: "remote-router", netns: `${id}-${name}`, dir: hdir, confDir: join(hdir, "etc"), runDir: join(hdir, "run"),
        ipv4: `${v4}.2`, ipv6: `${v6}:2`, pids: {}, upstream: { host: hosts[0]!.name, ipv4: `${v4}.1`, ipv6: `${v6}:1` },
      });
    }
    const state: LabState = { id, dir, bridgeNetns: `${id}-br`, hosts };
    // Write the state before creating anything, so a crash mid-way can still be torn down.
    writeFileSync(join(dir, "lab.json"), JSON.stringify(state, null, 2));
    const lab = new Lab(state, opts.detached ?? false);
    try {
      lab.createTopology();
      await Promise.all(lab.hosts.map(async (h) => {
        mkdirSync(h.confDir, { recursive: true });
        mkdirSync(h.runDir, { recursive: true });
        writeFileSync(join(h.confDir, "vtysh.conf"), "service integrated-vtysh-config\n");
        writeFileSync(join(h.confDir, "daemons"), "");
        // FRR drops privileges to the frr user: it must own its run dir, logs and config.
        sh("chown", ["-R", "frr:frr", h.state.dir]);
        const initial = opts.initialConfig?.(h.state) ?? baseConfig(h.name);
        await h.boot(initial);
      }));
      lab.saveState();
    } catch (err) {
      await lab.teardown();
      throw err;
    }
    return lab;
  }

  /** Re-attaches to a lab created by another process (hack/lab.sh down). */
  static attach(dir: string): Lab {
    const state = JSON.parse(readFileSync(join(dir, "lab.json"), "utf8")) as LabState;
    return new Lab(state, true);
  }

  saveState(): void {
    writeFileSync(join(this.state.dir, "lab.json"), JSON.stringify(this.state, null, 2));
  }

  private createTopology(): void {
    const br = this.state.bridgeNetns;
    ip(["netns", "add", br]);
    ip(["-n", br, "link", "set", "lo", "up"]);
    ip(["-n", br, "link", "add", "br0", "type", "bridge"]);
    ip(["-n", br, "link", "set", "br0", "up"]);
    for (const h of this.hosts) {
      const s = h.state;
      if (s.role === "remote-router") continue;
      ip(["netns", "add", s.netns]);
      ip(["-n", s.netns, "link", "set", "lo", "up"]);
      // The veth is created inside the host namespace with its peer moved straight into the bridge
      // namespace: nothing ever appears in the machine's own namespace.
      const peer = `v-${s.name}`;
      ip(["-n", s.netns, "link", "add", "eth0", "type", "veth", "peer", "name", peer, "netns", br]);
      ip(["-n", br, "link", "set", peer, "master", "br0"]);
      ip(["-n", br, "link", "set", peer, "up"]);
      ip(["-n", s.netns, "addr", "add", `${s.ipv4}/24`, "dev", "eth0"]);
      ip(["-n", s.netns, "addr", "add", `${s.ipv6}/64`, "dev", "eth0", "nodad"]);
      ip(["-n", s.netns, "link", "set", "eth0", "up"]);
      sh("ip", ["netns", "exec", s.netns, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1", "net.ipv6.conf.all.forwarding=1"]);
    }
    this.remoteRouters.forEach((r, i) => this.linkRemoteRouter(r.state, i));
    this.linkNodeVrfs();
  }

  /** Per VRF: a bridge in the bridge namespace, routers[0] on it (default VRF), every node's VRF namespace on it. */
  private linkNodeVrfs(): void {
    const br = this.state.bridgeNetns;
    const names = this.nodes[0]?.state.vrfs?.map((v) => v.name) ?? [];
    names.forEach((name, i) => {
      const { v4, v6 } = vrfLinkPrefixes(i);
      const bridge = `br-${name}`;
      ip(["-n", br, "link", "add", bridge, "type", "bridge"]);
      ip(["-n", br, "link", "set", bridge, "up"]);
      const attach = (netns: string, dev: string, peer: string, v4addr: string, v6addr: string): void => {
        ip(["-n", netns, "link", "add", dev, "type", "veth", "peer", "name", peer, "netns", br]);
        ip(["-n", br, "link", "set", peer, "master", bridge]);
        ip(["-n", br, "link", "set", peer, "up"]);
        ip(["-n", netns, "addr", "add", `${v4addr}/24`, "dev", dev]);
        ip(["-n", netns, "addr", "add", `${v6addr}/64`, "dev", dev, "nodad"]);
        ip(["-n", netns, "link", "set", dev, "up"]);
      };
      attach(this.routers[0]!.netns, `${name}0`, `v-r-${name}`, `${v4}.1`, `${v6}:1`);
      for (const n of this.nodes) {
        const vrf = n.state.vrfs![i]!;
        ip(["netns", "add", vrf.netns]);
        ip(["-n", vrf.netns, "link", "set", "lo", "up"]);
        attach(vrf.netns, "eth1", `v-${n.name}-${name}`, vrf.ipv4, vrf.ipv6);
      }
    });
  }

  /**
   * A point-to-point veth between routers[0] and a remote router (created inside the two lab
   * namespaces), plus static kernel routes: nodes -> remote link via routers[0], remote -> lab via routers[0].
   */
  private linkRemoteRouter(s: HostState, i: number): void {
    const front = this.routers[0]!.state;
    const up = s.upstream!;
    const { v4, v6 } = remoteLinkPrefixes(i);
    ip(["netns", "add", s.netns]);
    ip(["-n", s.netns, "link", "set", "lo", "up"]);
    ip(["-n", s.netns, "link", "add", "eth0", "type", "veth", "peer", "name", `r-${s.name}`, "netns", front.netns]);
    ip(["-n", front.netns, "addr", "add", `${up.ipv4}/24`, "dev", `r-${s.name}`]);
    ip(["-n", front.netns, "addr", "add", `${up.ipv6}/64`, "dev", `r-${s.name}`, "nodad"]);
    ip(["-n", front.netns, "link", "set", `r-${s.name}`, "up"]);
    ip(["-n", s.netns, "addr", "add", `${s.ipv4}/24`, "dev", "eth0"]);
    ip(["-n", s.netns, "addr", "add", `${s.ipv6}/64`, "dev", "eth0", "nodad"]);
    ip(["-n", s.netns, "link", "set", "eth0", "up"]);
    ip(["-n", s.netns, "route", "add", `${LAB_V4_PREFIX}.0/24`, "via", up.ipv4]);
    ip(["-n", s.netns, "-6", "route", "add", `${LAB_V6_PREFIX}:/64`, "via", up.ipv6]);
    for (const n of this.nodes) {
      ip(["-n", n.netns, "route", "add", `${v4}.0/24`, "via", front.ipv4]);
      ip(["-n", n.netns, "-6", "route", "add", `${v6}:/64`, "via", front.ipv6]);
    }
  }

  /** Kills every FRR process by PID and deletes exactly the namespaces this lab created. */
  async teardown(keepDir = false): Promise<void> {
    await Promise.all(this.hosts.map((h) => h.stop()));
    const existing = new Set(ip(["netns", "list"]).split("\n").map((l) => l.split(" ")[0]));
    const vrfNetns = this.hosts.flatMap((h) => h.state.vrfs?.map((v) => v.netns) ?? []);
    for (const ns of [...this.hosts.map((h) => h.netns), ...vrfNetns, this.state.bridgeNetns]) {
      if (existing.has(ns)) {
        try {
          ip(["netns", "del", ns]);
        } catch {
          /* already gone */
        }
      }
    }
    if (!keepDir) rmSync(this.state.dir, { recursive: true, force: true });
  }
}

export function baseConfig(hostname: string): string {
  return `frr defaults traditional
hostname ${hostname}
service integrated-vtysh-config
!
`;
}

/** Wait until `check` passes, polling FRR; the common shape of every lab assertion. */
// The default is generous: on a loaded 2-core machine a route can take many seconds; a passing check
// returns as soon as it holds, so only failures pay for the margin.
export function eventually<T>(what: string, check: () => T | Promise<T>, timeoutMs = 60_000): Promise<NonNullable<T>> {
  return waitFor(check, { what, timeoutMs, intervalMs: 100 });
}

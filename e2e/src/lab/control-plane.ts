// A real etcd + kube-apiserver on 127.0.0.1, started the way controller-runtime's envtest does it
// (see shared notes/control-plane.md). Used by vitest's global setup, the demo and hack/cluster.sh.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, killPid, spawnLogged, waitFor } from "./process.js";
import { binaryPath, usePinnedKubectl } from "./binaries.js";

export interface ControlPlane {
  /** Directory holding certificates, kubeconfig, logs and etcd data. */
  readonly dir: string;
  readonly kubeconfigPath: string;
  readonly server: string;
  /** CA that signed the apiserver's serving cert (and may sign webhook serving certs in tests). */
  readonly caCertPath: string;
  readonly caKeyPath: string;
  readonly etcdPid: number;
  readonly apiserverPid: number;
  readonly etcdUrl: string;
  /** The kube-apiserver's command line, so restartApiserver can start it again identically. */
  readonly apiserverArgs?: readonly string[];
}

export interface StartOptions {
  /** Directory to use (created if missing); default: a fresh temp dir. */
  dir?: string;
  /** Directory of CRD YAML to install once the apiserver is ready. */
  crdsDir?: string;
  /** Keep processes alive after this Node process exits (hack/cluster.sh up). */
  detached?: boolean;
  /** Milliseconds to wait for readiness (cold start on 2 cores takes 10-30 s). */
  timeoutMs?: number;
  /** Extra kube-apiserver flags. */
  apiserverArgs?: string[];
}

function openssl(dir: string, args: string[]): void {
  execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
}

/** One CA signs the serving cert, the admin client cert and (in tests) webhook serving certs. */
function writeCertificates(dir: string): void {
  openssl(dir, ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "30", "-subj", "/CN=metallb-ts-test-ca"]);
  writeFileSync(join(dir, "serving.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n");
  openssl(dir, ["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "apiserver.key", "-out", "apiserver.csr", "-subj", "/CN=localhost"]);
  openssl(dir, ["x509", "-req", "-in", "apiserver.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-days", "30", "-extfile", "serving.ext", "-out", "apiserver.crt"]);
  writeFileSync(join(dir, "client.ext"), "extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n");
  openssl(dir, ["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "admin.key", "-out", "admin.csr", "-subj", "/O=system:masters/CN=admin"]);
  openssl(dir, ["x509", "-req", "-in", "admin.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-days", "30", "-extfile", "client.ext", "-out", "admin.crt"]);
  openssl(dir, ["genrsa", "-out", "sa.key", "2048"]);
  openssl(dir, ["rsa", "-in", "sa.key", "-pubout", "-out", "sa.pub"]);
}

function kubeconfig(server: string, dir: string): string {
  return `apiVersion: v1
kind: Config
clusters:
- name: metallb-ts
  cluster:
    server: ${server}
    certificate-authority: ${join(dir, "ca.crt")}
users:
- name: admin
  user:
    client-certificate: ${join(dir, "admin.crt")}
    client-key: ${join(dir, "admin.key")}
contexts:
- name: metallb-ts
  context:
    cluster: metallb-ts
    user: admin
current-context: metallb-ts
`;
}

async function httpOk(url: string, caPath?: string): Promise<boolean> {
  try {
    if (!caPath) {
      const res = await fetch(url);
      return res.ok;
    }
    // fetch cannot take a CA per request; use https directly.
    const https = await import("node:https");
    return await new Promise<boolean>((resolve) => {
      const req = https.get(url, { ca: readFileSync(caPath), timeout: 2000 }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      });
      req.on("error", () => resolve(false));
      req.on("timeout", () => {
        req.destroy();
        resolve(false);
      });
    });
  } catch {
    return false;
  }
}

export async function startControlPlane(opts: StartOptions = {}): Promise<ControlPlane> {
  usePinnedKubectl();
  const etcdBin = binaryPath("etcd");
  const apiserverBin = binaryPath("kube-apiserver");
  const base = existsSync("/dev/shm") ? "/dev/shm" : tmpdir();
  const dir = opts.dir ?? mkdtempSync(join(base, "metallb-ts-cp-"));
  const timeoutMs = opts.timeoutMs ?? 120_000;
  mkdirSync(dir, { recursive: true });
  writeCertificates(dir);

  const etcdPort = await freePort();
  const peerPort = await freePort();
  const etcdUrl = `http://127.0.0.1:${etcdPort}`;
  const etcd = spawnLogged(etcdBin, [
    "--name=metallb-ts", `--data-dir=${join(dir, "etcd")}`,
    `--listen-client-urls=${etcdUrl}`, `--advertise-client-urls=${etcdUrl}`,
    `--listen-peer-urls=http://127.0.0.1:${peerPort}`, `--initial-advertise-peer-urls=http://127.0.0.1:${peerPort}`,
    `--initial-cluster=metallb-ts=http://127.0.0.1:${peerPort}`,
    "--unsafe-no-fsync=true", "--log-level=warn",
  ], join(dir, "etcd.log"), opts.detached ?? false);
  const cleanupOnFailure = () => {
    killPid(etcd.pid);
    if (!opts.dir) rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(() => httpOk(`${etcdUrl}/health`), { timeoutMs, what: "etcd /health", alive: etcd.pid });
  } catch (err) {
    cleanupOnFailure();
    throw err;
  }

  const apiPort = await freePort();
  const server = `https://127.0.0.1:${apiPort}`;
  const apiserverArgs = [
    `--etcd-servers=${etcdUrl}`,
    "--bind-address=127.0.0.1", "--advertise-address=127.0.0.1", `--secure-port=${apiPort}`,
    "--endpoint-reconciler-type=none",
    `--cert-dir=${dir}`, `--tls-cert-file=${join(dir, "apiserver.crt")}`, `--tls-private-key-file=${join(dir, "apiserver.key")}`,
    `--client-ca-file=${join(dir, "ca.crt")}`,
    "--authorization-mode=RBAC",
    // Dual-stack so Services can ask for IPv6 ClusterIPs; these ranges are only bookkeeping in the API.
    "--service-cluster-ip-range=10.0.0.0/16,fd00:10:96::/112",
    `--service-account-issuer=https://127.0.0.1:${apiPort}/`,
    `--service-account-key-file=${join(dir, "sa.pub")}`,
    `--service-account-signing-key-file=${join(dir, "sa.key")}`,
    "--disable-admission-plugins=ServiceAccount",
    "--allow-privileged=true",
    ...(opts.apiserverArgs ?? []),
  ];
  const apiserver = spawnLogged(apiserverBin, apiserverArgs, join(dir, "kube-apiserver.log"), opts.detached ?? false);
  const kubeconfigPath = join(dir, "kubeconfig");
  writeFileSync(kubeconfigPath, kubeconfig(server, dir));
  const cp: ControlPlane = {
    dir, kubeconfigPath, server, etcdUrl,
    caCertPath: join(dir, "ca.crt"), caKeyPath: join(dir, "ca.key"),
    etcdPid: etcd.pid, apiserverPid: apiserver.pid, apiserverArgs,
  };
  writeFileSync(join(dir, "state.json"), JSON.stringify(cp, null, 2));
  try {
    await waitFor(() => httpOk(`${server}/readyz`, cp.caCertPath), { timeoutMs, what: "kube-apiserver /readyz", alive: apiserver.pid });
    if (opts.crdsDir) installCrds(cp, opts.crdsDir);
  } catch (err) {
    killPid(apiserver.pid);
    cleanupOnFailure();
    const log = existsSync(join(dir, "kube-apiserver.log")) ? readFileSync(join(dir, "kube-apiserver.log"), "utf8").slice(-3000) : "";
    throw new Error(`${(err as Error).message}\n--- kube-apiserver.log (tail) ---\n${log}`, { cause: err });
  }
  return cp;
}

export function kubectl(cp: Pick<ControlPlane, "kubeconfigPath">, args: string[], input?: string): string {
  return execFileSync(binaryPath("kubectl"), ["--kubeconfig", cp.kubeconfigPath, ...args], {
    encoding: "utf8",
    input,
    stdio: ["pipe", "pipe", "pipe"],
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** Applies every CRD in dir and waits until each is Established. */
export function installCrds(cp: Pick<ControlPlane, "kubeconfigPath">, dir: string): void {
  if (!existsSync(dir) || readdirSync(dir).filter((f) => f.endsWith(".yaml")).length === 0) return;
  kubectl(cp, ["apply", "--server-side", "--force-conflicts", "-f", dir]);
  kubectl(cp, ["wait", "--for=condition=Established", "--timeout=60s", "crd", "--all"]);
}

/** Stops the apiserver, then etcd, by PID, and removes the directory. */
export async function stopControlPlane(cp: Pick<ControlPlane, "dir" | "etcdPid" | "apiserverPid">, keepDir = false): Promise<void> {
  await killPid(cp.apiserverPid, { graceMs: 10_000 });
  await killPid(cp.etcdPid, { graceMs: 10_000 });
  if (!keepDir) rmSync(cp.dir, { recursive: true, force: true });
}

export function readControlPlaneState(dir: string): ControlPlane {
  return JSON.parse(readFileSync(join(dir, "state.json"), "utf8")) as ControlPlane;
}

export interface RestartOptions {
  /** How the running apiserver is stopped (default SIGKILL: a crash). */
  signal?: NodeJS.Signals;
  /** How long the API stays down before the new process starts (default 0). */
  downMs?: number;
  timeoutMs?: number;
  detached?: boolean;
}

/**
 * Fault injection: stops the kube-apiserver and starts it again on the same port, certificates and
 * etcd, so clients' connections break and their watches must resume. Returns the control plane with
 * the new PID (the caller must use it from then on, e.g. for stopControlPlane).
 */
export async function restartApiserver(cp: ControlPlane, opts: RestartOptions = {}): Promise<ControlPlane> {
  if (!cp.apiserverArgs) throw new Error(`control plane ${cp.dir}: started without recorded apiserver flags, cannot restart`);
  await killPid(cp.apiserverPid, { signal: opts.signal ?? "SIGKILL", graceMs: 10_000 });
  if (opts.downMs) await new Promise((r) => setTimeout(r, opts.downMs));
  const apiserver = spawnLogged(binaryPath("kube-apiserver"), [...cp.apiserverArgs], join(cp.dir, "kube-apiserver.log"), opts.detached ?? false);
  const restarted: ControlPlane = { ...cp, apiserverPid: apiserver.pid };
  writeFileSync(join(cp.dir, "state.json"), JSON.stringify(restarted, null, 2));
  await waitFor(() => httpOk(`${cp.server}/readyz`, cp.caCertPath), { timeoutMs: opts.timeoutMs ?? 120_000, what: "restarted kube-apiserver /readyz", alive: apiserver.pid });
  return restarted;
}

/** Fault injection: freezes etcd (SIGSTOP) so every apiserver request that needs storage hangs. */
export function pauseEtcd(cp: Pick<ControlPlane, "etcdPid">): void {
  process.kill(cp.etcdPid, "SIGSTOP");
}

/** Thaws etcd after pauseEtcd (SIGCONT). */
export function resumeEtcd(cp: Pick<ControlPlane, "etcdPid">): void {
  process.kill(cp.etcdPid, "SIGCONT");
}

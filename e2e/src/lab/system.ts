// The whole system on the lab, as a user meets it: a real control plane, FRR namespaces for N nodes
// and an external router, Node objects for the nodes, and our binaries as real processes: one
// controller (or two for HA), and per node one speaker plus (frr-k8s backend) one frr-k8s daemon that
// drives that node's FRR through its vty socket directory.
import { mkdirSync, writeFileSync } from "node:fs";
import type { IncomingHttpHeaders } from "node:http";
import { request as httpsRequest } from "node:https";
import { join } from "node:path";
import type { PeerCertificate, TLSSocket } from "node:tls";
import { repoRoot } from "./binaries.js";
import { kubectl, startControlPlane, stopControlPlane, type ControlPlane } from "./control-plane.js";
import { Lab, type FrrHost } from "./netlab.js";
import { freePort, isAlive, killPid, spawnLogged, waitFor } from "./process.js";

export const METALLB_NAMESPACE = "metallb-system";
export const FRRK8S_NAMESPACE = "frr-k8s-system";

export type BgpBackend = "frr-k8s" | "frr";
export type ComponentKind = "controller" | "speaker" | "frr-k8s";

export interface SystemOptions {
  nodes: number;
  /** External routers on the lab bridge (default 1); routers[0] is `System.router`. */
  routers?: number;
  /** Routers one hop behind routers[0] (Lab.remoteRouters), for multihop BGP (default 0). */
  remoteRouters?: number;
  /** VRFs on every node, each on its own link to routers[0] (Lab nodeVrfs). */
  nodeVrfs?: string[];
  bgpBackend?: BgpBackend;
  /** Reuse a control plane (vitest global setup); otherwise one is started and owned. */
  controlPlane?: ControlPlane;
  controllerReplicas?: number;
  /** Which components to start (default: all the backend needs). frr-k8s standalone: ["frr-k8s"]. */
  components?: ComponentKind[];
  detached?: boolean;
  extraArgs?: Partial<Record<ComponentKind, string[]>>;
  /** A kubeconfig per component kind (e.g. a ServiceAccount token); default: the admin kubeconfig. */
  kubeconfigs?: Partial<Record<ComponentKind, string>>;
}

export interface Component {
  readonly name: string;
  readonly kind: ComponentKind;
  readonly node?: string;
  pid: number;
  readonly metricsPort: number;
  readonly healthPort: number;
  readonly args: string[];
  readonly logPath: string;
}

/**
 * What scrapes the components' metrics: a ServiceAccount allowed `get` on /metrics, as a Prometheus
 * would be (the endpoints check the token with TokenReview + SubjectAccessReview).
 */
export const METRICS_SCRAPER = { serviceAccount: "metrics-scraper", namespace: METALLB_NAMESPACE, clusterRole: "metallb-ts-e2e-metrics-scraper" } as const;
/** Scraper tokens are minted for this long and renewed when half of it is gone. */
const SCRAPER_TOKEN_TTL_MS = 2 * 60 * 60 * 1000;

export interface HttpsReply {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** The certificate the server presented. */
  readonly certificate: PeerCertificate;
}

/** GET over HTTPS without verifying the server (the components' self-signed certificates). */
export function httpsGet(url: string, headers: Record<string, string> = {}): Promise<HttpsReply> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { rejectUnauthorized: false, headers, timeout: 10_000 }, (res) => {
      const certificate = (res.socket as TLSSocket).getPeerCertificate();
      let body = "";
      res.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, certificate }));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error(`GET ${url}: no answer in 10 s`)));
    req.on("error", reject);
    req.end();
  });
}

const ENTRY: Record<ComponentKind, string> = {
  controller: "packages/controller/src/main.ts",
  speaker: "packages/speaker/src/main.ts",
  "frr-k8s": "packages/frr-k8s/src/main.ts",
};

export class System {
  readonly components = new Map<string, Component>();
  private scraperToken: { readonly token: string; readonly renewAt: number } | undefined;
  private constructor(
    readonly cp: ControlPlane,
    readonly lab: Lab,
    readonly dir: string,
    readonly opts: SystemOptions,
    private readonly ownsControlPlane: boolean,
  ) {}

  get kubeconfigPath(): string { return this.cp.kubeconfigPath; }
  get backend(): BgpBackend { return this.opts.bgpBackend ?? "frr-k8s"; }
  get router(): FrrHost { return this.lab.routers[0]!; }

  static async start(opts: SystemOptions): Promise<System> {
    const ownsControlPlane = !opts.controlPlane;
    const cp = opts.controlPlane ?? await startControlPlane({ crdsDir: join(repoRoot, "crds"), detached: opts.detached ?? false });
    let lab: Lab | undefined;
    try {
      lab = await Lab.create({ nodes: opts.nodes, routers: opts.routers ?? 1, remoteRouters: opts.remoteRouters ?? 0, ...(opts.nodeVrfs ? { nodeVrfs: opts.nodeVrfs } : {}), detached: opts.detached ?? false });
      const dir = join(lab.state.dir, "components");
      mkdirSync(dir, { recursive: true });
      const sys = new System(cp, lab, dir, opts, ownsControlPlane);
      sys.createNamespacesAndNodes();
      sys.createMetricsScraper();
      const wanted = new Set<ComponentKind>(opts.components ?? ["controller", "speaker", ...(sys.backend === "frr-k8s" ? ["frr-k8s" as const] : [])]);
      if (wanted.has("controller")) {
        for (let i = 0; i < (opts.controllerReplicas ?? 1); i++) await sys.startComponent("controller", `controller-${i}`);
      }
      for (const node of lab.nodes) {
        if (wanted.has("speaker")) await sys.startComponent("speaker", `speaker-${node.name}`, node);
        if (wanted.has("frr-k8s")) await sys.startComponent("frr-k8s", `frr-k8s-${node.name}`, node);
      }
      await sys.waitHealthy();
      return sys;
    } catch (err) {
      await lab?.teardown();
      if (ownsControlPlane) await stopControlPlane(cp);
      throw err;
    }
  }

  kubectl(args: string[], input?: string): string {
    return kubectl(this.cp, args, input);
  }

  apply(yaml: string): string {
    return this.kubectl(["apply", "-f", "-"], yaml);
  }

  /** Node objects as a kubelet would register them (there is no kubelet here). */
  private createNamespacesAndNodes(): void {
    this.apply([METALLB_NAMESPACE, FRRK8S_NAMESPACE].map((n) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${n}\n`).join("---\n"));
    for (const node of this.lab.nodes) {
      this.apply(`apiVersion: v1
kind: Node
metadata:
  name: ${node.name}
  labels:
    kubernetes.io/hostname: ${node.name}
    kubernetes.io/os: linux
`);
      const status = {
        status: {
          addresses: [{ type: "InternalIP", address: node.ipv4 }, { type: "InternalIP", address: node.ipv6 }, { type: "Hostname", address: node.name }],
          conditions: [{ type: "Ready", status: "True", reason: "KubeletReady", message: "lab node", lastHeartbeatTime: new Date().toISOString(), lastTransitionTime: new Date().toISOString() }],
        },
      };
      this.kubectl(["patch", "node", node.name, "--subresource=status", "--type=merge", "-p", JSON.stringify(status)]);
    }
  }

  private createMetricsScraper(): void {
    const s = METRICS_SCRAPER;
    this.apply(`apiVersion: v1
kind: ServiceAccount
metadata: { name: ${s.serviceAccount}, namespace: ${s.namespace} }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: ${s.clusterRole} }
rules: [{ nonResourceURLs: ["/metrics"], verbs: ["get"] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: ${s.clusterRole} }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${s.clusterRole} }
subjects: [{ kind: ServiceAccount, name: ${s.serviceAccount}, namespace: ${s.namespace} }]
`);
  }

  /** A bearer token of the metrics scraper (TokenRequest through kubectl create token). */
  metricsToken(): string {
    if (!this.scraperToken || Date.now() >= this.scraperToken.renewAt) {
      const token = this.kubectl(["create", "token", METRICS_SCRAPER.serviceAccount, "-n", METRICS_SCRAPER.namespace, `--duration=${SCRAPER_TOKEN_TTL_MS / 1000}s`]).trim();
      this.scraperToken = { token, renewAt: Date.now() + SCRAPER_TOKEN_TTL_MS / 2 };
    }
    return this.scraperToken.token;
  }

  private argsFor(kind: ComponentKind, name: string, node: FrrHost | undefined, metricsPort: number, healthPort: number): string[] {
    const common = ["--kubeconfig", this.opts.kubeconfigs?.[kind] ?? this.cp.kubeconfigPath, "--log-level", "debug"];
    const frrAccess = (n: FrrHost, workDir: string) => [
      "--frr-config-dir", n.confDir, "--frr-vty-socket-dir", n.runDir, "--frr-work-dir", workDir,
    ];
    switch (kind) {
      case "controller":
        return [...common, "--namespace", METALLB_NAMESPACE, "--port", String(metricsPort), "--health-probe-port", String(healthPort),
          "--webhook-mode", "disabled", "--pod-name", name,
          ...((this.opts.controllerReplicas ?? 1) > 1 ? ["--leader-elect"] : [])];
      case "speaker":
        return [...common, "--namespace", METALLB_NAMESPACE, "--node-name", node!.name, "--pod-name", name,
          "--frrk8s-namespace", FRRK8S_NAMESPACE, "--port", String(metricsPort), "--health-probe-port", String(healthPort),
          ...(this.backend === "frr" ? frrAccess(node!, join(this.dir, name)) : [])];
      case "frr-k8s":
        return [...common, "--namespace", FRRK8S_NAMESPACE, "--node-name", node!.name,
          "--metrics-bind-address", `127.0.0.1:${metricsPort}`, "--health-probe-bind-address", `127.0.0.1:${healthPort}`,
          ...frrAccess(node!, join(this.dir, name))];
    }
  }

  async startComponent(kind: ComponentKind, name: string, node?: FrrHost): Promise<Component> {
    const existing = this.components.get(name);
    const metricsPort = existing?.metricsPort ?? await freePort();
    const healthPort = existing?.healthPort ?? await freePort();
    const args = [...this.argsFor(kind, name, node, metricsPort, healthPort), ...(this.opts.extraArgs?.[kind] ?? [])];
    const logPath = join(this.dir, `${name}.log`);
    const env = { ...process.env, METALLB_BGP_TYPE: this.backend, NODE_NAME: node?.name ?? "", HOSTNAME: node?.name ?? name };
    const p = spawnLogged(process.execPath, ["--conditions=@metallb-ts/source", "--import", "tsx", join(repoRoot, ENTRY[kind]), ...args],
      logPath, this.opts.detached ?? false, env);
    const c: Component = { name, kind, pid: p.pid, metricsPort, healthPort, args, logPath, ...(node ? { node: node.name } : {}) };
    this.components.set(name, c);
    writeFileSync(join(this.dir, "components.json"), JSON.stringify([...this.components.values()], null, 2));
    return c;
  }

  async restartComponent(name: string, signal: NodeJS.Signals = "SIGTERM"): Promise<Component> {
    const c = this.components.get(name);
    if (!c) throw new Error(`no component ${name}`);
    await killPid(c.pid, { signal, graceMs: 10_000 });
    const node = c.node ? this.lab.host(c.node) : undefined;
    const restarted = await this.startComponent(c.kind, name, node);
    await this.waitHealthy([name]);
    return restarted;
  }

  async stopComponent(name: string, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
    const c = this.components.get(name);
    if (c) await killPid(c.pid, { signal, graceMs: 10_000 });
  }

  async waitHealthy(names?: string[], timeoutMs = 60_000): Promise<void> {
    const list = [...this.components.values()].filter((c) => !names || names.includes(c.name));
    await Promise.all(list.map((c) => waitFor(async () => {
      try {
        const r = await fetch(`http://127.0.0.1:${c.healthPort}/healthz`);
        return r.ok;
      } catch {
        return false;
      }
    }, { timeoutMs, what: `${c.name} /healthz (log: ${c.logPath})`, alive: c.pid, intervalMs: 200 })));
  }

  /** The component's /metrics, scraped like Prometheus does: HTTPS with the scraper's token. */
  async metrics(name: string): Promise<string> {
    const c = this.components.get(name);
    if (!c) throw new Error(`no component ${name}`);
    if (c.args.includes("--insecure-metrics")) return (await fetch(`http://127.0.0.1:${c.metricsPort}/metrics`)).text();
    const r = await httpsGet(`https://127.0.0.1:${c.metricsPort}/metrics`, { authorization: `Bearer ${this.metricsToken()}` });
    if (r.status !== 200) throw new Error(`${name} /metrics: HTTP ${r.status}: ${r.body.slice(0, 300)}`);
    return r.body;
  }

  alive(name: string): boolean {
    const c = this.components.get(name);
    return c !== undefined && isAlive(c.pid);
  }

  async teardown(): Promise<void> {
    await Promise.all([...this.components.values()].map((c) => killPid(c.pid, { graceMs: 5000 })));
    if (!this.ownsControlPlane) this.deleteClusterState();
    await this.lab.teardown();
    if (this.ownsControlPlane) await stopControlPlane(this.cp);
  }

  /**
   * A shared control plane outlives this System: remove what it and its components wrote, so the next
   * System (whose nodes have the same names) starts clean. There is no garbage collector here, and
   * namespaces cannot finish deleting without kube-controller-manager, so objects go one kind at a time.
   */
  private deleteClusterState(): void {
    const namespaced: Array<[string, string]> = [
      ["bgpsessionstates.frrk8s.metallb.io", FRRK8S_NAMESPACE],
      ["frrconfigurations.frrk8s.metallb.io", FRRK8S_NAMESPACE],
      ["servicebgpstatuses.metallb.io", METALLB_NAMESPACE],
      ["configurationstates.metallb.io", METALLB_NAMESPACE],
      ["bgpadvertisements.metallb.io", METALLB_NAMESPACE],
      ["l2advertisements.metallb.io", METALLB_NAMESPACE],
      ["bgppeers.metallb.io", METALLB_NAMESPACE],
      ["bfdprofiles.metallb.io", METALLB_NAMESPACE],
      ["communities.metallb.io", METALLB_NAMESPACE],
      ["ipaddresspools.metallb.io", METALLB_NAMESPACE],
      ["leases.coordination.k8s.io", METALLB_NAMESPACE],
    ];
    for (const [kind, ns] of namespaced) this.kubectl(["delete", kind, "-n", ns, "--all", "--ignore-not-found", "--wait=false"]);
    this.kubectl(["delete", "frrnodestates.frrk8s.metallb.io", ...this.lab.nodes.map((n) => n.name), "--ignore-not-found", "--wait=false"]);
    this.kubectl(["delete", "nodes", ...this.lab.nodes.map((n) => n.name), "--ignore-not-found", "--wait=false"]);
    this.kubectl(["delete", "clusterrolebinding,clusterrole", METRICS_SCRAPER.clusterRole, "--ignore-not-found", "--wait=false"]);
    this.kubectl(["delete", "serviceaccount", METRICS_SCRAPER.serviceAccount, "-n", METRICS_SCRAPER.namespace, "--ignore-not-found", "--wait=false"]);
  }
}

// The Helm charts: lint, render (golden snapshots), the bgpBackend switch, schema and value checks,
// RBAC hygiene, and real installs against the suite's kube-apiserver.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { parseAllDocuments } from "yaml";
import { staleChartFiles } from "../../hack/sync-chart-crds.js";
import { binaryPath, kubectl, repoRoot } from "./lab/index.js";

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  [key: string]: unknown;
}
interface Container {
  name: string;
  args?: string[];
  env?: { name: string; value?: string }[];
}
interface PolicyRule {
  apiGroups?: string[];
  resources?: string[];
  verbs: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

const RELEASE = "lb";
const NAMESPACE = "metallb-system";

// Values for each rendered variant; CRDs are left out of snapshots (they are copies of crds/,
// checked by the sync test) and rendered on their own below.
const NO_CRDS = ["crds.enabled=false", "frr-k8s.crds.enabled=false"];
const variants = {
  "metallb-frr-k8s": { chart: "metallb", set: [...NO_CRDS] },
  "metallb-frr": { chart: "metallb", set: ["bgpBackend=frr", "frrk8s.enabled=false", "crds.enabled=false"] },
  "metallb-frr-upstream-keys": { chart: "metallb", set: ["speaker.frr.enabled=true", "frrk8s.enabled=false", "crds.enabled=false"] },
  "metallb-frr-k8s-external": {
    chart: "metallb",
    set: ["frrk8s.enabled=false", "frrk8s.external=true", "frrk8s.namespace=frr-k8s-system", "frrk8s.secretPassthrough=true", "crds.enabled=false"],
  },
  "metallb-monitoring": {
    chart: "metallb",
    set: [...NO_CRDS, "prometheus.serviceMonitor.enabled=true", "prometheus.prometheusRule.enabled=true", "prometheus.rbacPrometheus=true",
      "prometheus.serviceAccount=prometheus-k8s", "prometheus.namespace=monitoring", "frr-k8s.prometheus.serviceMonitor.enabled=true",
      "tls.minVersion=VersionTLS12", "tls.controllerMetricsTLSSecret=controller-metrics-tls", "loadBalancerClass=metallb-ts"],
  },
  "metallb-podmonitor": { chart: "metallb", set: [...NO_CRDS, "prometheus.podMonitor.enabled=true", "speaker.memberlist.enabled=true"] },
  "metallb-insecure-metrics": {
    chart: "metallb",
    set: [...NO_CRDS, "prometheus.insecureMetrics=true", "frr-k8s.prometheus.insecureMetrics=true", "prometheus.serviceMonitor.enabled=true",
      "frr-k8s.prometheus.serviceMonitor.enabled=true", "prometheus.rbacPrometheus=true", "prometheus.serviceAccount=prometheus-k8s", "prometheus.namespace=monitoring"],
  },
  "frr-k8s": { chart: "frr-k8s", set: ["crds.enabled=false"] },
} satisfies Record<string, { chart: "metallb" | "frr-k8s"; set: string[] }>;
type Variant = keyof typeof variants;
const variantNames = Object.keys(variants) as Variant[];

let work: string;
let helmEnv: NodeJS.ProcessEnv;

function helm(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(binaryPath("helm"), args, { encoding: "utf8", env: helmEnv, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
}

function chartDir(chart: "metallb" | "frr-k8s"): string {
  return join(work, "charts", chart);
}

function setArgs(set: readonly string[]): string[] {
  return set.flatMap((s) => ["--set", s]);
}

function render(chart: "metallb" | "frr-k8s", set: readonly string[]): string {
  const r = helm(["template", RELEASE, chartDir(chart), "--namespace", NAMESPACE, ...setArgs(set)]);
  if (r.code !== 0) throw new Error(`helm template ${chart} ${set.join(" ")} failed:\n${r.stderr}`);
  return r.stdout;
}

function objects(manifest: string): K8sObject[] {
  return parseAllDocuments(manifest)
    .map((d) => d.toJS() as K8sObject | null)
    .filter((o): o is K8sObject => o !== null);
}

function find(objs: K8sObject[], kind: string, name: string): K8sObject {
  const o = objs.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`${kind} ${name} not rendered; have: ${objs.map((x) => `${x.kind}/${x.metadata.name}`).join(", ")}`);
  return o;
}

function podContainers(workload: K8sObject): Container[] {
  return (workload as unknown as { spec: { template: { spec: { containers: Container[] } } } }).spec.template.spec.containers;
}

function envOf(c: Container, name: string): string | undefined {
  return c.env?.find((e) => e.name === name)?.value;
}

beforeAll(() => {
  // Work on a copy: `helm dependency build` packs charts/frr-k8s into charts/metallb/charts/.
  work = mkdtempSync(join(tmpdir(), "metallb-ts-charts-"));
  cpSync(join(repoRoot, "charts"), join(work, "charts"), { recursive: true, filter: (src) => !src.endsWith(".tgz") && !src.endsWith("Chart.lock") });
  helmEnv = { ...process.env, HELM_CACHE_HOME: join(work, "cache"), HELM_CONFIG_HOME: join(work, "config"), HELM_DATA_HOME: join(work, "data") };
  const dep = helm(["dependency", "build", chartDir("metallb")]);
  if (dep.code !== 0) throw new Error(`helm dependency build failed:\n${dep.stderr}`);
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("chart sources", () => {
  test("the CRD and shared-template copies in the charts match crds/ and charts/frr-k8s (hack/sync-chart-crds.ts)", () => {
    expect(staleChartFiles()).toEqual([]);
  });

  test("the crds subcharts render every CRD of crds/, BGPPeer converting through the controller's webhook", () => {
    const fromMetallb = objects(render("metallb", ["frr-k8s.crds.enabled=true"])).filter((o) => o.kind === "CustomResourceDefinition");
    const fromFrrK8s = objects(render("frr-k8s", [])).filter((o) => o.kind === "CustomResourceDefinition");
    const expected = readdirSync(join(repoRoot, "crds")).filter((f) => f.endsWith(".yaml")).length;
    expect(fromMetallb.length).toBe(expected);
    expect(fromFrrK8s.every((c) => c.metadata.name.endsWith(".frrk8s.metallb.io"))).toBe(true);
    const bgppeers = find(fromMetallb, "CustomResourceDefinition", "bgppeers.metallb.io") as unknown as {
      spec: { conversion: { strategy: string; webhook: { clientConfig: { service: Record<string, string> } } } };
    };
    expect(bgppeers.spec.conversion.strategy).toBe("Webhook");
    expect(bgppeers.spec.conversion.webhook.clientConfig.service).toEqual({ name: "metallb-webhook-service", namespace: NAMESPACE, path: "/convert" });
  });
});

describe("helm lint and template", () => {
  test.for(variantNames)("%s: helm lint passes", (name) => {
    const v = variants[name];
    const r = helm(["lint", chartDir(v.chart), "--namespace", NAMESPACE, ...setArgs(v.set)]);
    expect(r.stderr + r.stdout).toContain("0 chart(s) failed");
    expect(r.code).toBe(0);
  });

  test.for(variantNames)("%s: rendered manifests match the golden file", async (name) => {
    const v = variants[name];
    await expect(render(v.chart, v.set)).toMatchFileSnapshot(`./__snapshots__/charts/${name}.yaml`);
  });
});

describe("bgpBackend switch", () => {
  const speakerOf = (objs: K8sObject[]) => podContainers(find(objs, "DaemonSet", `${RELEASE}-metallb-speaker`));
  const commonArgs = ["speaker", "--port=9120", "--health-probe-port=17472", "--log-level=info"];

  test("frr-k8s (default): speaker alone with --bgp-type=frr-k8s, FRRConfigurations in the release namespace, bundled frr-k8s deployed", () => {
    const objs = objects(render("metallb", NO_CRDS));
    const [speaker, ...others] = speakerOf(objs);
    expect(others).toEqual([]);
    expect(speaker?.args).toEqual(["speaker", "--bgp-type=frr-k8s", ...commonArgs.slice(1), `--frrk8s-namespace=${NAMESPACE}`]);
    expect(envOf(speaker!, "METALLB_BGP_TYPE")).toBe("frr-k8s");
    expect(envOf(podContainers(find(objs, "Deployment", `${RELEASE}-metallb-controller`))[0]!, "METALLB_BGP_TYPE")).toBe("frr-k8s");
    expect(podContainers(find(objs, "DaemonSet", `${RELEASE}-frr-k8s`)).map((c) => c.name)).toEqual(["controller", "frr"]);
    find(objs, "Deployment", `${RELEASE}-frr-k8s-statuscleaner`);
    const role = find(objs, "Role", `${RELEASE}-metallb-speaker-frrk8s`) as unknown as { metadata: { namespace: string }; rules: PolicyRule[] };
    expect(role.metadata.namespace).toBe(NAMESPACE);
    expect(role.rules[0]?.resources).toEqual(["frrconfigurations"]);
  });

  test.for([
    ["bgpBackend=frr", ["bgpBackend=frr", "frrk8s.enabled=false", "crds.enabled=false"]],
    ["upstream keys (speaker.frr.enabled)", ["speaker.frr.enabled=true", "frrk8s.enabled=false", "crds.enabled=false"]],
  ] as const)("frr via %s: FRR sidecar, --bgp-type=frr, no frr-k8s at all", ([, set]) => {
    const objs = objects(render("metallb", set));
    const containers = speakerOf(objs);
    expect(containers.map((c) => c.name)).toEqual(["speaker", "frr"]);
    expect(containers[0]?.args).toEqual(["speaker", "--bgp-type=frr", ...commonArgs.slice(1)]);
    expect(envOf(containers[0]!, "METALLB_BGP_TYPE")).toBe("frr");
    expect(envOf(containers[0]!, "FRR_CONFIG_FILE")).toBe("/etc/frr_reloader/frr.conf");
    find(objs, "ConfigMap", `${RELEASE}-metallb-frr-startup`);
    const frrK8sLeftovers = objs.filter((o) => /frr-k8s|frrk8s/.test(o.metadata.name) || JSON.stringify(o).includes("frrconfigurations"));
    expect(frrK8sLeftovers.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([]);
  });

  test("external frr-k8s: no subchart, FRRConfigurations (and their Role) in the external namespace", () => {
    const objs = objects(render("metallb", variants["metallb-frr-k8s-external"].set));
    expect(objs.filter((o) => o.kind === "DaemonSet").map((o) => o.metadata.name)).toEqual([`${RELEASE}-metallb-speaker`]);
    const [speaker] = speakerOf(objs);
    expect(speaker?.args).toContain("--frrk8s-namespace=frr-k8s-system");
    expect(speaker?.args).toContain("--frrk8s-secret-passthrough");
    expect(find(objs, "Role", `${RELEASE}-metallb-speaker-frrk8s`).metadata.namespace).toBe("frr-k8s-system");
  });

  test("controller: 2 replicas with leader election on a named Lease it alone may renew", () => {
    const objs = objects(render("metallb", NO_CRDS));
    const controller = find(objs, "Deployment", `${RELEASE}-metallb-controller`) as unknown as { spec: { replicas: number } };
    expect(controller.spec.replicas).toBe(2);
    const args = podContainers(controller as unknown as K8sObject)[0]?.args ?? [];
    expect(args).toEqual(expect.arrayContaining(["controller", "--leader-elect", `--lease-name=${RELEASE}-metallb-controller`, "--webhook-mode=enabled"]));
    const rules = (find(objs, "Role", `${RELEASE}-metallb-controller`) as unknown as { rules: PolicyRule[] }).rules;
    const leaseRules = rules.filter((r) => r.resources?.includes("leases"));
    expect(leaseRules).toEqual([
      { apiGroups: ["coordination.k8s.io"], resources: ["leases"], verbs: ["create"] },
      { apiGroups: ["coordination.k8s.io"], resources: ["leases"], resourceNames: [`${RELEASE}-metallb-controller`], verbs: ["get", "list", "watch", "update", "patch"] },
    ]);
    find(objs, "PodDisruptionBudget", `${RELEASE}-metallb-controller`);
  });
});

describe("metrics endpoints: HTTPS with Kubernetes authn/authz unless prometheus.insecureMetrics", () => {
  const REVIEW_RULES: PolicyRule[] = [
    { apiGroups: ["authentication.k8s.io"], resources: ["tokenreviews"], verbs: ["create"] },
    { apiGroups: ["authorization.k8s.io"], resources: ["subjectaccessreviews"], verbs: ["create"] },
  ];
  const COMPONENT_ROLES = [`${RELEASE}-metallb:controller`, `${RELEASE}-metallb:speaker`, `${RELEASE}-frr-k8s-controller`];
  interface Endpoint { scheme: string; bearerTokenFile?: string; authorization?: unknown; tlsConfig?: Record<string, unknown> }
  const endpointsOf = (objs: K8sObject[]): Record<string, Endpoint> => Object.fromEntries(objs
    .filter((o) => o.kind === "ServiceMonitor" || o.kind === "PodMonitor")
    .map((o) => {
      const spec = o["spec"] as { endpoints?: Endpoint[]; podMetricsEndpoints?: Endpoint[] };
      const [endpoint] = spec.endpoints ?? spec.podMetricsEndpoints ?? [];
      const { scheme, bearerTokenFile, authorization, tlsConfig } = endpoint!;
      return [`${o.kind}/${o.metadata.name}`, { scheme, ...(bearerTokenFile ? { bearerTokenFile } : {}), ...(authorization ? { authorization } : {}), ...(tlsConfig ? { tlsConfig } : {}) }];
    }));
  const TOKEN_FILE = "/var/run/secrets/kubernetes.io/serviceaccount/token";
  const MONITORS = [...NO_CRDS, "prometheus.serviceMonitor.enabled=true", "frr-k8s.prometheus.serviceMonitor.enabled=true"];

  test.for([
    {
      name: "default: self-signed HTTPS, scraped with Prometheus' token without verifying",
      set: MONITORS,
      args: [], reviews: true, metricsReaders: [],
      endpoints: {
        "ServiceMonitor/lb-metallb-speaker-monitor": { scheme: "https", bearerTokenFile: TOKEN_FILE, tlsConfig: { insecureSkipVerify: true } },
        "ServiceMonitor/lb-metallb-controller-monitor": { scheme: "https", bearerTokenFile: TOKEN_FILE, tlsConfig: { insecureSkipVerify: true } },
        "ServiceMonitor/lb-frr-k8s-frr-k8s-monitor": { scheme: "https", bearerTokenFile: TOKEN_FILE, tlsConfig: { insecureSkipVerify: true } },
      },
    },
    {
      name: "a metrics certificate: the values' tlsConfig says how to verify it",
      set: [...MONITORS, "tls.controllerMetricsTLSSecret=ctl-tls", "prometheus.serviceMonitor.controller.tlsConfig.insecureSkipVerify=false",
        "prometheus.serviceMonitor.controller.tlsConfig.serverName=controller.example"],
      args: ["--metrics-cert-dir=/etc/metrics"], reviews: true, metricsReaders: [],
      endpoints: {
        "ServiceMonitor/lb-metallb-speaker-monitor": { scheme: "https", bearerTokenFile: TOKEN_FILE, tlsConfig: { insecureSkipVerify: true } },
        "ServiceMonitor/lb-metallb-controller-monitor": { scheme: "https", bearerTokenFile: TOKEN_FILE, tlsConfig: { insecureSkipVerify: false, serverName: "controller.example" } },
        "ServiceMonitor/lb-frr-k8s-frr-k8s-monitor": { scheme: "https", bearerTokenFile: TOKEN_FILE, tlsConfig: { insecureSkipVerify: true } },
      },
    },
    {
      name: "PodMonitors: the token of the chart's metrics-reader ServiceAccount",
      set: [...NO_CRDS, "prometheus.podMonitor.enabled=true"],
      args: [], reviews: true, metricsReaders: [`${RELEASE}-metallb:metrics-reader`],
      endpoints: Object.fromEntries(["speaker", "controller"].map((c) => [`PodMonitor/lb-metallb-${c}`,
        { scheme: "https", authorization: { type: "Bearer", credentials: { name: "lb-metallb-metrics-reader-token", key: "token" } }, tlsConfig: { insecureSkipVerify: true } }])),
    },
    {
      name: "prometheus.insecureMetrics: plain HTTP, no token, no review grants",
      set: variants["metallb-insecure-metrics"].set,
      args: ["--insecure-metrics"], reviews: false, metricsReaders: [],
      endpoints: {
        "ServiceMonitor/lb-metallb-speaker-monitor": { scheme: "http" },
        "ServiceMonitor/lb-metallb-controller-monitor": { scheme: "http" },
        "ServiceMonitor/lb-frr-k8s-frr-k8s-monitor": { scheme: "http" },
      },
    },
  ])("$name", ({ set, args, reviews, endpoints, metricsReaders }) => {
    const objs = objects(render("metallb", set));
    expect(endpointsOf(objs)).toEqual(endpoints);
    for (const name of COMPONENT_ROLES) {
      const rules = (find(objs, "ClusterRole", name) as unknown as { rules: PolicyRule[] }).rules;
      const review = rules.filter((r) => r.resources?.some((x) => x === "tokenreviews" || x === "subjectaccessreviews"));
      expect(review, name).toEqual(reviews ? REVIEW_RULES : []);
    }
    const controller = podContainers(find(objs, "Deployment", `${RELEASE}-metallb-controller`))[0]!;
    expect(controller.args?.filter((a) => a.startsWith("--metrics-cert-dir") || a === "--insecure-metrics")).toEqual(args);
    expect(objs.filter((o) => o.kind === "ClusterRole" && o.metadata.name.endsWith("metrics-reader")).map((o) => o.metadata.name)).toEqual(metricsReaders);
  });

  test("the PodMonitors' ServiceAccount gets a token Secret and get on /metrics", () => {
    const objs = objects(render("metallb", [...NO_CRDS, "prometheus.podMonitor.enabled=true"]));
    find(objs, "ServiceAccount", `${RELEASE}-metallb-metrics-reader`);
    const secret = find(objs, "Secret", `${RELEASE}-metallb-metrics-reader-token`) as unknown as { type: string; metadata: { annotations: Record<string, string> } };
    expect(secret.type).toBe("kubernetes.io/service-account-token");
    expect(secret.metadata.annotations["kubernetes.io/service-account.name"]).toBe(`${RELEASE}-metallb-metrics-reader`);
    expect((find(objs, "ClusterRole", `${RELEASE}-metallb:metrics-reader`) as unknown as { rules: PolicyRule[] }).rules).toEqual([{ nonResourceURLs: ["/metrics"], verbs: ["get"] }]);
    const binding = find(objs, "ClusterRoleBinding", `${RELEASE}-metallb:metrics-reader`) as unknown as { subjects: unknown[] };
    expect(binding.subjects).toEqual([{ kind: "ServiceAccount", name: `${RELEASE}-metallb-metrics-reader`, namespace: NAMESPACE }]);
  });
});

describe("values checks", () => {
  test.for([
    ["bgpBackend outside the enum", "metallb", ["bgpBackend=native"], "at '/bgpBackend': value must be one of 'frr-k8s', 'frr'"],
    ["unknown top-level key", "metallb", ["bgpbackend=frr"], "additional properties 'bgpbackend' not allowed"],
    ["bad log level", "metallb", ["controller.logLevel=loud"], "at '/controller/logLevel'"],
    ["bad failure policy", "metallb", ["crds.validationFailurePolicy=Maybe"], "at '/crds/validationFailurePolicy'"],
    ["bad webhook mode", "metallb", ["controller.webhookMode=sometimes"], "at '/controller/webhookMode'"],
    ["subchart values are checked by its schema", "metallb", ["frr-k8s.frrk8s.logLevel=loud"], "at '/frrk8s/logLevel'"],
    ["frr without switching frr-k8s off", "metallb", ["bgpBackend=frr"], "bgpBackend=frr (FRR sidecar in the speaker pod) excludes frr-k8s: also set frrk8s.enabled=false"],
    ["bundled and external frr-k8s", "metallb", ["frrk8s.external=true", "frrk8s.namespace=x"], "frrk8s.enabled (bundled frr-k8s) and frrk8s.external"],
    ["external frr-k8s without namespace", "metallb", ["frrk8s.enabled=false", "frrk8s.external=true"], "frrk8s.namespace is required when frrk8s.external=true"],
    ["frr-k8s backend without any frr-k8s", "metallb", ["frrk8s.enabled=false"], "bgpBackend=frr-k8s needs frr-k8s"],
    ["frr-k8s without speaker", "metallb", ["speaker.enabled=false"], "frrk8s requires speaker to be enabled"],
    ["2 controllers without leader election", "metallb", ["controller.leaderElection.enabled=false"], "controller.replicas=2 needs controller.leaderElection.enabled=true"],
    ["both monitors", "metallb", ["prometheus.podMonitor.enabled=true", "prometheus.serviceMonitor.enabled=true"], "mutually exclusive: pick one"],
    ["configInline", "metallb", ["configInline.peers=x"], "configInline is no longer supported"],
    ["plain-HTTP metrics with a metrics certificate", "metallb", ["prometheus.insecureMetrics=true", "tls.speakerMetricsTLSSecret=s"], "prometheus.insecureMetrics serves plain HTTP: it cannot be combined with tls.controllerMetricsTLSSecret or tls.speakerMetricsTLSSecret"],
    ["frr-k8s: plain-HTTP metrics with a metrics certificate", "frr-k8s", ["prometheus.insecureMetrics=true", "tls.metricsTLSSecret=s"], "prometheus.insecureMetrics serves plain HTTP: it cannot be combined with tls.metricsTLSSecret"],
    ["frr-k8s: bad debounce", "frr-k8s", ["frrk8s.bgpDebounceTimeout=0"], "at '/frrk8s/bgpDebounceTimeout'"],
    ["frr-k8s: prometheus RBAC without account", "frr-k8s", ["prometheus.rbacPrometheus=true"], "needs prometheus.serviceAccount and prometheus.namespace"],
  ] as const)("rejects %s with a clear message", ([, chart, set, message]) => {
    const r = helm(["template", RELEASE, chartDir(chart), ...setArgs(set)]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(message);
  });
});

describe("RBAC", () => {
  test.for(variantNames)("%s: no wildcard, and namespaced MetalLB kinds only through Roles", (name) => {
    const v = variants[name];
    const roles = objects(render(v.chart, v.set)).filter((o) => o.kind === "ClusterRole" || o.kind === "Role");
    expect(roles.length).toBeGreaterThan(0);
    for (const role of roles) {
      for (const rule of (role as unknown as { rules: PolicyRule[] }).rules) {
        const where = `${role.kind} ${role.metadata.name} ${JSON.stringify(rule)}`;
        for (const field of [rule.apiGroups, rule.resources, rule.verbs, rule.resourceNames, rule.nonResourceURLs]) {
          expect(field ?? [], where).not.toContain("*");
        }
        if (role.kind === "ClusterRole") {
          // MetalLB reads its CRs only from its own namespace; frr-k8s's daemon likewise.
          const namespacedKinds = ["ipaddresspools", "bgppeers", "bgpadvertisements", "l2advertisements", "communities", "bfdprofiles",
            "servicebgpstatuses", "servicel2statuses", "configurationstates", "secrets", "configmaps", "leases", "bgpsessionstates"];
          expect(rule.resources?.filter((r) => namespacedKinds.includes(r)) ?? [], where).toEqual([]);
        }
      }
    }
  });
});

describe("install against the real API server", () => {
  // Real installs, one at a time (the webhook configurations have fixed names), then uninstalled.
  // CRDs are already installed by the global setup; failurePolicy Ignore so that a left-over
  // webhook configuration without a server could never block other suites.
  const installs = [
    {
      name: "metallb-frr-k8s", chart: "metallb" as const, set: [...NO_CRDS, "crds.validationFailurePolicy=Ignore", "frr-k8s.crds.validationFailurePolicy=Ignore"],
      expect: ["deployment/lb-metallb-controller", "daemonset/lb-metallb-speaker", "daemonset/lb-frr-k8s", "deployment/lb-frr-k8s-statuscleaner",
        "role/lb-metallb-speaker-frrk8s", "role/lb-metallb-controller", "service/metallb-webhook-service", "service/frr-k8s-webhook-service"],
      absent: [],
    },
    {
      name: "metallb-frr", chart: "metallb" as const, set: ["bgpBackend=frr", "frrk8s.enabled=false", "crds.enabled=false", "crds.validationFailurePolicy=Ignore"],
      expect: ["deployment/lb-metallb-controller", "daemonset/lb-metallb-speaker", "configmap/lb-metallb-frr-startup", "role/lb-metallb-speaker"],
      absent: ["daemonset/lb-frr-k8s", "role/lb-metallb-speaker-frrk8s"],
    },
    {
      name: "frr-k8s", chart: "frr-k8s" as const, set: ["crds.enabled=false", "crds.validationFailurePolicy=Ignore"],
      expect: ["daemonset/lb-frr-k8s", "deployment/lb-frr-k8s-statuscleaner", "configmap/lb-frr-k8s-frr-startup", "role/lb-frr-k8s-controller"],
      absent: [],
    },
  ];

  test.for(installs)("$name: helm install creates the expected objects, helm uninstall removes them", (inst) => {
    const cp = { kubeconfigPath: inject("kubeconfigPath") };
    const ns = `charts-${inst.name}-${process.pid}`;
    const base = ["--kubeconfig", cp.kubeconfigPath, "--namespace", ns];
    const install = helm(["install", RELEASE, chartDir(inst.chart), ...base, "--create-namespace", ...setArgs(inst.set)]);
    try {
      expect(install.stderr).toBe("");
      expect(install.code).toBe(0);
      const present = kubectl(cp, ["-n", ns, "get", "deployments,daemonsets,configmaps,services,roles,rolebindings,serviceaccounts", "-o", "name"])
        .trim().split("\n").map((n) => n.replace(/\.(apps|rbac\.authorization\.k8s\.io)\//, "/"));
      expect(present).toEqual(expect.arrayContaining(inst.expect));
      for (const a of inst.absent) expect(present).not.toContain(a);
      const webhookConfigs = kubectl(cp, ["get", "validatingwebhookconfigurations", "-o", "name"]);
      if (inst.chart === "metallb") expect(webhookConfigs).toContain("metallb-webhook-configuration");
      if (inst.expect.includes("daemonset/lb-frr-k8s")) expect(webhookConfigs).toContain("frr-k8s-validating-webhook-configuration");
    } finally {
      const un = helm(["uninstall", RELEASE, ...base]);
      expect(un.code, un.stderr).toBe(0);
    }
    expect(kubectl(cp, ["-n", ns, "get", "deployments,daemonsets", "-o", "name"]).trim()).toBe("");
  });

  test("the crds subcharts' CRDs (with BGPPeer's conversion webhook) are accepted by the API server", () => {
    const cp = { kubeconfigPath: inject("kubeconfigPath") };
    const manifest = render("metallb", ["frr-k8s.crds.enabled=true"]);
    const crds = objects(manifest).filter((o) => o.kind === "CustomResourceDefinition");
    const list = JSON.stringify({ apiVersion: "v1", kind: "List", items: crds });
    const out = kubectl(cp, ["apply", "--dry-run=server", "--server-side", "--force-conflicts", "-f", "-"], list);
    expect(out.trim().split("\n")).toHaveLength(crds.length);
  });
});

// RBAC least privilege, checked against the charts and the real API server:
// 1. API_CALLS lists every call the controller, the speaker and the frr-k8s daemon make (from the
//    code: informers = list+watch, client writes, events, leases, the webhooks and cert rotation the
//    controller runs in-process);
// 2. the charts' rendered Roles/ClusterRoles grant each call (asked to the API server with
//    SubjectAccessReviews for the charts' ServiceAccounts) and nothing more (every granted verb class
//    of every resource is used by some call; no wildcard anywhere);
// 3. the three components run against the API server with ServiceAccount tokens (kubectl create
//    token) bound only to the charts' RBAC: a Service gets an IP, the speaker writes metallb-<node>,
//    frr-k8s runs it in FRR, each checks a scraper's token on /metrics, and no component log mentions
//    a 403.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { parseAllDocuments, stringify } from "yaml";
import { createKubeClient, defineResource, loadKubeConfig, type KubeObject } from "@metallb-ts/runtime";
import { binaryPath, eventually, FRRK8S_NAMESPACE, kubectl, METALLB_NAMESPACE, repoRoot, System } from "./lab/index.js";

const RELEASE = "rbac";
const LEASE = `${RELEASE}-metallb-controller`;
type Component = "controller" | "speaker" | "frr-k8s";
/** Where a call goes: a namespace (a Role may grant it) or the whole cluster (only a ClusterRole can). */
type Scope = "metallb" | "frr-k8s" | "cluster";

interface ApiCall {
  component: Component;
  group: string;
  /** "resource" or "resource/subresource". */
  resource: string;
  verbs: string[];
  scope: Scope;
  /**
   * The one object the call touches when its name is fixed (Lease, Secret, webhook configuration,
   * list/watch by metadata.name). Per-node names (a DaemonSet's own Node) cannot be in a chart: none.
   */
  name?: string;
  /** Where in the code, and why. */
  why: string;
}

const call = (component: Component, group: string, resource: string, verbs: string[], scope: Scope, why: string, name?: string): ApiCall =>
  ({ component, group, resource, verbs, scope, why, ...(name ? { name } : {}) });

/**
 * Every API call, from the code (grep: Informer(, client.<verb>(, EventRecorder, LeaderElector,
 * webhooks/cert-rotator). Server-side apply (client.apply / patchStatus) is PATCH, and needs create
 * as well when it creates the object. Informers list and watch.
 */
const API_CALLS: readonly ApiCall[] = [
  // every component: runtime metrics-server.ts / metrics-auth.ts check each scraper's bearer token
  ...(["controller", "speaker", "frr-k8s"] as const).flatMap((component) => [
    call(component, "authentication.k8s.io", "tokenreviews", ["create"], "cluster", "metrics-auth.ts: TokenReview of a scraper's token"),
    call(component, "authorization.k8s.io", "subjectaccessreviews", ["create"], "cluster", "metrics-auth.ts: SubjectAccessReview, get on /metrics"),
  ]),
  // controller: packages/controller/src/controller.ts informers, reconcilers/*, main.ts; runtime EventRecorder, LeaderElector
  call("controller", "", "services", ["list", "watch"], "cluster", "controller.ts: Service informer (all namespaces)"),
  call("controller", "", "services", ["patch"], "cluster", "service-reconciler.ts: metallb.io/ip-allocated-from-pool annotation"),
  call("controller", "", "services/status", ["patch"], "cluster", "service-reconciler.ts: status.loadBalancer.ingress"),
  call("controller", "", "namespaces", ["list", "watch"], "cluster", "controller.ts: Namespace informer (pool namespaceSelectors)"),
  call("controller", "", "events", ["create", "patch"], "cluster", "EventRecorder: IPAllocated etc. on Services of any namespace"),
  call("controller", "metallb.io", "ipaddresspools", ["list", "watch"], "metallb", "controller.ts: IPAddressPool informer"),
  call("controller", "metallb.io", "ipaddresspools/status", ["patch"], "metallb", "pool-status-reconciler.ts"),
  call("controller", "metallb.io", "communities", ["list", "watch"], "metallb", "controller.ts: Community informer"),
  call("controller", "metallb.io", "configurationstates", ["list", "watch", "create", "patch"], "metallb", "configuration-state.ts: apply (creates) + informer"),
  call("controller", "metallb.io", "configurationstates/status", ["patch"], "metallb", "configuration-state.ts: patchStatus"),
  call("controller", "", "pods", ["get"], "metallb", "main.ts podOwner: --pod-name owner reference"),
  call("controller", "coordination.k8s.io", "leases", ["create"], "metallb", "leader-election.ts: first start creates the Lease"),
  call("controller", "coordination.k8s.io", "leases", ["get", "update"], "metallb", "leader-election.ts: renew / take over", LEASE),
  // controller, --webhook-mode enabled (packages/webhooks in-process): validation lists and cert rotation
  call("controller", "metallb.io", "bgppeers", ["list"], "metallb", "webhooks handlers.ts LIST_RESOURCES"),
  call("controller", "metallb.io", "bgpadvertisements", ["list"], "metallb", "webhooks handlers.ts LIST_RESOURCES"),
  call("controller", "metallb.io", "l2advertisements", ["list"], "metallb", "webhooks handlers.ts LIST_RESOURCES"),
  call("controller", "", "nodes", ["list"], "cluster", "webhooks handlers.ts LIST_RESOURCES (nodeSelectors)"),
  call("controller", "", "secrets", ["get", "patch"], "metallb", "webhooks cert-rotator.ts: serving certificate Secret", "metallb-webhook-cert"),
  call("controller", "admissionregistration.k8s.io", "validatingwebhookconfigurations", ["get", "patch"], "cluster", "cert-rotator.ts: caBundle", "metallb-webhook-configuration"),
  call("controller", "apiextensions.k8s.io", "customresourcedefinitions", ["get", "patch"], "cluster", "cert-rotator.ts: conversion caBundle", "bgppeers.metallb.io"),

  // speaker: packages/speaker/src/cluster-cache.ts informers, reconcilers/*, backends/frrk8s-backend.ts, main.ts
  ...(["ipaddresspools", "bgppeers", "bgpadvertisements", "l2advertisements", "bfdprofiles", "communities"] as const).map((r) =>
    call("speaker", "metallb.io", r, ["list", "watch"], "metallb", "cluster-cache.ts informer")),
  call("speaker", "", "secrets", ["list", "watch"], "metallb", "cluster-cache.ts: BGPPeer passwordSecret"),
  call("speaker", "", "configmaps", ["list", "watch"], "metallb", "cluster-cache.ts: bgpextras ConfigMap (fieldSelector metadata.name)", "bgpextras"),
  ...(["nodes", "namespaces", "services"] as const).map((r) => call("speaker", "", r, ["list", "watch"], "cluster", "cluster-cache.ts informer")),
  call("speaker", "discovery.k8s.io", "endpointslices", ["list", "watch"], "cluster", "cluster-cache.ts informer (externalTrafficPolicy Local)"),
  call("speaker", "frrk8s.metallb.io", "frrconfigurations", ["list", "watch", "create", "patch", "update"], "frr-k8s", "frrk8s-backend.ts: apply/replace metallb-<node> + informer"),
  call("speaker", "frrk8s.metallb.io", "frrnodestates", ["list", "watch"], "cluster", "cluster-cache.ts: FRRNodeState informer (fieldSelector metadata.name=<its node>)"),
  call("speaker", "metallb.io", "servicebgpstatuses", ["list", "watch", "create", "delete"], "metallb", "service-bgp-status.ts + informer"),
  call("speaker", "metallb.io", "servicebgpstatuses/status", ["patch"], "metallb", "service-bgp-status.ts: patchStatus"),
  call("speaker", "metallb.io", "configurationstates", ["list", "watch", "create", "patch"], "metallb", "configuration-state.ts: apply (creates) + informer"),
  call("speaker", "metallb.io", "configurationstates/status", ["patch"], "metallb", "configuration-state.ts: patchStatus"),
  call("speaker", "", "events", ["create", "patch"], "cluster", "EventRecorder: nodeAssigned on Services"),
  call("speaker", "", "pods", ["get"], "metallb", "main.ts: --pod-name owner reference"),

  // frr-k8s daemon: packages/frr-k8s/src/daemon.ts, node-state.ts, session-states.ts, configuration-store.ts, main.ts
  call("frr-k8s", "", "nodes", ["list", "watch"], "cluster", "daemon.ts: Node informer (fieldSelector metadata.name=<its node>)"),
  call("frr-k8s", "frrk8s.metallb.io", "frrnodestates", ["list", "watch", "create"], "cluster", "node-state.ts: get-or-create + informer (its node)"),
  call("frr-k8s", "frrk8s.metallb.io", "frrnodestates/status", ["patch"], "cluster", "node-state.ts: status"),
  call("frr-k8s", "", "events", ["create", "patch"], "cluster", "EventRecorder: ConversionFailed / ReloadFailed"),
  call("frr-k8s", "frrk8s.metallb.io", "frrconfigurations", ["get", "list", "watch"], "frr-k8s", "configuration-store.ts: informer + re-read"),
  call("frr-k8s", "frrk8s.metallb.io", "frrk8sconfigurations", ["list", "watch"], "frr-k8s", "daemon.ts: log level (fieldSelector metadata.name=config)", "config"),
  call("frr-k8s", "", "secrets", ["list", "watch"], "frr-k8s", "daemon.ts: neighbors' passwordSecret"),
  call("frr-k8s", "frrk8s.metallb.io", "bgpsessionstates", ["list", "create", "delete"], "frr-k8s", "daemon.ts #syncSessions, session-states.ts"),
  call("frr-k8s", "frrk8s.metallb.io", "bgpsessionstates/status", ["patch"], "frr-k8s", "session-states.ts"),
  call("frr-k8s", "", "pods", ["get"], "frr-k8s", "main.ts: --pod-name owner"),
];

/** Verbs that grant the same power for least-privilege purposes. */
function verbClass(verb: string): string {
  if (["get", "list", "watch"].includes(verb)) return "read";
  if (["update", "patch"].includes(verb)) return "write";
  return verb;
}

interface PolicyRule {
  apiGroups?: string[];
  resources?: string[];
  verbs: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}
interface RbacObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  rules?: PolicyRule[];
  roleRef?: { kind: string; name: string };
  subjects?: { kind: string; name: string; namespace?: string }[];
}

const RBAC_KINDS = new Set(["ServiceAccount", "Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding"]);
const NAMESPACE_OF: Record<Exclude<Scope, "cluster">, string> = { metallb: METALLB_NAMESPACE, "frr-k8s": FRRK8S_NAMESPACE };

let work: string;

function helm(args: string[]): string {
  const env = { ...process.env, HELM_CACHE_HOME: join(work, "cache"), HELM_CONFIG_HOME: join(work, "config"), HELM_DATA_HOME: join(work, "data") };
  const r = spawnSync(binaryPath("helm"), args, { encoding: "utf8", env, maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`helm ${args.join(" ")} failed:\n${r.stderr}`);
  return r.stdout;
}

/** RBAC objects and ServiceAccounts of both charts as installed: MetalLB with an external frr-k8s in frr-k8s-system. */
function renderRbac(): RbacObject[] {
  work = mkdtempSync(join(tmpdir(), "metallb-ts-rbac-"));
  cpSync(join(repoRoot, "charts"), join(work, "charts"), { recursive: true, filter: (src) => !src.endsWith(".tgz") && !src.endsWith("Chart.lock") });
  helm(["dependency", "build", join(work, "charts", "metallb")]);
  const metallb = helm(["template", RELEASE, join(work, "charts", "metallb"), "--namespace", METALLB_NAMESPACE,
    "--set", "crds.enabled=false", "--set", "frrk8s.enabled=false", "--set", "frrk8s.external=true", "--set", `frrk8s.namespace=${FRRK8S_NAMESPACE}`]);
  const frrk8s = helm(["template", RELEASE, join(work, "charts", "frr-k8s"), "--namespace", FRRK8S_NAMESPACE, "--set", "crds.enabled=false"]);
  return [...parseAllDocuments(metallb), ...parseAllDocuments(frrk8s)]
    .map((d) => d.toJS() as RbacObject | null)
    .filter((o): o is RbacObject => o !== null && RBAC_KINDS.has(o.kind));
}

/** The ServiceAccount each component's Pods run as (chart names for release RELEASE). */
const SERVICE_ACCOUNTS: Record<Component, { name: string; namespace: string }> = {
  controller: { name: `${RELEASE}-metallb-controller`, namespace: METALLB_NAMESPACE },
  speaker: { name: `${RELEASE}-metallb-speaker`, namespace: METALLB_NAMESPACE },
  "frr-k8s": { name: `${RELEASE}-frr-k8s-controller`, namespace: FRRK8S_NAMESPACE },
};

function serviceAccountOf(objects: RbacObject[], component: Component): { name: string; namespace: string } {
  const sa = SERVICE_ACCOUNTS[component];
  if (!objects.some((o) => o.kind === "ServiceAccount" && o.metadata.name === sa.name && o.metadata.namespace === sa.namespace)) {
    throw new Error(`ServiceAccount ${sa.namespace}/${sa.name} (${component}) not rendered`);
  }
  return sa;
}

/** The rules bound to a ServiceAccount, with the namespace a Role's rules apply in (undefined: cluster-wide). */
function rulesOf(objects: RbacObject[], sa: { name: string; namespace: string }): { rule: PolicyRule; namespace: string | undefined; from: string }[] {
  const bindsSa = (b: RbacObject) => (b.subjects ?? []).some((s) => s.kind === "ServiceAccount" && s.name === sa.name && s.namespace === sa.namespace);
  return objects.filter((b) => (b.kind === "RoleBinding" || b.kind === "ClusterRoleBinding") && bindsSa(b)).flatMap((b) => {
    const role = objects.find((r) => r.kind === b.roleRef?.kind && r.metadata.name === b.roleRef.name && (r.kind === "ClusterRole" || r.metadata.namespace === b.metadata.namespace));
    if (!role) throw new Error(`${b.kind} ${b.metadata.name}: ${b.roleRef?.kind} ${b.roleRef?.name} not rendered`);
    const namespace = b.kind === "RoleBinding" ? b.metadata.namespace : undefined;
    return (role.rules ?? []).map((rule) => ({ rule, namespace, from: `${role.kind} ${role.metadata.name}` }));
  });
}

interface SubjectAccessReview extends KubeObject {
  spec: { user: string; groups: string[]; resourceAttributes: Record<string, string> };
  status?: { allowed: boolean; reason?: string };
}
const SubjectAccessReviewResource = defineResource<SubjectAccessReview>({ group: "authorization.k8s.io", version: "v1", kind: "SubjectAccessReview", plural: "subjectaccessreviews", namespaced: false });

describe("RBAC least privilege of the charts", () => {
  const cp = inject("controlPlane");
  const admin = createKubeClient(loadKubeConfig({ kubeconfigPath: cp.kubeconfigPath }), { fieldManager: "rbac-e2e" });
  let objects: RbacObject[];
  let sys: System | undefined;
  const kubeconfigDir = mkdtempSync(join(tmpdir(), "metallb-ts-rbac-kubeconfig-"));

  beforeAll(() => {
    objects = renderRbac();
    kubectl(cp, ["apply", "-f", "-"], [METALLB_NAMESPACE, FRRK8S_NAMESPACE].map((n) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${n}}\n`).join("---\n"));
    kubectl(cp, ["apply", "-f", "-"], objects.map((o) => stringify(o)).join("---\n"));
  });

  afterAll(async () => {
    if (sys) {
      for (const kind of ["bgpadvertisements", "bgppeers", "ipaddresspools", "servicebgpstatuses", "configurationstates"]) sys.kubectl(["delete", kind, "--all", "-n", METALLB_NAMESPACE, "--ignore-not-found"]);
      sys.kubectl(["delete", "namespace", "rbac-e2e", "--ignore-not-found", "--wait=false"]);
      sys.kubectl(["delete", "frrconfigurations", "--all", "-n", FRRK8S_NAMESPACE, "--ignore-not-found"]);
      sys.kubectl(["delete", "lease", LEASE, "-n", METALLB_NAMESPACE, "--ignore-not-found"]);
      await sys.teardown();
    }
    if (objects) kubectl(cp, ["delete", "--ignore-not-found", "-f", "-"], objects.map((o) => stringify(o)).join("---\n"));
    rmSync(kubeconfigDir, { recursive: true, force: true });
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test("no wildcard in any rule of either chart", () => {
    const wild = objects.flatMap((o) => (o.rules ?? []).filter((r) => [r.apiGroups, r.resources, r.verbs, r.resourceNames].some((l) => l?.includes("*")))
      .map((r) => `${o.kind} ${o.metadata.name}: ${JSON.stringify(r)}`));
    expect(wild).toEqual([]);
  });

  test("the API server allows every call of the table to the component's ServiceAccount", async () => {
    const denied: string[] = [];
    for (const c of API_CALLS) {
      const sa = serviceAccountOf(objects, c.component);
      const [resource, subresource] = c.resource.split("/") as [string, string | undefined];
      for (const verb of c.verbs) {
        const attributes: Record<string, string> = { verb, group: c.group, resource, ...(subresource ? { subresource } : {}), ...(c.name ? { name: c.name } : {}) };
        // Cluster-scoped kinds and all-namespace reads are asked without a namespace: only a ClusterRole answers.
        if (c.scope !== "cluster") attributes["namespace"] = NAMESPACE_OF[c.scope];
        const review = await admin.create(SubjectAccessReviewResource, {
          apiVersion: "authorization.k8s.io/v1", kind: "SubjectAccessReview", metadata: {},
          spec: { user: `system:serviceaccount:${sa.namespace}:${sa.name}`, groups: ["system:serviceaccounts", `system:serviceaccounts:${sa.namespace}`, "system:authenticated"], resourceAttributes: attributes },
        });
        if (!review.status?.allowed) denied.push(`${c.component} ${verb} ${c.group || "core"}/${c.resource}${c.name ? ` ${c.name}` : ""} in ${c.scope} (${c.why})`);
      }
    }
    expect(denied).toEqual([]);
  });

  test.for(["controller", "speaker", "frr-k8s"] as const)("the chart grants %s nothing it does not use", (component) => {
    const sa = serviceAccountOf(objects, component);
    const used = new Set(API_CALLS.filter((c) => c.component === component).flatMap((c) => c.verbs.map((v) => `${c.group}|${c.resource}|${verbClass(v)}`)));
    // (group, resource, verb class) whose every call names one fixed object: a grant for all objects is too wide.
    const calls = API_CALLS.filter((c) => c.component === component);
    const onlyNamed = (g: string, r: string, v: string): boolean => {
      const matching = calls.filter((c) => c.group === g && c.resource === r && c.verbs.some((x) => verbClass(x) === v));
      return matching.length > 0 && matching.every((c) => c.name !== undefined);
    };
    const excess = rulesOf(objects, sa).flatMap(({ rule, from }) => {
      if (rule.nonResourceURLs) return [`${from}: nonResourceURLs ${rule.nonResourceURLs.join(",")}`];
      return (rule.apiGroups ?? []).flatMap((g) => (rule.resources ?? []).flatMap((r) => [...new Set(rule.verbs.map(verbClass))].flatMap((v) => {
        const what = `${from}: ${v} (${rule.verbs.filter((x) => verbClass(x) === v).join(",")}) ${g || "core"}/${r}`;
        if (!used.has(`${g}|${r}|${v}`)) return [`${what}: unused`];
        if (!rule.resourceNames && onlyNamed(g, r, v)) return [`${what}: for every object, but only ${[...new Set(calls.filter((c) => c.group === g && c.resource === r).flatMap((c) => c.name ?? []))].join(",")} is used`];
        return [];
      })));
    });
    expect(excess).toEqual([]);
  });

  test("controller, speaker and frr-k8s work under the charts' ServiceAccounts (tokens), with no 403", async () => {
    const kubeconfigs: Partial<Record<Component, string>> = {};
    for (const component of ["controller", "speaker", "frr-k8s"] as const) {
      const sa = serviceAccountOf(objects, component);
      const token = kubectl(cp, ["create", "token", sa.name, "-n", sa.namespace, "--duration=2h"]).trim();
      const path = join(kubeconfigDir, `${component}.kubeconfig`);
      writeFileSync(path, stringify({
        apiVersion: "v1", kind: "Config", "current-context": "sa",
        clusters: [{ name: "lab", cluster: { server: cp.server, "certificate-authority": cp.caCertPath } }],
        users: [{ name: sa.name, user: { token } }],
        contexts: [{ name: "sa", context: { cluster: "lab", user: sa.name } }],
      }));
      kubeconfigs[component] = path;
    }
    sys = await System.start({
      nodes: 1, controlPlane: cp, kubeconfigs,
      extraArgs: { controller: ["--leader-elect", "--lease-name", LEASE, "--lease-duration", "6s", "--renew-deadline", "4s", "--retry-period", "1s"] },
    });
    const s = sys;
    s.apply(`apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata: { name: rbac, namespace: ${METALLB_NAMESPACE} }
spec: { addresses: ["203.0.113.64/28"] }
---
apiVersion: metallb.io/v1beta2
kind: BGPPeer
metadata: { name: tor, namespace: ${METALLB_NAMESPACE} }
spec: { myASN: 64512, peerASN: 64512, peerAddress: ${s.router.ipv4} }
---
apiVersion: metallb.io/v1beta1
kind: BGPAdvertisement
metadata: { name: rbac, namespace: ${METALLB_NAMESPACE} }
spec: { ipAddressPools: [rbac] }
---
apiVersion: v1
kind: Namespace
metadata: { name: rbac-e2e }
---
apiVersion: v1
kind: Service
metadata: { name: web, namespace: rbac-e2e }
spec: { type: LoadBalancer, ports: [{ port: 80, protocol: TCP }] }
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: { name: web-1, namespace: rbac-e2e, labels: { kubernetes.io/service-name: web } }
addressType: IPv4
ports: [{ port: 80, protocol: TCP }]
endpoints: [{ addresses: ["192.0.2.10"], nodeName: node1, conditions: { ready: true } }]
`);
    const forbidden = (): string[] => [...s.components.values()].flatMap((c) => readFileSync(c.logPath, "utf8").split("\n")
      .filter((l) => /\b403\b|forbidden/i.test(l)).slice(0, 3).map((l) => `${c.name}: ${l.slice(0, 400)}`));
    try {
      await works(s);
    } catch (err) {
      throw new Error(`${(err as Error).message}\n403s in the component logs:\n${forbidden().join("\n")}`, { cause: err });
    }
    expect(forbidden()).toEqual([]);
  });
});

/** The whole path under the charts' permissions: IP, metallb-<node>, FRR, FRRNodeState, Lease, metrics. */
async function works(s: System): Promise<void> {
  const ip = await eventually("the Service gets an IP", () => s.kubectl(["get", "svc", "web", "-n", "rbac-e2e", "-o", "jsonpath={.status.loadBalancer.ingress[0].ip}"]) || undefined, 60_000);
  await eventually("the speaker writes metallb-node1 with the Service IP", () =>
    s.kubectl(["get", "frrconfiguration", "metallb-node1", "-n", FRRK8S_NAMESPACE, "-o", "json"]).includes(`${ip}/32`), 60_000);
  await eventually("frr-k8s runs it in node1's FRR", () => s.lab.nodes[0]!.vtysh("show running-config").includes(`${ip}/32`), 60_000);
  await eventually("FRRNodeState node1 says the reload succeeded", () => s.kubectl(["get", "frrnodestate", "node1", "-o", "jsonpath={.status.lastReloadResult}"]) === "success", 30_000);
  await eventually("the controller holds the Lease", () => s.kubectl(["get", "lease", LEASE, "-n", METALLB_NAMESPACE, "-o", "jsonpath={.spec.holderIdentity}"]) === "controller-0", 30_000);
  // System.metrics scrapes with a token: TokenReview + SubjectAccessReview under the charts' grants.
  for (const name of s.components.keys()) expect(await s.metrics(name), `${name} /metrics`).toMatch(/_k8s_client_updates_total \d+/);
}

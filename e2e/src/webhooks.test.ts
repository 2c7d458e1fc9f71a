// Admission webhooks, the BGPPeer conversion webhook and certificate rotation against a real
// kube-apiserver. Runs its own control plane: the BGPPeer CRD's conversion is switched to our
// webhook here, and the CRD is cluster-wide (other test files share the global control plane).
//
// - MetalLB webhooks: startMetalLBWebhooks in this process (as the controller calls it).
// - frr-k8s webhook: packages/webhooks/src/main.ts as a real process.
// Both are registered with clientConfig.url https://127.0.0.1:<port>/... and inject their own CA.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request as httpsRequest } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { admissionErrors, ValidationMode } from "@metallb-ts/config";
import { apiToFRR, withoutPasswordSecrets } from "@metallb-ts/frr";
import { createKubeClient, createLogger, defineResource, InvalidError, KubeApiError, loadKubeConfig, NamespaceResource, NodeResource, SecretResource, type KubeClient, type KubeObject } from "@metallb-ts/runtime";
import { CERT_FIELD_MANAGER, startMetalLBWebhooks, type RunningWebhooks } from "@metallb-ts/webhooks";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { freePort, killPid, kubectl, repoRoot, spawnLogged, startControlPlane, stopControlPlane, waitFor, isAlive, type ControlPlane } from "./lab/index.js";

const NS = "metallb-system";
let logDir: string | undefined;
const FRR_NS = "frr-k8s-system";
type Obj = Record<string, unknown>;

const resource = (group: string, version: string, kind: string, plural: string, namespaced = true) => defineResource<KubeObject & Obj>({ group, version, kind, plural, namespaced });
const Pools = resource("metallb.io", "v1beta1", "IPAddressPool", "ipaddresspools");
const PeersV2 = resource("metallb.io", "v1beta2", "BGPPeer", "bgppeers");
const BGPAdvs = resource("metallb.io", "v1beta1", "BGPAdvertisement", "bgpadvertisements");
const L2Advs = resource("metallb.io", "v1beta1", "L2Advertisement", "l2advertisements");
const Communities = resource("metallb.io", "v1beta1", "Community", "communities");
const BFDProfiles = resource("metallb.io", "v1beta1", "BFDProfile", "bfdprofiles");
const FRRConfigs = resource("frrk8s.metallb.io", "v1beta1", "FRRConfiguration", "frrconfigurations");
const VWCs = resource("admissionregistration.k8s.io", "v1", "ValidatingWebhookConfiguration", "validatingwebhookconfigurations", false);
const CRDs = resource("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", false);

const METALLB_HOOKS: [name: string, version: string, plural: string, kind: string, ops: string[]][] = [
  ["bgppeervalidationwebhook.metallb.io", "v1beta2", "bgppeers", "bgppeer", ["CREATE", "UPDATE"]],
  ["bfdprofilevalidationwebhook.metallb.io", "v1beta1", "bfdprofiles", "bfdprofile", ["CREATE", "DELETE"]],
  ["bgpadvertisementvalidationwebhook.metallb.io", "v1beta1", "bgpadvertisements", "bgpadvertisement", ["CREATE", "UPDATE"]],
  ["communityvalidationwebhook.metallb.io", "v1beta1", "communities", "community", ["CREATE", "UPDATE"]],
  ["ipaddresspoolvalidationwebhook.metallb.io", "v1beta1", "ipaddresspools", "ipaddresspool", ["CREATE", "UPDATE"]],
  ["l2advertisementvalidationwebhook.metallb.io", "v1beta1", "l2advertisements", "l2advertisement", ["CREATE", "UPDATE"]],
];

function metallbWebhookConfiguration(port: number): Obj {
  return {
    apiVersion: "admissionregistration.k8s.io/v1",
    kind: "ValidatingWebhookConfiguration",
    metadata: { name: "metallb-webhook-configuration" },
    webhooks: METALLB_HOOKS.map(([name, version, plural, kind, ops]) => ({
      name,
      admissionReviewVersions: ["v1"],
      sideEffects: "None",
      failurePolicy: "Fail",
      timeoutSeconds: 10,
      clientConfig: { url: `https://127.0.0.1:${port}/validate-metallb-io-${version}-${kind}` },
      rules: [{ apiGroups: ["metallb.io"], apiVersions: [version], operations: ops, resources: [plural] }],
    })),
  };
}

function frrWebhookConfiguration(port: number): Obj {
  return {
    apiVersion: "admissionregistration.k8s.io/v1",
    kind: "ValidatingWebhookConfiguration",
    metadata: { name: "frr-k8s-validating-webhook-configuration" },
    webhooks: [
      {
        name: "frrconfigurationsvalidationwebhook.metallb.io",
        admissionReviewVersions: ["v1"],
        sideEffects: "None",
        failurePolicy: "Fail",
        timeoutSeconds: 10,
        clientConfig: { url: `https://127.0.0.1:${port}/validate-frrk8s-metallb-io-v1beta1-frrconfiguration` },
        rules: [{ apiGroups: ["frrk8s.metallb.io"], apiVersions: ["v1beta1"], operations: ["CREATE", "UPDATE"], resources: ["frrconfigurations"] }],
      },
    ],
  };
}

// --- object builders --------------------------------------------------------------------------------

const pool = (name: string, addresses: string[], spec: Obj = {}, namespace = NS): Obj => ({ apiVersion: "metallb.io/v1beta1", kind: "IPAddressPool", metadata: { name, namespace }, spec: { addresses, ...spec } });
const peer = (name: string, spec: Obj): Obj => ({ apiVersion: "metallb.io/v1beta2", kind: "BGPPeer", metadata: { name, namespace: NS }, spec: { myASN: 64500, peerASN: 64501, peerAddress: "192.0.2.1", ...spec } });
const bgpAdv = (name: string, spec: Obj): Obj => ({ apiVersion: "metallb.io/v1beta1", kind: "BGPAdvertisement", metadata: { name, namespace: NS }, spec });
const l2Adv = (name: string, spec: Obj): Obj => ({ apiVersion: "metallb.io/v1beta1", kind: "L2Advertisement", metadata: { name, namespace: NS }, spec });
const community = (name: string, aliases: Obj[]): Obj => ({ apiVersion: "metallb.io/v1beta1", kind: "Community", metadata: { name, namespace: NS }, spec: { communities: aliases } });
const bfd = (name: string): Obj => ({ apiVersion: "metallb.io/v1beta1", kind: "BFDProfile", metadata: { name, namespace: NS }, spec: { receiveInterval: 300 } });
const frrConfig = (name: string, neighbors: Obj[], namespace = FRR_NS): Obj => ({
  apiVersion: "frrk8s.metallb.io/v1beta1",
  kind: "FRRConfiguration",
  metadata: { name, namespace },
  spec: { bgp: { routers: [{ asn: 64600, neighbors }] } },
});

/** kubectl, asynchronously: the MetalLB webhooks run in this process and must keep answering meanwhile. */
function kubectlAsync(cp: ControlPlane, args: string[], input?: string): Promise<{ ok: true; out: string } | { ok: false; err: string }> {
  return new Promise((resolve) => {
    const child = execFile("kubectl", ["--kubeconfig", cp.kubeconfigPath, ...args], { maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve(error ? { ok: false, err: `${stderr}${error.message}` } : { ok: true, out: stdout });
    });
    child.stdin?.end(input ?? "");
  });
}

function apply(cp: ControlPlane, obj: Obj): Promise<{ ok: true; out: string } | { ok: false; err: string }> {
  return kubectlAsync(cp, ["apply", "-f", "-"], JSON.stringify(obj));
}

async function kubectlOk(cp: ControlPlane, args: string[]): Promise<string> {
  const result = await kubectlAsync(cp, args);
  if (!result.ok) throw new Error(result.err);
  return result.out;
}

function httpsHealthy(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = httpsRequest({ host: "127.0.0.1", port, path: "/healthz", rejectUnauthorized: false, timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on("error", () => resolve(false));
    req.on("timeout", () => req.destroy());
    req.end();
  });
}

/** A deterministic PRNG (mulberry32): the sweep is reproducible from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("admission and conversion webhooks", () => {
  let cp: ControlPlane;
  let kube: KubeClient;
  let metallb: RunningWebhooks;
  let frrPid = 0;
  let metallbPort = 0;
  let frrPort = 0;
  const certChanges: number[] = [];

  beforeAll(async () => {
    cp = await startControlPlane({ crdsDir: join(repoRoot, "crds") });
    kube = createKubeClient(loadKubeConfig({ kubeconfigPath: cp.kubeconfigPath }), { fieldManager: "e2e" });
    for (const name of [NS, FRR_NS]) await kube.create(NamespaceResource, { apiVersion: "v1", kind: "Namespace", metadata: { name } });
    for (const [name, zone] of [["node1", "a"], ["node2", "b"]] as const) {
      await kube.create(NodeResource, { apiVersion: "v1", kind: "Node", metadata: { name, labels: { "kubernetes.io/hostname": name, zone } } });
    }
    metallbPort = await freePort();
    frrPort = await freePort();
    // As the chart does: an empty certificate Secret and webhook configurations without caBundle.
    await kube.create(SecretResource, { apiVersion: "v1", kind: "Secret", metadata: { name: "metallb-webhook-cert", namespace: NS } });
    await kube.create(VWCs, metallbWebhookConfiguration(metallbPort) as KubeObject & Obj);
    await kube.create(VWCs, frrWebhookConfiguration(frrPort) as KubeObject & Obj);
    kubectl(cp, ["patch", "crd", "bgppeers.metallb.io", "--type=merge", "-p", JSON.stringify({ spec: { conversion: { strategy: "Webhook", webhook: { conversionReviewVersions: ["v1"], clientConfig: { url: `https://127.0.0.1:${metallbPort}/convert` } } } } })]);

    const logs = mkdtempSync(join(tmpdir(), "metallb-ts-webhooks-"));
    logDir = logs;
    metallb = await startMetalLBWebhooks({
      kube: createKubeClient(loadKubeConfig({ kubeconfigPath: cp.kubeconfigPath }), { fieldManager: "metallb-controller" }),
      log: createLogger({ level: "info", destination: { write: (line: string) => writeFileSync(join(logs, "metallb-webhooks.log"), line, { flag: "a" }) } }),
      namespace: NS,
      validation: ValidationMode.FRRK8s,
      port: metallbPort,
      host: "127.0.0.1",
      extraHosts: ["127.0.0.1"],
      // Short lifetimes: the serving certificate renews every few seconds and the CA within a minute,
      // so every test below runs while certificates rotate.
      rotation: { caValidityMs: 50_000, certValidityMs: 12_000, refreshBeforeMs: 6_000, checkIntervalMs: 1_000, bundlePropagationMs: 3_000 },
    });
    metallb.rotator?.onCertificate(() => certChanges.push(Date.now()));

    frrPid = spawnLogged(
      process.execPath,
      ["--conditions=@metallb-ts/source", "--import", "tsx", join(repoRoot, "packages/webhooks/src/main.ts"), "webhooks", "--kubeconfig", cp.kubeconfigPath, "--webhook-port", String(frrPort), "--webhook-host", "127.0.0.1", "--namespace", FRR_NS, "--cert-extra-sans", "127.0.0.1", "--log-level", "debug"],
      join(logs, "frr-k8s-webhooks.log"),
      false,
    ).pid;
    await waitFor(() => httpsHealthy(frrPort), { timeoutMs: 60_000, what: "frr-k8s webhooks /healthz", alive: frrPid });
    // Enforced once the API server has seen the configurations and their caBundle: probe until our denial comes back.
    const deniedWith = async (obj: Obj, message: RegExp) => {
      const result = await apply(cp, obj);
      return !result.ok && message.test(result.err);
    };
    await waitFor(() => deniedWith(pool("probe", []), /pool has no prefixes defined/), { timeoutMs: 60_000, intervalMs: 500, what: "metallb webhooks enforced" });
    await waitFor(() => deniedWith(frrConfig("probe", [{ asn: 1 }]), /no address and no interface/), { timeoutMs: 60_000, intervalMs: 500, what: "frr-k8s webhook enforced" });
  });

  afterAll(async () => {
    await metallb?.close();
    if (logDir) rmSync(logDir, { recursive: true, force: true });
    if (frrPid) await killPid(frrPid, { graceMs: 5000 });
    if (cp) await stopControlPlane(cp);
  });

  test.for<{ name: string; setup?: Obj[]; object: Obj; denied: RegExp }>([
    { name: "IPAddressPool outside the metallb namespace", object: pool("elsewhere", ["203.0.113.0/28"], {}, "default"), denied: /denied the request: IPAddressPool default\/elsewhere: metadata\.namespace: resource must be created in metallb-system namespace/ },
    { name: "IPAddressPool overlapping a stored pool", setup: [pool("first", ["192.0.2.0/24"])], object: pool("second", ["192.0.2.128/25"]), denied: /admission webhook "ipaddresspoolvalidationwebhook\.metallb\.io" denied the request: IPAddressPool metallb-system\/second: spec\.addresses\[0\]: CIDR "192\.0\.2\.128\/25" in pool "second" overlaps with already defined CIDR "192\.0\.2\.0\/24"/ },
    { name: "BGPPeer hold time", object: peer("short-hold", { holdTime: "2s" }), denied: /"bgppeervalidationwebhook\.metallb\.io" denied the request: BGPPeer metallb-system\/short-hold: spec\.holdTime: invalid BGPPeer timers: invalid hold time "2s"/ },
    { name: "BGPPeer duplicate address on shared nodes (FRR rule)", setup: [peer("uplink-a", { peerAddress: "198.51.100.1" })], object: peer("uplink-b", { peerAddress: "198.51.100.1" }), denied: /peer 198\.51\.100\.1 already exists, FRR mode doesn't support duplicate BGPPeers selecting the same node/ },
    { name: "BGPAdvertisement duplicate pools", object: bgpAdv("dup", { ipAddressPools: ["first", "first"] }), denied: /BGPAdvertisement metallb-system\/dup: spec\.ipAddressPools: duplicate definition of ipAddressPools "first"/ },
    { name: "L2Advertisement duplicate node selectors", object: l2Adv("dup", { nodeSelectors: [{ matchLabels: { zone: "a" } }, { matchLabels: { zone: "a" } }] }), denied: /L2Advertisement metallb-system\/dup: spec\.nodeSelectors: duplicate definition of nodeSelectors/ },
    { name: "Community with an invalid value", object: community("bad", [{ name: "gold", value: "65536:1" }]), denied: /Community metallb-system\/bad: spec\.communities\[0\]\.value: parsing community "gold"/ },
    { name: "BFDProfile outside the metallb namespace", object: { ...bfd("x"), metadata: { name: "x", namespace: "default" } }, denied: /BFDProfile default\/x: metadata\.namespace: resource must be created in metallb-system namespace/ },
    {
      name: "FRRConfiguration conflicting with a stored one, naming both",
      setup: [frrConfig("slow", [{ asn: 64601, address: "192.0.2.9", holdTime: "90s", keepaliveTime: "30s" }])],
      object: frrConfig("fast", [{ asn: 64601, address: "192.0.2.9", holdTime: "9s", keepaliveTime: "3s" }]),
      denied: /"frrconfigurationsvalidationwebhook\.metallb\.io" denied the request: FRRConfiguration frr-k8s-system\/fast .*holdTime = 9s conflicts with FRRConfiguration frr-k8s-system\/slow .*holdTime = 90s: multiple hold times specified for 192\.0\.2\.9[\s\S]*resource is invalid for node node1/,
    },
  ])("denied: $name", async ({ setup, object, denied }) => {
    for (const obj of setup ?? []) expect(await apply(cp, obj)).toMatchObject({ ok: true });
    const result = await apply(cp, object);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.err).toMatch(denied);
  });

  test("valid objects of every kind are admitted", async () => {
    for (const obj of [
      pool("valid", ["203.0.113.0/28", "2001:db8:1::/120"]),
      peer("valid", { peerAddress: "198.51.100.77", holdTime: "90s", bfdProfile: "created-later", passwordSecret: { name: "later" } }),
      bgpAdv("valid", { ipAddressPools: ["valid"], communities: ["64500:1", "gold"] }),
      l2Adv("valid", { ipAddressPools: ["valid"], interfaces: ["eth0"] }),
      community("valid", [{ name: "gold", value: "64500:100" }]),
      bfd("valid"),
      frrConfig("valid", [{ asn: 64601, address: "192.0.2.50" }]),
    ]) {
      expect(await apply(cp, obj), JSON.stringify(obj)).toMatchObject({ ok: true });
    }
  });

  test("deleting a BFDProfile still used by a BGPPeer is denied", async () => {
    expect(await apply(cp, bfd("in-use"))).toMatchObject({ ok: true });
    expect(await apply(cp, peer("uses-bfd", { peerAddress: "198.51.100.88", bfdProfile: "in-use" }))).toMatchObject({ ok: true });
    await expect(kubectlOk(cp, ["delete", "bfdprofile", "in-use", "-n", NS])).rejects.toThrow(/failed to delete BFDProfile in-use, used by BGPPeer uses-bfd/);
    await kubectlOk(cp, ["delete", "bgppeer", "uses-bfd", "-n", NS]);
    await kubectlOk(cp, ["delete", "bfdprofile", "in-use", "-n", NS]);
  });

  test("a v1beta1 BGPPeer is stored as v1beta2 and read back as v1beta1 through the conversion webhook", async () => {
    const v1 = {
      apiVersion: "metallb.io/v1beta1",
      kind: "BGPPeer",
      metadata: { name: "legacy", namespace: NS },
      spec: { myASN: 64500, peerASN: 64502, peerAddress: "198.51.100.99", peerPort: 1179, holdTime: "1m30s", keepaliveTime: "30s", nodeSelectors: [{ matchLabels: { zone: "a" }, matchExpressions: [{ key: "rack", operator: "In", values: ["r1"] }] }] },
    };
    expect(await apply(cp, v1)).toMatchObject({ ok: true });
    const asV2 = JSON.parse(await kubectlOk(cp, ["get", "bgppeers.v1beta2.metallb.io", "legacy", "-n", NS, "-o", "json"])) as { apiVersion: string; spec: Obj };
    expect(asV2.apiVersion).toBe("metallb.io/v1beta2");
    expect(asV2.spec).toMatchObject({ myASN: 64500, peerASN: 64502, peerAddress: "198.51.100.99", peerPort: 1179, holdTime: "1m30s", keepaliveTime: "30s", nodeSelectors: [{ matchLabels: { zone: "a" }, matchExpressions: [{ key: "rack", operator: "In", values: ["r1"] }] }] });
    const asV1 = JSON.parse(await kubectlOk(cp, ["get", "bgppeers.v1beta1.metallb.io", "legacy", "-n", NS, "-o", "json"])) as { apiVersion: string; spec: Obj };
    expect(asV1.apiVersion).toBe("metallb.io/v1beta1");
    expect(asV1.spec).toEqual(v1.spec);
    // And an invalid v1beta1 peer reaches the v1beta2 webhook after conversion (matchPolicy Equivalent).
    const invalid = await apply(cp, { ...v1, metadata: { name: "legacy-bad", namespace: NS }, spec: { ...v1.spec, peerAddress: "198.51.100.98", holdTime: "1s" } });
    expect(invalid.ok).toBe(false);
    if (!invalid.ok) expect(invalid.err).toMatch(/bgppeervalidationwebhook\.metallb\.io" denied the request: .*invalid hold time "1s"/);
  });

  test("run-time writes: exactly the documented fields, owned by the rotator's field manager", async () => {
    const owned = (obj: KubeObject) =>
      (obj.metadata?.managedFields as { manager: string; operation: string; fieldsV1: unknown }[]).filter((m) => m.manager === CERT_FIELD_MANAGER).map((m) => ({ operation: m.operation, fieldsV1: m.fieldsV1 }));
    const vwc = await kube.get(VWCs, "metallb-webhook-configuration");
    expect(owned(vwc)).toEqual([
      { operation: "Apply", fieldsV1: { "f:webhooks": Object.fromEntries(METALLB_HOOKS.map(([name]) => [`k:{"name":"${name}"}`, { ".": {}, "f:clientConfig": { "f:caBundle": {} }, "f:name": {} }])) } },
    ]);
    const crd = await kube.get(CRDs, "bgppeers.metallb.io");
    expect(owned(crd)).toEqual([{ operation: "Apply", fieldsV1: { "f:spec": { "f:conversion": { "f:webhook": { "f:clientConfig": { "f:caBundle": {} } } } } } }]);
    const secret = await kube.get(SecretResource, "metallb-webhook-cert", { namespace: NS });
    expect(owned(secret)).toEqual([{ operation: "Apply", fieldsV1: { "f:data": { "f:ca.crt": {}, "f:ca.key": {}, "f:tls.crt": {}, "f:tls.key": {} } } }]);
    const frrVwc = await kube.get(VWCs, "frr-k8s-validating-webhook-configuration");
    expect(owned(frrVwc)).toEqual([{ operation: "Apply", fieldsV1: { "f:webhooks": { 'k:{"name":"frrconfigurationsvalidationwebhook.metallb.io"}': { ".": {}, "f:clientConfig": { "f:caBundle": {} }, "f:name": {} } } } }]);
  });

  test("certificates rotate (serving certificate and CA) while requests flow: no request fails", async () => {
    const caBundles = new Set<string>();
    const start = Date.now();
    const counts = { admitted: 0, denied: 0, failed: 0 };
    const failures: string[] = [];
    let i = 0;
    const worker = async () => {
      while (Date.now() - start < 75_000 && (caBundles.size < 2 || certChanges.filter((t) => t > start).length < 3)) {
        const n = i++;
        const valid = n % 2 === 0;
        const obj = pool(`traffic-${n}`, valid ? [`10.${(n >> 8) & 255}.${n & 255}.0/24`] : []);
        try {
          await kube.create(Pools, obj as KubeObject & Obj, { dryRun: true });
          if (valid) counts.admitted++;
          else failures.push(`${n}: invalid pool admitted`);
        } catch (err) {
          if (valid || !/denied the request: IPAddressPool metallb-system\/traffic-\d+: spec\.addresses: pool has no prefixes defined/.test((err as Error).message)) {
            counts.failed++;
            failures.push(`${n}: ${(err as Error).message}`);
          } else counts.denied++;
        }
      }
    };
    const watcher = (async () => {
      while (Date.now() - start < 80_000) {
        const vwc = (await kube.get(VWCs, "metallb-webhook-configuration")) as { webhooks?: { clientConfig?: { caBundle?: string } }[] };
        const bundle = vwc.webhooks?.[0]?.clientConfig?.caBundle;
        if (bundle) caBundles.add(bundle);
        if (caBundles.size >= 2 && certChanges.filter((t) => t > start).length >= 3) return;
        await new Promise((r) => setTimeout(r, 500));
      }
    })();
    await Promise.all([worker(), worker(), worker(), watcher]);
    console.log(`rotation under traffic: ${JSON.stringify({ ...counts, servingCertificates: certChanges.filter((t) => t > start).length, caBundlesSeen: caBundles.size, seconds: Math.round((Date.now() - start) / 1000) })}`);
    expect(failures).toEqual([]);
    expect(certChanges.filter((t) => t > start).length).toBeGreaterThanOrEqual(3);
    expect(caBundles.size).toBeGreaterThanOrEqual(2);
    expect(counts.admitted + counts.denied).toBeGreaterThan(50);
  });

  test("bad-input sweep: 1,200 mutated objects are each admitted-and-valid or denied with a message; the webhooks survive", async () => {
    const random = prng(20250101);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
    const nasty: unknown[] = [
      "", "x", "192.0.2.1", "192.0.2.0/24", "2001:db8::/64", "192.0.2.9-192.0.2.1", "300.1.1.1/24", "::/0", "0s", "1s", "90s", "-5s", "1h",
      "large:1:2:3", "65536:1", "1:2", "In", "Exists", "Near", 0, -1, 1, 179, 70000, 4294967296, 2.5, true, false, null, [], {}, ["a", "a"],
      [{ matchLabels: { a: "b" } }, { matchLabels: { a: "b" } }], [{ matchExpressions: [{ key: "k", operator: "In", values: [] }] }], { a: "b" }, "a".repeat(300), "\n",
    ];
    const seeds: { resource: typeof Pools; obj: Obj }[] = [
      { resource: Pools, obj: pool("sweep", ["10.200.0.0/24"], { autoAssign: true, serviceAllocation: { priority: 1, namespaces: ["a"] } }) },
      { resource: PeersV2, obj: peer("sweep", { peerAddress: "198.51.100.200", holdTime: "90s", keepaliveTime: "30s", nodeSelectors: [{ matchLabels: { zone: "b" } }], routerID: "" }) },
      { resource: BGPAdvs, obj: bgpAdv("sweep", { ipAddressPools: ["first"], aggregationLength: 32, communities: ["64500:1"], localPref: 100, nodeSelectors: [{ matchLabels: { zone: "a" } }] }) },
      { resource: L2Advs, obj: l2Adv("sweep", { ipAddressPools: ["first"], interfaces: ["eth0"], preferredNodeSelectors: [{ weight: 10, preference: { matchLabels: { zone: "a" } } }] }) },
      { resource: Communities, obj: community("sweep", [{ name: "silver", value: "64500:2" }]) },
      { resource: BFDProfiles, obj: bfd("sweep") },
      { resource: FRRConfigs, obj: frrConfig("sweep", [{ asn: 64601, address: "192.0.2.77", holdTime: "90s", keepaliveTime: "30s", toAdvertise: { allowed: { mode: "filtered", prefixes: ["192.0.2.0/24"] } } }]) },
    ];
    // Mutate: set, delete or duplicate a random leaf (or container) of a deep copy.
    const mutate = (obj: Obj): Obj => {
      const copy = structuredClone(obj);
      const times = 1 + Math.floor(random() * 3);
      for (let t = 0; t < times; t++) {
        let node: unknown = copy["spec"];
        const path: (string | number)[] = [];
        while (typeof node === "object" && node !== null && random() < 0.7) {
          const keys = Array.isArray(node) ? node.map((_, k) => k) : Object.keys(node);
          if (keys.length === 0) break;
          const key = pick(keys as (string | number)[]);
          const child = (node as Record<string | number, unknown>)[key];
          if (typeof child !== "object" || child === null) {
            path.push(key);
            break;
          }
          path.push(key);
          node = child;
        }
        if (path.length === 0) path.push(pick(["addresses", "myASN", "peerAddress", "holdTime", "communities", "ipAddressPools", "nodeSelectors", "bgp", "receiveInterval"]));
        let parent = copy["spec"] as Record<string | number, unknown>;
        for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
        const last = path.at(-1) as string | number;
        const op = random();
        if (op < 0.15) delete parent[last];
        else if (op < 0.3 && Array.isArray(parent[last]) && (parent[last] as unknown[]).length > 0) (parent[last] as unknown[]).push((parent[last] as unknown[])[0]);
        else parent[last] = structuredClone(pick(nasty));
      }
      return copy;
    };
    const counts = { admitted: 0, deniedBySchema: 0, deniedByWebhook: 0, failures: 0 };
    const failures: string[] = [];
    // What is stored, per ClusterResources list, to re-check admitted objects offline.
    const LISTS = new Map<unknown, string>([[Pools, "pools"], [PeersV2, "peers"], [BGPAdvs, "bgpAdvertisements"], [L2Advs, "l2Advertisements"], [Communities, "communities"]]);
    // Right after CRDs change the API server may answer 503 "storage is (re)initializing": retry.
    const listNow = <T,>(f: () => Promise<T>) => waitFor(f, { timeoutMs: 60_000, what: "API server list" });
    const stored: Record<string, unknown[]> = { nodes: (await listNow(() => kube.list(NodeResource))).items };
    for (const [res, list] of LISTS) stored[list] = (await listNow(() => kube.list(res as typeof Pools, { namespace: NS }))).items;
    let next = 0;
    const total = 1200;
    const worker = async () => {
      while (next < total) {
        const n = next++;
        const seed = seeds[n % seeds.length] as (typeof seeds)[number];
        const obj = mutate(seed.obj);
        const started = Date.now();
        try {
          const admitted = (await kube.create(seed.resource, obj as KubeObject & Obj, { dryRun: true })) as Obj;
          counts.admitted++;
          // Admitted-and-valid: the admitted object passes the daemons' validation offline (transient
          // references aside, as admission blanks them), against what is stored.
          const list = LISTS.get(seed.resource);
          if (list !== undefined) {
            const errors = admissionErrors({ ...stored, [list]: [...(stored[list] ?? []), admitted] } as never, { validation: ValidationMode.FRRK8s });
            const mine = errors.filter((e) => e.object.name === "sweep");
            if (mine.length > 0) failures.push(`${n}: admitted an invalid ${String(seed.obj["kind"])}: ${mine.map((e) => e.message).join("; ")}`);
          }
          if (seed.resource === FRRConfigs) {
            const alone = apiToFRR({ frrConfigurations: withoutPasswordSecrets([admitted as never]), node: { name: "" }, secrets: new Map() }, { preselected: true });
            if (!alone.ok) failures.push(`${n}: admitted an invalid FRRConfiguration: ${alone.errors.map((e) => e.message).join("; ")}`);
          }
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          if (/denied the request: \S/.test(message)) counts.deniedByWebhook++;
          else if (err instanceof InvalidError || (err instanceof KubeApiError && /is invalid|Invalid value|Unsupported value|Required value|must be|should be/i.test(message))) counts.deniedBySchema++;
          else {
            counts.failures++;
            failures.push(`${n} (${String(seed.obj["kind"])}): ${message} ${JSON.stringify(obj["spec"])}`);
          }
        }
        if (Date.now() - started > 9_000) failures.push(`${n}: took ${Date.now() - started} ms`);
      }
    };
    const start = Date.now();
    await Promise.all(Array.from({ length: 6 }, worker));
    console.log(`bad-input sweep: ${JSON.stringify({ total, ...counts, seconds: Math.round((Date.now() - start) / 1000) })}`);
    expect(failures.slice(0, 10)).toEqual([]);
    expect(counts.admitted + counts.deniedBySchema + counts.deniedByWebhook).toBe(total);
    expect(counts.deniedByWebhook).toBeGreaterThan(100);
    expect(isAlive(frrPid)).toBe(true);
    expect(await httpsHealthy(frrPort)).toBe(true);
    expect(await httpsHealthy(metallb.port)).toBe(true);
  });
});

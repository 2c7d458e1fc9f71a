// Integration test against the real kube-apiserver (vitest project "e2e"): the generated CRDs install,
// the API server and our zod schemas agree on what is valid, on the field path of what is not, and on
// the defaults they fill in; the example manifests apply with kubectl and parse with our schemas.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { parseAllDocuments, stringify } from "yaml";
import { customResourceDefinitions, kinds, parseObject } from "./index.js";
import type { ResourceInfo } from "./index.js";
import { invalidCases, validCases } from "./testdata/kind-cases.js";
import type { Manifest } from "./testdata/kind-cases.js";

declare module "vitest" {
  export interface ProvidedContext {
    kubeconfigPath: string;
  }
}

const repoRoot = join(import.meta.dirname, "..", "..", "..");
const examplesDir = join(import.meta.dirname, "..", "testdata", "examples");
const suffix = Date.now().toString(36);
const namespace = `api-crds-${suffix}`;

interface Run {
  ok: boolean;
  stdout: string;
  stderr: string;
}

function kubectl(args: string[], input?: string): Run {
  const result = spawnSync("kubectl", ["--kubeconfig", inject("kubeconfigPath"), ...args], {
    input,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  return { ok: result.status === 0, stdout: result.stdout, stderr: result.stderr };
}

function mustKubectl(args: string[], input?: string): string {
  const run = kubectl(args, input);
  if (!run.ok) throw new Error(`kubectl ${args.join(" ")} failed: ${run.stderr}`);
  return run.stdout;
}

function resourceOf(object: Manifest): ResourceInfo {
  const entry = kinds.find((k) => k.resource.apiVersion === object.apiVersion && k.resource.kind === object.kind);
  if (entry === undefined) throw new Error(`no kind for ${object.apiVersion} ${object.kind}`);
  return entry.resource;
}

/** `plural.version.group`, so kubectl reads the object in the version the manifest was written in. */
function qualified(resource: ResourceInfo): string {
  return `${resource.plural}.${resource.version}.${resource.group}`;
}

/** Cluster-scoped names are shared by every run against the same API server: make them unique. */
const clusterScoped: string[] = [];
function placed(object: Manifest): Manifest {
  if (resourceOf(object).namespaced) return object;
  const name = `${object.metadata.name}-${suffix}`;
  clusterScoped.push(`${qualified(resourceOf(object))}/${name}`);
  return { ...object, metadata: { ...object.metadata, name } };
}

function get(object: Manifest): Record<string, unknown> {
  return JSON.parse(mustKubectl(["get", "-n", namespace, qualified(resourceOf(object)), object.metadata.name, "-o", "json"])) as Record<string, unknown>;
}

function withoutStatus(object: Manifest): Manifest {
  const { status: _status, ...rest } = object;
  return rest as Manifest;
}

function patchStatus(object: Manifest): Run {
  return kubectl([
    "patch", "-n", namespace, qualified(resourceOf(object)), object.metadata.name,
    "--subresource=status", "--type=merge", "-p", JSON.stringify({ status: object["status"] }),
  ]);
}

/** What our schema says the server should store for `object` (spec and status). */
function expectedByZod(object: Manifest): { spec: unknown; status: unknown } {
  const parsed = parseObject(object);
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join("\n"));
  const stored = parsed.object as { spec?: unknown; status?: unknown };
  return { spec: stored.spec, status: stored.status };
}

beforeAll(() => {
  mustKubectl(["apply", "--server-side", "--force-conflicts", "-f", join(repoRoot, "crds")]);
  mustKubectl(["wait", "--for=condition=Established", "--timeout=60s", "crd", "--all"]);
  mustKubectl(["create", "namespace", namespace]);
});

afterAll(() => {
  kubectl(["delete", "namespace", namespace, "--wait=false"]);
  for (const ref of clusterScoped) kubectl(["delete", ref, "--ignore-not-found", "--wait=false"]);
});

test("every generated CRD is Established", () => {
  for (const crd of customResourceDefinitions()) {
    const name = (crd["metadata"] as { name: string }).name;
    const live = JSON.parse(mustKubectl(["get", "crd", name, "-o", "json"])) as { status?: { conditions?: { type: string; status: string }[] } };
    expect(live.status?.conditions?.find((c) => c.type === "Established")?.status, name).toBe("True");
  }
});

describe("valid objects are accepted and stored with the defaults our schema computes", () => {
  test.for(validCases)("$name", ({ object }) => {
    const manifest = placed(object);
    const created = JSON.parse(mustKubectl(["create", "-n", namespace, "-o", "json", "-f", "-"], JSON.stringify(manifest))) as Manifest;
    expect(created["spec"]).toEqual(expectedByZod(manifest).spec);
    const reparsed = parseObject(created, { strict: true });
    expect(reparsed.ok ? [] : reparsed.errors.map((e) => e.message)).toEqual([]);
  });
});

describe("invalid objects are rejected by the API server and by parseObject, at the same field path", () => {
  test.for(invalidCases)("$name", ({ object, path, rule, status }) => {
    const manifest = placed(object);
    const zod = parseObject(manifest);
    const zodIssue = zod.ok ? undefined : zod.errors.find((e) => e.path === path && e.rule === rule);
    expect(zodIssue, "parseObject issue").toBeDefined();

    let run: Run;
    if (status === true) {
      mustKubectl(["create", "-n", namespace, "-f", "-"], JSON.stringify(withoutStatus(manifest)));
      run = patchStatus(manifest);
    } else {
      run = kubectl(["create", "-n", namespace, "-f", "-"], JSON.stringify(manifest));
    }
    expect(run.ok, run.stdout).toBe(false);
    expect(run.stderr).toContain(`${path}: `);
    // CEL rules carry the same message on both sides.
    if (rule.startsWith("cel:")) expect(run.stderr).toContain(zodIssue?.detail);
  });
});

describe("transition rules (oldSelf) only the API server can check", () => {
  test("ServiceL2Status status.node is immutable", () => {
    const object = placed({ apiVersion: "metallb.io/v1beta1", kind: "ServiceL2Status", metadata: { name: "immutable-node" }, spec: {} });
    mustKubectl(["create", "-n", namespace, "-f", "-"], JSON.stringify(object));
    expect(patchStatus({ ...object, status: { node: "a", serviceName: "s", serviceNamespace: "n" } }).ok).toBe(true);
    const run = patchStatus({ ...object, status: { node: "b" } });
    expect(run.ok).toBe(false);
    expect(run.stderr).toContain("status.node: Invalid value");
    expect(run.stderr).toContain("Value is immutable");
  });

  test("BGPPeer enableGracefulRestart cannot change once set", () => {
    const object = placed({ apiVersion: "metallb.io/v1beta2", kind: "BGPPeer", metadata: { name: "graceful" }, spec: { myASN: 1, peerASN: 2, peerAddress: "192.0.2.1", enableGracefulRestart: true } });
    mustKubectl(["create", "-n", namespace, "-f", "-"], JSON.stringify(object));
    const run = kubectl(["patch", "-n", namespace, "bgppeers.v1beta2.metallb.io", "graceful", "--type=merge", "-p", '{"spec":{"enableGracefulRestart":false}}']);
    expect(run.ok).toBe(false);
    expect(run.stderr).toContain("EnableGracefulRestart cannot be changed after creation");
  });
});

describe("example manifests (testdata/examples) apply with kubectl and parse with our schemas", () => {
  const documents = readdirSync(examplesDir)
    .filter((f) => f.endsWith(".yaml"))
    .flatMap((file) => parseAllDocuments(readFileSync(join(examplesDir, file), "utf8")).map((doc) => ({ file, object: doc.toJS() as Manifest })));

  test.for(readdirSync(examplesDir).filter((f) => f.endsWith(".yaml")))("kubectl apply -f %s", (file) => {
    const path = join(examplesDir, file);
    const objects = parseAllDocuments(readFileSync(path, "utf8")).map((doc) => doc.toJS() as Manifest);
    if (objects.every((o) => resourceOf(o).namespaced)) {
      mustKubectl(["apply", "-n", namespace, "-f", path]);
    } else {
      // Cluster-scoped documents get a unique name: apply the rewritten multi-document stream.
      mustKubectl(["apply", "-n", namespace, "-f", "-"], objects.map((o) => stringify(placed(o))).join("---\n"));
    }
  });

  test.for(documents.map(({ file, object }) => ({ file, name: `${object.kind} ${object.metadata.name}`, object })))(
    "$file: $name reads back as our schema computes",
    ({ object }) => {
      const manifest = placed(object);
      const want = expectedByZod(manifest);
      if (want.status !== undefined) expect(patchStatus(manifest).ok).toBe(true);
      const live = get(manifest);
      expect(live["spec"]).toEqual(want.spec);
      expect(live["status"]).toEqual(want.status);
      const reparsed = parseObject(live, { strict: true });
      expect(reparsed.ok ? [] : reparsed.errors.map((e) => e.message)).toEqual([]);
    },
  );
});

// vitest global setup for the e2e project: one real etcd + kube-apiserver for the whole run, with
// crds/ installed. Tests get the kubeconfig path with inject("kubeconfigPath").
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { repoRoot, startControlPlane, stopControlPlane, usePinnedKubectl, type ControlPlane } from "./lab/index.js";

declare module "vitest" {
  export interface ProvidedContext {
    kubeconfigPath: string;
    controlPlane: ControlPlane;
  }
}

let cp: ControlPlane | undefined;

export async function setup(project: TestProject): Promise<void> {
  usePinnedKubectl(); // test workers inherit PATH: `kubectl` is the pinned v1.34 everywhere
  cp = await startControlPlane({ crdsDir: join(repoRoot, "crds") });
  project.provide("kubeconfigPath", cp.kubeconfigPath);
  project.provide("controlPlane", cp);
}

export async function teardown(): Promise<void> {
  if (cp) await stopControlPlane(cp, process.env["METALLB_TS_KEEP_CLUSTER"] === "1");
}

// Where hack/build-bins.sh put the control-plane binaries (keyed by hack/versions.env).
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

export const repoRoot = new URL("../../../", import.meta.url).pathname.replace(/\/$/, "");

export function pinnedVersions(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(join(repoRoot, "hack/versions.env"), "utf8").split("\n")) {
    const m = /^([A-Z0-9_]+)=(\S+)/.exec(line.trim());
    if (m) out[m[1] as string] = m[2] as string;
  }
  return out;
}

export function binCacheDir(): string {
  return process.env["METALLB_TS_BIN_CACHE"] ?? join(process.env["XDG_CACHE_HOME"] ?? join(homedir(), ".cache"), "metallb-ts", "bins");
}

export function binaryPath(name: "etcd" | "kube-apiserver" | "kubectl" | "helm"): string {
  const v = pinnedVersions();
  const sub = { etcd: `etcd-${v["ETCD_VERSION"]}`, "kube-apiserver": `kube-${v["K8S_VERSION"]}`, kubectl: `kube-${v["K8S_VERSION"]}`, helm: `helm-${v["HELM_VERSION"]}` }[name];
  const p = join(binCacheDir(), sub, name);
  if (!existsSync(p)) throw new Error(`${name} not found at ${p}: run 'bash hack/setup.sh' (builds it from the Go module proxy)`);
  return p;
}

/** Puts the pinned kubectl (same version as the apiserver) first on PATH for this process and its children. */
export function usePinnedKubectl(): void {
  const dir = binaryPath("kubectl").replace(/\/kubectl$/, "");
  if (!(process.env["PATH"] ?? "").split(":").includes(dir)) process.env["PATH"] = `${dir}:${process.env["PATH"] ?? ""}`;
}

// hack/cluster.sh and hack/lab.sh entry point: start/stop a detached control plane or lab by hand.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { installCrds, readControlPlaneState, startControlPlane, stopControlPlane } from "./control-plane.js";
import { repoRoot } from "./binaries.js";
import { Lab } from "./netlab.js";

const STATE = process.env["METALLB_TS_STATE_DIR"] ?? "/tmp/metallb-ts-dev";
const cpDir = join(STATE, "cluster");
const labPointer = join(STATE, "lab-dir");

async function main(argv: string[]): Promise<number> {
  const [what, verb, ...rest] = argv;
  if (what === "cluster") {
    if (verb === "up") {
      if (existsSync(join(cpDir, "state.json"))) {
        console.log(readControlPlaneState(cpDir).kubeconfigPath);
        return 0;
      }
      const cp = await startControlPlane({ dir: cpDir, detached: true, crdsDir: join(repoRoot, "crds") });
      console.log(cp.kubeconfigPath);
      return 0;
    }
    if (verb === "down") {
      if (existsSync(join(cpDir, "state.json"))) await stopControlPlane(readControlPlaneState(cpDir));
      return 0;
    }
    if (verb === "kubeconfig") {
      if (!existsSync(join(cpDir, "state.json"))) throw new Error("no cluster: run hack/cluster.sh up");
      console.log(readControlPlaneState(cpDir).kubeconfigPath);
      return 0;
    }
    if (verb === "crds") {
      installCrds(readControlPlaneState(cpDir), join(repoRoot, "crds"));
      return 0;
    }
  }
  if (what === "lab") {
    if (verb === "up") {
      const nodes = Number(rest[0] ?? "2");
      const lab = await Lab.create({ nodes, routers: 1, detached: true });
      const { writeFileSync, mkdirSync } = await import("node:fs");
      mkdirSync(STATE, { recursive: true });
      writeFileSync(labPointer, lab.state.dir);
      for (const h of lab.hosts) console.log(`${h.name}\tnetns=${h.netns}\t${h.ipv4}\t${h.ipv6}\tvtysh --vty_socket ${h.runDir}`);
      return 0;
    }
    if (verb === "down") {
      if (existsSync(labPointer)) await Lab.attach(readFileSync(labPointer, "utf8").trim()).teardown();
      return 0;
    }
  }
  console.error("usage: cli.ts cluster up|down|kubeconfig|crds | lab up [NODES]|down");
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`error: ${err.message}`);
    process.exit(1);
  },
);

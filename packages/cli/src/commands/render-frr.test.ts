import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import type { CliIO } from "../io.js";
import { main } from "../main.js";

const TESTDATA = new URL("../../testdata/render-frr/", import.meta.url).pathname;
const fixture = (name: string): string => `${TESTDATA}${name}`;

async function cli(argv: string[], stdin = ""): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: CliIO = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), readStdin: () => stdin };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

describe("metallb-ts render frr", () => {
  test("merges the configurations selecting the node, with secrets, and notes ignored namespaces", async () => {
    const res = await cli(["render", "frr", "--node", "worker-1", "-f", fixture("cluster/cluster.yaml"), "-f", fixture("cluster/frr-configurations.yaml")]);
    expect(res.code).toBe(0);
    expect(res.stderr).toBe(
      `note: ${fixture("cluster/frr-configurations.yaml")}#4: ignoring FRRConfiguration default/elsewhere: only FRRConfigurations in namespace frr-k8s-system are read\n`,
    );
    await expect(res.stdout).toMatchFileSnapshot(fixture("worker-1.golden"));
  });

  test("another node gets the configurations its labels select", async () => {
    const res = await cli(["render", "frr", "--node=worker-2", "-f", fixture("cluster")]);
    expect(res.code).toBe(0);
    await expect(res.stdout).toMatchFileSnapshot(fixture("worker-2.golden"));
  });

  test("--namespace picks the FRRConfigurations and the log level of that namespace; - reads stdin", async () => {
    const stdin = readFileSync(fixture("custom-namespace.yaml"), "utf8");
    const res = await cli(["render", "frr", "--node", "worker-1", "--namespace", "bgp-system", "-f", fixture("cluster/cluster.yaml"), "-f", "-"], stdin);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain("log stdout debugging\n");
    expect(res.stdout).toContain("router bgp 64600\n");
    expect(res.stdout).toContain("  bgp router-id 192.0.2.1\n");
  });

  test("a merge conflict exits 1 and names both objects, the field and both values", async () => {
    const res = await cli(["render", "frr", "--node", "worker-1", "-f", fixture("cluster/cluster.yaml"), "-f", fixture("conflict.yaml")]);
    expect(res.code).toBe(1);
    expect(res.stdout).toBe("");
    expect(res.stderr).toBe(
      "metallb-ts render frr: cannot build the FRR configuration of node worker-1:\n" +
        "  FRRConfiguration frr-k8s-system/fast-timers spec.bgp.routers[0].neighbors[0].holdTime = 9s conflicts with FRRConfiguration frr-k8s-system/slow-timers spec.bgp.routers[0].neighbors[0].holdTime = 90s: multiple hold times specified for 198.51.100.2\n" +
        "  FRRConfiguration frr-k8s-system/fast-timers spec.bgp.routers[0].neighbors[0].keepaliveTime = 3s conflicts with FRRConfiguration frr-k8s-system/slow-timers spec.bgp.routers[0].neighbors[0].keepaliveTime = 30s: multiple keepalive times specified for 198.51.100.2\n",
    );
  });

  test.for([
    { name: "schema violation", files: ["cluster/cluster.yaml", "invalid.yaml"], want: /invalid input:\n {2}.*invalid\.yaml#1: FRRConfiguration frr-k8s-system\/bad-port: spec\.bgp\.routers\[0\]\.neighbors\[0\]\.port: 70000 is out of range/ },
    { name: "node missing from the input", files: ["cluster/frr-configurations.yaml"], want: /node "worker-1" is not in the input/ },
    { name: "the same object twice", files: ["cluster/cluster.yaml", "conflict.yaml", "conflict.yaml"], want: /conflict\.yaml#1: FRRConfiguration frr-k8s-system\/slow-timers: metadata\.name: duplicate object \(also in .*conflict\.yaml#1\)/ },
  ])("$name: exit 1", async ({ files, want }) => {
    const res = await cli(["render", "frr", "--node", "worker-1", ...files.flatMap((f) => ["-f", fixture(f)])]);
    expect(res.code).toBe(1);
    expect(res.stdout).toBe("");
    expect(res.stderr).toMatch(want);
  });

  test("a secret that does not exist is reported with the neighbor that needs it", async () => {
    const res = await cli(["render", "frr", "--node", "worker-1", "-f", "-", "-f", fixture("cluster/frr-configurations.yaml")], readFileSync(fixture("cluster/cluster.yaml"), "utf8").replace("name: tor-password", "name: other"));
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("FRRConfiguration frr-k8s-system/advertise-community spec.bgp.routers[0].neighbors[0].passwordSecret: failed to process neighbor 64513@198.51.100.2 for router 64512-: secret tor-password not found for neighbor 64513@198.51.100.2");
  });

  test.for([
    { argv: ["-f", "x.yaml"], want: "--node is required" },
    { argv: ["--node", "n", "extra"], want: 'unexpected argument "extra"' },
    { argv: ["--node", "n", "--bogus"], want: "unknown flag --bogus" },
  ])("usage error $argv: exit 2", async ({ argv, want }) => {
    const res = await cli(["render", "frr", ...argv]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(want);
    expect(res.stderr).toContain("usage: metallb-ts render frr --node NAME [--namespace NS] -f PATH...");
  });
});

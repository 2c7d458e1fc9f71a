import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { parse } from "yaml";
import type { CliIO } from "../io.js";
import { main } from "../main.js";

const TESTDATA = fileURLToPath(new URL("../../testdata/allocate/", import.meta.url));
const REPO = fileURLToPath(new URL("../../../../", import.meta.url));

async function allocate(argv: string[], stdin = ""): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: CliIO = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), readStdin: () => stdin };
  const code = await main(["allocate", ...argv], io);
  return { code, stdout, stderr };
}

const pool = (addresses: string[], extra = "") => `apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata: { name: p, namespace: metallb-system }
spec: { addresses: ${JSON.stringify(addresses)}${extra} }
`;

const service = (name: string, extra = "", status = "") => `---
apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: default }
spec: { type: LoadBalancer, clusterIPs: ["10.96.0.1"], ports: [{ port: 80 }]${extra} }
${status}
`;

describe("metallb-ts allocate", () => {
  test("a directory of pools, namespaces and Services (json, the default)", async () => {
    const r = await allocate(["-f", `${TESTDATA}cluster`]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    await expect(r.stdout).toMatchFileSnapshot("../../testdata/allocate/cluster.golden.json");
  });

  test("yaml output carries the same report", async () => {
    const json = await allocate(["-f", `${TESTDATA}cluster`]);
    const yaml = await allocate(["--output=yaml", "--file", `${TESTDATA}cluster`]);
    expect(yaml.code).toBe(0);
    expect(parse(yaml.stdout)).toEqual(JSON.parse(json.stdout));
  });

  test.for([
    {
      desc: "existing ingress is claimed before earlier-listed new Services",
      input: pool(["10.0.0.0/31"]) + service("new") + service("old", "", "status: { loadBalancer: { ingress: [{ ip: 10.0.0.0 }] } }"),
      want: [
        { namespace: "default", name: "new", ips: ["10.0.0.1"], pool: "p" },
        { namespace: "default", name: "old", ips: ["10.0.0.0"], pool: "p" },
      ],
    },
    {
      desc: "two Services claiming one IP: the first keeps it, the second is allocated anew",
      input:
        pool(["10.0.0.0/30"]) +
        service("a", "", "status: { loadBalancer: { ingress: [{ ip: 10.0.0.2 }] } }") +
        service("b", "", "status: { loadBalancer: { ingress: [{ ip: 10.0.0.2 }] } }"),
      want: [
        { namespace: "default", name: "a", ips: ["10.0.0.2"], pool: "p" },
        { namespace: "default", name: "b", ips: ["10.0.0.0"], pool: "p" },
      ],
    },
    {
      desc: "a claimed IP that differs from the requested one is given up for the request",
      input: pool(["10.0.0.0/30"]) + service("a", ", loadBalancerIP: 10.0.0.3", "status: { loadBalancer: { ingress: [{ ip: 10.0.0.1 }] } }"),
      want: [{ namespace: "default", name: "a", ips: ["10.0.0.3"], pool: "p" }],
    },
    {
      desc: "a Service without ClusterIPs is reported",
      input: pool(["10.0.0.0/30"]) + "---\napiVersion: v1\nkind: Service\nmetadata: { name: x }\nspec: { type: LoadBalancer }\n",
      want: [{ namespace: "default", name: "x", error: "service has no ClusterIPs" }],
    },
    {
      desc: "no pools: every Service fails",
      input: service("a"),
      want: [{ namespace: "default", name: "a", error: "no available IPs" }],
    },
  ])("$desc (stdin)", async ({ input, want }) => {
    const r = await allocate(["-f", "-"], input);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ services: want });
  });

  test.for([
    {
      desc: "a range whose start is after its end",
      argv: ["-f", `${TESTDATA}invalid/pools.yaml`],
      stderr: `metallb-ts allocate: invalid input:\n  ${TESTDATA}invalid/pools.yaml#1: IPAddressPool metallb-system/pool-a: spec.addresses[2]: "10.0.0.1-10.0.0.0" is not a valid range: start is after end\n`,
    },
    {
      desc: "overlapping pools",
      argv: ["-f", `${TESTDATA}invalid/overlap.yaml`],
      stderr:
        'metallb-ts allocate: invalid input:\n  IPAddressPool metallb-system/b: spec.addresses[0]: "10.0.0.128/25" overlaps with "10.0.0.0/24" (spec.addresses[0] of IPAddressPool metallb-system/a)\n',
    },
    {
      desc: "a Service field of the wrong type",
      argv: ["-f", "-"],
      stdin: "apiVersion: v1\nkind: Service\nmetadata: { name: s, namespace: default }\nspec: { type: LoadBalancer, ports: [{ port: 99999 }] }\n",
      stderr: "metallb-ts allocate: invalid input:\n  <stdin>#1: Service default/s: spec.ports[0].port: 99999 is out of range: must be <= 65535\n",
    },
    {
      desc: "the same Service twice",
      argv: ["-f", "-"],
      stdin: service("a") + service("a"),
      stderr: "metallb-ts allocate: invalid input:\n  <stdin>#2: Service default/a: metadata.name: duplicate object (also in <stdin>#1)\n",
    },
    { desc: "a missing file", argv: ["-f", `${TESTDATA}nope.yaml`], stderr: `metallb-ts allocate: invalid input:\n  ${TESTDATA}nope.yaml: no such file or directory\n` },
  ])("invalid input: $desc (exit 1)", async ({ argv, stdin, stderr }) => {
    const r = await allocate(argv, stdin ?? "");
    expect(r).toEqual({ code: 1, stdout: "", stderr });
  });

  test.for([
    { argv: [], want: "no input: pass -f PATH" },
    { argv: ["-f", "x", "-o", "table"], want: '-o must be json or yaml, not "table"' },
    { argv: ["-f", "x", "extra"], want: 'unexpected argument "extra"' },
    { argv: ["--node", "x"], want: "unknown flag --node" },
  ])("usage error $argv (exit 2)", async ({ argv, want }) => {
    const r = await allocate(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`metallb-ts allocate: ${want}\nusage: metallb-ts allocate`);
  });

  test("--help", async () => {
    const r = await allocate(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("usage: metallb-ts allocate -f PATH... [-o json|yaml]");
  });
});

// The built CLI gives the same report as the in-process run. The test builds it (tsc -b is incremental,
// so this is quick when the build is current) rather than trusting a possibly stale dist/.
test("the built binary prints the same report", { timeout: 120_000 }, async () => {
  const build = spawnSync(process.execPath, [`${REPO}node_modules/typescript/bin/tsc`, "-b", `${REPO}packages/cli`], { encoding: "utf8" });
  expect(build.stdout + build.stderr).toBe("");
  const bin = `${REPO}packages/cli/bin/metallb-ts.js`;
  const r = spawnSync(process.execPath, [bin, "allocate", "-f", "-", "-o", "yaml"], {
    input: readFileSync(`${TESTDATA}cluster/10-pools.yaml`, "utf8") + "\n---\n" + readFileSync(`${TESTDATA}cluster/30-services.yaml`, "utf8"),
    encoding: "utf8",
  });
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  const inProcess = await allocate(["-f", `${TESTDATA}cluster/10-pools.yaml`, "-f", `${TESTDATA}cluster/30-services.yaml`]);
  expect(parse(r.stdout)).toEqual(JSON.parse(inProcess.stdout));
});

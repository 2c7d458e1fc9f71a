import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { parse } from "yaml";
import type { CliIO } from "../io.js";
import { run } from "./render-speaker.js";

const TESTDATA = fileURLToPath(new URL("../../testdata/render-speaker/", import.meta.url));

async function render(argv: string[], stdin = ""): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: CliIO = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), readStdin: () => stdin };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}

describe("metallb-ts render speaker", () => {
  test("renders worker-1 from a directory (yaml by default)", async () => {
    const r = await render(["--node", "worker-1", "-f", `${TESTDATA}cluster`]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("ignoring IPAddressPool default/stray");
    await expect(r.stdout).toMatchFileSnapshot("../../testdata/render-speaker/worker-1.golden.yaml");
  });

  test("json output carries the same object", async () => {
    const yaml = await render(["--node", "worker-1", "-f", `${TESTDATA}cluster`]);
    const json = await render(["--node=worker-1", "-o", "json", "-f", `${TESTDATA}cluster`]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(parse(yaml.stdout));
  });

  test("namespaces: frr-k8s in the metallb namespace passes secrets through", async () => {
    const r = await render(["--node", "worker-1", "--frr-k8s-namespace", "metallb-system", "-o", "json", "-f", `${TESTDATA}cluster`]);
    const obj = JSON.parse(r.stdout) as { metadata: { namespace: string }; spec: { bgp: { routers: { neighbors: { address: string; passwordSecret: unknown; password?: string }[] }[] } } };
    expect(obj.metadata.namespace).toBe("metallb-system");
    const tor = obj.spec.bgp.routers[0]?.neighbors.find((n) => n.address === "198.51.100.1");
    expect(tor).toMatchObject({ passwordSecret: { name: "tor-auth", namespace: "metallb-system" } });
    expect(tor?.password).toBeUndefined();
  });

  test("a node whose peer is invalid fails; the error names object, field and rule", async () => {
    const r = await render(["--node", "worker-2", "-f", `${TESTDATA}cluster`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('BGPPeer metallb-system/tor-r2: spec.holdTime: invalid BGPPeer timers: invalid hold time "1s": must be 0 or >=3s');
    expect(r.stdout).toBe("");
  });

  test("every invalid peer is listed", async () => {
    const r = await render(["--node", "worker-1", "-f", `${TESTDATA}invalid.yaml`]);
    expect(r.code).toBe(1);
    expect(r.stderr.split("\n").filter((l) => l.startsWith("  "))).toEqual([
      '  BGPPeer metallb-system/bad-timers: spec.holdTime: invalid BGPPeer timers: invalid hold time "2s": must be 0 or >=3s',
      "  BGPPeer metallb-system/no-asn: spec.peerASN: missing peer ASN and dynamicASN",
    ]);
  });

  test("reads stdin, defaults the namespace of namespace-less MetalLB objects", async () => {
    const stdin = [
      "apiVersion: v1\nkind: Node\nmetadata: {name: n1}",
      "apiVersion: metallb.io/v1beta2\nkind: BGPPeer\nmetadata: {name: p}\nspec: {myASN: 1, peerASN: 2, peerAddress: 192.0.2.1}",
    ].join("\n---\n");
    const r = await render(["--node", "n1", "--namespace", "lb", "-f", "-"], stdin);
    expect(r.code).toBe(0);
    expect(parse(r.stdout)).toMatchObject({ metadata: { name: "metallb-n1", namespace: "frr-k8s-system" }, spec: { bgp: { routers: [{ asn: 1, neighbors: [{ asn: 2 }] }] } } });
  });

  test.for([
    { name: "missing --node", argv: ["-f", "x"], code: 2 },
    { name: "unknown output", argv: ["--node", "n", "-o", "xml", "-f", "x"], code: 2 },
    { name: "unknown flag", argv: ["--node", "n", "--frob", "-f", "x"], code: 2 },
    { name: "missing file", argv: ["--node", "n", "-f", "/nonexistent/x.yaml"], code: 1 },
  ])("usage errors: $name", async ({ argv, code }) => {
    expect((await render(argv)).code).toBe(code);
  });

  // Every input goes through the api schema first, so a wrongly typed field is named with its rule
  // instead of surfacing later as a confusing config error (or not at all).
  const node = "apiVersion: v1\nkind: Node\nmetadata: {name: n1}";
  test.for([
    {
      name: "a string where the schema wants an integer",
      doc: "apiVersion: metallb.io/v1beta2\nkind: BGPPeer\nmetadata: {name: p}\nspec: {myASN: '64512', peerASN: 2, peerAddress: 192.0.2.1}",
      line: "<stdin>#2: BGPPeer lb/p: spec.myASN: expected number, got string \"64512\"",
    },
    {
      name: "a port out of range",
      doc: "apiVersion: metallb.io/v1beta2\nkind: BGPPeer\nmetadata: {name: p, namespace: lb}\nspec: {myASN: 1, peerASN: 2, peerAddress: 192.0.2.1, peerPort: 20000}",
      line: "<stdin>#2: BGPPeer lb/p: spec.peerPort: 20000 is out of range: must be <= 16384",
    },
    {
      name: "a pool without addresses",
      doc: "apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata: {name: a}\nspec: {autoAssign: true}",
      line: "<stdin>#2: IPAddressPool lb/a: spec.addresses: required field is missing",
    },
    {
      name: "a peer without spec",
      doc: "apiVersion: metallb.io/v1beta1\nkind: BGPPeer\nmetadata: {name: old}",
      line: "<stdin>#2: BGPPeer lb/old: spec: required field is missing",
    },
    {
      name: "an object without a name",
      doc: "apiVersion: metallb.io/v1beta1\nkind: L2Advertisement\nmetadata: {namespace: lb}",
      line: "<stdin>#2: L2Advertisement: metadata.name: required field is missing",
    },
    {
      name: "the same peer as v1beta1 and v1beta2",
      doc:
        "apiVersion: metallb.io/v1beta1\nkind: BGPPeer\nmetadata: {name: p}\nspec: {myASN: 1, peerASN: 2, peerAddress: 192.0.2.1}\n---\n" +
        "apiVersion: metallb.io/v1beta2\nkind: BGPPeer\nmetadata: {name: p, namespace: lb}\nspec: {myASN: 1, peerASN: 2, peerAddress: 192.0.2.1}",
      line: "<stdin>#3: BGPPeer lb/p: metadata.name: duplicate object (also in <stdin>#2)",
    },
  ])("invalid input: $name (exit 1, object, field and rule)", async ({ doc, line }) => {
    const r = await render(["--node", "n1", "--namespace", "lb", "-f", "-"], `${node}\n---\n${doc}`);
    expect(r).toEqual({ code: 1, stdout: "", stderr: `metallb-ts render speaker: invalid input:\n  ${line}\n` });
  });

  test("objects of other namespaces are ignored before they are parsed", async () => {
    const stray = "apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata: {name: x, namespace: elsewhere}\nspec: {addresses: 7}";
    const r = await render(["--node", "n1", "--namespace", "lb", "-f", "-"], `${node}\n---\n${stray}`);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("warning: <stdin>#2: ignoring IPAddressPool elsewhere/x: MetalLB only reads objects in namespace lb\n");
  });

  test("the node must be among the inputs", async () => {
    const r = await render(["--node", "worker-9", "-f", `${TESTDATA}cluster`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Node "worker-9" is not among the inputs');
  });
});

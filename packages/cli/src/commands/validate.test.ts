import { describe, expect, test } from "vitest";
import type { CliIO } from "../io.js";
import { main } from "../main.js";

async function cli(argv: string[], stdin = ""): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: CliIO = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), readStdin: () => stdin };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

const VALID = `
apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata: {name: public, namespace: metallb-system}
spec: {addresses: [192.0.2.0/25, 2001:db8::/120]}
---
apiVersion: metallb.io/v1beta2
kind: BGPPeer
metadata: {name: uplink, namespace: metallb-system}
spec: {myASN: 64500, peerASN: 64501, peerAddress: 198.51.100.1, bfdProfile: fast, passwordSecret: {name: uplink-pw}}
---
apiVersion: v1
kind: Secret
metadata: {name: uplink-pw, namespace: metallb-system}
type: kubernetes.io/basic-auth
stringData: {password: s3cret}
---
apiVersion: metallb.io/v1beta1
kind: BFDProfile
metadata: {name: fast, namespace: metallb-system}
spec: {receiveInterval: 300}
---
apiVersion: metallb.io/v1beta1
kind: Community
metadata: {name: communities}
spec: {communities: [{name: gold, value: "64500:100"}]}
---
apiVersion: metallb.io/v1beta1
kind: BGPAdvertisement
metadata: {name: public, namespace: metallb-system}
spec: {ipAddressPools: [public], communities: [gold]}
---
apiVersion: metallb.io/v1beta1
kind: L2Advertisement
metadata: {name: public, namespace: metallb-system}
spec: {ipAddressPools: [public]}
---
apiVersion: v1
kind: Node
metadata: {name: worker-1, labels: {zone: a}}
---
apiVersion: frrk8s.metallb.io/v1beta1
kind: FRRConfiguration
metadata: {name: extra, namespace: frr-k8s-system}
spec: {bgp: {routers: [{asn: 64500, neighbors: [{asn: 64510, address: 203.0.113.1}]}]}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: unrelated}
`;

describe("metallb-ts validate", () => {
  test("a valid set: exit 0, other kinds are skipped with a note", async () => {
    const res = await cli(["validate", "-f", "-"], VALID);
    expect(res).toEqual({ code: 0, stdout: "9 object(s) valid\n", stderr: "note: skipped 1 object(s) of kinds validate does not read\n" });
  });

  test("every error of every stage and every node, with source, object, field and rule", async () => {
    const bad = `${VALID}
---
apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata: {name: overlapping, namespace: metallb-system}
spec: {addresses: [192.0.2.64/26]}
---
apiVersion: metallb.io/v1beta2
kind: BGPPeer
metadata: {name: short-hold, namespace: metallb-system}
spec: {myASN: 64500, peerASN: 64501, peerAddress: 198.51.100.2, holdTime: 2s}
---
apiVersion: metallb.io/v1beta1
kind: L2Advertisement
metadata: {name: typo, namespace: metallb-system}
spec: {ipAddresPools: [public]}
---
apiVersion: metallb.io/v1beta1
kind: BFDProfile
metadata: {name: elsewhere, namespace: default}
---
apiVersion: frrk8s.metallb.io/v1beta1
kind: FRRConfiguration
metadata: {name: conflicting, namespace: frr-k8s-system}
spec: {nodeSelector: {matchLabels: {zone: a}}, bgp: {routers: [{asn: 64999}]}}
`;
    const res = await cli(["validate", "-f", "-"], bad);
    expect(res.code).toBe(1);
    const lines = res.stdout.trim().split("\n");
    expect(lines).toEqual([
      "error: <stdin>#13: L2Advertisement metallb-system/typo: spec.ipAddresPools: unknown field \"ipAddresPools\" (rule: unknown-field)",
      "error: <stdin>#14: BFDProfile default/elsewhere: metadata.namespace: resource must be created in metallb-system namespace (rule: namespace)",
      "error: <stdin>#12: BGPPeer metallb-system/short-hold: spec.holdTime: invalid BGPPeer timers: invalid hold time \"2s\": must be 0 or >=3s (rule: timers)",
      'error: <stdin>#1: IPAddressPool metallb-system/public: spec.addresses[0]: CIDR "192.0.2.0/25" in pool "public" overlaps with already defined CIDR "192.0.2.64/26" (pool "overlapping") (rule: overlap)',
      expect.stringMatching(/^error: node worker-1: FRRConfiguration frr-k8s-system\/conflicting spec\.bgp\.routers\[0\]\.asn = 64999 conflicts with FRRConfiguration frr-k8s-system\/extra spec\.bgp\.routers\[0\]\.asn = 64500: different asns/),
    ]);
    expect(res.stderr).toMatch(/metallb-ts validate: 5 error\(s\) in 14 object\(s\)\n$/);
  });

  test("a missing reference is an error, or a warning with --allow-missing-references", async () => {
    const withoutProfile = VALID.split("---").filter((doc) => !doc.includes("kind: BFDProfile")).join("---");
    const strict = await cli(["validate", "-f", "-"], withoutProfile);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toMatch(/^error: <stdin>#2: BGPPeer metallb-system\/uplink: spec\.bfdProfile: .*fast.* \(rule: reference\)\n$/);
    const lenient = await cli(["validate", "--allow-missing-references", "-f", "-"], withoutProfile);
    expect(lenient.code).toBe(0);
    expect(lenient.stderr).toMatch(/warning: <stdin>#2: BGPPeer metallb-system\/uplink: spec\.bfdProfile/);
  });

  test("--bgp-type native applies the native backend's rules", async () => {
    const res = await cli(["validate", "--bgp-type", "native", "-f", "-"], VALID);
    expect(res.code).toBe(1);
    expect(res.stdout).toMatch(/has bfd-profile set on native bgp mode/);
  });

  test.for([
    { argv: ["validate"], want: /no input: pass -f PATH/, code: 1 },
    { argv: ["validate", "-f", "-", "--bgp-type", "quagga"], want: /--bgp-type: want frr-k8s, frr or native/, code: 2 },
    { argv: ["validate", "-f", "-", "extra"], want: /unexpected argument "extra"/, code: 2 },
    { argv: ["validate", "--nope"], want: /unknown flag --nope/, code: 2 },
  ])("$argv: exit $code", async ({ argv, want, code }) => {
    const res = await cli(argv, VALID);
    expect(res.code).toBe(code);
    expect(res.stderr).toMatch(want);
  });
});

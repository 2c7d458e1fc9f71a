import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { KubeConfigError, loadKubeConfig } from "./kubeconfig.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "runtime-kubeconfig-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe("loadKubeConfig", () => {
  test("reads the current context: server, CA file relative to the kubeconfig, client cert data, namespace", () => {
    file("ca.crt", "CA-PEM");
    const path = file(
      "config",
      `apiVersion: v1
kind: Config
clusters:
- name: lab
  cluster: { server: "https://127.0.0.1:6443/", certificate-authority: ca.crt }
users:
- name: admin
  user: { client-certificate-data: ${Buffer.from("CERT").toString("base64")}, client-key-data: ${Buffer.from("KEY").toString("base64")} }
contexts:
- name: lab
  context: { cluster: lab, user: admin, namespace: metallb-system }
current-context: lab
`,
    );
    const kc = loadKubeConfig({ kubeconfigPath: path });
    expect(kc.server).toBe("https://127.0.0.1:6443");
    expect(kc.ca?.toString()).toBe("CA-PEM");
    expect(kc.cert?.toString()).toBe("CERT");
    expect(kc.key?.toString()).toBe("KEY");
    expect(kc.namespace).toBe("metallb-system");
    expect(kc.insecureSkipTLSVerify).toBe(false);
  });

  test("merges $KUBECONFIG files (first definition wins) and honours a context override", () => {
    const a = file("a", `clusters: [{ name: c1, cluster: { server: "https://a:1", insecure-skip-tls-verify: true } }]\ncontexts: [{ name: x, context: { cluster: c1, user: u } }]\ncurrent-context: x\nusers: [{ name: u, user: { token: t1 } }]\n`);
    const b = file("b", `clusters: [{ name: c1, cluster: { server: "https://b:1" } }, { name: c2, cluster: { server: "https://c:2" } }]\ncontexts: [{ name: y, context: { cluster: c2, user: u } }]\n`);
    expect(loadKubeConfig({ env: { KUBECONFIG: `${a}:${b}` } })).toMatchObject({ server: "https://a:1", token: "t1", insecureSkipTLSVerify: true });
    expect(loadKubeConfig({ env: { KUBECONFIG: `${a}:${b}` }, context: "y" }).server).toBe("https://c:2");
  });

  test("in-cluster: service host and port, token file, CA and namespace from the service account directory", () => {
    file("token", "sa-token\n");
    file("ca.crt", "CA");
    file("namespace", "metallb-system\n");
    const kc = loadKubeConfig({ env: { KUBERNETES_SERVICE_HOST: "10.0.0.1", KUBERNETES_SERVICE_PORT: "443" }, serviceAccountDir: dir });
    expect(kc).toMatchObject({ server: "https://10.0.0.1:443", tokenFile: join(dir, "token"), namespace: "metallb-system" });
  });

  test.for([
    { name: "missing file", text: undefined, error: /none of .* exists/ },
    { name: "no current context", text: "clusters: []\n", error: /no current-context/ },
    { name: "exec plugin", text: `clusters: [{ name: c, cluster: { server: "https://a" } }]\nusers: [{ name: u, user: { exec: { command: aws } } }]\ncontexts: [{ name: x, context: { cluster: c, user: u } }]\ncurrent-context: x\n`, error: /user "u": exec is not supported/ },
  ])("fails clearly: $name", ({ text, error }) => {
    const path = text === undefined ? join(dir, "absent") : file("cfg", text);
    expect(() => loadKubeConfig({ kubeconfigPath: path })).toThrow(KubeConfigError);
    expect(() => loadKubeConfig({ kubeconfigPath: path })).toThrow(error);
  });
});

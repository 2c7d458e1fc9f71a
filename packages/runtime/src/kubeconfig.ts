// Where the API server is and how to authenticate: an explicit kubeconfig file, else the in-cluster
// service account, else $KUBECONFIG / ~/.kube/config.
//
// Our own loader rather than @kubernetes/client-node's KubeConfig: client-node 2.0 depends on undici 8,
// which does not load on Node 20 (it needs Node >= 22.19). Supported: server, CA (file or data),
// insecure-skip-tls-verify, tls-server-name, client certificate/key (file or data), token, tokenFile,
// username/password, context namespace. exec plugins, auth-providers and proxy-url are rejected clearly.
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { serviceAccountDir, serviceAccountNamespace } from "./binary.js";

/** Everything needed to open a connection to one API server. */
export interface KubeConfig {
  /** e.g. "https://127.0.0.1:6443" (no trailing slash). */
  readonly server: string;
  readonly ca?: Buffer | undefined;
  readonly cert?: Buffer | undefined;
  readonly key?: Buffer | undefined;
  readonly insecureSkipTLSVerify: boolean;
  readonly tlsServerName?: string | undefined;
  /** Static bearer token. */
  readonly token?: string | undefined;
  /** Bearer token re-read from this file (projected service-account tokens rotate). */
  readonly tokenFile?: string | undefined;
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  /** Namespace of the context, or of the in-cluster service account. */
  readonly namespace?: string | undefined;
  /** Where this came from, for messages. */
  readonly source: string;
}

export interface LoadKubeConfigOptions {
  /** Explicit kubeconfig file (e.g. from a --kubeconfig flag). */
  readonly kubeconfigPath?: string | undefined;
  /** Context to use instead of the file's current-context. */
  readonly context?: string | undefined;
  /** Environment (KUBECONFIG, KUBERNETES_SERVICE_HOST/PORT, HOME); default process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Service-account directory for in-cluster config. */
  readonly serviceAccountDir?: string;
}

export class KubeConfigError extends Error {
  override name = "KubeConfigError";
  readonly kind = "kubeconfig" as const;
}


export function loadKubeConfig(options: LoadKubeConfigOptions = {}): KubeConfig {
  const env = options.env ?? process.env;
  if (options.kubeconfigPath) return fromFiles([options.kubeconfigPath], options.context);
  if (env["KUBERNETES_SERVICE_HOST"]) return inCluster(env, options.serviceAccountDir ?? serviceAccountDir);
  const paths = (env["KUBECONFIG"] ?? "").split(":").filter((p) => p !== "");
  if (paths.length === 0) paths.push(join(env["HOME"] ?? homedir(), ".kube", "config"));
  return fromFiles(paths, options.context);
}

function inCluster(env: Readonly<Record<string, string | undefined>>, dir: string): KubeConfig {
  const host = env["KUBERNETES_SERVICE_HOST"] as string;
  const port = env["KUBERNETES_SERVICE_PORT"] ?? "443";
  const tokenFile = join(dir, "token");
  if (!existsSync(tokenFile)) throw new KubeConfigError(`in-cluster config: ${tokenFile} does not exist`);
  return {
    server: `https://${host.includes(":") ? `[${host}]` : host}:${port}`,
    ca: readFileSync(join(dir, "ca.crt")),
    insecureSkipTLSVerify: false,
    tokenFile,
    namespace: serviceAccountNamespace(dir),
    source: "in-cluster service account",
  };
}

interface Named<T> {
  name: string;
  value: T;
  baseDir: string;
}

type RawMap = Record<string, unknown>;

/** Merges kubeconfig files like kubectl: the first file to define a name (or current-context) wins. */
function fromFiles(paths: readonly string[], contextOverride: string | undefined): KubeConfig {
  const clusters = new Map<string, Named<RawMap>>();
  const users = new Map<string, Named<RawMap>>();
  const contexts = new Map<string, Named<RawMap>>();
  let currentContext: string | undefined;
  const read: string[] = [];
  for (const path of paths) {
    const file = resolve(path);
    if (!existsSync(file)) continue;
    read.push(file);
    let doc: RawMap;
    try {
      doc = (parseYaml(readFileSync(file, "utf8")) ?? {}) as RawMap;
    } catch (err) {
      throw new KubeConfigError(`kubeconfig ${file}: ${(err as Error).message}`, { cause: err });
    }
    const baseDir = dirname(file);
    const collect = (field: string, inner: string, into: Map<string, Named<RawMap>>): void => {
      for (const entry of (doc[field] as RawMap[] | undefined) ?? []) {
        const name = entry["name"] as string | undefined;
        if (name !== undefined && !into.has(name)) into.set(name, { name, value: (entry[inner] as RawMap | undefined) ?? {}, baseDir });
      }
    };
    collect("clusters", "cluster", clusters);
    collect("users", "user", users);
    collect("contexts", "context", contexts);
    currentContext ??= (doc["current-context"] as string | undefined) || undefined;
  }
  if (read.length === 0) throw new KubeConfigError(`kubeconfig: none of ${paths.join(", ")} exists`);
  const source = read.join(":");
  const contextName = contextOverride ?? currentContext;
  if (!contextName) throw new KubeConfigError(`kubeconfig ${source}: no current-context`);
  const context = contexts.get(contextName);
  if (!context) throw new KubeConfigError(`kubeconfig ${source}: context "${contextName}" not found`);
  const clusterName = context.value["cluster"] as string | undefined;
  const cluster = clusterName === undefined ? undefined : clusters.get(clusterName);
  if (!cluster) throw new KubeConfigError(`kubeconfig ${source}: cluster "${clusterName ?? ""}" of context "${contextName}" not found`);
  const userName = context.value["user"] as string | undefined;
  const user = userName === undefined ? undefined : users.get(userName);
  const c = cluster.value;
  const u = user?.value ?? {};
  for (const unsupported of ["exec", "auth-provider"]) {
    if (u[unsupported] !== undefined) throw new KubeConfigError(`kubeconfig ${source}: user "${userName}": ${unsupported} is not supported`);
  }
  if (c["proxy-url"] !== undefined) throw new KubeConfigError(`kubeconfig ${source}: cluster "${clusterName}": proxy-url is not supported`);
  const server = c["server"] as string | undefined;
  if (!server) throw new KubeConfigError(`kubeconfig ${source}: cluster "${clusterName}" has no server`);
  const material = (fileKey: string, dataKey: string, from: Named<RawMap> | undefined): Buffer | undefined => {
    const value = from?.value;
    if (!value || !from) return undefined;
    const data = value[dataKey] as string | undefined;
    if (data) return Buffer.from(data, "base64");
    const file = value[fileKey] as string | undefined;
    if (!file) return undefined;
    return readFileSync(isAbsolute(file) ? file : join(from.baseDir, file));
  };
  const tokenFile = u["tokenFile"] as string | undefined;
  return {
    server: server.replace(/\/+$/, ""),
    ca: material("certificate-authority", "certificate-authority-data", cluster),
    cert: material("client-certificate", "client-certificate-data", user),
    key: material("client-key", "client-key-data", user),
    insecureSkipTLSVerify: c["insecure-skip-tls-verify"] === true,
    tlsServerName: c["tls-server-name"] as string | undefined,
    token: u["token"] as string | undefined,
    tokenFile: tokenFile && user ? (isAbsolute(tokenFile) ? tokenFile : join(user.baseDir, tokenFile)) : undefined,
    username: u["username"] as string | undefined,
    password: u["password"] as string | undefined,
    namespace: context.value["namespace"] as string | undefined,
    source,
  };
}

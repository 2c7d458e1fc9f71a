// What every binary's main.ts does around its own wiring: find its namespace and its own Pod, and turn
// main's outcome into an exit code.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { isNotFound } from "./errors.js";
import { FlagError } from "./flags.js";
import type { KubeClient } from "./kube-client.js";
import { PodResource, type OwnerReference } from "./resources.js";

export const serviceAccountDir = "/var/run/secrets/kubernetes.io/serviceaccount";

/** The namespace of the Pod's service account (trimmed), or undefined outside a Pod. */
export function serviceAccountNamespace(dir: string = serviceAccountDir): string | undefined {
  try {
    return readFileSync(join(dir, "namespace"), "utf8").trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * The binary's own Pod as an owner reference for what it creates, or undefined when no name is given or
 * the Pod does not exist (tests, the lab); other API errors are thrown.
 */
export async function ownPodReference(client: KubeClient, namespace: string, podName: string | undefined): Promise<OwnerReference | undefined> {
  if (!podName) return undefined;
  try {
    const pod = await client.get(PodResource, podName, { namespace });
    const uid = pod.metadata?.uid;
    return uid ? { apiVersion: "v1", kind: "Pod", name: podName, uid } : undefined;
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

export interface RunMainOptions {
  /** Written after a FlagError's message. */
  readonly usage?: string | undefined;
}

/**
 * Runs a binary's main and exits with its code (0 when it returns nothing). A FlagError is written to
 * stderr as `<name>: <message>` (then the usage) and exits 2; any other error with its stack, exit 1.
 */
export function runMain(name: string, main: () => Promise<number | void>, options: RunMainOptions = {}): void {
  main().then(
    (code) => process.exit(code ?? 0),
    (err: unknown) => {
      if (err instanceof FlagError) {
        process.stderr.write(`${name}: ${err.message}\n${options.usage ?? ""}`);
        process.exit(2);
      }
      process.stderr.write(`${name}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}

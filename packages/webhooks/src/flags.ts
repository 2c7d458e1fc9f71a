// Flags of the frr-k8s webhook binary, as the charts pass them.
import { FlagError, commonFlags, flagUsage, parseFlags, portFlag, tlsFlags, tlsOptionsFromFlagValues, type FlagSpecs, type FlagValues, type ServerTLSOptions } from "@metallb-ts/runtime";
import { DEFAULT_CERT_DIR } from "./start.js";

export const webhookFlagSpecs = {
  "webhook-port": portFlag(19443, "HTTPS port"),
  "webhook-host": { type: "string", help: "bind address (default all interfaces)" },
  namespace: { type: "string", env: "NAMESPACE", default: "frr-k8s-system", help: "frr-k8s namespace" },
  ...commonFlags,
  "cert-dir": { type: "string", help: `tls.crt/tls.key with --disable-cert-rotation (default ${DEFAULT_CERT_DIR})` },
  "disable-cert-rotation": { type: "bool", help: "use certificates provisioned by someone else" },
  "restart-on-rotator-secret-refresh": { type: "bool", help: "exit (to be restarted) when rotation installs a new certificate" },
  "webhook-secret": { type: "string", help: "certificate Secret (default frr-k8s-webhook-server-cert)" },
  "cert-service-name": { type: "string", help: "Service the certificate is for (default frr-k8s-webhook-service)" },
  "webhook-configuration-name": { type: "string", help: "ValidatingWebhookConfiguration to inject the CA into (default frr-k8s-validating-webhook-configuration)" },
  "cert-extra-sans": { type: "list", help: "extra DNS names / IPs in the certificate" },
  ...tlsFlags,
} as const satisfies FlagSpecs;

export const USAGE = flagUsage("webhooks [flags]", webhookFlagSpecs);

export interface WebhookFlags {
  readonly values: FlagValues<typeof webhookFlagSpecs>;
  readonly tls: ServerTLSOptions;
}

/** Throws a FlagError. The image's entrypoint may pass the binary name ("webhooks") first. */
export function parseWebhookFlags(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): WebhookFlags {
  const values = parseFlags(argv, env, webhookFlagSpecs, { command: "webhooks" });
  return { values, tls: tlsOptionsFromFlagValues(values) };
}

export { FlagError };

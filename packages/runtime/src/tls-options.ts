// The upstream TLS flags (--tls-min-version, --tls-cipher-suites, --tls-curve-preferences), which use
// Go's names and numbers, turned into Node TLS server options. Upstream applies them to the metrics
// endpoint and the webhooks; an unset minimum means TLS 1.3.
import { join } from "node:path";
import type { SecureContextOptions } from "node:tls";
import { FlagError, type FlagSpecs } from "./flags.js";

/** Go crypto/tls suite names -> OpenSSL names (TLS 1.3 suites have the same name in both). */
const GO_CIPHER_SUITES: Readonly<Record<string, string>> = {
  TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256: "ECDHE-ECDSA-AES128-GCM-SHA256",
  TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256: "ECDHE-RSA-AES128-GCM-SHA256",
  TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384: "ECDHE-ECDSA-AES256-GCM-SHA384",
  TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384: "ECDHE-RSA-AES256-GCM-SHA384",
  TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256: "ECDHE-ECDSA-CHACHA20-POLY1305",
  TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305: "ECDHE-ECDSA-CHACHA20-POLY1305",
  TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256: "ECDHE-RSA-CHACHA20-POLY1305",
  TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305: "ECDHE-RSA-CHACHA20-POLY1305",
  TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA: "ECDHE-ECDSA-AES128-SHA",
  TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA: "ECDHE-RSA-AES128-SHA",
  TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA: "ECDHE-ECDSA-AES256-SHA",
  TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA: "ECDHE-RSA-AES256-SHA",
  TLS_RSA_WITH_AES_128_GCM_SHA256: "AES128-GCM-SHA256",
  TLS_RSA_WITH_AES_256_GCM_SHA384: "AES256-GCM-SHA384",
  TLS_RSA_WITH_AES_128_CBC_SHA: "AES128-SHA",
  TLS_RSA_WITH_AES_256_CBC_SHA: "AES256-SHA",
  TLS_AES_128_GCM_SHA256: "TLS_AES_128_GCM_SHA256",
  TLS_AES_256_GCM_SHA384: "TLS_AES_256_GCM_SHA384",
  TLS_CHACHA20_POLY1305_SHA256: "TLS_CHACHA20_POLY1305_SHA256",
};

/** Go tls.CurveID numbers -> OpenSSL group names. */
const GO_CURVES: Readonly<Record<number, string>> = { 23: "P-256", 24: "P-384", 25: "P-521", 29: "X25519" };

/** The three flags as given (comma-separated text or already split lists). */
export interface TLSFlags {
  readonly minVersion?: string | undefined;
  readonly cipherSuites?: string | readonly string[] | undefined;
  readonly curvePreferences?: string | readonly (string | number)[] | undefined;
}

export type ServerTLSOptions = Pick<SecureContextOptions, "minVersion" | "ciphers" | "ecdhCurve">;

function list(value: string | readonly (string | number)[] | undefined): string[] {
  const items = typeof value === "string" ? value.split(",") : (value ?? []).map(String);
  return items.map((s) => s.trim()).filter((s) => s !== "");
}

/** Throws a RangeError naming the flag for any value upstream would refuse. */
export function tlsOptionsFromFlags(flags: TLSFlags): ServerTLSOptions {
  const min = flags.minVersion ?? "";
  if (min !== "" && min !== "VersionTLS12" && min !== "VersionTLS13") throw new RangeError(`--tls-min-version: invalid value ${JSON.stringify(min)}, want VersionTLS12 or VersionTLS13`);
  const minVersion = min === "VersionTLS12" ? "TLSv1.2" : "TLSv1.3";
  const suites = list(flags.cipherSuites);
  if (suites.length > 0 && minVersion === "TLSv1.3") throw new RangeError("--tls-cipher-suites: cipher suites cannot be configured with a TLS 1.3 minimum version (TLS 1.3 suites are not configurable); set --tls-min-version=VersionTLS12");
  const ciphers = suites.map((s) => {
    const name = GO_CIPHER_SUITES[s];
    if (name === undefined) throw new RangeError(`--tls-cipher-suites: unknown cipher suite ${JSON.stringify(s)}`);
    return name;
  });
  const curves = list(flags.curvePreferences).map((c) => {
    const id = Number(c);
    if (!/^\d+$/.test(c) || id < 1 || id > 65535) throw new RangeError(`--tls-curve-preferences: ${JSON.stringify(c)} is not a CurveID (1..65535)`);
    const name = GO_CURVES[id];
    if (name === undefined) throw new RangeError(`--tls-curve-preferences: unsupported CurveID ${id} (supported: ${Object.keys(GO_CURVES).join(", ")})`);
    return name;
  });
  return { minVersion, ...(ciphers.length > 0 ? { ciphers: [...new Set(ciphers)].join(":") } : {}), ...(curves.length > 0 ? { ecdhCurve: curves.join(":") } : {}) };
}

/** The upstream TLS flags, for a binary's flag table. */
export const tlsFlags = {
  "tls-min-version": { type: "string", help: "VersionTLS12 or VersionTLS13 (default TLS 1.3)" },
  "tls-cipher-suites": { type: "list", help: "TLS 1.2 cipher suites, Go names" },
  "tls-curve-preferences": { type: "list", help: "curve IDs, Go numbers" },
} as const satisfies FlagSpecs;

/** The parsed tlsFlags as Node TLS options; a refused combination is a FlagError. */
export function tlsOptionsFromFlagValues(values: {
  readonly "tls-min-version": string | undefined;
  readonly "tls-cipher-suites": readonly string[];
  readonly "tls-curve-preferences": readonly string[];
}): ServerTLSOptions {
  try {
    return tlsOptionsFromFlags({ minVersion: values["tls-min-version"], cipherSuites: values["tls-cipher-suites"], curvePreferences: values["tls-curve-preferences"] });
  } catch (err) {
    throw new FlagError(`flag ${(err as Error).message}`, { cause: err });
  }
}

/** PEM files of a server certificate. */
export interface TLSFiles {
  readonly certPath: string;
  readonly keyPath: string;
}

/** tls.crt and tls.key in `dir` (a mounted kubernetes.io/tls Secret), or undefined without a dir. */
export function tlsFilesInDir(dir: string | undefined): TLSFiles | undefined {
  return dir ? { certPath: join(dir, "tls.crt"), keyPath: join(dir, "tls.key") } : undefined;
}

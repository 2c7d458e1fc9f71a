// The webhook's stored certificate bundle (CA + serving certificate in one Secret) and whether it can
// be served as is. Generation lives in @metallb-ts/runtime (certs.ts).
import { createPrivateKey } from "node:crypto";
import { isIP } from "node:net";
import { parseCertificates } from "@metallb-ts/runtime";

/** PEM texts, as stored in the Secret (tls.crt, tls.key, ca.crt, ca.key). */
export interface CertificateBundle {
  readonly caCert: string;
  readonly caKey: string;
  readonly cert: string;
  readonly key: string;
}

/** Why a stored bundle cannot be served as is at `now`, or undefined when it can. */
export function bundleProblem(bundle: { readonly [K in keyof CertificateBundle]?: string | undefined }, hosts: readonly string[], now: Date, refreshBeforeMs: number): string | undefined {
  if (!bundle.caCert || !bundle.caKey || !bundle.cert || !bundle.key) return "missing certificate data";
  const [ca] = parseCertificates(bundle.caCert);
  const [leaf] = parseCertificates(bundle.cert);
  if (!ca || !leaf) return "unparsable certificate";
  try {
    if (!ca.checkPrivateKey(createPrivateKey(bundle.caKey))) return "CA key does not match the CA certificate";
    if (!leaf.checkPrivateKey(createPrivateKey(bundle.key))) return "serving key does not match the serving certificate";
  } catch {
    return "unparsable private key";
  }
  if (!leaf.verify(ca.publicKey)) return "serving certificate not signed by the current CA";
  for (const h of hosts) {
    const ok = isIP(h) ? leaf.checkIP(h) !== undefined : leaf.checkHost(h) !== undefined;
    if (!ok) return `serving certificate does not cover ${h}`;
  }
  const deadline = now.getTime() + refreshBeforeMs;
  if (new Date(leaf.validTo).getTime() <= deadline) return "serving certificate expires soon";
  if (new Date(ca.validTo).getTime() <= deadline) return "CA expires soon";
  if (new Date(leaf.validFrom).getTime() > now.getTime()) return "serving certificate not yet valid";
  return undefined;
}

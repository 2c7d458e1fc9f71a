// Certificate generation, ECDSA P-256 through Node's WebCrypto and @peculiar/x509 (no openssl): a CA
// and serving certificates it signs (the webhooks' rotated Secret), and a self-signed serving
// certificate (the metrics endpoints when no certificate is given). Parsing uses node:crypto.
import { X509Certificate as NodeX509Certificate, createPrivateKey, webcrypto } from "node:crypto";
import { isIP } from "node:net";
import type * as X509 from "@peculiar/x509";
// @peculiar/x509 uses tsyringe, which needs the Reflect metadata API loaded first.
import "reflect-metadata";

let x509Module: Promise<typeof X509> | undefined;
/** Loaded on first use (keeps start-up fast for binaries that never generate certificates). */
function loadX509(): Promise<typeof X509> {
  return (x509Module ??= import("@peculiar/x509"));
}

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;
const crypto = webcrypto;
/** @peculiar/x509 is typed against the DOM's Crypto; Node's WebCrypto implements it. */
const x509Crypto = webcrypto as unknown as Parameters<typeof X509.X509CertificateGenerator.create>[1];
const algorithm = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;

/** A certificate and its private key, PEM. */
export interface KeyedCertificate {
  readonly cert: string;
  readonly key: string;
}

/** A CA certificate and the key it signs with. */
export type CertificateAuthority = KeyedCertificate;

function pem(label: string, der: ArrayBuffer): string {
  const b64 = Buffer.from(der).toString("base64").replace(/(.{64})/g, "$1\n").replace(/\n$/, "");
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

async function newKeyPair(): Promise<CryptoKeyPair> {
  return (await crypto.subtle.generateKey(algorithm, true, ["sign", "verify"])) as CryptoKeyPair;
}

async function exportKey(key: CryptoKey): Promise<string> {
  return pem("PRIVATE KEY", await crypto.subtle.exportKey("pkcs8", key));
}

async function importSigningKey(keyPem: string): Promise<CryptoKey> {
  // node:crypto reads any PEM form (PKCS#8, SEC1 "EC PRIVATE KEY"); WebCrypto wants PKCS#8 DER.
  const der = createPrivateKey(keyPem).export({ format: "der", type: "pkcs8" });
  return crypto.subtle.importKey("pkcs8", der, algorithm, true, ["sign"]);
}

function serial(): string {
  // Positive 128-bit serial (high bit clear).
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0] as number) & 0x7f;
  return Buffer.from(bytes).toString("hex");
}

/** Backdated a little so a peer whose clock lags does not see a not-yet-valid certificate. */
const CLOCK_SKEW_MS = 60 * 60 * 1000;

export interface CAOptions {
  /** Common name; upstream's is "cert" with organisation "metallb". */
  readonly commonName: string;
  readonly organization: string;
  readonly now: Date;
  readonly validityMs: number;
}

export async function generateCA(options: CAOptions): Promise<CertificateAuthority> {
  const x509 = await loadX509();
  const keys = await newKeyPair();
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: serial(),
      name: [{ CN: [options.commonName] }, { O: [options.organization] }],
      notBefore: new Date(options.now.getTime() - CLOCK_SKEW_MS),
      notAfter: new Date(options.now.getTime() + options.validityMs),
      keys,
      signingAlgorithm: algorithm,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey as never, false, x509Crypto),
      ],
    } as never,
    x509Crypto,
  );
  return { cert: cert.toString("pem") + "\n", key: await exportKey(keys.privateKey) };
}

export interface ServingCertOptions {
  /** DNS names and IP addresses (IP SANs: Go clients do not fall back to the CN). The first is the CN. */
  readonly hosts: readonly string[];
  readonly organization: string;
  readonly now: Date;
  readonly validityMs: number;
}

/** Extensions of a leaf certificate a TLS server presents for `hosts`. */
function servingExtensions(x509: typeof X509, hosts: readonly string[]): X509.Extension[] {
  const names = hosts.map((h) => (isIP(h) ? { type: "ip" as const, value: h } : { type: "dns" as const, value: h }));
  return [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
    new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false),
    new x509.SubjectAlternativeNameExtension(names, false),
  ];
}

export async function generateServingCert(ca: CertificateAuthority, options: ServingCertOptions): Promise<KeyedCertificate> {
  const x509 = await loadX509();
  const keys = await newKeyPair();
  const caCert = new x509.X509Certificate(ca.cert);
  const signingKey = await importSigningKey(ca.key);
  const cert = await x509.X509CertificateGenerator.create(
    {
      serialNumber: serial(),
      subject: [{ CN: [options.hosts[0] ?? "webhook"] }, { O: [options.organization] }],
      issuer: caCert.subject,
      notBefore: new Date(options.now.getTime() - CLOCK_SKEW_MS),
      notAfter: new Date(Math.min(options.now.getTime() + options.validityMs, caCert.notAfter.getTime())),
      publicKey: keys.publicKey,
      signingKey,
      signingAlgorithm: algorithm,
      extensions: [
        ...servingExtensions(x509, options.hosts),
        await x509.AuthorityKeyIdentifierExtension.create(await caCert.publicKey.export(x509Crypto), false, x509Crypto),
      ],
    } as never,
    x509Crypto,
  );
  return { cert: cert.toString("pem") + "\n", key: await exportKey(keys.privateKey) };
}

/**
 * A serving certificate signed by its own key, for an endpoint nobody gave a certificate: clients
 * cannot verify it (scrapers skip verification) but the traffic is encrypted.
 */
export async function generateSelfSignedServingCert(options: ServingCertOptions): Promise<KeyedCertificate> {
  const x509 = await loadX509();
  const keys = await newKeyPair();
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: serial(),
      name: [{ CN: [options.hosts[0] ?? "localhost"] }, { O: [options.organization] }],
      notBefore: new Date(options.now.getTime() - CLOCK_SKEW_MS),
      notAfter: new Date(options.now.getTime() + options.validityMs),
      keys,
      signingAlgorithm: algorithm,
      extensions: servingExtensions(x509, options.hosts),
    } as never,
    x509Crypto,
  );
  return { cert: cert.toString("pem") + "\n", key: await exportKey(keys.privateKey) };
}

/** Splits a PEM bundle into its certificates (unparsable blocks are dropped). */
export function parseCertificates(bundle: string): NodeX509Certificate[] {
  const blocks = bundle.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  const out: NodeX509Certificate[] = [];
  for (const block of blocks) {
    try {
      out.push(new NodeX509Certificate(block));
    } catch {
      // a corrupt block makes the bundle invalid for its purpose; the caller decides
    }
  }
  return out;
}

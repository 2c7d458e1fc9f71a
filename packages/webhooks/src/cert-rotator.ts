// Built-in certificate management (spec/metallb.md §5.5): a self-signed CA and a serving certificate
// kept in a Secret, renewed before they expire, with the CA bundle injected into the webhook
// configurations and the CRD conversion configs that point at this server.
//
// GitOps: every run-time write is a server-side apply with one dedicated field manager
// (CERT_FIELD_MANAGER) that owns exactly: the Secret's data keys, `webhooks[name=*].clientConfig.caBundle`
// of the ValidatingWebhookConfigurations, and `spec.conversion.webhook.clientConfig.caBundle` of the
// CRDs. Nothing else is touched (see README.md).
//
// Several replicas may run this at once: the Secret is the single source of truth, written with a
// resourceVersion precondition; the loser of a race reads the winner's certificates.
import { createPrivateKey } from "node:crypto";
import {
  ConflictError,
  generateCA,
  generateServingCert,
  isNotFound,
  parseCertificates,
  SecretResource,
  sleep,
  systemClock,
  type CertificateAuthority,
  type Clock,
  type KubeClient,
  type KubeObject,
  type Logger,
} from "@metallb-ts/runtime";
import { bundleProblem, type CertificateBundle } from "./certs.js";
import { CustomResourceDefinitions, ValidatingWebhookConfigurations } from "./resources.js";

export const CERT_FIELD_MANAGER = "metallb-ts-cert-rotator";

/** Secret keys, as controller-runtime's cert rotator names them (the Secret is mounted as the cert dir). */
export const SecretKeys = { caCert: "ca.crt", caKey: "ca.key", cert: "tls.crt", key: "tls.key" } as const;

const DAY = 24 * 60 * 60 * 1000;

export interface CertRotatorOptions {
  readonly kube: KubeClient;
  readonly log: Logger;
  readonly namespace: string;
  readonly secretName: string;
  /** SANs of the serving certificate: `<service>.<ns>.svc` and friends, plus extra hosts / IPs. */
  readonly hosts: readonly string[];
  /** ValidatingWebhookConfigurations whose every webhook gets the CA bundle. */
  readonly validatingWebhookConfigurations: readonly string[];
  /** CRDs whose conversion webhook gets the CA bundle (skipped while their strategy is not Webhook). */
  readonly conversionCRDs: readonly string[];
  readonly caCommonName?: string;
  readonly organization?: string;
  readonly fieldManager?: string;
  readonly clock?: Clock;
  /** Default 10 years (upstream). */
  readonly caValidityMs?: number;
  /** Default 1 year. */
  readonly certValidityMs?: number;
  /** Renew when less than this is left. Default 90 days. */
  readonly refreshBeforeMs?: number;
  /** How often the Secret and the injected bundles are checked. Default 1 minute. */
  readonly checkIntervalMs?: number;
  /**
   * After a new CA is published in the bundle, how long to keep serving the old certificate so every
   * API server has seen the new bundle before certificates signed by the new CA are served. Default 30 s.
   */
  readonly bundlePropagationMs?: number;
}

function decode(data: Record<string, string> | undefined, key: string): string | undefined {
  const value = data?.[key];
  return value === undefined ? undefined : Buffer.from(value, "base64").toString("utf8");
}

function encode(bundle: CertificateBundle): Record<string, string> {
  const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");
  return { [SecretKeys.caCert]: b64(bundle.caCert), [SecretKeys.caKey]: b64(bundle.caKey), [SecretKeys.cert]: b64(bundle.cert), [SecretKeys.key]: b64(bundle.key) };
}

interface SecretObject extends KubeObject {
  data?: Record<string, string> | undefined;
}

export class CertRotator {
  readonly #o: CertRotatorOptions;
  readonly #clock: Clock;
  readonly #listeners: ((bundle: CertificateBundle) => void)[] = [];
  readonly #abort = new AbortController();
  #current: CertificateBundle | undefined;
  #loop: Promise<void> | undefined;

  constructor(options: CertRotatorOptions) {
    this.#o = options;
    this.#clock = options.clock ?? systemClock;
  }

  get current(): CertificateBundle | undefined {
    return this.#current;
  }

  get fieldManager(): string {
    return this.#o.fieldManager ?? CERT_FIELD_MANAGER;
  }

  /** Called with every new certificate to serve (after the first one `start` returns). */
  onCertificate(listener: (bundle: CertificateBundle) => void): void {
    this.#listeners.push(listener);
  }

  /** Ensures certificates exist and are injected, then keeps checking in the background. */
  async start(): Promise<CertificateBundle> {
    let delay = 500;
    for (;;) {
      try {
        await this.reconcile();
        break;
      } catch (err) {
        if (this.#abort.signal.aborted) throw err;
        this.#o.log.warn({ err, event: "certsNotReady" }, "webhook certificates not ready, retrying");
        await sleep(this.#clock, delay, this.#abort.signal);
        delay = Math.min(delay * 2, 30_000);
      }
    }
    this.#loop = this.#run();
    return this.#current as CertificateBundle;
  }

  async stop(): Promise<void> {
    this.#abort.abort();
    await this.#loop;
  }

  async #run(): Promise<void> {
    while (await sleep(this.#clock, this.#o.checkIntervalMs ?? 60_000, this.#abort.signal)) {
      try {
        await this.reconcile();
      } catch (err) {
        this.#o.log.error({ err, event: "certRotationFailed" }, "webhook certificate check failed");
      }
    }
  }

  /** One pass: read the Secret, renew what needs renewing, inject the bundle, publish new certificates. */
  async reconcile(): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        const bundle = await this.#ensureSecret();
        await this.#inject(bundle.caCert);
        this.#publish(bundle);
        return;
      } catch (err) {
        // Another replica wrote the Secret first: use what it wrote.
        if (!(err instanceof ConflictError) || attempt >= 5) throw err;
      }
    }
  }

  #publish(bundle: CertificateBundle): void {
    const changed = this.#current?.cert !== bundle.cert || this.#current.key !== bundle.key;
    this.#current = bundle;
    if (!changed) return;
    this.#o.log.info({ event: "certificateLoaded", notAfter: parseCertificates(bundle.cert)[0]?.validTo }, "serving webhook certificate");
    for (const listener of this.#listeners) listener(bundle);
  }

  async #readSecret(): Promise<SecretObject | undefined> {
    try {
      return await this.#o.kube.get<SecretObject>(SecretResource, this.#o.secretName, { namespace: this.#o.namespace });
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  async #writeSecret(bundle: CertificateBundle, resourceVersion: string | undefined): Promise<string | undefined> {
    if (resourceVersion === undefined) {
      // No Secret yet (installed without the chart): create, so that of two replicas racing only one wins.
      const created = await this.#o.kube.create<SecretObject>(
        SecretResource,
        { apiVersion: "v1", kind: "Secret", metadata: { name: this.#o.secretName, namespace: this.#o.namespace }, data: encode(bundle) },
        { fieldManager: this.fieldManager },
      );
      return created.metadata?.resourceVersion;
    }
    const written = await this.#o.kube.apply<SecretObject>(
      SecretResource,
      { metadata: { name: this.#o.secretName, namespace: this.#o.namespace, resourceVersion }, data: encode(bundle) },
      { fieldManager: this.fieldManager, force: true },
    );
    return written.metadata?.resourceVersion;
  }

  async #ensureSecret(): Promise<CertificateBundle> {
    const now = new Date(this.#clock.now());
    const refreshBefore = this.#o.refreshBeforeMs ?? 90 * DAY;
    const secret = await this.#readSecret();
    const stored: { [K in keyof CertificateBundle]?: string | undefined } = {
      caCert: decode(secret?.data, SecretKeys.caCert),
      caKey: decode(secret?.data, SecretKeys.caKey),
      cert: decode(secret?.data, SecretKeys.cert),
      key: decode(secret?.data, SecretKeys.key),
    };
    const problem = bundleProblem(stored, this.#o.hosts, now, refreshBefore);
    if (problem === undefined) return stored as CertificateBundle;
    this.#o.log.info({ event: "renewingCertificate", reason: problem, secret: `${this.#o.namespace}/${this.#o.secretName}` }, "renewing webhook certificates");

    let rv = secret?.metadata?.resourceVersion;
    let ca = this.#usableCA(stored, now, refreshBefore);
    let caBundle = stored.caCert ?? "";
    if (ca === undefined) {
      ca = await generateCA({ commonName: this.#o.caCommonName ?? "cert", organization: this.#o.organization ?? "metallb", now, validityMs: this.#o.caValidityMs ?? 10 * 365 * DAY });
      // The old CA stays in the bundle while it is valid, so certificates it signed keep verifying.
      const stillValid = parseCertificates(caBundle).filter((c) => new Date(c.validTo).getTime() > now.getTime()).map((c) => c.toString());
      caBundle = [ca.cert, ...stillValid.map((p) => (p.endsWith("\n") ? p : `${p}\n`))].join("");
      const servingStillGood = stored.cert !== undefined && stored.key !== undefined && this.#servesUntil(stored.cert, now) && stored.caCert !== undefined;
      if (servingStillGood) {
        // Two steps: publish the new CA next to the old one, let API servers pick it up, then switch.
        const phase1: CertificateBundle = { caCert: caBundle, caKey: ca.key, cert: stored.cert as string, key: stored.key as string };
        rv = await this.#writeSecret(phase1, rv);
        await this.#inject(caBundle);
        await sleep(this.#clock, this.#o.bundlePropagationMs ?? 30_000, this.#abort.signal);
      }
    }
    const serving = await generateServingCert(ca, { hosts: this.#o.hosts, organization: this.#o.organization ?? "metallb", now, validityMs: this.#o.certValidityMs ?? 365 * DAY });
    const bundle: CertificateBundle = { caCert: caBundle, caKey: ca.key, cert: serving.cert, key: serving.key };
    await this.#writeSecret(bundle, rv);
    return bundle;
  }

  /** The stored CA when it can sign one more serving certificate; undefined when a new CA is needed. */
  #usableCA(stored: { readonly [K in keyof CertificateBundle]?: string | undefined }, now: Date, refreshBeforeMs: number): CertificateAuthority | undefined {
    if (!stored.caCert || !stored.caKey) return undefined;
    const [ca] = parseCertificates(stored.caCert);
    if (ca === undefined || new Date(ca.validTo).getTime() <= now.getTime() + refreshBeforeMs) return undefined;
    try {
      // A mismatched or corrupt key means a new CA.
      if (!ca.checkPrivateKey(createPrivateKey(stored.caKey))) return undefined;
    } catch {
      return undefined;
    }
    return { cert: ca.toString(), key: stored.caKey };
  }

  #servesUntil(certPem: string, now: Date): boolean {
    const [leaf] = parseCertificates(certPem);
    return leaf !== undefined && new Date(leaf.validTo).getTime() > now.getTime() + (this.#o.bundlePropagationMs ?? 30_000) * 2;
  }

  /** Server-side applies the bundle where it differs; objects that do not exist yet are skipped. */
  async #inject(caBundlePem: string): Promise<void> {
    const caBundle = Buffer.from(caBundlePem, "utf8").toString("base64");
    const options = { fieldManager: this.fieldManager, force: true };
    for (const name of this.#o.validatingWebhookConfigurations) {
      const vwc = await this.#o.kube.get(ValidatingWebhookConfigurations, name).catch((err: unknown) => (isNotFound(err) ? undefined : Promise.reject(err)));
      const webhooks = vwc?.webhooks ?? [];
      if (webhooks.length === 0 || webhooks.every((w) => w.clientConfig?.caBundle === caBundle)) continue;
      await this.#o.kube.apply(ValidatingWebhookConfigurations, { metadata: { name }, webhooks: webhooks.map((w) => ({ name: w.name, clientConfig: { caBundle } })) }, options);
      this.#o.log.info({ event: "caBundleInjected", validatingWebhookConfiguration: name }, "injected the webhook CA bundle");
    }
    for (const name of this.#o.conversionCRDs) {
      const crd = await this.#o.kube.get(CustomResourceDefinitions, name).catch((err: unknown) => (isNotFound(err) ? undefined : Promise.reject(err)));
      const conversion = crd?.spec?.conversion;
      if (conversion?.strategy !== "Webhook" || conversion.webhook?.clientConfig?.caBundle === caBundle) continue;
      await this.#o.kube.apply(CustomResourceDefinitions, { metadata: { name }, spec: { conversion: { webhook: { clientConfig: { caBundle } } } } }, options);
      this.#o.log.info({ event: "caBundleInjected", customResourceDefinition: name }, "injected the conversion webhook CA bundle");
    }
  }
}

/** `<service>.<ns>.svc` and the other names a Service is reached by, then the extra hosts. */
export function serviceHosts(service: string, namespace: string, extra: readonly string[] = []): string[] {
  return [...new Set([`${service}.${namespace}.svc`, `${service}.${namespace}.svc.cluster.local`, `${service}.${namespace}`, service, ...extra])];
}

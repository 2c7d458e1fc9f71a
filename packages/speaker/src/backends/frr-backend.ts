// frr backend: the same FRRConfiguration the frr-k8s backend would write is converted and rendered
// by @metallb-ts/frr (the code the frr-k8s daemon runs), so both backends program FRR identically;
// the text goes to an apply loop (frr-reload.py) that the binary owns. bgpextras is appended, as
// upstream's frr mode does.
import { apiToFRR, renderFRRConfig, type FRRConversionError } from "@metallb-ts/frr";
import type { DesiredNodeState } from "../reconcilers/node-state.js";
import type { BackendResult, BGPBackend } from "./backend.js";

/** The part of frr-k8s's ApplyLoop the backend needs: takes the newest text, applies it in the background. */
export interface FrrConfigSink {
  submit(config: string): void;
}

export interface FrrBackendOptions {
  readonly sink: FrrConfigSink;
  readonly nodeName: string;
  /** The speaker's --log-level, mapped to FRR's `log stdout` level. */
  readonly logLevel?: string | undefined;
}

function describe(e: FRRConversionError): string {
  return e instanceof Error ? e.message : String(e);
}

/** The frr.conf text for a desired state (exported for tests and the CLI). */
export function renderFrrConf(desired: DesiredNodeState, nodeName: string, logLevel?: string): { ok: true; text: string } | { ok: false; error: string } {
  const obj = desired.frrConfiguration;
  const result = apiToFRR(
    { frrConfigurations: [obj], node: { name: nodeName, labels: obj.spec.nodeSelector.matchLabels }, secrets: new Map() },
    { preselected: true, ...(logLevel !== undefined ? { logLevel } : {}) },
  );
  if (!result.ok) return { ok: false, error: result.errors.map(describe).join("; ") };
  const extras = desired.config.bgpExtras;
  return { ok: true, text: renderFRRConfig(result.config) + (extras ? `${extras.endsWith("\n") ? extras : `${extras}\n`}` : "") };
}

export class FrrBackend implements BGPBackend {
  readonly name = "frr";
  readonly #options: FrrBackendOptions;
  #last: string | undefined;

  constructor(options: FrrBackendOptions) {
    this.#options = options;
  }

  apply(desired: DesiredNodeState): Promise<BackendResult> {
    const rendered = renderFrrConf(desired, this.#options.nodeName, this.#options.logLevel);
    if (!rendered.ok) return Promise.resolve({ ok: false, error: `rendering frr.conf: ${rendered.error}`, retry: false });
    if (rendered.text === this.#last) return Promise.resolve({ ok: true, changed: false });
    this.#last = rendered.text;
    this.#options.sink.submit(rendered.text);
    return Promise.resolve({ ok: true, changed: true });
  }
}

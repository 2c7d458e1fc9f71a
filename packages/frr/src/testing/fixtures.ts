// Builders for tests of this package and its users: FRRConfiguration inputs and expected model values.
import { apiToFRR } from "../api-to-frr.js";
import type { FRRConfig, NeighborConfig, RouterConfig } from "../model.js";
import type { APIToFRROptions, FRRConfigurationInput, NeighborInput, RouterInput, SecretInput } from "../resources.js";

export const FRR_K8S_NAMESPACE = "frr-k8s-system";

type Spec = NonNullable<FRRConfigurationInput["spec"]>;

/** An FRRConfiguration in the frr-k8s namespace. */
export function frrConfiguration(name: string, spec: Spec, namespace = FRR_K8S_NAMESPACE): FRRConfigurationInput {
  return { metadata: { namespace, name }, spec };
}

/** An FRRConfiguration holding just these routers. */
export function withRouters(name: string, ...routers: RouterInput[]): FRRConfigurationInput {
  return frrConfiguration(name, { bgp: { routers } });
}

export function basicAuthSecret(name: string, password: string | undefined, type = "kubernetes.io/basic-auth"): SecretInput {
  return {
    metadata: { namespace: FRR_K8S_NAMESPACE, name },
    type,
    data: password === undefined ? {} : { password: btoa(password) },
  };
}

export interface ConvertInputs {
  readonly labels?: Record<string, string>;
  readonly secrets?: readonly SecretInput[];
  readonly options?: APIToFRROptions;
}

/** apiToFRR for node "node1" with the given configurations. */
export function convert(configs: readonly FRRConfigurationInput[], inputs: ConvertInputs = {}): ReturnType<typeof apiToFRR> {
  return apiToFRR(
    {
      frrConfigurations: configs,
      node: { name: "node1", labels: inputs.labels ?? {} },
      secrets: new Map((inputs.secrets ?? []).map((s) => [s.metadata.name ?? "", s])),
    },
    inputs.options,
  );
}

/** The model, or an exception listing the conversion errors. */
export function convertOK(configs: readonly FRRConfigurationInput[], inputs: ConvertInputs = {}): FRRConfig {
  const result = convert(configs, inputs);
  if (!result.ok) throw new Error(`conversion failed:\n${result.errors.map((e) => e.message).join("\n")}`);
  return result.config;
}

/** Messages of a failed conversion ([] when it succeeded). */
export function convertErrors(configs: readonly FRRConfigurationInput[], inputs: ConvertInputs = {}): string[] {
  const result = convert(configs, inputs);
  return result.ok ? [] : result.errors.map((e) => e.message);
}

/** A neighbor input with the usual address/ASN. */
export function neighbor(address: string, asn: number, extra: Partial<NeighborInput> = {}): NeighborInput {
  return { address, asn, ...extra };
}

/** The model of a plain IPv4 neighbor that advertises and accepts nothing; override what a case sets. */
export function neighborConfig(address: string, asn: number | string, extra: Partial<NeighborConfig> = {}): NeighborConfig {
  const vrf = extra.vrf ?? "";
  return {
    name: `${asn}@${address}`,
    id: vrf === "" ? address : `${address}-${vrf}`,
    asn: String(asn),
    address,
    iface: "",
    ipFamily: "ipv4",
    vrf,
    srcAddr: "",
    password: "",
    ebgpMultiHop: false,
    bfdProfile: "",
    gracefulRestart: false,
    addressFamilies: ["unicast"],
    outgoing: { prefixesV4: [], prefixesV6: [], nextHopV4: "", nextHopV6: "", localPrefModifiers: [], communityModifiers: [] },
    incoming: { all: false, prefixesV4: [], prefixesV6: [] },
    alwaysBlock: [],
    ...extra,
  };
}

export function routerConfig(myASN: number, extra: Partial<RouterConfig> = {}): RouterConfig {
  return { myASN, routerID: "", vrf: "", neighbors: [], ipv4Prefixes: [], ipv6Prefixes: [], importVRFs: [], ...extra };
}

export function frrConfig(routers: RouterConfig[], extra: Partial<FRRConfig> = {}): FRRConfig {
  return { logLevel: "informational", hostname: "node1", routers, bfdProfiles: [], extraConfig: "", ...extra };
}

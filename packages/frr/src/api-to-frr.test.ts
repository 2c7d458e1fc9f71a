import type { FRRConfiguration, Secret } from "@metallb-ts/api";
import { describe, expect, test } from "vitest";
import { withoutPasswordSecrets } from "./api-to-frr.js";
import type { FRRConfig } from "./model.js";
import type { APIToFRROptions, FRRConfigurationInput, SecretInput } from "./resources.js";
import {
  basicAuthSecret,
  convert,
  convertErrors,
  convertOK,
  frrConfig,
  frrConfiguration,
  neighbor,
  neighborConfig,
  routerConfig,
  withRouters,
} from "./testing/fixtures.js";

interface ConversionCase {
  name: string;
  configs: FRRConfigurationInput[];
  secrets?: SecretInput[];
  options?: APIToFRROptions;
  want: FRRConfig;
}

const outgoing = (v4: string[], v6: string[] = [], extra = {}) => ({
  prefixesV4: v4,
  prefixesV6: v6,
  nextHopV4: "",
  nextHopV6: "",
  localPrefModifiers: [],
  communityModifiers: [],
  ...extra,
});

describe("apiToFRR conversion", () => {
  test.for<ConversionCase>([
    {
      name: "no configurations: globals only",
      configs: [],
      want: frrConfig([]),
    },
    {
      name: "single router and neighbor with update-source",
      configs: [withRouters("a", { asn: 65000, id: "192.0.2.254", neighbors: [neighbor("192.0.2.1", 65001, { sourceaddress: "192.0.2.254" })] })],
      want: frrConfig([routerConfig(65000, { routerID: "192.0.2.254", neighbors: [neighborConfig("192.0.2.1", 65001, { srcAddr: "192.0.2.254" })] })]),
    },
    {
      name: "router prefixes split by family and sorted byte-wise; neighbors sorted by ID",
      configs: [
        withRouters("a", {
          asn: 65000,
          prefixes: ["9.0.0.0/8", "2001:db8::/64", "10.0.0.0/8"],
          neighbors: [neighbor("192.168.1.2", 65001), neighbor("192.168.1.10", 65001)],
        }),
      ],
      want: frrConfig([
        routerConfig(65000, {
          ipv4Prefixes: ["10.0.0.0/8", "9.0.0.0/8"],
          ipv6Prefixes: ["2001:db8::/64"],
          neighbors: [neighborConfig("192.168.1.10", 65001), neighborConfig("192.168.1.2", 65001)],
        }),
      ]),
    },
    {
      name: "non-default VRF: ID carries the VRF; routers sorted with the default VRF first",
      configs: [withRouters("a", { asn: 65000, vrf: "red", neighbors: [neighbor("192.0.2.1", 65001)] }, { asn: 65000 })],
      want: frrConfig([routerConfig(65000), routerConfig(65000, { vrf: "red", neighbors: [neighborConfig("192.0.2.1", 65001, { vrf: "red" })] })]),
    },
    {
      name: "filtered advertisement of an IPv4 neighbor",
      configs: [
        withRouters("a", {
          asn: 65000,
          prefixes: ["192.0.2.0/26", "192.0.2.64/26", "2001:db8::/64"],
          neighbors: [neighbor("192.0.2.1", 65001, { toAdvertise: { allowed: { prefixes: ["192.0.2.64/26"] } } })],
        }),
      ],
      want: frrConfig([
        routerConfig(65000, {
          ipv4Prefixes: ["192.0.2.0/26", "192.0.2.64/26"],
          ipv6Prefixes: ["2001:db8::/64"],
          neighbors: [neighborConfig("192.0.2.1", 65001, { outgoing: outgoing(["192.0.2.64/26"]) })],
        }),
      ]),
    },
    {
      name: "mode all: an IPv4 neighbor gets only the IPv4 prefixes",
      configs: [
        withRouters("a", {
          asn: 65000,
          prefixes: ["192.0.2.0/26", "2001:db8::/64"],
          neighbors: [neighbor("192.0.2.1", 65001, { toAdvertise: { allowed: { mode: "all" } } })],
        }),
      ],
      want: frrConfig([
        routerConfig(65000, {
          ipv4Prefixes: ["192.0.2.0/26"],
          ipv6Prefixes: ["2001:db8::/64"],
          neighbors: [neighborConfig("192.0.2.1", 65001, { outgoing: outgoing(["192.0.2.0/26"]) })],
        }),
      ]),
    },
    {
      name: "dual-stack neighbor with next hops, communities and local preferences",
      configs: [
        withRouters("a", {
          asn: 65000,
          prefixes: ["192.0.2.0/26", "2001:db8::/64"],
          neighbors: [
            neighbor("192.0.2.1", 65000, {
              dualStackAddressFamily: true,
              toAdvertise: {
                allowed: { mode: "all" },
                nextHop: { ipv4: "192.0.2.100", ipv6: "2001:db8::100" },
                withCommunity: [
                  { community: "0065:010", prefixes: ["192.0.2.0/26", "2001:db8::/64"] },
                  { community: "large:1:2:3", prefixes: ["192.0.2.0/26"] },
                ],
                withLocalPref: [{ localPref: 200, prefixes: ["2001:db8::/64", "192.0.2.0/26"] }],
              },
            }),
          ],
        }),
      ],
      want: frrConfig([
        routerConfig(65000, {
          ipv4Prefixes: ["192.0.2.0/26"],
          ipv6Prefixes: ["2001:db8::/64"],
          neighbors: [
            neighborConfig("192.0.2.1", 65000, {
              ipFamily: "dual",
              outgoing: outgoing(["192.0.2.0/26"], ["2001:db8::/64"], {
                nextHopV4: "192.0.2.100",
                nextHopV6: "2001:db8::100",
                localPrefModifiers: [
                  { localPref: 200, ipFamily: "ipv4", prefixes: ["192.0.2.0/26"] },
                  { localPref: 200, ipFamily: "ipv6", prefixes: ["2001:db8::/64"] },
                ],
                communityModifiers: [
                  { community: "65:10", ipFamily: "ipv4", prefixes: ["192.0.2.0/26"] },
                  { community: "large:1:2:3", ipFamily: "ipv4", prefixes: ["192.0.2.0/26"] },
                  { community: "65:10", ipFamily: "ipv6", prefixes: ["2001:db8::/64"] },
                ],
              }),
            }),
          ],
        }),
      ]),
    },
    {
      name: "receive all drops the filter lists",
      configs: [withRouters("a", { asn: 65000, neighbors: [neighbor("192.0.2.1", 65001, { toReceive: { allowed: { mode: "all", prefixes: [{ prefix: "10.0.0.0/8" }] } } })] })],
      want: frrConfig([routerConfig(65000, { neighbors: [neighborConfig("192.0.2.1", 65001, { incoming: { all: true, prefixesV4: [], prefixesV6: [] } })] })]),
    },
    {
      name: "receive filters keep the user's text, split by family, ordered by prefix+le+ge",
      configs: [
        withRouters("a", {
          asn: 65000,
          neighbors: [
            neighbor("192.0.2.1", 65001, {
              toReceive: {
                allowed: {
                  prefixes: [
                    { prefix: "192.0.101.0/24", le: 32, ge: 26 },
                    { prefix: "2001:0db8::/32", le: 64 },
                    { prefix: "192.0.101.0/24", ge: 24 },
                    { prefix: "192.0.101.0/24", ge: 24 },
                  ],
                },
              },
            }),
          ],
        }),
      ],
      want: frrConfig([
        routerConfig(65000, {
          neighbors: [
            neighborConfig("192.0.2.1", 65001, {
              incoming: {
                all: false,
                prefixesV4: [
                  { ipFamily: "ipv4", prefix: "192.0.101.0/24", le: 0, ge: 24 },
                  { ipFamily: "ipv4", prefix: "192.0.101.0/24", le: 32, ge: 26 },
                ],
                prefixesV6: [{ ipFamily: "ipv6", prefix: "2001:0db8::/32", le: 64, ge: 0 }],
              },
            }),
          ],
        }),
      ]),
    },
    {
      name: "timers in whole seconds; defaults erased (port 179, connect 60s)",
      configs: [
        withRouters("a", {
          asn: 65000,
          neighbors: [neighbor("192.0.2.1", 65001, { port: 179, holdTime: "1m30.9s", keepaliveTime: "30s", connectTime: "60s" }), neighbor("192.0.2.2", 65001, { port: 1790, connectTime: "5s" })],
        }),
      ],
      want: frrConfig([
        routerConfig(65000, {
          neighbors: [neighborConfig("192.0.2.1", 65001, { holdTime: 90, keepaliveTime: 30 }), neighborConfig("192.0.2.2", 65001, { port: 1790, connectTime: 5 })],
        }),
      ]),
    },
    {
      name: "password from a basic-auth secret, cleartext password, graceful restart, multihop, local ASN",
      configs: [
        withRouters("a", {
          asn: 65000,
          neighbors: [
            neighbor("192.0.2.1", 65001, { passwordSecret: { name: "peer-pw", namespace: "ignored" }, enableGracefulRestart: true }),
            neighbor("192.0.2.2", 65002, { password: "clear", ebgpMultiHop: true, localASN: 65100 }),
          ],
        }),
      ],
      secrets: [basicAuthSecret("peer-pw", "s3cret")],
      want: frrConfig([
        routerConfig(65000, {
          neighbors: [
            neighborConfig("192.0.2.1", 65001, { password: "s3cret", gracefulRestart: true }),
            neighborConfig("192.0.2.2", 65002, { password: "clear", ebgpMultiHop: true, localASN: 65100 }),
          ],
        }),
      ]),
    },
    {
      name: "dynamic ASN and unnumbered neighbor (dual family, named after the interface)",
      configs: [withRouters("a", { asn: 65000, neighbors: [{ interface: "eth1", dynamicASN: "external" }, { address: "192.0.2.9", dynamicASN: "internal" }] })],
      want: frrConfig([
        routerConfig(65000, {
          neighbors: [
            neighborConfig("192.0.2.9", "internal"),
            neighborConfig("", "external", { name: "external@eth1", id: "eth1", iface: "eth1", ipFamily: "dual" }),
          ],
        }),
      ]),
    },
    {
      name: "BFD profiles: referenced by a neighbor, all rendered, sorted",
      configs: [
        frrConfiguration("a", {
          bgp: {
            routers: [{ asn: 65000, neighbors: [neighbor("192.0.2.1", 65001, { bfdProfile: "fast" })] }],
            bfdProfiles: [{ name: "slow" }, { name: "fast", receiveInterval: 100, transmitInterval: 100, detectMultiplier: 3, echoMode: true }],
          },
        }),
      ],
      want: frrConfig([routerConfig(65000, { neighbors: [neighborConfig("192.0.2.1", 65001, { bfdProfile: "fast" })] })], {
        bfdProfiles: [
          { name: "fast", receiveInterval: 100, transmitInterval: 100, detectMultiplier: 3, echoMode: true, passiveMode: false },
          { name: "slow", echoMode: false, passiveMode: false },
        ],
      }),
    },
    {
      name: "imports: imported VRF prefixes become advertisable, networks stay the router's own",
      configs: [
        withRouters(
          "a",
          { asn: 65000, prefixes: ["192.0.2.0/26"], imports: [{ vrf: "red" }], neighbors: [neighbor("192.0.2.1", 65001, { toAdvertise: { allowed: { prefixes: ["198.51.100.0/24"] } } })] },
          { asn: 65000, vrf: "red", prefixes: ["198.51.100.0/24"], imports: [{ vrf: "default" }] },
        ),
      ],
      want: frrConfig([
        routerConfig(65000, { ipv4Prefixes: ["192.0.2.0/26"], importVRFs: ["red"], neighbors: [neighborConfig("192.0.2.1", 65001, { outgoing: outgoing(["198.51.100.0/24"]) })] }),
        routerConfig(65000, { vrf: "red", ipv4Prefixes: ["198.51.100.0/24"], importVRFs: ["default"] }),
      ]),
    },
    {
      name: "always-block: canonical CIDR with le 32/128 on every neighbor",
      configs: [withRouters("a", { asn: 65000, neighbors: [neighbor("192.0.2.1", 65001)] }, { asn: 65000, vrf: "red", neighbors: [neighbor("2001:db8::1", 65001)] })],
      options: { alwaysBlock: ["192.168.1.7/24", " 2001:db8:ff::/48"] },
      want: frrConfig([
        routerConfig(65000, {
          neighbors: [
            neighborConfig("192.0.2.1", 65001, {
              alwaysBlock: [
                { ipFamily: "ipv4", prefix: "192.168.1.0/24", le: 32, ge: 0 },
                { ipFamily: "ipv6", prefix: "2001:db8:ff::/48", le: 128, ge: 0 },
              ],
            }),
          ],
        }),
        routerConfig(65000, {
          vrf: "red",
          neighbors: [
            neighborConfig("2001:db8::1", 65001, {
              vrf: "red",
              ipFamily: "ipv6",
              alwaysBlock: [
                { ipFamily: "ipv4", prefix: "192.168.1.0/24", le: 32, ge: 0 },
                { ipFamily: "ipv6", prefix: "2001:db8:ff::/48", le: 128, ge: 0 },
              ],
            }),
          ],
        }),
      ]),
    },
    {
      name: "raw config ordered by priority then object name; log level and hostname options",
      configs: [
        frrConfiguration("b", { raw: { priority: 5, rawConfig: "! b5" } }),
        frrConfiguration("c", { raw: { priority: 0, rawConfig: "! c0" } }),
        frrConfiguration("a", { raw: { priority: 5, rawConfig: "! a5\n! a5 again" } }),
        frrConfiguration("d", { raw: { rawConfig: "" } }),
      ],
      options: { logLevel: "debug", hostname: "host-1" },
      want: frrConfig([], { logLevel: "debugging", hostname: "host-1", extraConfig: "! c0\n! a5\n! a5 again\n! b5\n" }),
    },
    {
      name: "fallback router ID only for routers without an explicit one",
      configs: [withRouters("a", { asn: 65000 }, { asn: 65000, vrf: "red", id: "192.0.2.9" })],
      options: { fallbackRouterID: "167.62.253.30" },
      want: frrConfig([routerConfig(65000, { routerID: "167.62.253.30" }), routerConfig(65000, { vrf: "red", routerID: "192.0.2.9" })]),
    },
  ])("$name", ({ configs, secrets, options, want }) => {
    expect(convertOK(configs, { ...(secrets === undefined ? {} : { secrets }), ...(options === undefined ? {} : { options }) })).toEqual(want);
  });

  test.for([
    ["all", "debugging"],
    ["debug", "debugging"],
    ["info", "informational"],
    ["warn", "warnings"],
    ["error", "errors"],
    ["none", "emergencies"],
    ["bogus", "informational"],
  ] as const)("log level %s renders as %s", ([level, want]) => {
    expect(convertOK([], { options: { logLevel: level } }).logLevel).toBe(want);
  });
});

interface ErrorCase {
  name: string;
  configs: FRRConfigurationInput[];
  secrets?: SecretInput[];
  options?: APIToFRROptions;
  /** Every expected message, exactly (object, field path, rule). */
  want: string[];
}

const A = "FRRConfiguration frr-k8s-system/a";
const r0n0 = "spec.bgp.routers[0].neighbors[0]";
const failed = (n: string, router = "65000-") => `failed to process neighbor ${n} for router ${router}`;

describe("apiToFRR conversion errors", () => {
  test.for<ErrorCase>([
    {
      name: "router prefix that is not a CIDR",
      configs: [withRouters("a", { asn: 65000, prefixes: ["192.0.2.0/33"] })],
      want: [`${A} spec.bgp.routers[0].prefixes[0]: unknown ipfamily for 192.0.2.0/33`],
    },
    {
      name: "import of a VRF not defined in the same object",
      configs: [withRouters("a", { asn: 65000, imports: [{ vrf: "blue" }] }), withRouters("b", { asn: 65000, vrf: "blue" })],
      want: [`${A} spec.bgp.routers[0].imports[0].vrf: router 65000- imports vrf blue which is not defined`],
    },
    {
      name: "import of default without a default-VRF router in the object",
      configs: [withRouters("a", { asn: 65000, vrf: "red", imports: [{ vrf: "default" }] })],
      want: [`${A} spec.bgp.routers[0].imports[0].vrf: vrf  not found in prefixes in router`],
    },
    {
      name: "neighbor without address and interface",
      configs: [withRouters("a", { asn: 65000, neighbors: [{ asn: 65001 }] })],
      want: [`${A} ${r0n0}: ${failed("65001@")}: neighbor with ASN 65001 has no address and no interface`],
    },
    {
      name: "neighbor with address and interface",
      configs: [withRouters("a", { asn: 65000, neighbors: [neighbor("192.0.2.1", 65001, { interface: "eth0" })] })],
      want: [`${A} ${r0n0}.interface: ${failed("65001@192.0.2.1")}: neighbor 65001@192.0.2.1 has both Address and Interface specified`],
    },
    {
      name: "neighbor address that is not an IP",
      configs: [withRouters("a", { asn: 65000, neighbors: [neighbor("192.0.2.300", 65001)] })],
      want: [`${A} ${r0n0}.address: failed to find ipfamily for neighbor 65001@192.0.2.300, err: failed to find ipfamily for 192.0.2.300`],
    },
    {
      name: "neighbor without ASN",
      configs: [withRouters("a", { asn: 65000, neighbors: [{ address: "192.0.2.1" }] })],
      want: [`${A} ${r0n0}.asn: ${failed("@192.0.2.1")}: neighbor @192.0.2.1 has no ASN or DynamicASN specified`],
    },
    {
      name: "neighbor with ASN and dynamic ASN",
      configs: [withRouters("a", { asn: 65000, neighbors: [neighbor("192.0.2.1", 65001, { dynamicASN: "external" })] })],
      want: [`${A} ${r0n0}.dynamicASN: ${failed("65001@192.0.2.1")}: neighbor 65001@192.0.2.1 has both ASN and DynamicASN specified`],
    },
    {
      name: "invalid dynamic ASN",
      configs: [withRouters("a", { asn: 65000, neighbors: [{ address: "192.0.2.1", dynamicASN: "both" }] })],
      want: [`${A} ${r0n0}.dynamicASN: ${failed("both@192.0.2.1")}: neighbor both@192.0.2.1 has invalid DynamicASN both specified, must be one of internal,external`],
    },
    {
      name: "local ASN on an iBGP session",
      configs: [withRouters("a", { asn: 65000, neighbors: [neighbor("192.0.2.1", 65000, { localASN: 65100 })] })],
      want: [`${A} ${r0n0}.localASN: neighbor 65000@192.0.2.1: localASN is not supported for iBGP sessions (neighbor ASN 65000 equals router ASN)`],
    },
    {
      name: "BFD profile declared in another object",
      configs: [
        withRouters("a", { asn: 65000, neighbors: [neighbor("192.0.2.1", 65001, { bfdProfile: "p" })] }),
        frrConfiguration("b", { bgp: { bfdProfiles: [{ name: "p" }] } }),
      ],
      want: [`${A} ${r0n0}.bfdProfile: ${failed("65001@192.0.2.1")}: neighbor 65001@192.0.2.1 referencing non existing BFDProfile p`],
    },
    {
      name: "same BFD profile twice in one object, even if identical",
      configs: [frrConfiguration("a", { bgp: { bfdProfiles: [{ name: "p" }, { name: "p" }] } })],
      want: [`${A} spec.bgp.bfdProfiles[1].name: duplicate bfd profile name p in config a`],
    },
    {
      name: "hold time without keepalive",
      configs: [withRouters("a", { asn: 65000, neighbors: [neighbor("192.0.2.1", 65001, { holdTime: "90s" })] })],
      want: [`${A} ${r0n0}.holdTime: ${failed("65001@192.0.2.1")}: invalid timers for neighbor 65001@192.0.2.1, err: one of KeepaliveTime/HoldTime specified, both must be set or none`],
    },
    {
      name: "keepalive without hold time",
      configs: [withRouters("a", { asn: 65000, neighbors: [neighbor("192.0.2.1", 65001, { keepaliveTime: "30s" })] })],
      want: [`${A} ${r0n0}.holdTime: ${failed("65001@192.0.2.1")}: invalid timers for neighbor 65001@192.0.2.1, err: one of KeepaliveTime/HoldTime specified, both must be set or none`],
    },
    {
      name: "keepalive bigger than hold time",
      configs: [withRouters("a", { asn: 65000, neighbors: [neighbor("192.0.2.1", 65001, { holdTime: "40s", keepaliveTime: "50s" })] })],
      want: [`${A} ${r0n0}.holdTime: ${failed("65001@192.0.2.1")}: invalid timers for neighbor 65001@192.0.2.1, err: invalid keepaliveTime 50s, must be lower than holdTime 40s`],
    },
    {
      name: "hold time below 3s",
      configs: [withRouters("a", { asn: 65000, neighbors: [neighbor("192.0.2.1", 65001, { holdTime: "2.9s", keepaliveTime: "1s" })] })],
      want: [`${A} ${r0n0}.holdTime: ${failed("65001@192.0.2.1")}: invalid timers for neighbor 65001@192.0.2.1, err: invalid hold time 2.9s: must be 0 or >=3s`],
    },
    {
      name: "connect time below one second",
      configs: [withRouters("a", { asn: 65000, neighbors: [neighbor("192.0.2.1", 65001, { connectTime: "500ms" })] })],
      want: [`${A} ${r0n0}.connectTime: ${failed("65001@192.0.2.1")}: invalid timers for neighbor 65001@192.0.2.1, err: invalid connectTime 500ms: must be between 1s and 65535s`],
    },
    {
      name: "cleartext password and secret reference",
      configs: [withRouters("a", { asn: 65000, neighbors: [neighbor("192.0.2.1", 65001, { password: "x", passwordSecret: { name: "s" } })] })],
      want: [`${A} ${r0n0}.passwordSecret: ${failed("65001@192.0.2.1")}: neighbor 65001@192.0.2.1 specifies both cleartext password and secret ref`],
    },
    {
      name: "secret of the wrong type",
      configs: [withRouters("a", { asn: 65000, neighbors: [neighbor("192.0.2.1", 65001, { passwordSecret: { name: "s" } })] })],
      secrets: [basicAuthSecret("s", "pw", "Opaque")],
      want: [`${A} ${r0n0}.passwordSecret: ${failed("65001@192.0.2.1")}: secret type mismatch on "frr-k8s-system"/"s", type "kubernetes.io/basic-auth" is expected`],
    },
    {
      name: "secret without a password key",
      configs: [withRouters("a", { asn: 65000, neighbors: [neighbor("192.0.2.1", 65001, { passwordSecret: { name: "s" } })] })],
      secrets: [basicAuthSecret("s", undefined)],
      want: [`${A} ${r0n0}.passwordSecret: ${failed("65001@192.0.2.1")}: password field not specified in the secret "frr-k8s-system"/"s"`],
    },
    {
      name: "invalid and misplaced next hops",
      configs: [
        withRouters("a", {
          asn: 65000,
          neighbors: [
            neighbor("192.0.2.1", 65001, { toAdvertise: { nextHop: { ipv4: "192.0.2.256" } } }),
            neighbor("192.0.2.2", 65001, { toAdvertise: { nextHop: { ipv6: "2001:db8::1" } } }),
            neighbor("2001:db8::2", 65001, { toAdvertise: { nextHop: { ipv4: "192.0.2.1", ipv6: "192.0.2.1" } } }),
          ],
        }),
      ],
      want: [
        `${A} ${r0n0}.toAdvertise.nextHop.ipv4: ${failed("65001@192.0.2.1")}: invalid ipv4 next hop "192.0.2.256" for neighbor 65001@192.0.2.1`,
        `${A} spec.bgp.routers[0].neighbors[1].toAdvertise.nextHop.ipv6: ${failed("65001@192.0.2.2")}: ipv6 next hop "2001:db8::1" set for neighbor 65001@192.0.2.2 without an ipv6 address family`,
        `${A} spec.bgp.routers[0].neighbors[2].toAdvertise.nextHop.ipv4: ${failed("65001@2001:db8::2")}: ipv4 next hop "192.0.2.1" set for neighbor 65001@2001:db8::2 without an ipv4 address family`,
        `${A} spec.bgp.routers[0].neighbors[2].toAdvertise.nextHop.ipv6: ${failed("65001@2001:db8::2")}: invalid ipv6 next hop "192.0.2.1" for neighbor 65001@2001:db8::2`,
      ],
    },
    {
      name: "advertising a prefix the router does not have",
      configs: [withRouters("a", { asn: 65000, prefixes: ["192.0.2.0/24"], neighbors: [neighbor("192.0.2.1", 65001, { toAdvertise: { allowed: { prefixes: ["198.51.100.0/24"] } } })] })],
      want: [`${A} ${r0n0}.toAdvertise.allowed.prefixes[0]: trying to advertise non configured prefix 198.51.100.0/24 to neighbor 65001@192.0.2.1, vrf `],
    },
    {
      name: "an IPv4 neighbor cannot advertise IPv6 prefixes, nor modify them",
      configs: [
        withRouters("a", {
          asn: 65000,
          prefixes: ["2001:db8::/64"],
          neighbors: [
            neighbor("192.0.2.1", 65001, {
              toAdvertise: {
                allowed: { prefixes: ["2001:db8::/64"] },
                withLocalPref: [{ localPref: 100, prefixes: ["2001:db8::/64"] }],
                withCommunity: [{ community: "1:1", prefixes: ["2001:db8::/64"] }],
              },
            }),
          ],
        }),
      ],
      want: [
        `${A} ${r0n0}.toAdvertise.allowed.prefixes: invalid allowed prefixes [2001:db8::/64] for neighbor 65001@192.0.2.1, err: prefix 2001:db8::/64 is not compatible with the ipfamily ipv4`,
        `${A} ${r0n0}.toAdvertise.withLocalPref[0].prefixes: invalid prefixes [2001:db8::/64] for localpref 100 for neighbor 65001@192.0.2.1, err: prefix 2001:db8::/64 is not compatible with the ipfamily ipv4`,
        `${A} ${r0n0}.toAdvertise.withCommunity[0].prefixes: invalid prefixes [2001:db8::/64] for community 1:1 for neighbor 65001@192.0.2.1, err: prefix 2001:db8::/64 is not compatible with the ipfamily ipv4`,
      ],
    },
    {
      name: "local preference and community on a prefix that is not advertised",
      configs: [
        withRouters("a", {
          asn: 65000,
          prefixes: ["192.0.2.0/26", "192.0.2.64/26"],
          neighbors: [
            neighbor("192.0.2.1", 65001, {
              toAdvertise: {
                allowed: { prefixes: ["192.0.2.0/26"] },
                withLocalPref: [{ localPref: 100, prefixes: ["192.0.2.64/26"] }],
                withCommunity: [{ community: "1:1", prefixes: ["192.0.2.64/26"] }],
              },
            }),
          ],
        }),
      ],
      want: [
        `${A} ${r0n0}.toAdvertise.withLocalPref[0].prefixes: ${failed("65001@192.0.2.1")}: failed to process local pref for neighbor 65001@192.0.2.1, err: localPref 100 associated to non existing prefix 192.0.2.64/26`,
        `${A} ${r0n0}.toAdvertise.withCommunity[0].prefixes: ${failed("65001@192.0.2.1")}: failed to process community for neighbor 65001@192.0.2.1, err: prefix 192.0.2.64/26 is advertised for community 1:1 but it's not in the advertisement list of the neighbor`,
      ],
    },
    {
      name: "one prefix, two local preferences in one neighbor",
      configs: [
        withRouters("a", {
          asn: 65000,
          prefixes: ["192.0.2.0/26"],
          neighbors: [neighbor("192.0.2.1", 65001, { toAdvertise: { allowed: { mode: "all" }, withLocalPref: [{ localPref: 100, prefixes: ["192.0.2.0/26"] }, { localPref: 150, prefixes: ["192.0.2.0/26"] }] } })],
        }),
      ],
      want: [`${A} ${r0n0}.toAdvertise.withLocalPref[1].prefixes: prefix 192.0.2.0/26 is configured with both local preference 100 and 150`],
    },
    {
      name: "same local preference twice, same community twice, a prefix twice in one entry",
      configs: [
        withRouters("a", {
          asn: 65000,
          prefixes: ["192.0.2.0/26", "192.0.2.64/26"],
          neighbors: [
            neighbor("192.0.2.1", 65001, {
              toAdvertise: {
                allowed: { mode: "all" },
                withLocalPref: [{ localPref: 100, prefixes: ["192.0.2.0/26"] }, { localPref: 100, prefixes: ["192.0.2.64/26"] }],
                withCommunity: [{ community: "1:1", prefixes: ["192.0.2.0/26"] }, { community: "01:1", prefixes: ["192.0.2.64/26"] }, { community: "2:2", prefixes: ["192.0.2.0/26", "192.0.2.0/26"] }],
              },
            }),
          ],
        }),
      ],
      want: [
        `${A} ${r0n0}.toAdvertise.withLocalPref[1].localPref: ${failed("65001@192.0.2.1")}: failed to process local pref for neighbor 65001@192.0.2.1, err: local preference 100 is already defined`,
        `${A} ${r0n0}.toAdvertise.withCommunity[1].community: ${failed("65001@192.0.2.1")}: failed to process community for neighbor 65001@192.0.2.1, err: community 01:1 is already defined`,
        `${A} ${r0n0}.toAdvertise.withCommunity[2].prefixes: ${failed("65001@192.0.2.1")}: failed to process community for neighbor 65001@192.0.2.1, err: prefix 192.0.2.0/26 is already defined for community 2:2`,
      ],
    },
    {
      name: "community syntax",
      configs: [
        withRouters("a", {
          asn: 65000,
          prefixes: ["192.0.2.0/26"],
          neighbors: [neighbor("192.0.2.1", 65001, { toAdvertise: { allowed: { mode: "all" }, withCommunity: [{ community: "no-export", prefixes: ["192.0.2.0/26"] }] } })],
        }),
      ],
      want: [
        `${A} ${r0n0}.toAdvertise.withCommunity[0].community: ${failed("65001@192.0.2.1")}: failed to process community for neighbor 65001@192.0.2.1, err: invalid community no-export, err: invalid community "no-export": want A:B with 16-bit numbers or large:X:Y:Z`,
      ],
    },
    {
      name: "receive selectors: bad prefix and inconsistent lengths",
      configs: [
        withRouters("a", {
          asn: 65000,
          neighbors: [
            neighbor("192.0.2.1", 65001, {
              toReceive: {
                allowed: {
                  prefixes: [
                    { prefix: "192.0.2.0" },
                    { prefix: "192.0.2.0/24", le: 26, ge: 28 },
                    { prefix: "192.0.2.0/24", le: 22 },
                    { prefix: "192.0.2.0/24", ge: 23 },
                    { prefix: "2001:db8::/64", le: 63 },
                  ],
                },
              },
            }),
          ],
        }),
      ],
      want: [
        `${A} ${r0n0}.toReceive.allowed.prefixes[0].prefix: ${failed("65001@192.0.2.1")}: failed to parse prefix 192.0.2.0: invalid CIDR address: 192.0.2.0`,
        `${A} ${r0n0}.toReceive.allowed.prefixes[1]: ${failed("65001@192.0.2.1")}: invalid selector lengths: ge 28 is bigger than le 26`,
        `${A} ${r0n0}.toReceive.allowed.prefixes[2]: ${failed("65001@192.0.2.1")}: invalid selector lengths: cidr mask 24 is bigger than le 22`,
        `${A} ${r0n0}.toReceive.allowed.prefixes[3]: ${failed("65001@192.0.2.1")}: invalid selector lengths: cidr mask 24 is bigger than ge 23`,
        `${A} ${r0n0}.toReceive.allowed.prefixes[4]: ${failed("65001@192.0.2.1")}: invalid selector lengths: cidr mask 64 is bigger than le 63`,
      ],
    },
    {
      name: "EVPN is refused rather than ignored",
      configs: [withRouters("a", { asn: 65000, neighbors: [neighbor("192.0.2.1", 65001, { addressFamilies: ["unicast", "evpn"] })] }, { asn: 65000, vrf: "red", evpn: {} } as never)],
      want: [
        `${A} ${r0n0}.addressFamilies: ${failed("65001@192.0.2.1")}: EVPN is not supported by metallb-ts yet`,
        `${A} spec.bgp.routers[1].evpn: EVPN is not supported by metallb-ts yet`,
      ],
    },
    {
      name: "invalid always-block CIDR",
      configs: [],
      options: { alwaysBlock: ["10.0.0.0/40"] },
      want: [`alwaysBlock[0]: invalid CIDR "10.0.0.0/40" in the always-block list`],
    },
    {
      name: "invalid node selector",
      configs: [frrConfiguration("a", { nodeSelector: { matchExpressions: [{ key: "zone", operator: "Near" }] } })],
      want: [`${A} spec.nodeSelector: could not parse nodeSelector for FRRConfiguration frr-k8s-system/a, err: "Near" is not a valid label selector operator (key zone)`],
    },
  ])("$name", ({ configs, secrets, options, want }) => {
    expect(convertErrors(configs, { ...(secrets === undefined ? {} : { secrets }), ...(options === undefined ? {} : { options }) })).toEqual(want);
  });

  test("a missing secret is a transient error; the webhook view without secret references converts", () => {
    const configs = [withRouters("a", { asn: 65000, neighbors: [neighbor("192.0.2.1", 65001, { passwordSecret: { name: "later" } })] })];
    const result = convert(configs);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [e.kind, e.message])).toEqual([
      ["transient", `${A} ${r0n0}.passwordSecret: ${failed("65001@192.0.2.1")}: secret later not found for neighbor 65001@192.0.2.1`],
    ]);
    expect(convert(withoutPasswordSecrets(configs)).ok).toBe(true);
  });

  test("a valid object next to an invalid one still fails the whole node", () => {
    const good = withRouters("good", { asn: 65000, neighbors: [neighbor("192.0.2.1", 65001)] });
    const bad = withRouters("bad", { asn: 65000, prefixes: ["nope"] });
    expect(convert([good, bad]).ok).toBe(false);
  });
});

describe("node selection", () => {
  const zoneA = frrConfiguration("zone-a", { nodeSelector: { matchLabels: { zone: "a" } }, raw: { rawConfig: "! zone-a" } });
  const notB = frrConfiguration("not-b", { nodeSelector: { matchExpressions: [{ key: "zone", operator: "NotIn", values: ["b"] }] }, raw: { rawConfig: "! not-b" } });
  const everyone = frrConfiguration("everyone", { raw: { rawConfig: "! everyone" } });
  const labelled = frrConfiguration("labelled", { nodeSelector: { matchExpressions: [{ key: "bgp", operator: "Exists" }] }, raw: { rawConfig: "! labelled" } });

  test.for([
    { labels: { zone: "a" }, want: "! everyone\n! not-b\n! zone-a\n" },
    { labels: { zone: "b", bgp: "" }, want: "! everyone\n! labelled\n" },
    { labels: {}, want: "! everyone\n! not-b\n" },
  ])("labels $labels", ({ labels, want }) => {
    expect(convertOK([zoneA, notB, everyone, labelled], { labels }).extraConfig).toBe(want);
  });

  test("preselected configurations skip the selector", () => {
    expect(convertOK([zoneA], { labels: {}, options: { preselected: true } }).extraConfig).toBe("! zone-a\n");
  });
});

describe("input types", () => {
  test("objects parsed by @metallb-ts/api fit apiToFRR's inputs", () => {
    // Compile-time check: the api types are assignable to the structural inputs.
    const accepts = (_cfg: FRRConfigurationInput, _secret: SecretInput): void => {};
    const check = (cfg: FRRConfiguration, secret: Secret): void => accepts(cfg, secret);
    expect(typeof check).toBe("function");
  });
});

import { describe, expect, test } from "vitest";
import { Registry } from "prom-client";
import { createSpeakerMetrics, parseFrrNeighbors, registerFrrBgpMetrics } from "./metrics.js";
import { Announcer } from "./reconcilers/announcer.js";
import type { ServiceBGPDecision } from "./core/announce.js";

const announce = (service: string, ips: string[]): ServiceBGPDecision => ({ service, announce: true, pool: "p", ips, announcements: [] });

describe("Announcer", () => {
  test("series follow the announced IPs; nodeAssigned only when a Service starts or its IPs change", async () => {
    const registry = new Registry();
    const { announced } = createSpeakerMetrics(registry);
    const events: string[] = [];
    const a = new Announcer({ nodeName: "n1", announced, emit: (svc, reason) => events.push(`${svc} ${reason}`) });
    a.update([announce("ns/a", ["203.0.113.1"]), announce("ns/b", ["203.0.113.2", "2001:db8::2"])]);
    a.update([announce("ns/a", ["203.0.113.1"]), announce("ns/b", ["203.0.113.2"])]);
    a.update([announce("ns/b", ["203.0.113.2"]), { service: "ns/a", announce: false, reason: "noEndpoints" }]);
    expect(events).toEqual(["ns/a nodeAssigned", "ns/b nodeAssigned", "ns/b nodeAssigned"]);
    const text = await registry.getSingleMetricAsString("metallb_speaker_announced");
    expect(text.split("\n").filter((l) => !l.startsWith("#"))).toEqual([
      'metallb_speaker_announced{service="ns/b",protocol="bgp",node="n1",ip="203.0.113.2"} 1',
    ]);
  });
});

describe("FRR BGP metrics", () => {
  const json = {
    default: {
      vrfId: 0,
      vrfName: "default",
      "192.0.2.1": { bgpState: "Established", portForeign: 179, addressFamilyInfo: { ipv4Unicast: { sentPrefixCounter: 3 } } },
      "2001:db8::1": { bgpState: "Active", addressFamilyInfo: {} },
    },
    red: { vrfName: "red", "198.51.100.9": { bgpState: "Established", portForeign: 1179, addressFamilyInfo: { ipv4Unicast: { sentPrefixCounter: 1 }, ipv6Unicast: { sentPrefixCounter: 2 } } } },
  };

  test("parses show bgp vrf all neighbors json", () => {
    expect(parseFrrNeighbors(json)).toEqual([
      { peer: "192.0.2.1:179", vrf: "", up: true, announcedPrefixes: 3 },
      { peer: "198.51.100.9:1179", vrf: "red", up: true, announcedPrefixes: 3 },
      { peer: "2001:db8::1:179", vrf: "", up: false, announcedPrefixes: 0 },
    ]);
  });

  test("gauges are read from FRR on scrape, and are empty when FRR does not answer", async () => {
    const registry = new Registry();
    let fail = false;
    registerFrrBgpMetrics(registry, () => (fail ? Promise.reject(new Error("vtysh down")) : Promise.resolve(parseFrrNeighbors(json))));
    expect(await registry.getSingleMetricAsString("metallb_bgp_session_up")).toContain('metallb_bgp_session_up{peer="192.0.2.1:179",vrf=""} 1');
    expect(await registry.getSingleMetricAsString("metallb_bgp_announced_prefixes_total")).toContain('{peer="198.51.100.9:1179",vrf="red"} 3');
    fail = true;
    expect(await registry.getSingleMetricAsString("metallb_bgp_session_up")).not.toContain("peer=");
  });
});

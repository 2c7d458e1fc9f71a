// Ordered-step stories of the allocator state machine, one per rule of spec §2. Each step says what it
// does, and what it must produce: "<pool> [<ips>]" for an allocation, "error: <message>" for a failure.
import { describe, expect, test } from "vitest";
import { Allocator, type PoolCounters } from "./allocator.js";
import type { AllocationResult } from "./errors.js";
import type { LabelSelector } from "@metallb-ts/api";
import { type IPAddressPoolSource, type Pool, poolFromCR } from "./pool.js";
import type { ServiceRequest } from "./service-request.js";

type PoolSpec = IPAddressPoolSource["spec"];

function pool(name: string, addresses: string[], extra: Partial<PoolSpec> = {}): Pool {
  const built = poolFromCR({ metadata: { name, namespace: "metallb-system" }, spec: { addresses, ...extra } });
  if (!built.ok) throw new Error(built.issues.map((i) => i.message).join("; "));
  return built.pool;
}

function svc(name: string, extra: Partial<ServiceRequest> = {}): ServiceRequest {
  const [namespace, short] = name.includes("/") ? (name.split("/") as [string, string]) : ["default", name];
  return { namespace, name: short, family: "ipv4", ...extra };
}

const tcp = (...ports: number[]) => ports.map((port) => ({ protocol: "TCP", port }));
const sel = (matchLabels: Record<string, string>): LabelSelector => ({ matchLabels });

function show(result: AllocationResult): string {
  return result.ok ? `${result.pool} [${result.ips.join(",")}]` : `error: ${result.error.message}`;
}

type Step = { desc: string } & (
  | { allocate: ServiceRequest; want: string }
  | { assign: ServiceRequest; ips: string[]; want: string }
  | { fromPool: ServiceRequest; pool: string; want: string }
  | { topUp: ServiceRequest; want: string }
  | { unassign: string; want: boolean }
  | { setPools: Pool[]; want: { released?: string[]; moved?: string[] } }
  | { counters: string; want: Partial<PoolCounters> | undefined }
  | { holds: string; want: string | undefined }
);

interface Story {
  name: string;
  pools: Pool[];
  steps: Step[];
}

function run(a: Allocator, step: Step): unknown {
  if ("allocate" in step) return show(a.allocate(step.allocate));
  if ("assign" in step) return show(a.assign(step.assign, step.ips));
  if ("fromPool" in step) return show(a.allocateFromPool(step.fromPool, step.pool));
  if ("topUp" in step) return show(a.allocateOtherFamily(step.topUp));
  if ("unassign" in step) return a.unassign(step.unassign);
  if ("setPools" in step) {
    const changes = a.setPools(step.setPools);
    const out: { released?: string[]; moved?: string[] } = {};
    if (changes.released.length > 0) out.released = changes.released.map((r) => `${r.key} ${r.pool} [${r.ips.join(",")}]`);
    if (changes.moved.length > 0) out.moved = changes.moved.map((m) => `${m.key} ${m.from}->${m.to}`);
    return out;
  }
  if ("counters" in step) {
    const c = a.counters(step.counters);
    return c && Object.fromEntries(Object.keys(step.want ?? {}).map((k) => [k, c[k as keyof PoolCounters]]));
  }
  const allocation = a.allocationFor(step.holds);
  return allocation && `${allocation.pool} [${allocation.ips.join(",")}]`;
}

function story(s: Story): void {
  const a = new Allocator(s.pools);
  for (const step of s.steps) expect(run(a, step), step.desc).toEqual(step.want);
}

describe("§2.6 lowest usable address, in spec.addresses order", () => {
  test.for<Story>([
    {
      name: "a CIDR starts at its network address; release and reuse the lowest",
      pools: [pool("p", ["10.0.0.0/30"])],
      steps: [
        { desc: "s1 gets the network address", allocate: svc("s1"), want: "p [10.0.0.0]" },
        { desc: "s2 the next", allocate: svc("s2"), want: "p [10.0.0.1]" },
        { desc: "s1 is idempotent", allocate: svc("s1"), want: "p [10.0.0.0]" },
        { desc: "s3", allocate: svc("s3"), want: "p [10.0.0.2]" },
        { desc: "s4 takes the broadcast address", allocate: svc("s4"), want: "p [10.0.0.3]" },
        { desc: "s5 finds nothing", allocate: svc("s5"), want: "error: no available IPs" },
        { desc: "s2 frees its IP", unassign: "default/s2", want: true },
        { desc: "freeing twice is a no-op", unassign: "default/s2", want: false },
        { desc: "s5 gets the freed IP", allocate: svc("s5"), want: "p [10.0.0.1]" },
      ],
    },
    {
      name: "items are walked in spec order, not address order",
      pools: [pool("p", ["10.0.9.0/31", "10.0.0.5-10.0.0.6"])],
      steps: [
        { desc: "first item first", allocate: svc("a"), want: "p [10.0.9.0]" },
        { desc: "still the first item", allocate: svc("b"), want: "p [10.0.9.1]" },
        { desc: "then the range", allocate: svc("c"), want: "p [10.0.0.5]" },
      ],
    },
    {
      name: "a /64 works and its counters are exact",
      pools: [pool("v6", ["2001:db8::/64"])],
      steps: [
        { desc: "IPv6 Service", allocate: svc("a", { family: "ipv6" }), want: "v6 [2001:db8::]" },
        { desc: "next", allocate: svc("b", { family: "ipv6" }), want: "v6 [2001:db8::1]" },
        { desc: "an IPv4 Service finds no IPv4", allocate: svc("c"), want: "error: no available IPs" },
        { desc: "counters", counters: "v6", want: { ipv6Total: 2n ** 64n, ipv6InUse: 2n, ipv6Available: 2n ** 64n - 2n, ipv4Total: 0n } },
      ],
    },
    {
      name: "claimed addresses are skipped, and the gap below them is used later",
      pools: [pool("p", ["10.0.0.0/29"])],
      steps: [
        { desc: "s1 claims .3", assign: svc("s1"), ips: ["10.0.0.3"], want: "p [10.0.0.3]" },
        { desc: "s2 claims .0", assign: svc("s2"), ips: ["10.0.0.0"], want: "p [10.0.0.0]" },
        { desc: "s3 gets .1", allocate: svc("s3"), want: "p [10.0.0.1]" },
        { desc: "s4 gets .2", allocate: svc("s4"), want: "p [10.0.0.2]" },
        { desc: "s5 jumps over .3", allocate: svc("s5"), want: "p [10.0.0.4]" },
        { desc: "s6 cannot take s1's IP", assign: svc("s6"), ips: ["10.0.0.3"], want: 'error: can\'t change sharing key for "default/s6", address also in use by default/s1' },
        { desc: "counters", counters: "p", want: { ipv4InUse: 5n, ipv4Available: 3n, services: 5 } },
      ],
    },
  ])("$name", story);
});

describe("§2.8 avoidBuggyIPs and capacity", () => {
  test.for<Story>([
    {
      name: ".0 and .255 are skipped, arithmetically",
      pools: [pool("p", ["10.0.0.254-10.0.1.2"], { avoidBuggyIPs: true })],
      steps: [
        { desc: "first usable", allocate: svc("a"), want: "p [10.0.0.254]" },
        { desc: "skips .255 and .0", allocate: svc("b"), want: "p [10.0.1.1]" },
        { desc: "asking for a buggy IP", assign: svc("c"), ips: ["10.0.1.0"], want: 'error: ["10.0.1.0"] is not allowed in config' },
        { desc: "counters honour the exclusion", counters: "p", want: { ipv4Total: 3n, ipv4InUse: 2n, ipv4Available: 1n } },
        { desc: "the last usable", allocate: svc("c"), want: "p [10.0.1.2]" },
        { desc: "full", allocate: svc("d"), want: "error: no available IPs" },
      ],
    },
    {
      name: "IPv6 is unaffected",
      pools: [pool("p", ["2001:db8::ff-2001:db8::100"], { avoidBuggyIPs: true })],
      steps: [
        { desc: "::ff is fine", allocate: svc("a", { family: "ipv6" }), want: "p [2001:db8::ff]" },
        { desc: "::100 is fine", allocate: svc("b", { family: "ipv6" }), want: "p [2001:db8::100]" },
      ],
    },
    {
      name: "upstream's capacity examples",
      pools: [pool("a", ["1.2.3.0/24", "2.3.4.128/25"]), pool("b", ["5.2.3.0/24", "6.3.4.128/25"], { avoidBuggyIPs: true }), pool("c", ["7.2.3.0/31", "1000::/127"], { avoidBuggyIPs: true })],
      steps: [
        { desc: "plain", counters: "a", want: { total: 384n } },
        { desc: "avoidBuggyIPs", counters: "b", want: { total: 381n } },
        { desc: "mixed families", counters: "c", want: { total: 3n, ipv4Total: 1n, ipv6Total: 2n } },
      ],
    },
  ])("$name", story);
});

describe("§2.4 families and ipFamilyPolicy", () => {
  const dual = (name: string, extra: Partial<ServiceRequest> = {}) => svc(name, { family: "dual", ipFamilyPolicy: "RequireDualStack", ...extra });
  test.for<Story>([
    {
      name: "RequireDualStack takes both families from one pool, ordered [IPv4, IPv6]",
      pools: [pool("a-v4", ["10.0.0.0/31"]), pool("b-dual", ["2001:db8::/126", "10.1.0.0/31"])],
      steps: [
        { desc: "pools lacking a family are skipped", allocate: dual("d1"), want: "b-dual [10.1.0.0,2001:db8::]" },
        { desc: "a single-stack IPv4 Service takes the first pool by name", allocate: svc("s1"), want: "a-v4 [10.0.0.0]" },
        { desc: "a single-stack IPv6 Service", allocate: svc("s2", { family: "ipv6" }), want: "b-dual [2001:db8::1]" },
        { desc: "second dual", allocate: dual("d2"), want: "b-dual [10.1.0.1,2001:db8::2]" },
        { desc: "no IPv4 left in the dual pool", allocate: dual("d3"), want: "error: no available IPs" },
        { desc: "counters count each family", counters: "b-dual", want: { ipv4InUse: 2n, ipv6InUse: 3n, inUse: 5n, services: 3 } },
      ],
    },
    {
      name: "PreferDualStack falls back to one family: the primary first",
      pools: [pool("a", ["2001:db8::/127"]), pool("b", ["10.0.0.0/31"])],
      steps: [
        { desc: "no pool has both: primary IPv4 from b", allocate: dual("p1", { ipFamilyPolicy: "PreferDualStack" }), want: "b [10.0.0.0]" },
        { desc: "primary IPv6 from a", allocate: dual("p2", { ipFamilyPolicy: "PreferDualStack", primaryFamily: "ipv6" }), want: "a [2001:db8::]" },
        { desc: "RequireDualStack fails", allocate: dual("r1"), want: "error: no available IPs" },
        { desc: "top-up finds no IPv6 in p1's pool", topUp: dual("p1", { ipFamilyPolicy: "PreferDualStack" }), want: "error: no available IPs in pool b for ipv6 IPFamily" },
        { desc: "top-up on a RequireDualStack Service does not apply", topUp: dual("p2"), want: 'error: "default/p2" does not hold exactly one IP with ipFamilyPolicy PreferDualStack' },
      ],
    },
    {
      name: "PreferDualStack top-up from the same pool",
      pools: [pool("p", ["10.0.0.0/31"])],
      steps: [
        { desc: "only IPv4 exists", allocate: dual("s", { ipFamilyPolicy: "PreferDualStack" }), want: "p [10.0.0.0]" },
        { desc: "the pool grows an IPv6 range", setPools: [pool("p", ["10.0.0.0/31", "2001:db8::/127"])], want: {} },
        { desc: "top-up keeps the IPv4 and adds the IPv6", topUp: dual("s", { ipFamilyPolicy: "PreferDualStack" }), want: "p [10.0.0.0,2001:db8::]" },
      ],
    },
    {
      name: "pinned pool: per-family messages and the wrong-family check",
      pools: [pool("v4", ["10.0.0.0/32"]), pool("dual", ["10.1.0.0/32", "2001:db8::/128"])],
      steps: [
        { desc: "IPv6 from an IPv4 pool", fromPool: svc("a", { family: "ipv6" }), pool: "v4", want: "error: no available IPs in pool v4 for ipv6 IPFamily" },
        { desc: "dual from an IPv4 pool", fromPool: dual("a"), pool: "v4", want: "error: no available IPs in pool v4 for ipv6 IPFamily" },
        { desc: "PreferDualStack takes what there is", fromPool: dual("a", { ipFamilyPolicy: "PreferDualStack" }), pool: "v4", want: "v4 [10.0.0.0]" },
        { desc: "now full", fromPool: svc("b"), pool: "v4", want: "error: no available IPs in pool v4" },
        { desc: "unknown pool", fromPool: svc("b"), pool: "nope", want: 'error: unknown pool "nope"' },
        { desc: "a's family changed under it", fromPool: svc("a", { family: "ipv6" }), pool: "v4", want: "error: IP for wrong family assigned alloc ipv4 service family ipv6" },
        { desc: "dual pool", fromPool: dual("c"), pool: "dual", want: "dual [10.1.0.0,2001:db8::]" },
      ],
    },
  ])("$name", story);
});

describe("§2.5 pool eligibility", () => {
  test.for<Story>([
    {
      name: "autoAssign: false is only used on request",
      pools: [pool("manual", ["10.0.0.0/31"], { autoAssign: false }), pool("auto", ["10.9.0.0/32"])],
      steps: [
        { desc: "automatic skips manual", allocate: svc("a"), want: "auto [10.9.0.0]" },
        { desc: "auto is full, manual stays untouched", allocate: svc("b"), want: "error: no available IPs" },
        { desc: "pinned by annotation", allocate: svc("b", { pool: "manual" }), want: "manual [10.0.0.0]" },
        { desc: "requested IP", allocate: svc("c", { requestedIPs: ["10.0.0.1"] }), want: "manual [10.0.0.1]" },
      ],
    },
    {
      name: "priority: positive ascending, then 0, ties by name; serviceAllocation pools never fall back",
      pools: [
        pool("zero", ["10.0.0.0/32"], { serviceAllocation: {} }),
        pool("two", ["10.0.2.0/32"], { serviceAllocation: { priority: 2 } }),
        pool("one-b", ["10.0.1.1/32"], { serviceAllocation: { priority: 1 } }),
        pool("one-a", ["10.0.1.0/32"], { serviceAllocation: { priority: 1 } }),
        pool("web-only", ["10.0.3.0/32"], { serviceAllocation: { priority: 1, serviceSelectors: [sel({ app: "web" })] } }),
        pool("plain", ["10.0.9.0/32"]),
      ],
      steps: [
        { desc: "priority 1, name order", allocate: svc("s1"), want: "one-a [10.0.1.0]" },
        { desc: "priority 1, next name", allocate: svc("s2"), want: "one-b [10.0.1.1]" },
        { desc: "priority 2", allocate: svc("s3"), want: "two [10.0.2.0]" },
        { desc: "priority 0 comes last among pinned pools", allocate: svc("s4"), want: "zero [10.0.0.0]" },
        { desc: "then the pool without serviceAllocation", allocate: svc("s5"), want: "plain [10.0.9.0]" },
        { desc: "web-only never served a non-matching Service", allocate: svc("s6"), want: "error: no available IPs" },
        { desc: "a matching Service gets it", allocate: svc("s7", { labels: { app: "web" } }), want: "web-only [10.0.3.0]" },
      ],
    },
    {
      name: "namespaces and namespace selectors",
      pools: [
        pool("team-a", ["10.0.1.0/32"], { serviceAllocation: { namespaces: ["a"] } }),
        pool("team-b", ["10.0.2.0/32"], { serviceAllocation: { namespaceSelectors: [sel({ team: "b" })] } }),
        pool("nobody", ["10.0.3.0/32"], { serviceAllocation: { namespaceSelectors: [sel({ team: "none" })] } }),
      ],
      steps: [
        { desc: "namespace a", allocate: svc("a/s"), want: "team-a [10.0.1.0]" },
        { desc: "namespace labelled team=b", allocate: svc("x/s", { namespaceLabels: { team: "b" } }), want: "team-b [10.0.2.0]" },
        { desc: "other namespaces get nothing", allocate: svc("c/s"), want: "error: no available IPs" },
        { desc: "explicit IP of an incompatible pool", allocate: svc("c/s", { requestedIPs: ["10.0.1.0"] }), want: "error: pool team-a not compatible for ip assignment" },
        {
          desc: "a selector matching no namespace still restricts (upstream drops the restriction)",
          allocate: svc("c/s", { pool: "nobody" }),
          want: "error: pool nobody not compatible for ip assignment",
        },
      ],
    },
    {
      name: "compatibility is re-checked when an allocation is re-assigned",
      pools: [pool("web", ["10.0.0.0/31"], { serviceAllocation: { serviceSelectors: [sel({ app: "web" })] } })],
      steps: [
        { desc: "matching labels", allocate: svc("s", { labels: { app: "web" } }), want: "web [10.0.0.0]" },
        { desc: "labels changed: re-assign fails", allocate: svc("s", { labels: { app: "db" } }), want: "error: pool web not compatible for ip assignment" },
        { desc: "the old allocation is kept until the caller releases it", holds: "default/s", want: "web [10.0.0.0]" },
      ],
    },
  ])("$name", story);
});

describe("§2.3 requested IPs and §2.2 the pool annotation", () => {
  test.for<Story>([
    {
      name: "requested IPs",
      pools: [pool("a", ["10.0.0.0/24", "2001:db8::/120"]), pool("b", ["10.0.1.0/24"])],
      steps: [
        { desc: "one IP", allocate: svc("s1", { requestedIPs: ["10.0.0.7"] }), want: "a [10.0.0.7]" },
        { desc: "outside every pool", allocate: svc("s2", { requestedIPs: ["192.0.2.1"] }), want: 'error: ["192.0.2.1"] is not allowed in config' },
        { desc: "two pools", allocate: svc("s2", { family: "dual", ipFamilyPolicy: "RequireDualStack", requestedIPs: ["10.0.1.1", "2001:db8::1"] }), want: 'error: ["10.0.1.1" "2001:db8::1"] is not allowed in config' },
        {
          desc: "a dual PreferDualStack Service asking one IP",
          allocate: svc("s2", { family: "dual", ipFamilyPolicy: "PreferDualStack", requestedIPs: ["10.0.0.8"] }),
          want: 'error: requested loadBalancer IP(s) ["10.0.0.8"] does not match the ipFamily of the service',
        },
        { desc: "dual request, kept in request order", allocate: svc("s2", { family: "dual", ipFamilyPolicy: "RequireDualStack", requestedIPs: ["2001:db8::1", "10.0.0.8"] }), want: "a [2001:db8::1,10.0.0.8]" },
        {
          desc: "pinned pool differs: the assignment is undone",
          allocate: svc("s3", { requestedIPs: ["10.0.0.9"], pool: "b" }),
          want: 'error: requested loadBalancer IP(s) ["10.0.0.9"] is not compatible with requested address pool b',
        },
        { desc: "s3 holds nothing", holds: "default/s3", want: undefined },
        { desc: "s1 changes its request: old IP released", allocate: svc("s1", { requestedIPs: ["10.0.0.3"] }), want: "a [10.0.0.3]" },
        { desc: "so .7 is free for a new claim", assign: svc("s4"), ips: ["10.0.0.7"], want: "a [10.0.0.7]" },
        { desc: "more than two", assign: svc("s5"), ips: ["10.0.0.20", "10.0.0.21", "10.0.0.22"], want: 'error: more than two addresses ["10.0.0.20" "10.0.0.21" "10.0.0.22"]' },
        { desc: "two of one family", assign: svc("s5"), ips: ["10.0.0.20", "10.0.0.21"], want: 'error: "10.0.0.20" "10.0.0.21" has the same family' },
      ],
    },
    {
      name: "the pool annotation moves a Service to the pinned pool",
      pools: [pool("a", ["10.0.0.0/31"]), pool("b", ["10.0.1.0/31"])],
      steps: [
        { desc: "automatic", allocate: svc("s"), want: "a [10.0.0.0]" },
        { desc: "pinned to b: released from a, allocated from b", allocate: svc("s", { pool: "b" }), want: "b [10.0.1.0]" },
        { desc: "a's IP is free again", counters: "a", want: { inUse: 0n } },
        { desc: "unpinned: the current allocation is kept", allocate: svc("s"), want: "b [10.0.1.0]" },
      ],
    },
  ])("$name", story);
});

describe("§2.7 sharing", () => {
  const shared = (name: string, key: string, ports: number[], extra: Partial<ServiceRequest> = {}) => svc(name, { sharingKey: key, ports: tcp(...ports), ...extra });
  test.for<Story>([
    {
      name: "same key and disjoint ports share; a clash or another key does not",
      pools: [pool("p", ["10.0.0.0/30"])],
      steps: [
        { desc: "web takes .0", allocate: shared("web", "k", [80]), want: "p [10.0.0.0]" },
        { desc: "dns shares .0 (the lowest compatible address)", allocate: shared("dns", "k", [53]), want: "p [10.0.0.0]" },
        { desc: "a port clash moves on to the next free address", allocate: shared("web2", "k", [80]), want: "p [10.0.0.1]" },
        { desc: "claiming .0 with the clashing port", assign: shared("web3", "k", [80]), ips: ["10.0.0.0"], want: 'error: port TCP/80 is already in use on "10.0.0.0"' },
        { desc: "another key", assign: shared("other", "z", [9]), ips: ["10.0.0.0"], want: "error: can't change sharing key for \"default/other\", address also in use by default/dns,default/web" },
        { desc: "no key", assign: svc("plain", { ports: tcp(9) }), ips: ["10.0.0.0"], want: "error: can't change sharing key for \"default/plain\", address also in use by default/dns,default/web" },
        { desc: "a shared IP counts once", counters: "p", want: { ipv4InUse: 2n, services: 3 } },
        { desc: "web leaves; dns keeps .0", unassign: "default/web", want: true },
        { desc: "web3 may now take port 80 on .0", assign: shared("web3", "k", [80]), ips: ["10.0.0.0"], want: "p [10.0.0.0]" },
      ],
    },
    {
      name: "the backend key must match (externalTrafficPolicy Local)",
      pools: [pool("p", ["10.0.0.0/31"])],
      steps: [
        { desc: "local A", allocate: shared("a", "k", [80], { backendKey: "app=a" }), want: "p [10.0.0.0]" },
        { desc: "local B with another selector goes elsewhere", allocate: shared("b", "k", [81], { backendKey: "app=b" }), want: "p [10.0.0.1]" },
        { desc: "local A2 with the same selector shares", allocate: shared("a2", "k", [82], { backendKey: "app=a" }), want: "p [10.0.0.0]" },
        { desc: "claiming A's IP with another selector", assign: shared("c", "k", [83], { backendKey: "app=c" }), ips: ["10.0.0.0"], want: 'error: can\'t change sharing key for "default/c", address also in use by default/a,default/a2' },
      ],
    },
    {
      name: "the only user of an IP may change its sharing key",
      pools: [pool("p", ["10.0.0.0/31"])],
      steps: [
        { desc: "alone, no key", allocate: svc("a", { ports: tcp(80) }), want: "p [10.0.0.0]" },
        { desc: "same IP, now with a key", assign: shared("a", "k", [80]), ips: ["10.0.0.0"], want: "p [10.0.0.0]" },
        { desc: "b can share now", allocate: shared("b", "k", [81]), want: "p [10.0.0.0]" },
      ],
    },
    {
      name: "a port-less sharer keeps the IP's sharing record (upstream drops it)",
      pools: [pool("p", ["10.0.0.0/31"])],
      steps: [
        { desc: "a with a port", allocate: shared("a", "k", [80]), want: "p [10.0.0.0]" },
        { desc: "b without ports shares", allocate: shared("b", "k", []), want: "p [10.0.0.0]" },
        { desc: "a leaves", unassign: "default/a", want: true },
        { desc: "a Service without the key cannot take b's IP", assign: svc("c"), ips: ["10.0.0.0"], want: 'error: can\'t change sharing key for "default/c", address also in use by default/b' },
      ],
    },
    {
      name: "dual-stack sharing is checked per IP",
      pools: [pool("p", ["10.0.0.0/31", "2001:db8::/127"])],
      steps: [
        { desc: "IPv4 only, key k", allocate: shared("v4", "k", [80]), want: "p [10.0.0.0]" },
        { desc: "dual, key k, other port: shares the IPv4, takes the first IPv6", allocate: shared("d", "k", [443], { family: "dual", ipFamilyPolicy: "RequireDualStack" }), want: "p [10.0.0.0,2001:db8::]" },
        { desc: "dual, key k, port 80: the IPv4 clashes, so the next IPv4; the IPv6 is shared", allocate: shared("d2", "k", [80], { family: "dual", ipFamilyPolicy: "RequireDualStack" }), want: "p [10.0.0.1,2001:db8::]" },
      ],
    },
  ])("$name", story);
});

describe("§2.12 pool changes", () => {
  test.for<Story>([
    {
      name: "shrink, rename, avoidBuggyIPs and removal",
      pools: [pool("p", ["10.0.0.0/29"])],
      steps: [
        { desc: "s0", allocate: svc("s0"), want: "p [10.0.0.0]" },
        { desc: "s1", allocate: svc("s1"), want: "p [10.0.0.1]" },
        { desc: "s5", assign: svc("s5"), ips: ["10.0.0.5"], want: "p [10.0.0.5]" },
        { desc: "shrink to .0-.3: s5 released", setPools: [pool("p", ["10.0.0.0/30"])], want: { released: ["default/s5 p [10.0.0.5]"] } },
        { desc: "s5 holds nothing", holds: "default/s5", want: undefined },
        { desc: "counters refreshed", counters: "p", want: { ipv4InUse: 2n, ipv4Total: 4n } },
        { desc: "renamed: moved", setPools: [pool("q", ["10.0.0.0/30"])], want: { moved: ["default/s0 p->q", "default/s1 p->q"] } },
        { desc: "the old pool is gone", counters: "p", want: undefined },
        { desc: "avoidBuggyIPs: the .0 holder is released", setPools: [pool("q", ["10.0.0.0/30"], { avoidBuggyIPs: true })], want: { released: ["default/s0 q [10.0.0.0]"] } },
        { desc: "autoAssign off keeps allocations", setPools: [pool("q", ["10.0.0.0/30"], { autoAssign: false })], want: {} },
        { desc: "new allocations skip it", allocate: svc("s9"), want: "error: no available IPs" },
        { desc: "all pools deleted", setPools: [], want: { released: ["default/s1 q [10.0.0.1]"] } },
      ],
    },
    {
      name: "a dual-stack allocation split across two new pools is released",
      pools: [pool("p", ["10.0.0.0/31", "2001:db8::/127"])],
      steps: [
        { desc: "dual", allocate: svc("d", { family: "dual", ipFamilyPolicy: "RequireDualStack" }), want: "p [10.0.0.0,2001:db8::]" },
        { desc: "split", setPools: [pool("p", ["10.0.0.0/31"]), pool("q", ["2001:db8::/127"])], want: { released: ["default/d p [10.0.0.0,2001:db8::]"] } },
      ],
    },
  ])("$name", story);

  test("overlapping pools are refused", () => {
    expect(() => new Allocator([pool("a", ["10.0.0.0/24"]), pool("b", ["10.0.0.128/25"])])).toThrow(
      'IPAddressPool metallb-system/b: spec.addresses[0]: "10.0.0.128/25" overlaps with "10.0.0.0/24" (spec.addresses[0] of IPAddressPool metallb-system/a)',
    );
  });
});

describe("§2.13 restart: existing IPs claimed first are not stolen", () => {
  test.for<Story>([
    {
      name: "claims, then new allocations in order",
      pools: [pool("p", ["10.0.0.0/30"])],
      steps: [
        { desc: "old Service reclaims .0", assign: svc("old"), ips: ["10.0.0.0"], want: "p [10.0.0.0]" },
        { desc: "another reclaims .2", assign: svc("old2"), ips: ["10.0.0.2"], want: "p [10.0.0.2]" },
        { desc: "a conflicting claim loses", assign: svc("dup"), ips: ["10.0.0.2"], want: 'error: can\'t change sharing key for "default/dup", address also in use by default/old2' },
        { desc: "so it is allocated anew", allocate: svc("dup"), want: "p [10.0.0.1]" },
        { desc: "new Service", allocate: svc("new"), want: "p [10.0.0.3]" },
      ],
    },
  ])("$name", story);
});

test("queries", () => {
  const a = new Allocator([pool("p", ["10.0.0.0/30"])]);
  a.allocate(svc("x", { sharingKey: "k", ports: tcp(1) }));
  a.allocate(svc("y", { sharingKey: "k", ports: tcp(2) }));
  expect(a.poolFor("default/x")).toBe("p");
  expect(a.ipsFor("default/y")).toEqual(["10.0.0.0"]);
  expect(a.ipsFor("default/z")).toEqual([]);
  expect(a.servicesOn("10.0.0.0")).toEqual(["default/x", "default/y"]);
  expect(a.keys()).toEqual(["default/x", "default/y"]);
  expect(a.poolContaining(["10.0.0.3"])).toBe("p");
  expect(a.poolContaining(["10.0.0.4"])).toBeUndefined();
  expect(a.stats().map((c) => c.pool)).toEqual(["p"]);
  expect(a.pools().map((p) => p.name)).toEqual(["p"]);
});

// metallb_allocator_* gauges (spec §6), read from the allocator at scrape time: the core exposes
// counters, the binary owns the registry (STYLE §1.6). Series of vanished pools disappear with them.
import type { PoolCounters } from "@metallb-ts/allocator";
import { Gauge, type Registry } from "prom-client";

/** prom-client values are doubles; upstream reports capacity of huge IPv6 pools as max int64. */
function gaugeValue(value: bigint): number {
  const max = 2n ** 63n - 1n;
  return Number(value > max ? max : value);
}

const poolGauges: readonly [name: string, help: string, value: (c: PoolCounters) => bigint][] = [
  ["metallb_allocator_addresses_total", "Number of usable IP addresses, per pool", (c) => c.total],
  ["metallb_allocator_ipv4_addresses_total", "Number of usable IPv4 addresses, per pool", (c) => c.ipv4Total],
  ["metallb_allocator_ipv6_addresses_total", "Number of usable IPv6 addresses, per pool", (c) => c.ipv6Total],
  ["metallb_allocator_addresses_in_use_total", "Number of IP addresses in use, per pool", (c) => c.inUse],
  ["metallb_allocator_ipv4_addresses_in_use_total", "Number of IPv4 addresses in use, per pool", (c) => c.ipv4InUse],
  ["metallb_allocator_ipv6_addresses_in_use_total", "Number of IPv6 addresses in use, per pool", (c) => c.ipv6InUse],
];

/** Registers the allocator gauges; `stats` returns the counters of the pools in force (none when not leading). */
export function registerAllocatorMetrics(registry: Registry, stats: () => readonly PoolCounters[]): void {
  for (const [name, help, value] of poolGauges) {
    new Gauge({
      name,
      help,
      labelNames: ["pool"],
      registers: [registry],
      collect() {
        this.reset();
        for (const counters of stats()) this.set({ pool: counters.pool }, gaugeValue(value(counters)));
      },
    });
  }
  // Registered but never set, as upstream.
  new Gauge({ name: "metallb_allocator_services_allocated_total", help: "Number of services allocated, per pool", labelNames: ["pool"], registers: [registry] });
}

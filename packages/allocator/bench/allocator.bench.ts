// npm run bench -- allocator: fills a /16 IPv4 pool (65,536 Services, avoidBuggyIPs off, so every
// address is usable) and 100,000 Services into a 2001:db8::/64 pool; reports allocations/s, the cost of
// the 1,000th vs the 60,000th allocation (median over 101 allocations around each), and peak RSS.
import { Allocator, poolFromCR, type ServiceRequest } from "@metallb-ts/allocator";

interface Case {
  name: string;
  cidr: string;
  family: "ipv4" | "ipv6";
  services: number;
}

const cases: Case[] = [
  { name: "IPv4 /16, 65,536 Services", cidr: "10.0.0.0/16", family: "ipv4", services: 65_536 },
  { name: "IPv6 /64, 100,000 Services", cidr: "2001:db8::/64", family: "ipv6", services: 100_000 },
];

function median(values: Float64Array, from: number, to: number): number {
  const window = Array.from(values.subarray(from, to)).sort((a, b) => a - b);
  return window[window.length >> 1] as number;
}

const baselineMiB = (process.resourceUsage().maxRSS / 1024).toFixed(0);
const rows: string[] = [];
for (const c of cases) {
  const built = poolFromCR({ metadata: { name: "bench", namespace: "metallb-system" }, spec: { addresses: [c.cidr], avoidBuggyIPs: false } });
  if (!built.ok) throw new Error("bad bench pool");
  const allocator = new Allocator([built.pool]);
  const requests: ServiceRequest[] = [];
  for (let i = 0; i < c.services; i++) {
    requests.push({ namespace: `ns${i % 100}`, name: `svc-${i}`, family: c.family, ports: [{ protocol: "TCP", port: 80 }] });
  }
  const times = new Float64Array(c.services);
  const start = process.hrtime.bigint();
  let previous = start;
  for (let i = 0; i < c.services; i++) {
    const result = allocator.allocate(requests[i] as ServiceRequest);
    if (!result.ok) throw new Error(`allocation ${i + 1} failed: ${result.error.message}`);
    const now = process.hrtime.bigint();
    times[i] = Number(now - previous);
    previous = now;
  }
  const totalNs = Number(process.hrtime.bigint() - start);
  const counters = allocator.stats()[0];
  if (counters?.inUse !== BigInt(c.services)) throw new Error("counters disagree with the number of allocations");
  const early = median(times, 1000 - 51, 1000 + 50);
  const late = median(times, 60_000 - 51, 60_000 + 50);
  const perSecond = Math.round(c.services / (totalNs / 1e9));
  const rssMiB = (process.resourceUsage().maxRSS / 1024).toFixed(0);
  rows.push(
    `| ${c.name} | ${perSecond.toLocaleString("en-US")} | ${(totalNs / 1e6).toFixed(0)} | ${(early / 1000).toFixed(2)} | ${(late / 1000).toFixed(2)} | ${(late / early).toFixed(2)} | ${rssMiB} |`,
  );
}

console.log("| case | allocations/s | total ms | 1,000th µs (median ±50) | 60,000th µs (median ±50) | ratio | peak RSS MiB (process so far) |");
console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
for (const row of rows) console.log(row);
console.log(`\nPeak RSS before the first case (node + tsx + modules): ${baselineMiB} MiB. Pools: avoidBuggyIPs off.`);

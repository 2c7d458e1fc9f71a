// The README's first command, as a user runs it: `npm run demo -- --once` must pass and leave nothing behind.
import { spawnSync } from "node:child_process";
import { execFileSync } from "node:child_process";
import { expect, test } from "vitest";
import { repoRoot } from "./lab/index.js";

const netnsList = () => execFileSync("ip", ["netns", "list"], { encoding: "utf8" }).split("\n").map((l) => l.split(" ")[0]).filter(Boolean).sort();

test("npm run demo -- --once shows the Service IP via all three nodes and cleans up", () => {
  const before = netnsList();
  const r = spawnSync("npm", ["run", "--silent", "demo", "--", "--once"], { cwd: repoRoot, encoding: "utf8", timeout: 480_000 });
  const out = `${r.stdout}\n${r.stderr}`;
  expect(r.status, out.slice(-4000)).toBe(0);
  expect(out).toMatch(/external IPs: 203\.0\.113\.\d+, 2001:db8:200::/);
  expect(out).toContain("service IP reachable via all nodes");
  expect(out).toContain("--once: all checks passed");
  expect(netnsList()).toEqual(before);
}, 600_000);

#!/usr/bin/env node
// Runs the whole vitest suite (unit + e2e) and ends with one plain line "N passed, N failed"
// that CI recognises. Extra args go to vitest (e.g. --project unit).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// Static checks first: a type error in a test file or a lint error fails the run like a failed test.
let staticFailures = 0;
for (const [name, cmd, args] of [
  ["typecheck", "npx", ["--no-install", "tsc", "-p", "tsconfig.check.json"]],
  ["lint", "npx", ["--no-install", "eslint", "."]],
]) {
  const r = spawnSync(cmd, args, { stdio: "inherit" });
  console.log(`run-tests: ${name} ${r.status === 0 ? "ok" : "FAILED"}`);
  if (r.status !== 0) staticFailures++;
}

const dir = mkdtempSync(join(tmpdir(), "metallb-ts-vitest-"));
const report = join(dir, "report.json");
const run = spawnSync(
  "npx",
  ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...process.argv.slice(2)],
  { stdio: "inherit" },
);
let passed = 0;
let failed = staticFailures;
let skipped = 0;
try {
  const r = JSON.parse(readFileSync(report, "utf8"));
  passed = r.numPassedTests;
  failed = r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0);
  skipped = r.numPendingTests + r.numTodoTests;
  for (const suite of r.testResults ?? []) {
    if (suite.status === "failed" && (suite.assertionResults ?? []).length === 0) failed += 1;
  }
} catch (err) {
  console.error(`run-tests: no vitest report (${err.message})`);
  failed += 1;
}
rmSync(dir, { recursive: true, force: true });
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(run.status === 0 && failed === 0 ? 0 : 1);

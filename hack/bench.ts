// npm run bench [-- <package>...]: runs every packages/<pkg>/bench/*.bench.ts in its own process
// (so peak RSS figures are per benchmark) and prints their reports in order.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const only = process.argv.slice(2);
let failed = 0;
for (const pkg of readdirSync(join(root, "packages")).sort()) {
  if (only.length > 0 && !only.includes(pkg)) continue;
  const dir = join(root, "packages", pkg, "bench");
  if (!existsSync(dir)) continue;
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".bench.ts")).sort()) {
    console.log(`\n## ${pkg}/${file}\n`);
    const r = spawnSync("npx", ["tsx", "--conditions=@metallb-ts/source", join(dir, file)], { stdio: "inherit", cwd: root });
    if (r.status !== 0) failed++;
  }
}
process.exit(failed === 0 ? 0 : 1);

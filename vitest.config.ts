import { defineConfig } from "vitest/config";

// Two projects: "unit" (pure, fast, no I/O beyond temp files and local FRR syntax checks) and
// "e2e" (real kube-apiserver + etcd, real FRR in network namespaces). Both resolve workspace
// packages from source through the @metallb-ts/source export condition, so no build is needed.
// (The lab library is aliased: vite does not resolve the e2e workspace's export map.)
// Tests run in Vite's SSR environment, whose conditions are separate from `resolve.conditions`:
// without `ssr` a cross-package import silently loads the package's dist build (stale when not rebuilt).
const ssr = { resolve: { conditions: ["@metallb-ts/source"], externalConditions: ["@metallb-ts/source"] } };
const resolve = {
  conditions: ["@metallb-ts/source"],
  alias: { "@metallb-ts/e2e/lab": new URL("./e2e/src/lab/index.ts", import.meta.url).pathname },
};

export default defineConfig({
  resolve,
  ssr,
  test: {
    projects: [
      {
        resolve,
        ssr,
        test: {
          name: "unit",
          include: ["packages/*/src/**/*.test.ts", "hack/**/*.test.ts", "e2e/bench/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "**/node_modules/**", "**/dist/**"],
          setupFiles: ["hack/vitest-fail-on-console.ts"],
          testTimeout: 30_000,
        },
      },
      {
        resolve,
        ssr,
        test: {
          name: "e2e",
          include: ["e2e/src/**/*.test.ts", "packages/*/src/**/*.int.test.ts"],
          globalSetup: ["e2e/src/global-setup.ts"],
          // The lab and the control plane are shared machine resources: one file at a time.
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});

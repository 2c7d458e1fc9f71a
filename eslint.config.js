import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["**/dist/**", "**/node_modules/**", "**/testdata/**", "charts/**", "crds/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-console": "off",
    },
  },
  {
    files: ["packages/{api,allocator,config,frr}/src/**/*.ts"],
    ignores: ["**/*.test.ts", "packages/*/src/testing/**"],
    rules: {
      // Pure cores: no I/O, no logging.
      "no-console": "error",
      "no-restricted-imports": ["error", { patterns: ["node:fs*", "node:child_process", "node:net", "node:http*", "@kubernetes/*", "pino", "prom-client"] }],
    },
  },
  {
    files: ["**/*.js", "**/*.mjs"],
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly" } },
  },
);

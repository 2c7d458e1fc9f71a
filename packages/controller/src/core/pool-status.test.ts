import { expect, test } from "vitest";
import { clampInt64, configurationStateStatus } from "./pool-status.js";

test.for([
  { value: -3n, want: 0 },
  { value: 0n, want: 0 },
  { value: 256n, want: 256 },
  { value: 2n ** 64n, want: 2 ** 63 - 1024 },
  { value: 2n ** 63n - 1n, want: 2 ** 63 - 1024 },
])("clampInt64($value)", ({ value, want }) => {
  expect(clampInt64(value)).toBe(want);
  // Serialises as an integer that fits int64 on the server.
  expect(BigInt(JSON.stringify(clampInt64(value))) <= 2n ** 63n - 1n).toBe(true);
});

test("ConfigurationState for a valid and an invalid configuration", () => {
  expect(configurationStateStatus({ valid: true }, "T")).toEqual({
    result: "Valid",
    errorSummary: "",
    conditions: [{ type: "poolReconcilerValid", status: "True", reason: "Reconciled", message: "", lastTransitionTime: "T" }],
  });
  expect(configurationStateStatus({ valid: false, kind: "config", message: "bad pool" }, "T")).toMatchObject({
    result: "Invalid",
    errorSummary: "configuration error: bad pool",
    conditions: [{ status: "False", reason: "ConfigurationError", message: "configuration error: bad pool" }],
  });
});

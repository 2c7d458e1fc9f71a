import { describe, expect, test } from "vitest";
import { summarize } from "./configuration-state.js";

describe("ConfigurationState result and errorSummary", () => {
  test.for([
    { name: "no conditions", conditions: [], want: { result: "Unknown", errorSummary: "" } },
    { name: "reconciled", conditions: [{ status: "True", reason: "Reconciled", message: "" }], want: { result: "Valid", errorSummary: "" } },
    { name: "unknown error is not invalid", conditions: [{ status: "False", reason: "UnknownError", message: "boom" }], want: { result: "Valid", errorSummary: "" } },
    {
      name: "configuration errors are joined",
      conditions: [
        { status: "False", reason: "ConfigurationError", message: "configuration error: a" },
        { status: "False", reason: "ConfigurationError", message: "configuration error: b" },
      ],
      want: { result: "Invalid", errorSummary: "configuration error: a\nconfiguration error: b" },
    },
  ])("$name", ({ conditions, want }) => {
    expect(summarize(conditions)).toEqual(want);
  });
});

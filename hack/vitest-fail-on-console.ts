// Any console output from code under test is a bug (libraries never log; binaries inject pino).
import { beforeEach, vi } from "vitest";

beforeEach(() => {
  for (const method of ["log", "info", "warn", "error", "debug"] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      throw new Error(`console.${method} called in a unit test: ${args.map(String).join(" ")}`);
    });
  }
});

import type { CliIO } from "../io.js";

export async function run(_argv: readonly string[], io: CliIO): Promise<number> {
  io.stderr("metallb-ts validate: not yet available\n");
  return 2;
}

// The process boundary of the CLI, injected so commands are testable without spawning.
import { readFileSync } from "node:fs";

export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  readStdin(): string;
}

export const processIO: CliIO = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  readStdin: () => readFileSync(0, "utf8"),
};

/** Result of parsing argv for one command: repeated -f/--file values, flags and their values. */
export interface ParsedArgs {
  files: string[];
  options: Map<string, string>;
  positionals: string[];
}

/** Minimal, strict flag parser: `--name value`, `--name=value`, `-f value`, `-o value`. */
export function parseArgs(argv: readonly string[], valueFlags: readonly string[]): ParsedArgs {
  const files: string[] = [];
  const options = new Map<string, string>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    let name: string | undefined;
    let value: string | undefined;
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
      if (eq >= 0) value = arg.slice(eq + 1);
    } else if (arg.startsWith("-") && arg.length === 2) {
      name = { f: "file", o: "output", n: "namespace" }[arg[1] as string] ?? arg.slice(1);
    } else {
      positionals.push(arg);
      continue;
    }
    if (name === "file" || valueFlags.includes(name)) {
      if (value === undefined) {
        value = argv[++i];
        if (value === undefined) throw new Error(`flag ${arg} needs a value`);
      }
      if (name === "file") files.push(value);
      else options.set(name, value);
    } else {
      throw new Error(`unknown flag ${arg}`);
    }
  }
  return { files, options, positionals };
}

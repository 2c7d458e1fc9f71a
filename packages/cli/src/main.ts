// metallb-ts: offline tools over manifests. Each subcommand lives in src/commands/<name>.ts and
// exports `run(argv, io): Promise<number>` (the exit code).
import { processIO, type CliIO } from "./io.js";

const USAGE = `usage: metallb-ts <command> [flags]

commands:
  allocate -f PATH... [-o json|yaml]                 allocate LoadBalancer IPs offline
  render frr --node NAME [--namespace NS] -f PATH... print the frr.conf frr-k8s would run on NAME
  render speaker --node NAME [--namespace NS] [--frr-k8s-namespace NS] -f PATH... [-o json|yaml]
                                                     print the FRRConfiguration the speaker on NAME writes
  validate -f PATH...                                validate MetalLB CRs and FRRConfigurations

PATH is a file, a directory (every *.yaml, *.yml, *.json below it) or - for stdin.
`;

export async function main(argv: readonly string[], io: CliIO = processIO): Promise<number> {
  const [cmd, sub, ...rest] = argv;
  try {
    switch (cmd) {
      case "allocate":
        return await (await import("./commands/allocate.js")).run(argv.slice(1), io);
      case "render":
        if (sub === "frr") return await (await import("./commands/render-frr.js")).run(rest, io);
        if (sub === "speaker") return await (await import("./commands/render-speaker.js")).run(rest, io);
        io.stderr(`metallb-ts render: unknown target ${JSON.stringify(sub ?? "")} (want frr or speaker)\n`);
        return 2;
      case "validate":
        return await (await import("./commands/validate.js")).run(argv.slice(1), io);
      case undefined:
      case "help":
      case "--help":
      case "-h":
        io.stdout(USAGE);
        return cmd === undefined ? 2 : 0;
      default:
        io.stderr(`metallb-ts: unknown command ${JSON.stringify(cmd)}\n${USAGE}`);
        return 2;
    }
  } catch (err) {
    io.stderr(`metallb-ts: ${(err as Error).message}\n`);
    return 1;
  }
}

#!/usr/bin/env bash
# hack/lab.sh up [NODES]|down — the FRR network-namespace lab (1 router + NODES nodes), by hand. Needs root.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec npx --no-install tsx --conditions=@metallb-ts/source e2e/src/lab/cli.ts lab "$@"

#!/usr/bin/env bash
# npm run demo [-- --once]: the whole system on the local lab (control plane + 3 nodes + 1 router).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash hack/setup.sh
if [[ ! -f e2e/src/demo.ts ]]; then
  echo "demo: not yet available (it lands with the end-to-end issue)."
  exit 0
fi
exec npx --no-install tsx --conditions=@metallb-ts/source e2e/src/demo.ts "$@"

#!/usr/bin/env bash
# Installs everything a fresh machine lacks, and nothing twice. Safe to run before every test run
# (npm's pretest does). What it ensures:
#   - npm dependencies (npm ci, only when node_modules is missing or older than package-lock.json)
#   - Debian packages: frr frr-pythontools (FRR 8.4), iproute2, openssl, procps
#   - kube-apiserver, kubectl, etcd and helm built from the Go module proxy into a cache outside the repo
#     (hack/build-bins.sh, versions pinned in hack/versions.env)
#   - the TypeScript build (tsc -b, incremental)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
log() { echo "[setup] $*" >&2; }
die() { echo "[setup] ERROR: $*" >&2; exit 1; }

command -v node >/dev/null || die "node is not installed: install Node.js >= 20.19 (e.g. apt-get install nodejs npm)"
command -v npm >/dev/null || die "npm is not installed: install npm"
command -v go >/dev/null || die "go is not installed: install Go >= 1.25 (needed to build kube-apiserver, etcd and helm)"
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' \
  || die "Node.js $(node --version) is too old: need >= 20.19"

# --- Debian packages -------------------------------------------------------------------------
APT_PACKAGES=(frr frr-pythontools iproute2 openssl procps)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  [[ $(id -u) -eq 0 ]] || die "missing Debian packages ${missing[*]}: run 'sudo apt-get install ${missing[*]}'"
  log "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # The packaged FRR service is not used (every lab instance runs its own daemons); stop it if it started.
  if command -v service >/dev/null && [[ -x /etc/init.d/frr ]]; then service frr stop >/dev/null 2>&1 || true; fi
fi

# --- npm dependencies ------------------------------------------------------------------------
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  log "npm ci"
  npm ci --no-audit --no-fund >/dev/null
fi

# --- control-plane binaries (cached outside the repo) -------------------------------------------
bash hack/build-bins.sh all

# --- TypeScript build (incremental) -------------------------------------------------------------
log "tsc -b"
npx --no-install tsc -b tsconfig.json
log "ready"

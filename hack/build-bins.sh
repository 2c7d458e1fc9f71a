#!/usr/bin/env bash
# Builds kube-apiserver, etcd and helm from the Go module proxy into a cache outside the repo,
# keyed by the pinned versions in hack/versions.env. Skips whatever is already built.
# Measured cold on 2 cores: see README "Development".
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=versions.env
source "$ROOT/hack/versions.env"
export GOTOOLCHAIN=local GOWORK=off CGO_ENABLED=0
CACHE="${METALLB_TS_BIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/metallb-ts/bins}"
mkdir -p "$CACHE"

command -v go >/dev/null || { echo "setup: 'go' is not installed; install Go >= 1.25 (apt-get install golang, or the Go toolchain)" >&2; exit 1; }

log() { echo "[build-bins] $*" >&2; }

build_kube() {
  local out="$CACHE/kube-$K8S_VERSION"
  if [[ -x "$out/kube-apiserver" && -x "$out/kubectl" ]] && "$out/kube-apiserver" --version 2>/dev/null | grep -q "$K8S_VERSION\$"; then return; fi
  log "building kube-apiserver and kubectl $K8S_VERSION (cold: ~5-10 min on 2 cores)"
  local minor; minor=$(echo "$K8S_VERSION" | cut -d. -f2)
  local v=""
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    v="$v -X '$pkg.gitVersion=${K8S_VERSION}' -X '$pkg.gitMajor=1' -X '$pkg.gitMinor=${minor}'"
    v="$v -X '$pkg.gitTreeState=clean' -X '$pkg.buildDate=1970-01-01T00:00:00Z'"
  done
  mkdir -p "$out.tmp"
  (cd "$ROOT/tools/k8s-bins" && go build -trimpath -tags=selinux,notest,grpcnotrace -ldflags "-s -w $v" \
     -o "$out.tmp/" k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kubectl)
  rm -rf "$out"; mv "$out.tmp" "$out"
}

build_etcd() {
  local out="$CACHE/etcd-$ETCD_VERSION"
  if [[ -x "$out/etcd" ]]; then return; fi
  log "building etcd $ETCD_VERSION"
  mkdir -p "$out.tmp"
  (cd "$ROOT/tools/etcd-bin" && go build -trimpath -ldflags "-s -w -X go.etcd.io/etcd/api/v3/version.GitSHA=module-$ETCD_VERSION" \
     -o "$out.tmp/etcd" go.etcd.io/etcd/server/v3)
  rm -rf "$out"; mv "$out.tmp" "$out"
}

build_helm() {
  local out="$CACHE/helm-$HELM_VERSION"
  if [[ -x "$out/helm" ]]; then return; fi
  log "building helm $HELM_VERSION"
  mkdir -p "$out.tmp"
  local minor; minor=$(echo "$K8S_VERSION" | cut -d. -f2)
  (cd "$ROOT/tools/helm-bin" && go build -trimpath -ldflags "-s -w \
      -X helm.sh/helm/v3/internal/version.version=${HELM_VERSION} \
      -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMajor=1 -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMinor=${minor} \
      -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMajor=1 -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMinor=${minor}" \
      -o "$out.tmp/helm" helm.sh/helm/v3/cmd/helm)
  rm -rf "$out"; mv "$out.tmp" "$out"
}

what="${1:-all}"
case "$what" in
  kube) build_kube ;;
  etcd) build_etcd ;;
  helm) build_helm ;;
  all) build_etcd; build_helm; build_kube ;;
  *) echo "usage: $0 [all|kube|etcd|helm]" >&2; exit 2 ;;
esac

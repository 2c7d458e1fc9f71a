#!/usr/bin/env bash
# hack/cluster.sh up|down|kubeconfig|crds — a real etcd + kube-apiserver on 127.0.0.1, by hand.
# `up` prints the admin kubeconfig path: kubectl --kubeconfig "$(hack/cluster.sh kubeconfig)" get ns
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec npx --no-install tsx --conditions=@metallb-ts/source e2e/src/lab/cli.ts cluster "$@"

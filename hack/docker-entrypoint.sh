#!/bin/sh
# Container entrypoint: runs one metallb-ts component with the remaining arguments.
#   docker-entrypoint.sh controller|speaker|frr-k8s|webhooks [flags...]
#   docker-entrypoint.sh cli <command> [args...]     (metallb-ts allocate|render|validate ...)
# exec keeps node as PID 1 so SIGTERM reaches it and it shuts down gracefully.
set -eu

app=${METALLB_TS_APP:-/app}  # overridable to try the script on a checkout
if [ "$#" -eq 0 ]; then
  echo "usage: $0 controller|speaker|frr-k8s|webhooks|cli [args...]" >&2
  exit 64
fi
component=$1
shift

case "$component" in
  controller|speaker|frr-k8s|webhooks)
    exec node "$app/packages/$component/dist/main.js" "$@"
    ;;
  cli|metallb-ts)
    exec node "$app/packages/cli/bin/metallb-ts.js" "$@"
    ;;
  *)
    echo "unknown component '$component': expected controller, speaker, frr-k8s, webhooks or cli" >&2
    exit 64
    ;;
esac

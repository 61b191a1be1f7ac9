# syntax=docker/dockerfile:1
# IndustryOS ingest: MQTT (TCP, TLS, WebSocket), the HTTP device API with /healthz, CoAP and LwM2M.
# Build from the repository root (the workspaces and the lockfile live there):
#   docker build -f deploy/docker/ingest.Dockerfile -t industryos/ingest .
# An exact Node release, so a rebuild next month runs on the same runtime (Node 20 is what the repo tests on).
ARG NODE_IMAGE=node:20.20.2-bookworm-slim

# 1. prune: the ingest app, the workspace packages it uses and a lockfile cut down to them (turbo prune),
#    so a change to the console or the workers does not invalidate this image's install layer.
FROM ${NODE_IMAGE} AS prune
WORKDIR /src
COPY . .
RUN npx --yes turbo@2.11.11 prune @industryos/ingest --docker --out-dir /pruned

# 2. deps: every dependency from the pruned lockfile; install scripts stay off (the Prisma client is
#    generated below, once its schema is there).
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY --from=prune /pruned/json/ ./
RUN npm ci --ignore-scripts --no-audit --no-fund

# 3. build: the sources, the generated Prisma client, then only the production dependencies.
FROM deps AS build
COPY --from=prune /pruned/full/ ./
COPY tsconfig.base.json ./
COPY prisma ./prisma
RUN npm run generate -w @industryos/db \
  && npm prune --omit=dev --ignore-scripts --no-audit --no-fund \
  && rm -rf apps/*/test packages/*/test

# 4. runtime: Node, the production node_modules and the ingest app with its packages; nothing else.
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json /app/tsconfig.base.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/prisma ./prisma
COPY --from=build /app/packages/config ./packages/config
COPY --from=build /app/packages/db ./packages/db
COPY --from=build /app/packages/device-bus ./packages/device-bus
COPY --from=build /app/packages/device-protocol ./packages/device-protocol
COPY --from=build /app/packages/outbound-http ./packages/outbound-http
COPY --from=build /app/packages/runtime ./packages/runtime
COPY --from=build /app/apps/ingest ./apps/ingest
COPY deploy/docker/healthcheck.mjs /usr/local/lib/industryos/healthcheck.mjs
# The code stays root-owned and read-only to the process: the app writes nothing to its own folder.
USER node
# MQTT, MQTT over TLS, MQTT over WebSocket, the HTTP device API (and /healthz), Prometheus /metrics
# (set METRICS_HOST=0.0.0.0 to scrape it from outside), CoAP and LwM2M.
EXPOSE 1883 8883 8083 8081 9464 5683/udp 5685/udp
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "/usr/local/lib/industryos/healthcheck.mjs", "INGEST_HTTP_PORT", "8081"]
CMD ["node", "--max-semi-space-size=128", "--import", "tsx", "apps/ingest/src/main.ts"]

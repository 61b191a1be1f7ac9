# syntax=docker/dockerfile:1
# IndustryOS workers: the rule engine (Redis Streams consumer group), webhook delivery and the Temporal
# worker, with /healthz on WORKERS_HEALTH_PORT. The same image runs the database migrations
# (`node --import tsx packages/db/src/bin/migrate.ts`), as compose's `migrate` service and the chart's Job do.
# Build from the repository root (the workspaces and the lockfile live there):
#   docker build -f deploy/docker/workers.Dockerfile -t industryos/workers .
# An exact Node release, so a rebuild next month runs on the same runtime (Node 20 is what the repo tests on).
ARG NODE_IMAGE=node:20.20.2-bookworm-slim

# 1. prune: the workers app, the workspace packages it uses and a lockfile cut down to them (turbo prune).
FROM ${NODE_IMAGE} AS prune
WORKDIR /src
COPY . .
RUN npx --yes turbo@2.11.11 prune @industryos/workers --docker --out-dir /pruned

# 2. deps: every dependency from the pruned lockfile. Install scripts stay off except isolated-vm's,
#    the rule scripts' sandbox, which compiles against this Node (hence the compilers in this stage only).
FROM ${NODE_IMAGE} AS deps
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=prune /pruned/json/ ./
RUN npm ci --ignore-scripts --no-audit --no-fund && npm rebuild isolated-vm

# 3. build: the sources, the generated Prisma client, then only the production dependencies.
FROM deps AS build
COPY --from=prune /pruned/full/ ./
COPY tsconfig.base.json ./
COPY prisma ./prisma
RUN npm run generate -w @industryos/db \
  && npm prune --omit=dev --ignore-scripts --no-audit --no-fund \
  && rm -rf apps/*/test packages/*/test

# 4. runtime: Node, the production node_modules, the migrations and the workers app with its packages.
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json /app/tsconfig.base.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/prisma ./prisma
COPY --from=build /app/packages/api ./packages/api
COPY --from=build /app/packages/config ./packages/config
COPY --from=build /app/packages/dashboard-schema ./packages/dashboard-schema
COPY --from=build /app/packages/db ./packages/db
COPY --from=build /app/packages/device-bus ./packages/device-bus
COPY --from=build /app/packages/device-protocol ./packages/device-protocol
COPY --from=build /app/packages/outbound-http ./packages/outbound-http
COPY --from=build /app/packages/realtime ./packages/realtime
COPY --from=build /app/packages/rules ./packages/rules
COPY --from=build /app/packages/runtime ./packages/runtime
COPY --from=build /app/packages/temporal-client ./packages/temporal-client
COPY --from=build /app/packages/ui ./packages/ui
COPY --from=build /app/apps/workers ./apps/workers
COPY deploy/docker/healthcheck.mjs /usr/local/lib/industryos/healthcheck.mjs
# The code stays root-owned and read-only to the process: the app writes nothing to its own folder.
USER node
# /healthz and Prometheus /metrics (set METRICS_HOST=0.0.0.0 to scrape it from outside).
EXPOSE 8090 9466
# The first start bundles the workflow code (webpack) before the worker polls: give it time.
HEALTHCHECK --interval=15s --timeout=5s --start-period=90s --retries=3 \
  CMD ["node", "/usr/local/lib/industryos/healthcheck.mjs", "WORKERS_HEALTH_PORT", "8090"]
CMD ["node", "--import", "tsx", "apps/workers/src/main.ts"]

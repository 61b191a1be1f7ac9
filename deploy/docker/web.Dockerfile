# syntax=docker/dockerfile:1
# IndustryOS web: the console (Next.js), REST, tRPC, the WebSocket API and /healthz on one port.
# Build from the repository root (the workspaces and the lockfile live there):
#   docker build -f deploy/docker/web.Dockerfile -t industryos/web .
# An exact Node release, so a rebuild next month runs on the same runtime (Node 20 is what the repo tests on).
ARG NODE_IMAGE=node:20.20.2-bookworm-slim

# 1. prune: the web app, the workspace packages it uses and a lockfile cut down to them (turbo prune).
FROM ${NODE_IMAGE} AS prune
WORKDIR /src
COPY . .
RUN npx --yes turbo@2.11.11 prune @industryos/web --docker --out-dir /pruned

# 2. deps: every dependency from the pruned lockfile (the console's build needs the dev ones). Install
#    scripts stay off except isolated-vm's ("test this script" runs the rule sandbox in the API), which
#    compiles against this Node (hence the compilers in this stage only).
FROM ${NODE_IMAGE} AS deps
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=prune /pruned/json/ ./
RUN npm ci --ignore-scripts --no-audit --no-fund && npm rebuild isolated-vm

# 3. build: the sources, the generated Prisma client, the console's production build (next build),
#    then only the production dependencies.
FROM deps AS build
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=prune /pruned/full/ ./
COPY tsconfig.base.json ./
COPY prisma ./prisma
RUN npm run generate -w @industryos/db \
  && NODE_ENV=production npm run build -w @industryos/web \
  && rm -rf apps/web/.next/cache \
  && npm prune --omit=dev --ignore-scripts --no-audit --no-fund \
  && rm -rf apps/*/test packages/*/test

# 4. runtime: Node, the production node_modules and the web app (with its build) and its packages.
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1
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
COPY --from=build /app/apps/web ./apps/web
COPY deploy/docker/healthcheck.mjs /usr/local/lib/industryos/healthcheck.mjs
# Next writes its image and fetch caches under .next/cache: the only folder the process may write.
RUN mkdir -p apps/web/.next/cache && chown -R node:node apps/web/.next/cache
USER node
# The console, APIs and /healthz; Prometheus /metrics (set METRICS_HOST=0.0.0.0 to scrape it from outside).
EXPOSE 3000 9465
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "/usr/local/lib/industryos/healthcheck.mjs", "WEB_PORT", "3000"]
CMD ["node", "--import", "tsx", "apps/web/server.ts"]

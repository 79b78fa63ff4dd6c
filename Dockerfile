# One image per Continuum service, carrying only what that service uses: its own build, the
# builds of the libraries it depends on, and their production dependencies — the deploy tree
# of `nx run <service>:deploy` (a pruned lockfile and the workspace libraries it needs; the
# audit service, for one, carries no Kafka client and no MongoDB driver, which CI checks with
# tools/workspace/deploy-contents.sh). SERVICE picks it: console (3100), intake (3101),
# treatment-plan (3102), dual-diagnosis (3103), aftercare (3104) or audit (3105).
#   docker build --build-arg SERVICE=intake -t continuum/intake .
# The target `oidc` is the development OpenID Connect provider of the compose stack
# (infra/oidc), never a production image:
#   docker build --target oidc -t continuum/oidc .
# Node 24 LTS, the runtime CI tests on (docs/adr/0006-node-runtime.md). No Docker engine runs
# where this project is developed: CI checks the image's contents, not the image.
ARG NODE_IMAGE=node:24.22.3-bookworm-slim

FROM ${NODE_IMAGE} AS workspace
# better-sqlite3 compiles from source when no prebuilt binary matches.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY . .
RUN npm ci --no-audit --no-fund

# The development identity provider runs from the workspace as it is (its users are a JSON file there).
FROM workspace AS oidc
ENV NODE_ENV=production OIDC_PORT=3900
USER node
EXPOSE 3900
HEALTHCHECK --interval=10s --timeout=5s --start-period=10s --retries=6 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.OIDC_PORT+'/.well-known/openid-configuration').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "infra/oidc/server.mjs"]

FROM workspace AS build
ARG SERVICE
RUN test -f "services/${SERVICE}/package.json" || { echo "SERVICE=\"${SERVICE}\" is not a service: build with --build-arg SERVICE=console, intake, treatment-plan, dual-diagnosis, aftercare or audit" >&2; exit 1; }
RUN npx nx run "${SERVICE}:deploy" --outputStyle=static
# Only the service and what it depends on, without development dependencies.
RUN cd "services/${SERVICE}/dist" && npm ci --no-audit --no-fund --omit=dev

FROM ${NODE_IMAGE}
ARG SERVICE
ENV NODE_ENV=production SERVICE=${SERVICE}
WORKDIR /app
COPY --from=build /app/services/${SERVICE}/dist ./
# DATA_DIR holds what a service keeps locally even in distributed mode: its inbox and relay checkpoint.
RUN mkdir -p /app/data && chown node:node /app/data
ENV DATA_DIR=/app/data
VOLUME /app/data
# The image's files stay root's: the service, running as `node`, can write only its data folder.
USER node
# Alive: the process answers HTTP. PORT if set, else the service's default port. Whether it is
# ready (event store, bus, read models) is /health/ready, which the compose stack waits for.
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=6 \
  CMD ["node", "-e", "const p=process.env.PORT||{console:3100,intake:3101,'treatment-plan':3102,'dual-diagnosis':3103,aftercare:3104,audit:3105}[process.env.SERVICE];fetch('http://127.0.0.1:'+p+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# The same Node flags as tools/run/service-node-flags.ts (why there: the heap's generations' sizes).
CMD ["node", "--max-semi-space-size=16", "--max-old-space-size=512", "main.js"]

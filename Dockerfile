# One image per Continuum service, carrying only what that service uses: its own build, the
# builds of the libraries it depends on, and their production dependencies — the deploy tree
# of `nx run <service>:deploy` (a pruned lockfile and the workspace libraries it needs; the
# audit service, for one, carries no Kafka client and no MongoDB driver, which CI checks with
# tools/workspace/deploy-contents.sh). SERVICE picks it: intake (3101), treatment-plan (3102),
# dual-diagnosis (3103), aftercare (3104) or audit (3105).
#   docker build --build-arg SERVICE=intake -t continuum/intake .
# (No Docker engine runs where this project is developed: this file is not exercised by CI.)
FROM node:20.20-bookworm-slim AS build
# better-sqlite3 compiles from source when no prebuilt binary matches.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY . .
ARG SERVICE
RUN test -f "services/${SERVICE}/package.json" || { echo "SERVICE=\"${SERVICE}\" is not a service: build with --build-arg SERVICE=intake, treatment-plan, dual-diagnosis, aftercare or audit" >&2; exit 1; }
RUN npm ci --no-audit --no-fund && npx nx run "${SERVICE}:deploy" --outputStyle=static
# Only the service and what it depends on, without development dependencies.
RUN cd "services/${SERVICE}/dist" && npm ci --no-audit --no-fund --omit=dev

FROM node:20.20-bookworm-slim
ARG SERVICE
ENV NODE_ENV=production SERVICE=${SERVICE}
WORKDIR /app
COPY --from=build /app/services/${SERVICE}/dist ./
# DATA_DIR holds what a service keeps locally even in distributed mode: its inbox and relay checkpoint.
RUN mkdir -p /app/data && chown node:node /app/data
ENV DATA_DIR=/app/data
VOLUME /app/data
USER node
CMD ["node", "main.js"]

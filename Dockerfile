# One image per Continuum service, carrying only what that service uses: its own build, the
# builds of the libraries it depends on, and their production dependencies (npm workspaces:
# `npm ci --workspace`). SERVICE picks it: intake (3101), treatment-plan (3102),
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
RUN npm ci --no-audit --no-fund && npx nx build "${SERVICE}" --outputStyle=static
# Only the service's workspace and what it depends on, without development dependencies.
RUN rm -rf node_modules && npm ci --no-audit --no-fund --omit=dev --workspace="@continuum/${SERVICE}" --include-workspace-root=false

FROM node:20.20-bookworm-slim
ARG SERVICE
ENV NODE_ENV=production SERVICE=${SERVICE}
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/package.json ./
COPY --from=build /app/libs ./libs
COPY --from=build /app/services/${SERVICE} ./services/${SERVICE}
# DATA_DIR holds what a service keeps locally even in distributed mode: its inbox and relay checkpoint.
RUN mkdir -p /app/data && chown node:node /app/data
ENV DATA_DIR=/app/data
VOLUME /app/data
USER node
CMD ["sh", "-c", "exec node services/${SERVICE}/dist/main.js"]

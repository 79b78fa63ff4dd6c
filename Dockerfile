# One image for every Continuum service; SERVICE picks which one runs: intake (3101),
# treatment-plan (3102), dual-diagnosis (3103), aftercare (3104) or audit (3105).
#   docker build --build-arg SERVICE=intake -t continuum/intake .
FROM node:20.20-bookworm-slim AS build
# better-sqlite3 compiles from source when no prebuilt binary matches.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.base.json tsconfig.build.json ./
COPY libs ./libs
COPY services ./services
COPY tools ./tools
RUN npm run build && npm prune --omit=dev

FROM node:20.20-bookworm-slim
ARG SERVICE
ENV NODE_ENV=production SERVICE=${SERVICE}
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# A missing or misspelt SERVICE fails the build here rather than the container at start.
RUN test -f "dist/services/${SERVICE}/src/main.js" || { echo "SERVICE=\"${SERVICE}\" is not a service: build with --build-arg SERVICE=intake, treatment-plan, dual-diagnosis, aftercare or audit" >&2; exit 1; }
# DATA_DIR holds what a service keeps locally even in distributed mode: its inbox and relay checkpoint.
RUN mkdir -p /app/data && chown node:node /app/data
ENV DATA_DIR=/app/data
VOLUME /app/data
USER node
CMD ["sh", "-c", "exec node dist/services/${SERVICE}/src/main.js"]

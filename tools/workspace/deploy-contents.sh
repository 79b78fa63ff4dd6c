#!/usr/bin/env bash
# What a service's image installs is what that service uses: builds the deploy tree of the
# audit service and of intake (nx run <service>:deploy), installs each the way the Dockerfile
# does (npm ci --omit=dev, scripts off: only the package list matters here), and checks that
# audit — event store only, no bus, no read models — carries no Kafka client, no MongoDB
# driver and no Nest microservices, while intake carries all three; and that neither carries a
# development tool (test runner, compiler, build system, linter).
set -euo pipefail
cd "$(dirname "$0")/../.."

installed() { # service -> the top-level packages of its installed tree, one per line
  local tree="services/$1/dist"
  npx nx run "$1:deploy" --outputStyle=static >/dev/null
  (cd "$tree" && npm ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
  (cd "$tree/node_modules" && ls -d * @*/* | grep -v '^@[^/]*$')
}

# The deploy tree is the build folder: put back the plain builds the other steps run.
cleanup() { rm -rf services/audit/dist services/intake/dist && npx nx run-many -t build -p audit intake --outputStyle=static >/dev/null; }
trap cleanup EXIT

failed=0
audit=$(installed audit)
for package in kafkajs mongoose mongodb @nestjs/microservices; do
  if grep -qx "$package" <<<"$audit"; then echo "audit's image would carry $package, which audit does not use"; failed=1; fi
done
for package in @continuum/event-store-sqlite @continuum/event-store-kurrentdb better-sqlite3; do
  grep -qx "$package" <<<"$audit" || { echo "audit's image lacks $package, which it needs"; failed=1; }
done
intake=$(installed intake)
for package in kafkajs mongoose @nestjs/microservices @continuum/messaging-kafka @continuum/read-store-mongoose; do
  grep -qx "$package" <<<"$intake" || { echo "intake's image lacks $package, which it needs"; failed=1; }
done
for package in jest ts-jest typescript nx eslint prettier supertest @nestjs/testing; do
  for tree in audit intake; do
    if grep -qx "$package" <<<"${!tree}"; then echo "$tree's image would carry $package, a development tool"; failed=1; fi
  done
done
echo "audit: $(wc -l <<<"$audit") packages, intake: $(wc -l <<<"$intake") packages"
exit $failed

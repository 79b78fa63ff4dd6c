#!/usr/bin/env bash
# Proves that Nx's cache cannot answer "passed" for a project whose dependency changed: the
# care-episode tests pass through Nx, then libs/decider's fold is broken and the same Nx
# command must fail (a cache hit would have said "passed"). The break is undone however the
# script ends. Run by CI; takes ~20 s.
set -euo pipefail
cd "$(dirname "$0")/../.."
export NX_DAEMON=false NX_NO_CLOUD=true
target=libs/decider/src/decider.ts
trap 'git checkout -- "$target"' EXIT

npx nx test care-episode --outputStyle=static > /tmp/nx-cache-truth.1.log 2>&1 || { cat /tmp/nx-cache-truth.1.log; echo "nx-cache-truth: care-episode's tests fail before anything was broken" >&2; exit 1; }
# Break fold: it now ignores every event.
sed -i 's/  return events.reduce(evolve, initialState);/  return initialState;/' "$target"
git diff --quiet -- "$target" && { echo "nx-cache-truth: could not break fold in $target (its code changed?)" >&2; exit 1; }
if npx nx test care-episode --outputStyle=static > /tmp/nx-cache-truth.2.log 2>&1; then
  tail -20 /tmp/nx-cache-truth.2.log
  echo "nx-cache-truth: FAILED — care-episode still passed through Nx after libs/decider's fold was broken (a stale cache hit?)" >&2
  exit 1
fi
grep -q "existing outputs match the cache" /tmp/nx-cache-truth.2.log && { echo "nx-cache-truth: FAILED — Nx answered from its cache" >&2; exit 1; }
echo "nx-cache-truth: OK — a change in libs/decider re-ran care-episode's tests through Nx, and they failed as they must"

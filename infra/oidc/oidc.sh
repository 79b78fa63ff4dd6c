#!/usr/bin/env bash
# npm run oidc:up / oidc:down: the development OpenID Connect provider (infra/oidc/server.mjs)
# in the background on OIDC_PORT (default 3900), its pid and log under data/oidc/.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
STATE="${OIDC_STATE_DIR:-$HERE/../../data/oidc}"
PID_FILE="$STATE/oidc.pid"
PORT="${OIDC_PORT:-3900}"

# The pid file alone is not proof: the number may belong to another process by now.
running_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid="$(cat "$PID_FILE")"
  [[ -n "$pid" && -r "/proc/$pid/cmdline" ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q "infra/oidc/server.mjs" || return 1
  echo "$pid"
}

case "${1:-}" in
  up)
    if pid="$(running_pid)"; then
      echo "development OpenID Connect provider already running (pid $pid) on port $PORT"
      exit 0
    fi
    mkdir -p "$STATE"
    nohup node "$HERE/server.mjs" >"$STATE/oidc.log" 2>&1 &
    echo $! >"$PID_FILE"
    for _ in $(seq 1 60); do
      if node -e "fetch('http://127.0.0.1:$PORT/.well-known/openid-configuration').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"; then
        echo "development OpenID Connect provider up on http://localhost:$PORT (JWKS at /jwks); log: $STATE/oidc.log"
        exit 0
      fi
      sleep 0.5
    done
    echo "the provider did not answer on port $PORT; see $STATE/oidc.log" >&2
    exit 1
    ;;
  down)
    if pid="$(running_pid)"; then
      kill "$pid"
      echo "development OpenID Connect provider stopped (pid $pid)"
    else
      echo "development OpenID Connect provider not running"
    fi
    rm -f "$PID_FILE"
    ;;
  *)
    echo "usage: infra/oidc/oidc.sh up|down" >&2
    exit 2
    ;;
esac

#!/usr/bin/env bash
# A real PostgreSQL server for local runs and CI, without Docker: Debian's PostgreSQL 15
# binaries (apt-get install postgresql-15), a throwaway cluster in a temporary folder, run by
# a user who is not root (PostgreSQL refuses to run as root).
#
#   postgres.sh up       initdb (first time), start, wait until it answers, create the database
#   postgres.sh down     stop (fast shutdown); the cluster's folder is deleted
#   postgres.sh crash    SIGKILL the server and every backend (crash-safety checks); `up` recovers
#   postgres.sh status   exit 0 when it answers, 3 when down
#   postgres.sh url      print the EVENT_STORE_URL of this server
#
# Environment: PGPORT (55432), POSTGRES_DATA (the cluster's folder, default
# ${TMPDIR:-/tmp}/continuum-postgres-$PGPORT), POSTGRES_BIN (/usr/lib/postgresql/15/bin),
# POSTGRES_RUN_AS (the user the server runs as when this script runs as root: postgres if
# that user exists, else nobody). Tests then use
# EVENT_STORE_URL=postgres://continuum@127.0.0.1:$PGPORT/continuum (trust authentication on
# 127.0.0.1 only: a test server, never a deployment's).
set -euo pipefail

PORT="${PGPORT:-55432}"
BIN="${POSTGRES_BIN:-/usr/lib/postgresql/15/bin}"
DATA="${POSTGRES_DATA:-${TMPDIR:-/tmp}/continuum-postgres-$PORT}"
LOG="$DATA.log"
HOST=127.0.0.1
DB_USER=continuum
DB_NAME=continuum

say() { printf 'postgres: %s\n' "$*"; }
fail() { printf 'postgres: %s\n' "$*" >&2; exit 1; }

now_ms() { date +%s%3N; }
elapsed() { awk -v ms="$(( $(now_ms) - $1 ))" 'BEGIN { printf "%.1f s", ms / 1000 }'; }

run_as_user() {
  if [[ "$(id -u)" != 0 ]]; then
    echo "$(id -un)"
  elif [[ -n "${POSTGRES_RUN_AS:-}" ]]; then
    echo "$POSTGRES_RUN_AS"
  elif id postgres >/dev/null 2>&1; then
    echo postgres
  else
    echo nobody
  fi
}

# Runs a PostgreSQL binary as the server's user (runuser when this script runs as root).
as_server_user() {
  if [[ "$(id -u)" == 0 ]]; then
    runuser -u "$(run_as_user)" -- "$@"
  else
    "$@"
  fi
}

answers() { "$BIN/pg_isready" -q -h "$HOST" -p "$PORT" -U "$DB_USER" -d postgres; }

server_pid() {
  [[ -f "$DATA/postmaster.pid" ]] || return 1
  local pid
  pid="$(head -n 1 "$DATA/postmaster.pid")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
  echo "$pid"
}

init_cluster() {
  [[ -f "$DATA/PG_VERSION" ]] && return 0
  local user
  user="$(run_as_user)"
  say "creating a cluster in $DATA (runs as $user)"
  mkdir -p "$DATA"
  chmod 700 "$DATA"
  [[ "$(id -u)" == 0 ]] && chown "$user" "$DATA"
  touch "$LOG"
  [[ "$(id -u)" == 0 ]] && chown "$user" "$LOG"
  as_server_user "$BIN/initdb" -D "$DATA" -U "$DB_USER" --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$DATA.initdb.log" 2>&1 ||
    { tail -n 20 "$DATA.initdb.log" >&2; fail "initdb failed (output above)"; }
  # Small and quick to start: the machines have 2 cores and share them with node and Kafka.
  cat >>"$DATA/postgresql.conf" <<CONF
# Written by infra/postgres/postgres.sh.
listen_addresses = '$HOST'
port = $PORT
unix_socket_directories = '$DATA'
max_connections = 200
shared_buffers = 64MB
CONF
}

up() {
  [[ -x "$BIN/pg_ctl" ]] || fail "PostgreSQL 15 is not installed in $BIN: apt-get install postgresql-15 (or set POSTGRES_BIN)"
  if server_pid >/dev/null && answers; then
    say "already up on $HOST:$PORT"
    return 0
  fi
  init_cluster
  local started
  started="$(now_ms)"
  # -w waits until the server accepts connections (after crash recovery, if it crashed).
  as_server_user "$BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 start >/dev/null ||
    { tail -n 30 "$LOG" >&2; fail "the server did not start (log above, full log in $LOG)"; }
  if [[ "$("$BIN/psql" -h "$HOST" -p "$PORT" -U "$DB_USER" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")" != 1 ]]; then
    "$BIN/createdb" -h "$HOST" -p "$PORT" -U "$DB_USER" "$DB_NAME"
  fi
  say "up: PostgreSQL $("$BIN/postgres" --version | awk '{print $3}') on $HOST:$PORT in $(elapsed "$started"); EVENT_STORE_URL=$(url)"
}

down() {
  if server_pid >/dev/null; then
    as_server_user "$BIN/pg_ctl" -D "$DATA" -m fast -w -t 30 stop >/dev/null || true
    say "down"
  else
    say "not running"
  fi
  rm -rf "$DATA" "$LOG" "$DATA.initdb.log"
}

crash() {
  local pid
  pid="$(server_pid)" || fail "not running"
  # The postmaster and every backend at once, as a power cut or the OOM killer would.
  # shellcheck disable=SC2046 # one pid per word
  kill -KILL "$pid" $(pgrep -P "$pid") 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
  say "killed (pid $pid and its backends)"
}

url() { echo "postgres://$DB_USER@$HOST:$PORT/$DB_NAME"; }

status() {
  if server_pid >/dev/null && answers; then
    say "up on $HOST:$PORT"
  else
    say "not running"
    exit 3
  fi
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  crash) crash ;;
  status) status ;;
  url) url ;;
  *) fail "usage: postgres.sh up | down | crash | status | url" ;;
esac

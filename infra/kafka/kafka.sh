#!/usr/bin/env bash
# A real single-node Apache Kafka (KRaft, broker and controller in one JVM) for local runs
# and CI, without Docker: the jars come from Maven Central through pom.xml.
#
#   kafka.sh up             fetch jars (first time), format storage (first time), start, wait
#   kafka.sh down [--wipe]  stop cleanly; --wipe also deletes topics, offsets and metadata
#   kafka.sh status         exit 0 when it answers, 1 when it runs but does not answer, 3 when down
#
# Environment: KAFKA_VERSION (default: <kafka.version> in pom.xml), KAFKA_PORT (9092),
# KAFKA_CONTROLLER_PORT (9093), KAFKA_HEAP_OPTS (-Xms256m -Xmx512m), KAFKA_START_TIMEOUT (90 s),
# KAFKA_STOP_TIMEOUT (30 s), KAFKA_STATE_DIR (.cache: a second broker on other ports keeps its
# data, config, log and pid in a folder of its own; the jars are shared).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE="$HERE/.cache"
STATE="${KAFKA_STATE_DIR:-$CACHE}"
DATA="$STATE/data"
CONFIG="$STATE/server.properties"
LOG="$STATE/kafka.log"
PID_FILE="$STATE/kafka.pid"
VERSION_MARK="$DATA/.formatted-by-kafka"

KAFKA_VERSION="${KAFKA_VERSION:-$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$HERE/pom.xml")}"
LIBS="$CACHE/libs-$KAFKA_VERSION"
HOST=127.0.0.1
PORT="${KAFKA_PORT:-9092}"
CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
# Small heap: the machines and CI runners have 2 cores and share them with node services.
HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}"
START_TIMEOUT="${KAFKA_START_TIMEOUT:-90}"
STOP_TIMEOUT="${KAFKA_STOP_TIMEOUT:-30}"

say() { printf 'kafka: %s\n' "$*"; }
fail() { printf 'kafka: %s\n' "$*" >&2; exit 1; }

now_ms() { date +%s%3N; }
elapsed() { awk -v ms="$(( $(now_ms) - $1 ))" 'BEGIN { printf "%.1f s", ms / 1000 }'; }

# shellcheck disable=SC2206 # KAFKA_HEAP_OPTS holds several JVM flags
JAVA_ARGS=($HEAP_OPTS -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true
  "-Dlog4j2.configurationFile=$HERE/log4j2.properties" -cp "$LIBS/*")

# The pid file alone is not proof: after a reboot the number may belong to another process.
running_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid="$(cat "$PID_FILE")"
  [[ -n "$pid" && -r "/proc/$pid/cmdline" ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q "kafka.Kafka $CONFIG" || return 1
  echo "$pid"
}

port_open() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

# A Metadata v4 request spoken in raw protocol bytes, so readiness needs neither node nor the
# Kafka CLI tools. An open port is not enough: the broker only lists itself in Metadata once
# it has caught up with the controller and been unfenced, which is when clients can produce.
# Request: size, api_key 3, api_version 4, correlation_id 1, client_id null,
#          topics null (all), allow_auto_topic_creation false.
# Response: size, correlation_id, throttle_time_ms, then the broker count (bytes 12-15).
metadata_broker_count() {
  local reply
  reply="$( (
    exec 3<>"/dev/tcp/$HOST/$PORT" || exit 1
    printf '\x00\x00\x00\x0f\x00\x03\x00\x04\x00\x00\x00\x01\xff\xff\xff\xff\xff\xff\x00' >&3
    timeout 3 head -c 16 <&3 | od -An -tu1 -v
  ) 2>/dev/null)" || return 1
  set -- $reply
  [[ $# -eq 16 ]] || return 1
  echo $(( (${13} << 24) | (${14} << 16) | (${15} << 8) | ${16} ))
}

broker_answers() {
  local brokers
  brokers="$(metadata_broker_count)" || return 1
  [[ "$brokers" -ge 1 ]]
}

fetch_jars() {
  if [[ -f "$LIBS/kafka_2.13-$KAFKA_VERSION.jar" ]]; then return 0; fi
  command -v mvn >/dev/null || fail "Maven is needed once to fetch the Kafka jars: install Maven 3.8+ (apt-get install maven) and run again."
  say "fetching Kafka $KAFKA_VERSION jars from Maven Central into ${LIBS#"$HERE/"}/ (first run only)"
  local started
  started="$(now_ms)"
  rm -rf "$LIBS.partial"
  # Copy into a side folder and rename, so that an interrupted download is never mistaken
  # for a complete one on the next run.
  if ! mvn -B -q -f "$HERE/pom.xml" dependency:copy-dependencies \
      -Dkafka.version="$KAFKA_VERSION" -Dkafka.libs="$LIBS.partial" >"$CACHE/maven.log" 2>&1; then
    rm -rf "$LIBS.partial"
    tail -n 30 "$CACHE/maven.log" >&2
    fail "Maven could not fetch Kafka $KAFKA_VERSION. Check that Maven Central is reachable (or your ~/.m2/settings.xml mirror) and run again."
  fi
  mv "$LIBS.partial" "$LIBS"
  say "jars fetched in $(elapsed "$started") ($(du -sh "$LIBS" | cut -f1))"
}

write_config() {
  mkdir -p "$DATA"
  cat >"$CONFIG" <<EOF
# Written by infra/kafka/kafka.sh on every start; edit the script, not this file.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$HOST:$CONTROLLER_PORT
listeners=PLAINTEXT://$HOST:$PORT,CONTROLLER://$HOST:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$HOST:$PORT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$DATA

# One broker: every replication factor and min ISR is 1, so acks=all means "this broker".
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1

# Fast tests: consumers join a group without the 3 s grace period meant for rolling deploys,
# and the internal topics are created with 3 partitions instead of 50, which takes seconds
# on two cores the first time a group or a transactional producer appears.
group.initial.rebalance.delay.ms=0
offsets.topic.num.partitions=3
transaction.state.log.num.partitions=3

# A consumer fetches again only once it has committed the offsets of what it handled, and the
# group coordinator holds each offset commit (and join, sync, heartbeat) for this long hoping to
# write several together: 5 ms by default, on every fetch cycle of every consumer. Our
# consumers are a handful; the wait bought no batching, only latency. Each commit is written
# exactly as before (same log, same acks), just without the wait.
group.coordinator.append.linger.ms=0

# Topics appear on first use with 3 partitions, as services expect in the distributed mode.
auto.create.topics.enable=true
num.partitions=3
EOF
}

format_storage() {
  if [[ -f "$DATA/meta.properties" ]]; then
    local formatted_by
    formatted_by="$(cat "$VERSION_MARK" 2>/dev/null || echo "an unknown version")"
    # Metadata written by a newer broker cannot be read by an older one, and upgrading in
    # place is not worth supporting for throwaway local data.
    [[ "$formatted_by" == "$KAFKA_VERSION" ]] ||
      fail "the data in ${DATA#"$HERE/"}/ was formatted by Kafka $formatted_by, not $KAFKA_VERSION. Run 'npm run kafka:down -- --wipe' (deletes local topics and offsets) and then 'up' again."
    return 0
  fi
  # A KRaft cluster id is 16 random bytes in URL-safe base64; one that starts with '-'
  # would be read as an option by the storage tool.
  local cluster_id="-"
  while [[ "$cluster_id" == -* ]]; do
    cluster_id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
  done
  say "formatting KRaft storage in ${DATA#"$HERE/"}/ (cluster id $cluster_id)"
  java "${JAVA_ARGS[@]}" kafka.tools.StorageTool format --cluster-id "$cluster_id" --config "$CONFIG" \
    >"$STATE/format.log" 2>&1 || { tail -n 20 "$STATE/format.log" >&2; fail "formatting the storage failed (output above, full log in ${STATE#"$HERE/"}/format.log)."; }
  echo "$KAFKA_VERSION" >"$VERSION_MARK"
}

# Waits until the broker (pid $1, started at $2 ms) answers. A second `up` during a slow start
# (parallel CI steps, an earlier `up` that timed out) joins this wait instead of starting
# another JVM.
wait_until_answers() {
  local pid="$1" started="$2"
  local deadline=$(( $(date +%s) + START_TIMEOUT ))
  until broker_answers; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$PID_FILE"
      tail -n 40 "$LOG" >&2
      fail "the broker exited during start (log above, full log in ${LOG#"$HERE/"})."
    fi
    if (( $(date +%s) >= deadline )); then
      tail -n 40 "$LOG" >&2
      fail "no answer on $HOST:$PORT after ${START_TIMEOUT}s; it is still running as pid $pid (log above). Run 'npm run kafka:down' and look at ${LOG#"$HERE/"}."
    fi
    sleep 0.5
  done
  say "up: Kafka $KAFKA_VERSION on $HOST:$PORT (pid $pid) in $(elapsed "$started"); log in ${LOG#"$HERE/"}"
}

up() {
  local pid
  if pid="$(running_pid)"; then
    if broker_answers; then
      say "already up (pid $pid, $HOST:$PORT)"
    else
      say "pid $pid is still starting, waiting for it"
      wait_until_answers "$pid" "$(now_ms)"
    fi
    return 0
  fi
  if port_open "$PORT"; then
    fail "port $PORT is taken by a process this script did not start. Stop it, or pick another port with KAFKA_PORT=… (and set KAFKA_BROKERS to match)."
  fi
  command -v java >/dev/null || fail "Java 17+ is needed to run Kafka: install a JDK (apt-get install openjdk-17-jre-headless) and run again."
  mkdir -p "$CACHE" "$STATE"
  fetch_jars
  write_config
  format_storage

  local started
  started="$(now_ms)"
  # setsid: the broker outlives the npm process and a Ctrl-C in the terminal that ran `up`.
  # 9>&-: the broker must not inherit the lock, or every later `up`/`down` would wait on it.
  setsid java "${JAVA_ARGS[@]}" kafka.Kafka "$CONFIG" >"$LOG" 2>&1 </dev/null 9>&- &
  pid=$!
  echo "$pid" >"$PID_FILE"
  wait_until_answers "$pid" "$started"
}

down() {
  local wipe=false pid
  [[ "${1:-}" == "--wipe" ]] && wipe=true
  [[ -z "${1:-}" || "$wipe" == true ]] || fail "unknown option '$1'; use 'down' or 'down --wipe'."
  if pid="$(running_pid)"; then
    local started
    started="$(now_ms)"
    # SIGTERM runs Kafka's shutdown hook: it flushes the logs and writes clean-shutdown
    # markers, so the next start skips log recovery.
    kill -TERM "$pid"
    local deadline=$(( $(date +%s) + STOP_TIMEOUT ))
    while kill -0 "$pid" 2>/dev/null; do
      if (( $(date +%s) >= deadline )); then
        say "no clean stop after ${STOP_TIMEOUT}s, killing pid $pid (the next start will recover the logs)"
        kill -KILL "$pid" 2>/dev/null || true
        # SIGKILL is delivered asynchronously: wait until the ports are free for the next `up`.
        while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
        break
      fi
      sleep 0.2
    done
    say "down (pid $pid stopped in $(elapsed "$started"))"
  else
    say "not running"
  fi
  rm -f "$PID_FILE"
  if [[ "$wipe" == true ]]; then
    rm -rf "$DATA"
    say "data wiped (topics, offsets, cluster metadata); jars kept in ${CACHE#"$HERE/"}/"
  fi
}

status() {
  local pid
  if ! pid="$(running_pid)"; then
    say "not running"
    exit 3
  fi
  if broker_answers; then
    say "up: Kafka $KAFKA_VERSION on $HOST:$PORT (pid $pid)"
  else
    say "pid $pid is running but $HOST:$PORT does not answer yet (starting, stopping, or stuck: see ${LOG#"$HERE/"})"
    exit 1
  fi
}

# One `up` or `down` at a time: two parallel `up`s would otherwise both fetch, format and
# start a JVM before either wrote the pid file.
serialized() {
  mkdir -p "$STATE"
  exec 9>"$STATE/.lock"
  flock 9
  "$@"
}

case "${1:-}" in
  up) serialized up ;;
  down) shift; serialized down "$@" ;;
  status) status ;;
  *) fail "usage: kafka.sh up | down [--wipe] | status" ;;
esac

#!/usr/bin/env bash
# A MongoDB wire-protocol stand-in (mongo-java-server, in-memory) for the mongoose read-store
# suite, locally and in CI, without Docker: the jars come from Maven Central through pom.xml.
# It is NOT MongoDB — read README.md before trusting a green run.
#
#   mongo.sh up       fetch jars and compile the launcher (first time), start, wait
#   mongo.sh down     stop (every document is gone: the backend keeps them in memory)
#   mongo.sh status   exit 0 when it answers, 1 when it runs but does not answer, 3 when down
#
# Environment: MONGO_JAVA_SERVER_VERSION (default: in pom.xml), MONGO_PORT (27017),
# MONGO_HEAP_OPTS (-Xms64m -Xmx512m), MONGO_START_TIMEOUT (60 s), MONGO_STOP_TIMEOUT (15 s).
# Tests then use MONGODB_URI=mongodb://127.0.0.1:$MONGO_PORT/continuum.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE="$HERE/.cache"
LOG="$CACHE/mongo.log"
PID_FILE="$CACHE/mongo.pid"

VERSION="${MONGO_JAVA_SERVER_VERSION:-$(sed -n 's:.*<mongo-java-server.version>\(.*\)</mongo-java-server.version>.*:\1:p' "$HERE/pom.xml")}"
LIBS="$CACHE/libs-$VERSION"
CLASSES="$CACHE/classes-$VERSION"
HOST=127.0.0.1
PORT="${MONGO_PORT:-27017}"
# The in-memory backend holds every test document; 512 MB is ample and leaves the two cores'
# memory to node and Kafka.
HEAP_OPTS="${MONGO_HEAP_OPTS:--Xms64m -Xmx512m}"
START_TIMEOUT="${MONGO_START_TIMEOUT:-60}"
STOP_TIMEOUT="${MONGO_STOP_TIMEOUT:-15}"

say() { printf 'mongo: %s\n' "$*"; }
fail() { printf 'mongo: %s\n' "$*" >&2; exit 1; }

now_ms() { date +%s%3N; }
elapsed() { awk -v ms="$(( $(now_ms) - $1 ))" 'BEGIN { printf "%.1f s", ms / 1000 }'; }

# shellcheck disable=SC2206 # MONGO_HEAP_OPTS holds several JVM flags
# -XX:TieredStopAtLevel=1 and -Xshare:auto: a test server lives minutes, so a fast start
# beats peak throughput. The simple logger keeps the server's per-connection chatter out.
JAVA_ARGS=($HEAP_OPTS -XX:+ExitOnOutOfMemoryError -XX:TieredStopAtLevel=1 -Xshare:auto
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CLASSES:$LIBS/*")

# The pid file alone is not proof: after a reboot the number may belong to another process.
running_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid="$(cat "$PID_FILE")"
  [[ -n "$pid" && -r "/proc/$pid/cmdline" ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q "MongoStandIn $PORT" || return 1
  echo "$pid"
}

port_open() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

# The launcher prints "ready" only after bind() returned, so the port answering is the
# server answering: no handshake needs to be spoken here.
server_answers() { port_open "$PORT"; }

fetch_and_compile() {
  if [[ ! -f "$LIBS/mongo-java-server-core-$VERSION.jar" ]]; then
    command -v mvn >/dev/null || fail "Maven is needed once to fetch the stand-in's jars: install Maven 3.8+ (apt-get install maven) and run again."
    say "fetching mongo-java-server $VERSION jars from Maven Central into ${LIBS#"$HERE/"}/ (first run only)"
    local started
    started="$(now_ms)"
    rm -rf "$LIBS.partial"
    # Copy into a side folder and rename, so that an interrupted download is never mistaken
    # for a complete one on the next run.
    if ! mvn -B -q -f "$HERE/pom.xml" dependency:copy-dependencies \
        -Dmongo-java-server.version="$VERSION" -Dmongo.libs="$LIBS.partial" >"$CACHE/maven.log" 2>&1; then
      rm -rf "$LIBS.partial"
      tail -n 30 "$CACHE/maven.log" >&2
      fail "Maven could not fetch mongo-java-server $VERSION. Check that Maven Central is reachable (or your ~/.m2/settings.xml mirror) and run again."
    fi
    mv "$LIBS.partial" "$LIBS"
    say "jars fetched in $(elapsed "$started") ($(du -sh "$LIBS" | cut -f1))"
  fi
  # Compiled once per version (and again when the launcher changes): javac costs a second
  # or two, every later start runs the class directly.
  if [[ ! -f "$CLASSES/MongoStandIn.class" || "$HERE/MongoStandIn.java" -nt "$CLASSES/MongoStandIn.class" ]]; then
    command -v javac >/dev/null || fail "a JDK is needed once to compile the launcher: install one (apt-get install openjdk-17-jdk-headless) and run again."
    mkdir -p "$CLASSES"
    javac -nowarn -d "$CLASSES" -cp "$LIBS/*" "$HERE/MongoStandIn.java" ||
      fail "the launcher did not compile against mongo-java-server $VERSION (errors above)."
  fi
}

wait_until_answers() {
  local pid="$1" started="$2"
  local deadline=$(( $(date +%s) + START_TIMEOUT ))
  until grep -q '^ready' "$LOG" 2>/dev/null && server_answers; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$PID_FILE"
      tail -n 40 "$LOG" >&2
      fail "the stand-in exited during start (log above, full log in ${LOG#"$HERE/"})."
    fi
    if (( $(date +%s) >= deadline )); then
      tail -n 40 "$LOG" >&2
      fail "no answer on $HOST:$PORT after ${START_TIMEOUT}s; it is still running as pid $pid (log above). Run 'bash infra/mongo/mongo.sh down' and look at ${LOG#"$HERE/"}."
    fi
    sleep 0.1
  done
  say "up: mongo-java-server $VERSION (a stand-in, not MongoDB) on $HOST:$PORT (pid $pid) in $(elapsed "$started"); MONGODB_URI=mongodb://$HOST:$PORT/continuum"
}

up() {
  local pid
  if pid="$(running_pid)"; then
    if server_answers; then
      say "already up (pid $pid, $HOST:$PORT)"
    else
      say "pid $pid is still starting, waiting for it"
      wait_until_answers "$pid" "$(now_ms)"
    fi
    return 0
  fi
  if port_open "$PORT"; then
    fail "port $PORT is taken by a process this script did not start (a real mongod?). Stop it, or pick another port with MONGO_PORT=… (and set MONGODB_URI to match)."
  fi
  command -v java >/dev/null || fail "Java 17+ is needed to run the stand-in: install a JDK (apt-get install openjdk-17-jdk-headless) and run again."
  mkdir -p "$CACHE"
  fetch_and_compile

  local started
  started="$(now_ms)"
  # setsid: the server outlives the npm process and a Ctrl-C in the terminal that ran `up`.
  # 9>&-: the server must not inherit the lock, or every later `up`/`down` would wait on it.
  setsid java "${JAVA_ARGS[@]}" MongoStandIn "$PORT" >"$LOG" 2>&1 </dev/null 9>&- &
  pid=$!
  echo "$pid" >"$PID_FILE"
  wait_until_answers "$pid" "$started"
}

down() {
  [[ -z "${1:-}" ]] || fail "unknown option '$1'; use 'down' (the data lives in memory, there is nothing to wipe)."
  local pid
  if pid="$(running_pid)"; then
    local started
    started="$(now_ms)"
    # SIGTERM runs the launcher's shutdown hook, which closes the listening socket.
    kill -TERM "$pid"
    local deadline=$(( $(date +%s) + STOP_TIMEOUT ))
    while kill -0 "$pid" 2>/dev/null; do
      if (( $(date +%s) >= deadline )); then
        say "no clean stop after ${STOP_TIMEOUT}s, killing pid $pid"
        kill -KILL "$pid" 2>/dev/null || true
        # SIGKILL is delivered asynchronously: wait until the port is free for the next `up`.
        while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
        break
      fi
      sleep 0.1
    done
    say "down (pid $pid stopped in $(elapsed "$started"))"
  else
    say "not running"
  fi
  rm -f "$PID_FILE"
}

status() {
  local pid
  if ! pid="$(running_pid)"; then
    say "not running"
    exit 3
  fi
  if server_answers; then
    say "up: mongo-java-server $VERSION (a stand-in, not MongoDB) on $HOST:$PORT (pid $pid)"
  else
    say "pid $pid is running but $HOST:$PORT does not answer yet (starting, stopping, or stuck: see ${LOG#"$HERE/"})"
    exit 1
  fi
}

# One `up` or `down` at a time: two parallel `up`s would otherwise both fetch, compile and
# start a JVM before either wrote the pid file.
serialized() {
  mkdir -p "$CACHE"
  exec 9>"$CACHE/.lock"
  flock 9
  "$@"
}

case "${1:-}" in
  up) serialized up ;;
  down) shift; serialized down "$@" ;;
  status) status ;;
  *) fail "usage: mongo.sh up | down | status" ;;
esac

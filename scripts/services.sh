#!/usr/bin/env bash
# Local backing services on loopback, data in .services/ (git-ignored):
# PostgreSQL 15 + PostGIS, Redis, memcached, an S3-compatible server (s3rver) with the photo bucket.
#
#   scripts/services.sh up       install what is missing (root on Debian/Ubuntu), start what is not running
#   scripts/services.sh down     stop everything this script started
#   scripts/services.sh status   one line per service
#   scripts/services.sh env      the env vars that point the app at each service (eval "$(... env)")
#
# Idempotent. A service whose env var the user already set (DATABASE_URL, REDIS_URL,
# MEMCACHED_SERVERS, S3_ENDPOINT) is the user's: this script neither starts nor stops it.
# SHARD_DATABASE_URLS (shard read models; default: photofeed plus photofeed_shards_b) likewise wins.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="${SERVICES_DIR:-$ROOT/.services}"
PG_PORT="${PG_PORT:-55432}"
REDIS_PORT="${REDIS_PORT:-56379}"
MEMCACHED_PORT="${MEMCACHED_PORT:-51211}"
S3_PORT="${S3_PORT:-54569}"
S3_BUCKET="${S3_BUCKET:-photos}"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
PG_SHARD_DB_B=photofeed_shards_b

log() { printf '[services] %s\n' "$*" >&2; }

# --- env -------------------------------------------------------------------------------------
print_env() {
  # What the user exported wins; otherwise the local service.
  echo "export DATABASE_URL='${DATABASE_URL:-postgres://postgres@127.0.0.1:$PG_PORT/photofeed}'"
  # Shard read models span two physical databases so routing is real. A user-set DATABASE_URL
  # gets no second database from us: its shards default to that one database.
  local shard_urls="postgres://postgres@127.0.0.1:$PG_PORT/photofeed,postgres://postgres@127.0.0.1:$PG_PORT/$PG_SHARD_DB_B"
  [ -n "${DATABASE_URL:-}" ] && shard_urls="$DATABASE_URL"
  echo "export SHARD_DATABASE_URLS='${SHARD_DATABASE_URLS:-$shard_urls}'"
  # Production runs 2048 logical shards (the code's default); locally 64 keeps migrating them quick.
  echo "export SHARD_COUNT='${SHARD_COUNT:-64}'"
  echo "export REDIS_URL='${REDIS_URL:-redis://127.0.0.1:$REDIS_PORT}'"
  echo "export MEMCACHED_SERVERS='${MEMCACHED_SERVERS:-127.0.0.1:$MEMCACHED_PORT}'"
  echo "export S3_ENDPOINT='${S3_ENDPOINT:-http://127.0.0.1:$S3_PORT}'"
  echo "export S3_BUCKET='$S3_BUCKET'"
  echo "export S3_ACCESS_KEY_ID='${S3_ACCESS_KEY_ID:-S3RVER}'"
  echo "export S3_SECRET_ACCESS_KEY='${S3_SECRET_ACCESS_KEY:-S3RVER}'"
  echo "export S3_REGION='${S3_REGION:-us-east-1}'"
}

# --- install ---------------------------------------------------------------------------------
install_missing() {
  local pkgs=()
  [ -x "$PG_BIN/postgres" ] || pkgs+=(postgresql-15)
  [ -f /usr/share/postgresql/15/extension/postgis.control ] || pkgs+=(postgresql-15-postgis-3)
  command -v redis-server >/dev/null || pkgs+=(redis-server)
  command -v memcached >/dev/null || pkgs+=(memcached)
  [ ${#pkgs[@]} -eq 0 ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "installing ${pkgs[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null
  else
    log "missing: ${pkgs[*]}. Install them (Debian: apt-get install ${pkgs[*]}) or point the env vars at your own servers."
    exit 1
  fi
}

wait_for() { # wait_for <what> <command...>
  local what=$1; shift
  for _ in $(seq 1 100); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
  log "$what did not come up"; return 1
}

# --- postgres --------------------------------------------------------------------------------
pg_up() {
  [ -n "${DATABASE_URL:-}" ] && { log "postgres: using DATABASE_URL"; return 0; }
  local data="$DIR/postgres"
  mkdir -p "$data"
  if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$data"; fi
  local as=(); [ "$(id -u)" = 0 ] && as=(su postgres -s /bin/bash -c)
  run_pg() { if [ ${#as[@]} -gt 0 ]; then "${as[@]}" "$*"; else bash -c "$*"; fi; }
  if [ ! -f "$data/PG_VERSION" ]; then
    run_pg "$PG_BIN/initdb -D '$data' -U postgres --auth=trust -E UTF8 --locale=C.UTF-8" >/dev/null
    cat >>"$data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$data'
max_connections = 300
shared_buffers = 512MB
fsync = on
synchronous_commit = on
max_locks_per_transaction = 256
log_min_messages = warning
CONF
  fi
  # A server already answering on the port (another checkout's, say) is reused, as for the others.
  if ! run_pg "$PG_BIN/pg_ctl -D '$data' status" >/dev/null 2>&1 \
    && ! "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"; then
    run_pg "$PG_BIN/pg_ctl -D '$data' -w -l '$data/server.log' start" >/dev/null
  fi
  wait_for postgres "$PG_BIN/pg_isready" -h 127.0.0.1 -p "$PG_PORT"
  psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='photofeed'" | grep -q 1 \
    || psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE photofeed"
  # The second physical shard database: a database on the same server, not a second cluster
  # (separate catalogs and connections are what routing needs; a second server would double memory).
  psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$PG_SHARD_DB_B'" | grep -q 1 \
    || psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE $PG_SHARD_DB_B"
  log "postgres up on 127.0.0.1:$PG_PORT"
}
pg_down() {
  [ -n "${DATABASE_URL:-}" ] && return 0
  local data="$DIR/postgres"
  [ -f "$data/postmaster.pid" ] || return 0
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$PG_BIN/pg_ctl -D '$data' -m fast stop" >/dev/null
  else "$PG_BIN/pg_ctl" -D "$data" -m fast stop >/dev/null; fi
}
pg_status() { "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" && echo "postgres  up    127.0.0.1:$PG_PORT" || echo "postgres  down"; }

# --- redis -----------------------------------------------------------------------------------
redis_up() {
  [ -n "${REDIS_URL:-}" ] && { log "redis: using REDIS_URL"; return 0; }
  mkdir -p "$DIR/redis"
  redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 || redis-server --port "$REDIS_PORT" --bind 127.0.0.1 \
    --dir "$DIR/redis" --save '' --appendonly no --daemonize yes --pidfile "$DIR/redis/redis.pid" \
    --logfile "$DIR/redis/redis.log" >/dev/null
  wait_for redis redis-cli -p "$REDIS_PORT" ping
  log "redis up on 127.0.0.1:$REDIS_PORT"
}
redis_down() { [ -n "${REDIS_URL:-}" ] && return 0; redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true; }
redis_status() { redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && echo "redis     up    127.0.0.1:$REDIS_PORT" || echo "redis     down"; }

# --- memcached -------------------------------------------------------------------------------
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port_closed() { ! port_open "$1"; }
mc_alive() { port_open "$MEMCACHED_PORT"; }
memcached_up() {
  [ -n "${MEMCACHED_SERVERS:-}" ] && { log "memcached: using MEMCACHED_SERVERS"; return 0; }
  mkdir -p "$DIR/memcached"
  if ! mc_alive; then
    nohup memcached -u nobody -l 127.0.0.1 -p "$MEMCACHED_PORT" -U 0 -m 64 >"$DIR/memcached/memcached.log" 2>&1 &
    echo $! >"$DIR/memcached/pid"
  fi
  wait_for memcached mc_alive
  log "memcached up on 127.0.0.1:$MEMCACHED_PORT"
}
memcached_down() {
  [ -n "${MEMCACHED_SERVERS:-}" ] && return 0
  [ -f "$DIR/memcached/pid" ] && kill "$(cat "$DIR/memcached/pid")" 2>/dev/null || true
  # A lost pidfile must not leave it running: match our exact command line.
  pkill -f "memcached -u nobody -l 127.0.0.1 -p $MEMCACHED_PORT " 2>/dev/null || true
  rm -f "$DIR/memcached/pid"
  wait_for "memcached to stop" port_closed "$MEMCACHED_PORT"
}
memcached_status() { mc_alive && echo "memcached up    127.0.0.1:$MEMCACHED_PORT" || echo "memcached down"; }

# --- s3 --------------------------------------------------------------------------------------
s3_alive() { port_open "$S3_PORT"; }
s3_up() {
  [ -n "${S3_ENDPOINT:-}" ] && { log "s3: using S3_ENDPOINT"; return 0; }
  mkdir -p "$DIR/s3"
  local bin="$ROOT/node_modules/.bin/s3rver"
  [ -x "$bin" ] || { log "s3rver is not installed: run npm ci first"; return 1; }
  if ! s3_alive; then
    nohup "$bin" -d "$DIR/s3" -a 127.0.0.1 -p "$S3_PORT" --configure-bucket "$S3_BUCKET" --silent \
      >"$DIR/s3/s3rver.log" 2>&1 &
    echo $! >"$DIR/s3/pid"
  fi
  wait_for s3 s3_alive
  log "s3 (s3rver) up on 127.0.0.1:$S3_PORT, bucket $S3_BUCKET"
}
s3_down() {
  [ -n "${S3_ENDPOINT:-}" ] && return 0
  [ -f "$DIR/s3/pid" ] && kill "$(cat "$DIR/s3/pid")" 2>/dev/null || true
  pkill -f "s3rver -d $DIR/s3 " 2>/dev/null || true
  rm -f "$DIR/s3/pid"
  wait_for "s3rver to stop" port_closed "$S3_PORT"
}
s3_status() { s3_alive && echo "s3        up    127.0.0.1:$S3_PORT ($S3_BUCKET)" || echo "s3        down"; }

case "${1:-}" in
  up) install_missing; mkdir -p "$DIR"; pg_up; redis_up; memcached_up; s3_up; print_env >"$DIR/env"; print_env ;;
  down) memcached_down; s3_down; redis_down; pg_down; log "down" ;;
  status) pg_status; redis_status; memcached_status; s3_status ;;
  env) print_env ;;
  *) echo "usage: $0 up|down|status|env" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# Install and start PostgreSQL and Redis on loopback for CI and benchmarks (Debian, as root).
# Prints the environment to use: eval "$(scripts/services.sh)"
set -euo pipefail
exec 9>/tmp/granska-services-v2.lock
flock 9
PGPORT="${PGPORT:-54329}"
REDIS_PORT="${REDIS_PORT:-63799}"
PGDATA="${PGDATA:-/tmp/granska-pg}"

need=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >&2
fi
PGBIN=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")
export PATH="$PGBIN:$PATH"

if ! pg_isready -q -h 127.0.0.1 -p "$PGPORT" 2>/dev/null; then
  rm -rf "$PGDATA"; mkdir -p "$PGDATA"; chown postgres:postgres "$PGDATA"
  su postgres -c "$PGBIN/initdb -D $PGDATA -A trust -U postgres -E UTF8 --locale=C.UTF-8" >&2
  su postgres -c "$PGBIN/pg_ctl -D $PGDATA -l $PGDATA/log -w -o '-p $PGPORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200' start" >&2 9>&-
fi
if ! psql -h 127.0.0.1 -p "$PGPORT" -U postgres -tAc "SELECT 1 FROM pg_roles WHERE rolname='granska'" | grep -q 1; then
  psql -h 127.0.0.1 -p "$PGPORT" -U postgres -c "CREATE ROLE granska LOGIN SUPERUSER PASSWORD 'granska'" >&2
  psql -h 127.0.0.1 -p "$PGPORT" -U postgres -c "CREATE DATABASE granska OWNER granska" >&2
fi
if ! redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes --save '' --appendonly no >&2 9>&-
fi
echo "export DATABASE_URL=postgres://granska:granska@127.0.0.1:$PGPORT/granska"
echo "export CELERY_BROKER_URL=redis://127.0.0.1:$REDIS_PORT/0"

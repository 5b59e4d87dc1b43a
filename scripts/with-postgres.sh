#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL cluster on a free loopback port,
# exported as TEST_POSTGRES_URL, and removes the cluster afterwards.
#   scripts/with-postgres.sh npm test
set -euo pipefail

pg_bin=$(dirname "$(command -v initdb 2>/dev/null || ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n1)")
if [ ! -x "$pg_bin/initdb" ]; then
  echo "with-postgres: initdb not found; install Debian's postgresql package" >&2
  exit 1
fi

run_as=()
if [ "$(id -u)" = 0 ]; then
  # initdb refuses to run as root.
  id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
  run_as=(runuser -u postgres --)
fi

cluster=$(mktemp -d /tmp/broadsheet-pg.XXXXXX)
chmod 755 "$cluster"
[ "$(id -u)" = 0 ] && chown postgres "$cluster"
port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")

stop() {
  "${run_as[@]}" "$pg_bin/pg_ctl" -D "$cluster/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$cluster"
}
trap stop EXIT

"${run_as[@]}" "$pg_bin/initdb" -D "$cluster/data" -U postgres --auth=trust -E UTF8 >/dev/null
# The memory and WAL settings docs/deploy.md gives a production server, so that benchmarks measure
# PostgreSQL as it is meant to run (the default 128 MB of shared buffers left a search reading the
# index's table through the OS cache, a system call a page; the default 1 GB of WAL checkpointed
# twice in an import of 100,000 posts); fsync is off because the cluster is thrown away.
"${run_as[@]}" "$pg_bin/pg_ctl" -D "$cluster/data" -l "$cluster/log" -w start \
  -o "-p $port -k $cluster -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200 -c shared_buffers=1GB -c effective_cache_size=2GB -c work_mem=16MB -c maintenance_work_mem=256MB -c max_wal_size=4GB -c min_wal_size=1GB" >/dev/null

export TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/postgres"
echo "with-postgres: throwaway PostgreSQL on 127.0.0.1:$port"
"$@"

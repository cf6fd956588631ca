#!/usr/bin/env bash
# .ci/postgres.sh: the indexer against Debian's PostgreSQL server (issue 18). Installs the server when it is missing
# (apt-get, as root), creates a throwaway cluster in a temporary folder on a free loopback port (as the `postgres`
# user when run as root, else as the caller), starts it, runs the indexer's correctness test with DATABASE_URL
# pointing at it (the demo indexed into PostgreSQL, then the database compared with the chain through the audit
# replayer's reconciliation, and a tampered row seen), then stops the server and removes the cluster, whatever
# happened. Exits with the test's status. Called by .ci/run; alone: `bash .ci/postgres.sh`. `bash .ci/postgres.sh
# install` only installs the server when it is missing (CI does that first, beside `npm ci`: it mostly waits on the
# network).
set -euo pipefail
cd "$(dirname "$0")/.."

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2> /dev/null | sort -V | tail -n 1 || true; }
bin=$(pg_bin)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "postgres.sh: PostgreSQL is not installed and installing it needs root (apt-get install postgresql)" >&2
    exit 1
  fi
  echo "postgres.sh: installing Debian's PostgreSQL server"
  apt-get update -qq
  # No service is wanted: the package's own cluster is not started (policy-rc.d) and is stopped if it was.
  own_policy=no
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
    own_policy=yes
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql > /dev/null
  if [ "$own_policy" = yes ]; then rm -f /usr/sbin/policy-rc.d; fi
  bin=$(pg_bin)
  version=$(basename "$(dirname "$bin")")
  pg_ctlcluster "$version" main stop 2> /dev/null || true
fi
if [ "${1:-}" = install ]; then
  echo "postgres.sh: PostgreSQL server in $bin"
  exit 0
fi

dir=$(mktemp -d /tmp/indexer-pg.XXXXXX)
as_owner=()
if [ "$(id -u)" = 0 ]; then
  chown postgres: "$dir"
  as_owner=(runuser -u postgres --)
fi
port=$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')

# The server runs detached (pg_ctl), so its CPU time is not the caller's: read it from the postmaster's own and its
# reaped backends' times (/proc/PID/stat fields 14-17, in clock ticks) just before it stops.
server_cpu() {
  local pid
  pid=$(head -n 1 "$dir/data/postmaster.pid" 2> /dev/null) || return 0
  [ -r "/proc/$pid/stat" ] || return 0
  awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "postgres.sh: the server used %.1f CPU-seconds\n", ($12 + $13 + $14 + $15) / hz }' \
    "/proc/$pid/stat"
}

stop() {
  server_cpu || true
  "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w stop > /dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT

"${as_owner[@]}" "$bin/initdb" -D "$dir/data" -U postgres -A trust --no-sync -E UTF8 > "$dir/initdb.log"
"${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start > /dev/null
echo "postgres.sh: PostgreSQL $("$bin/postgres" --version | awk '{ print $3 }') on 127.0.0.1:$port (cluster $dir/data)"

status=0
DATABASE_URL="postgresql://postgres@127.0.0.1:$port/postgres" \
  npx hardhat test indexer/test/correctness.test.ts || status=$?
if [ "$status" != 0 ]; then
  echo "postgres.sh: the server's log:"
  tail -n 40 "$dir/server.log" || true
fi
exit "$status"

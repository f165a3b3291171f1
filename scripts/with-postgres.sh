#!/usr/bin/env bash
# Run one command against a throwaway PostgreSQL cluster:
#   scripts/with-postgres.sh CMD [ARGS...]
# CMD sees LUOSHI_DATABASE_URL=postgres://luoshi@127.0.0.1:PORT/luoshi (role luoshi is a superuser,
# so Django's test runner can create/drop test databases). The cluster and its data are removed
# when CMD ends, fails or is interrupted; the script exits with CMD's exit code.
set -euo pipefail

(($#)) || { echo "usage: $0 CMD [ARGS...]" >&2; exit 2; }

# Debian installs server binaries outside PATH, one directory per major version; take the newest.
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [[ ! -x $bindir/initdb ]]; then
  echo "with-postgres: no PostgreSQL server found; run: scripts/system-packages.sh postgresql" >&2
  exit 1
fi

start=${EPOCHREALTIME/[.,]/}  # microseconds, without needing bc/date
tmp=$(mktemp -d "${TMPDIR:-/tmp}/luoshi-pg.XXXXXX")
as_pg=()
if ((EUID == 0)); then
  # initdb/postgres refuse to run as root: run the server as the postgres OS user instead.
  chown postgres: "$tmp"
  as_pg=(runuser -u postgres --)
fi
# Run server tools from inside $tmp: the postgres user may not be allowed into the caller's cwd.
pg() { (cd "$tmp" && "${as_pg[@]}" "$bindir/$1" "${@:2}"); }

cleanup() {
  # Immediate stop: the data is thrown away, so skip the shutdown checkpoint.
  if [[ -f $tmp/data/postmaster.pid ]]; then
    pg pg_ctl stop -D "$tmp/data" -m immediate -w >/dev/null 2>&1 || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Explicit UTF8/C.UTF-8: otherwise the cluster inherits the caller's locale, and with LANG unset
# (typical in CI) that means SQL_ASCII, which would silently accept mis-encoded Chinese text.
# The bootstrap superuser is named luoshi, so that is the role we need. Trust = no passwords;
# the server only listens on loopback and a socket inside $tmp.
pg initdb -D "$tmp/data" -U luoshi --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync >"$tmp/initdb.log" 2>&1 \
  || { cat "$tmp/initdb.log" >&2; exit 1; }
# Durability is pointless for a throwaway cluster; turning it off makes test DB setup much faster.
cat >>"$tmp/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$tmp'
fsync = off
full_page_writes = off
synchronous_commit = off
CONF

# Try ports from 54329 upward; skip ones something already listens on, and retry on a lost race
# (another job grabbing the port between our check and the server's bind).
started=
for port in $(seq 54329 54428); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && continue
  rm -f "$tmp/postgres.log"  # so the bind-error check below only sees this attempt
  if pg pg_ctl start -D "$tmp/data" -o "-p $port" -l "$tmp/postgres.log" -w -t 60 >/dev/null 2>&1; then
    started=1
    break
  fi
  grep -q 'could not bind' "$tmp/postgres.log" 2>/dev/null || break
done
[[ $started ]] || { echo "with-postgres: server failed to start:" >&2; cat "$tmp/postgres.log" >&2; exit 1; }

"$bindir/createdb" -h 127.0.0.1 -p "$port" -U luoshi luoshi
export LUOSHI_DATABASE_URL="postgres://luoshi@127.0.0.1:$port/luoshi"
ms=$(((${EPOCHREALTIME/[.,]/} - start) / 1000))
echo "with-postgres: PostgreSQL $(basename "$(dirname "$bindir")") on 127.0.0.1:$port, ready in ${ms} ms" >&2

# Not exec: the EXIT trap must still run to stop the server and delete the data.
rc=0
"$@" || rc=$?
exit "$rc"

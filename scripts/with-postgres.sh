#!/usr/bin/env bash
# Runs a command against PostgreSQL (issue 13): `bash scripts/with-postgres.sh <command…>`.
# If DATABASE_URL already names a PostgreSQL server, the command just runs. Otherwise a throwaway
# cluster is made in a temp dir (initdb; as the postgres user when run as root), started on a free
# port on 127.0.0.1 with its socket in that dir and durability off (fsync, synchronous_commit,
# full_page_writes: test data only), a database "taphuan" is created, and the command runs with
# DATABASE_URL=postgres://postgres@127.0.0.1:PORT/taphuan. The cluster is always stopped and the dir
# removed afterwards; the exit status is the command's.
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: bash scripts/with-postgres.sh <command…>" >&2
  exit 2
fi

case "${DATABASE_URL:-}" in
  postgres://* | postgresql://*) exec "$@" ;;
esac

# --- the binaries: pg_config's bindir, else the newest /usr/lib/postgresql/*/bin ---------------
bindir=""
if command -v pg_config >/dev/null 2>&1; then
  candidate="$(pg_config --bindir 2>/dev/null || true)"
  [ -n "$candidate" ] && [ -x "$candidate/initdb" ] && bindir="$candidate"
fi
if [ -z "$bindir" ]; then
  for candidate in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$candidate/initdb" ]; then
      bindir="$candidate"
      break
    fi
  done
fi
if [ -z "$bindir" ]; then
  echo "with-postgres: PostgreSQL server binaries (initdb, pg_ctl) not found." >&2
  echo "  Install them (Debian/Ubuntu): sudo apt-get install postgresql" >&2
  echo "  or set DATABASE_URL=postgres://… to use a server you already run." >&2
  exit 127
fi

# --- a free TCP port on 127.0.0.1 (ask the OS for one, via node which is always here) -------------
port="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});')"

dir="$(mktemp -d "${TMPDIR:-/tmp}/taphuan-pg-XXXXXX")"
data="$dir/data"

# As root, initdb and postgres refuse to run: run the server side as the postgres user.
as_server() { "$@"; }
if [ "$(id -u)" -eq 0 ]; then
  if ! id postgres >/dev/null 2>&1; then
    echo "with-postgres: running as root but there is no 'postgres' user to run the server as." >&2
    echo "  Install the server package (sudo apt-get install postgresql), which creates it." >&2
    rm -rf "$dir"
    exit 127
  fi
  chown postgres: "$dir"
  chmod 700 "$dir"
  as_server() { runuser -u postgres -- "$@"; }
fi

started=""
cleanup() {
  if [ -n "$started" ]; then
    as_server "$bindir/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if ! as_server "$bindir/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C >"$dir/initdb.log" 2>&1; then
  echo "with-postgres: initdb failed:" >&2
  cat "$dir/initdb.log" >&2
  exit 1
fi

if ! as_server "$bindir/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null; then
  echo "with-postgres: the server did not start; its log:" >&2
  cat "$dir/server.log" >&2
  exit 1
fi
started=1

"$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres taphuan

export DATABASE_URL="postgres://postgres@127.0.0.1:$port/taphuan"
echo "with-postgres: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') at $DATABASE_URL (throwaway)" >&2

status=0
"$@" || status=$?
exit "$status"

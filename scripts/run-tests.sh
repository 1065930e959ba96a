#!/usr/bin/env bash
# Run the whole suite (or `scripts/run-tests.sh tests/web -x`: arguments go to pytest).
#
# The whole suite runs in one pytest-xdist worker per core (at most 4; BAIRN_TEST_WORKERS
# overrides, 0 runs in one process): most of its time is CPU-bound Python (reports, statistics,
# property tests), so two cores take about two thirds of the time one does. Each worker has its
# own test database (pytest-django adds the worker's name) and its own browser. With arguments,
# pytest runs exactly as asked, in one process unless they say `-n`.
#
# Services the tests need are started here and stopped on exit, whatever happens:
#   - PostgreSQL: a throw-away server in a temporary directory, listening only on a Unix socket
#     in that directory (no TCP port), run as an unprivileged user when we are root (PostgreSQL
#     refuses to run as root); DATABASE_URL points pytest-django at it. A DATABASE_URL already
#     set is used as it is and nothing is started.
#   - Chromium: started and stopped by the browser tests themselves (Playwright, launching
#     /usr/bin/chromium from scripts/system-deps.sh; never a downloaded browser).
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p test-artefacts
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

if [ ! -f node_modules/axe-core/axe.min.js ] || [ ! -f src/bairn/web/core/static/vendor/.built ]; then
  scripts/build-assets.sh || exit 1
fi

pg_dir=""
pg_bin=""
run_as=()

stop_postgres() {
  if [ -n "$pg_dir" ] && [ -d "$pg_dir" ]; then
    if [ -f "$pg_dir/data/postmaster.pid" ]; then
      (cd "$pg_dir" && "${run_as[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate -w stop) \
        >/dev/null 2>&1
    fi
    rm -rf "$pg_dir"
  fi
}

find_pg_bin() {
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
    pg_config --bindir
    return
  fi
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

start_postgres() {
  pg_bin="$(find_pg_bin)"
  if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ]; then
    echo "PostgreSQL server binaries (initdb, pg_ctl) are missing: run scripts/system-deps.sh." >&2
    return 1
  fi
  # A short path: the socket's full path must fit in 107 bytes.
  pg_dir="$(mktemp -d /tmp/bairn-pg.XXXXXX)"
  if [ "$(id -u)" -eq 0 ]; then
    local user="${BAIRN_PG_USER:-nobody}"
    chown "$user" "$pg_dir"
    run_as=(runuser -u "$user" --)
  fi
  chmod 700 "$pg_dir"
  # trust is safe here: the only way in is the socket inside this 0700 directory.
  if ! (cd "$pg_dir" && "${run_as[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -U bairn \
      --auth=trust --encoding=UTF8 --locale=C.UTF-8 --no-sync) >"$pg_dir/initdb.log" 2>&1; then
    cat "$pg_dir/initdb.log" >&2
    return 1
  fi
  if ! (cd "$pg_dir" && "${run_as[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" \
      -w -t 60 -o "-k $pg_dir -c listen_addresses='' -c fsync=off -c synchronous_commit=off \
      -c full_page_writes=off -c max_connections=40" start) >/dev/null 2>&1; then
    echo "PostgreSQL did not start; its log:" >&2
    cat "$pg_dir/server.log" >&2
    return 1
  fi
  local socket_dir
  socket_dir="$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$pg_dir")"
  export DATABASE_URL="postgres://bairn@${socket_dir}/postgres"
  echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') started for the tests" \
    "(socket in $pg_dir)." >&2
}

trap stop_postgres EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ "$#" -eq 0 ]; then
  workers="${BAIRN_TEST_WORKERS:-$(nproc 2>/dev/null || echo 1)}"
  if ! [[ "$workers" =~ ^[0-9]+$ ]]; then
    echo "BAIRN_TEST_WORKERS=$workers is not a whole number; set it to 0 (one process) or more." >&2
    exit 2
  fi
  [ "$workers" -gt 4 ] && workers=4
  set -- -n "$workers"
fi

if [ -z "${DATABASE_URL:-}" ]; then
  start_postgres || exit 1
fi

.venv/bin/python -m pytest "$@"
status=$?
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests; Bairn treats that as a failure." >&2
  exit 1
fi
exit "$status"

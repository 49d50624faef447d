#!/usr/bin/env bash
# Installs what the tests need (Debian packages: PostgreSQL, Chromium, xmllint), starts a
# throwaway PostgreSQL cluster on a free port, and runs every check: gofmt,
# go vet, and go test -race against SQLite and PostgreSQL with the browser tests.
# Usage: scripts/test.sh [extra go test flags]
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || need+=(postgresql)
command -v xmllint >/dev/null 2>&1 || need+=(libxml2-utils) # validates generated IATI XML against its schema
if [ ${#need[@]} -gt 0 ]; then
  echo "== installing ${need[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
command -v go >/dev/null || { echo "Go 1.26 is required (https://go.dev/dl/)"; exit 1; }

echo "== gofmt"
bad=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './vendor/*'))
if [ -n "$bad" ]; then echo "gofmt would change:"; echo "$bad"; exit 1; fi

echo "== go vet"
go vet ./...

echo "== PostgreSQL"
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
pgdir=$(mktemp -d /tmp/passerelle-pg.XXXXXX)
pguser=$(id -un)
run_pg() { "$@"; }
if [ "$(id -u)" = 0 ]; then
  # initdb refuses to run as root: the cluster belongs to the postgres user.
  pguser=postgres
  chown postgres "$pgdir"
  run_pg() { runuser -u postgres -- "$@"; }
fi
run_pg "$pgbin/initdb" -D "$pgdir/data" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null
port=""
for _ in $(seq 1 20); do
  candidate=$(( 20000 + RANDOM % 40000 ))
  if run_pg "$pgbin/pg_ctl" -D "$pgdir/data" -w -t 30 -l "$pgdir/log" \
      -o "-p $candidate -k $pgdir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null 2>&1; then
    port=$candidate; break
  fi
done
[ -n "$port" ] || { echo "could not start PostgreSQL"; cat "$pgdir/log"; exit 1; }
cleanup() { run_pg "$pgbin/pg_ctl" -D "$pgdir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$pgdir"; }
trap cleanup EXIT
echo "PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
export PASSERELLE_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
export PASSERELLE_CHROMIUM="${PASSERELLE_CHROMIUM:-$(command -v chromium)}"
# With CI=true the tests refuse to skip the PostgreSQL and browser runs.
export CI=true

echo "== go test -race"
go test -race -count=1 -timeout 20m "$@" ./...

#!/usr/bin/env bash
# Runs every check parallax has: formatting, vet, and all tests, including the
# end-to-end tests on ../shared and the browser tests in headless Chromium.
# Run as root on a fresh machine, it first installs the system packages the
# tests need (Debian's chromium, and postgresql for the postgres store tests,
# which start their own server from its binaries).
set -euo pipefail
cd "$(dirname "$0")/.."

# pg_server_bin reports whether PostgreSQL's server binaries are installed
# where the postgres tests look: pg_config --bindir (for libpq-dev's
# pg_config that is /usr/bin, without them) or /usr/lib/postgresql/*/bin.
pg_server_bin() {
  local dir
  dir=$(pg_config --bindir 2>/dev/null || true)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/postgres" ] && return 0
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/initdb" ] && [ -x "$dir/postgres" ] && return 0
  done
  return 1
}

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
pg_server_bin || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "== installing ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "warning: missing ${need[*]} and not root: the tests that need them will skip (or fail under CI=true)" >&2
  fi
fi

echo "== gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$unformatted" ]; then
  echo "gofmt would change:" $unformatted >&2
  exit 1
fi

echo "== go vet"
go vet ./...

echo "== go test"
go test -count=1 -timeout 20m ./...

echo "== go test -race (concurrent packages)"
go test -count=1 -race -timeout 20m ./pipeline/ ./sqlite/ ./postgres/ ./http/ ./queue/ ./watch/

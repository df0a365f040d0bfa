#!/usr/bin/env bash
# Runs every fuzz target in the module for a while each: ./scripts/fuzz.sh [30s]
set -euo pipefail
cd "$(dirname "$0")/.."
t=${1:-30s}
grep -rl --include='*_test.go' '^func Fuzz' . | while read -r f; do
  pkg=./$(dirname "${f#./}")
  for name in $(grep -o '^func Fuzz[A-Za-z0-9_]*' "$f" | cut -d' ' -f2); do
    echo "== $pkg $name"
    go test -run='^$' -fuzz="^${name}\$" -fuzztime="$t" "$pkg"
  done
done

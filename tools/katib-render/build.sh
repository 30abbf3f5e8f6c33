#!/usr/bin/env bash
# Builds tools/katib-render (Katib's own trial-template generator behind a JSON interface) into
# ~/.cache/katib4j/katib-render and prints the binary's path. Needs Go and the Go module proxy.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cache="${KATIB4J_CACHE:-$HOME/.cache/katib4j}/katib-render"
mkdir -p "$cache"
# The checksum database is not reachable from every build machine; go.sum (committed) still pins every module.
export GOMODCACHE="${GOMODCACHE:-$cache/gomod}" GOFLAGS=-mod=mod GOSUMDB="${GOSUMDB:-off}"
cd "$here"
if [ ! -x "$cache/katib-render" ] || [ main.go -nt "$cache/katib-render" ] || [ go.mod -nt "$cache/katib-render" ]; then
  go build -o "$cache/katib-render" . >&2
fi
echo "$cache/katib-render"

#!/usr/bin/env bash
# Builds the Katib conformance oracle once per source version and prints the binary's path on stdout.
#
# The binary goes to ${KATIB4J_CACHE:-$HOME/.cache/katib4j}/katib-oracle/<hash of go.mod, go.sum, *.go>/katib-oracle,
# and Go's module and build caches default to ${KATIB4J_CACHE}/gomod and /gobuild: nothing goes into the repository.
# Running it again with unchanged sources only prints the path. Concurrent runs wait for each other.
# Building needs Go 1.24 or newer (Katib v0.19.0's go directive) and the Go module proxy, and takes minutes when
# cold; finding an already built binary needs neither.
set -euo pipefail

src="$(cd "$(dirname "$0")" && pwd)"
cache="${KATIB4J_CACHE:-$HOME/.cache/katib4j}"

sha256() { if command -v sha256sum >/dev/null 2>&1; then sha256sum; else shasum -a 256; fi; }
hash="$(cd "$src" && cat go.mod go.sum $(ls -- *.go | LC_ALL=C sort) | sha256 | cut -c1-16)"
dir="$cache/katib-oracle/$hash"
bin="$dir/katib-oracle"

if [[ -x "$bin" ]]; then
  echo "$bin"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  echo "katib-oracle: Go is not on PATH. The conformance oracle is a Go program built from Katib v0.19.0;" \
    "install Go 1.24 or newer (https://go.dev/dl/) and put 'go' on PATH, then run $0 again." >&2
  exit 3
fi

mkdir -p "$dir"
exec 9>"$dir/.lock"
if command -v flock >/dev/null 2>&1; then
  flock 9
fi
# Another run may have finished the build while this one waited for the lock.
if [[ -x "$bin" ]]; then
  echo "$bin"
  exit 0
fi

# The module cache is the one tools/k8s-job-schema uses; -modcacherw keeps it deletable with rm -rf.
export GOMODCACHE="${GOMODCACHE:-$cache/gomod}"
export GOCACHE="${GOCACHE:-$cache/gobuild}"
# go.sum is committed and complete: never let the build edit go.mod or go.sum, and never record VCS stamps.
export GOFLAGS="-mod=readonly -modcacherw -buildvcs=false"
export GOTOOLCHAIN=local

echo "katib-oracle: building with $(go version) into $dir" \
  "(a cold build downloads Kubernetes modules and takes minutes)" >&2
start=$SECONDS
# go build will not overwrite a file it did not build, so the temporary name must not exist yet.
tmp="$dir/katib-oracle.$$.tmp"
trap 'rm -f "$tmp"' EXIT
(cd "$src" && go build -trimpath -o "$tmp" .)
mv -f "$tmp" "$bin"
trap - EXIT
echo "katib-oracle: built in $((SECONDS - start)) s" >&2
echo "$bin"

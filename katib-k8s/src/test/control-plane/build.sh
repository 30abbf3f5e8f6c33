#!/usr/bin/env bash
# Builds kube-apiserver and etcd from the Go module proxy for katib-k8s's integration tests, into a cache outside
# the repository:  ${KATIB4J_CACHE:-$HOME/.cache/katib4j}/control-plane/<kubernetes>-<etcd>/bin/{kube-apiserver,etcd}
# Versions come from versions.env. Idempotent: exits at once when both binaries exist; a lock keeps two test JVMs
# (or two checkouts) from building at the same time. Prints progress on stderr and the bin directory on stdout.
# Needs bash, flock, Go on PATH and access to the Go module proxy. A cold build downloads ~600 MB of modules and
# compiles for about 12 minutes on 2 cores (peak ~1.8 GB RSS in one compiler process).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=versions.env
source "$here/versions.env"

cache=${KATIB4J_CACHE:-$HOME/.cache/katib4j}/control-plane
out=$cache/$KUBERNETES_VERSION-$ETCD_VERSION
bin=$out/bin

log() { printf '[control-plane] %s\n' "$*" >&2; }
built() { [[ -x $bin/kube-apiserver && -x $bin/etcd ]]; }

if built; then
  echo "$bin"
  exit 0
fi

if ! command -v go >/dev/null; then
  log "Go is not on PATH; install Go (https://go.dev/dl/) so that kube-apiserver and etcd can be built"
  exit 1
fi
mkdir -p "$cache"
exec 9>"$cache/build.lock"
if ! flock -n 9; then
  log "another process is building the control plane; waiting for $cache/build.lock"
  flock 9
fi
if built; then
  echo "$bin"
  exit 0
fi

# Module and build caches stay beside the binaries, outside the repository; GOWORK/GOFLAGS from the caller must not
# change what gets built; -modcacherw keeps the module cache deletable with rm -rf. GOTOOLCHAIN=auto lets an older
# Go download the toolchain the modules ask for (go 1.26.0) through the module proxy.
export GOMODCACHE=$cache/go/mod GOCACHE=$cache/go/build GOWORK=off GOFLAGS=-modcacherw GOTOOLCHAIN=auto
export CGO_ENABLED=0
start=$(date +%s)
log "building kube-apiserver $KUBERNETES_VERSION and etcd $ETCD_VERSION with $(go version) into $bin"
log "a cold build downloads ~600 MB of modules and compiles for about 12 minutes on 2 cores"

src=$out/src
rm -rf "$src" "$bin.tmp"
mkdir -p "$src" "$bin.tmp"
cd "$src"

# k8s.io/kubernetes requires its staging modules at v0.0.0 and points them at ./staging through replace lines, which
# only work inside its own repository. Every staging module is also published as k8s.io/<name> v0.<minor>.<patch>,
# so the wrapper replaces each one (the list comes from the release's own go.mod) with its published version.
log "resolving k8s.io/kubernetes@$KUBERNETES_VERSION"
kube_mod=$(go mod download -json "k8s.io/kubernetes@$KUBERNETES_VERSION" \
  | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",*$/\1/p')
[[ -f $kube_mod ]] || { log "could not download the go.mod of k8s.io/kubernetes@$KUBERNETES_VERSION"; exit 1; }
staging_version=v0.${KUBERNETES_VERSION#v1.}
replaces=$(sed -n 's#^[[:space:]]*\(k8s\.io/[A-Za-z0-9._-]*\) => \./staging/.*$#\t\1 => \1 '"$staging_version"'#p' \
  "$kube_mod")
[[ -n $replaces ]] || { log "found no staging replace lines in $kube_mod; the wrapper recipe needs updating"; exit 1; }
go_line=$(sed -n 's/^go \([0-9.]*\)$/\1/p' "$kube_mod")

cat >go.mod <<MOD
module katib4j.invalid/controlplane

go $go_line

require (
	k8s.io/kubernetes $KUBERNETES_VERSION
	go.etcd.io/etcd/server/v3 $ETCD_VERSION
)

replace (
$replaces
)
MOD

log "downloading modules (go get)"
go get "k8s.io/kubernetes/cmd/kube-apiserver@$KUBERNETES_VERSION" "go.etcd.io/etcd/server/v3@$ETCD_VERSION"

# The version variables upstream's hack/lib/version.sh sets; without them /version reports v0.0.0-master.
build_date=$(go list -m -f '{{.Time.UTC.Format "2006-01-02T15:04:05Z"}}' "k8s.io/kubernetes")
minor=${KUBERNETES_VERSION#v1.}
minor=${minor%%.*}
kube_ldflags="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  kube_ldflags+=" -X $pkg.gitVersion=$KUBERNETES_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
  kube_ldflags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=$build_date"
done

log "compiling etcd"
go build -trimpath -ldflags "-s -w -X go.etcd.io/etcd/api/v3/version.GitSHA=go-module-proxy" \
  -o "$bin.tmp/etcd" go.etcd.io/etcd/server/v3
log "compiling kube-apiserver (the long part)"
go build -trimpath -ldflags "$kube_ldflags" -o "$bin.tmp/kube-apiserver" k8s.io/kubernetes/cmd/kube-apiserver

"$bin.tmp/etcd" --version >&2
"$bin.tmp/kube-apiserver" --version >&2
rm -rf "$bin"
mv "$bin.tmp" "$bin"
# The build cache (~2 GiB) only speeds up rebuilding these exact binaries, which never happens again; the module
# cache is kept for the next version bump.
go clean -cache
log "done in $(($(date +%s) - start)) s"
echo "$bin"

#!/usr/bin/env bash
# Regenerates katib-core's batch/v1 Job field table (rule T17) from k8s.io/api. Needs Go; downloads modules into
# ~/.cache/katib4j/gomod, never into the repository.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/../../katib-core/src/main/resources/io/github/katib4j/internal/kubernetes/batch-v1-job.fields"
export GOMODCACHE="${GOMODCACHE:-$HOME/.cache/katib4j/gomod}" GOFLAGS=-modcacherw GOTOOLCHAIN=local
cd "$here"
go mod tidy >/dev/null
go run . > "$out"
echo "wrote $out ($(wc -l < "$out") lines)"

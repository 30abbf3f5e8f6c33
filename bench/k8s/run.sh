#!/usr/bin/env bash
# katib-k8s against Katib's Python SDK on the same real API server; see ClusterClientBenchmark for what it measures.
# Usage: bench/k8s/run.sh [--quick]
# Creates a virtualenv with kubeflow-katib 0.19.0 under ${KATIB4J_CACHE:-~/.cache/katib4j}/k8s-bench when missing,
# compiles the project's test classes (no tests run), and writes the results into docs/benchmarks.md.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cache=${KATIB4J_CACHE:-$HOME/.cache/katib4j}/k8s-bench
venv=$cache/venv
mkdir -p "$cache"

# kubeflow-katib 0.19.0 asks for kubernetes>=27.2.0, but its model decoder cannot read the metadata labels of
# kubernetes 36 and later ("module 'kubeflow.katib.models' has no attribute 'Dict[str, str]'"), so it could not
# list a single Katib trial; 35.0.0 is the newest client it works with.
sdk=(kubeflow-katib==0.19.0 kubernetes==35.0.0)
if [[ ! -x $venv/bin/python ]] || ! "$venv/bin/python" -c \
    'import kubeflow.katib, kubernetes, sys; sys.exit(kubernetes.__version__ != "35.0.0")' 2>/dev/null; then
  echo "[bench] installing ${sdk[*]} into $venv" >&2
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet "${sdk[@]}"
fi

cd "$root"
echo "[bench] compiling" >&2
mvn -B -ntp -q -pl katib-k8s -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$cache/classpath.txt" >&2

java -Xmx1g -cp "katib-k8s/target/test-classes:katib-k8s/target/classes:$(cat "$cache/classpath.txt")" \
  -Dkatib4j.controlPlane.dir=katib-k8s/src/test/control-plane \
  -Dkatib4j.controlPlane.logDir="$cache/control-plane" \
  io.github.katib4j.k8s.bench.ClusterClientBenchmark \
  --python "$venv/bin/python" --script bench/k8s/katib_sdk_bench.py --out docs/benchmarks.md "$@"

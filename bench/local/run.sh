#!/usr/bin/env bash
# The local engine's performance against its peers, measured in the same run (docs/benchmarks.md, "Local engine"):
#   bench/local/run.sh [FUNCTION_TRIALS] [PROCESS_TRIALS]     (defaults 20000 and 1000)
# Builds katib-core's classes with Maven (nothing is installed), then runs io.github.katib4j.local.LocalEngineBenchmark.
# Experiments live in katib-core/target/bench-local, which is deleted afterwards.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
function_trials="${1:-20000}"
process_trials="${2:-1000}"
cd "$root"
mvn -q -B -ntp -pl katib-core -am test-compile >&2
cp_file="$root/katib-core/target/bench-classpath.txt"
mvn -q -B -ntp -pl katib-core dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$cp_file" >&2
exec java -Xms1g -Xmx1g -cp "$root/katib-core/target/classes:$root/katib-core/target/test-classes:$(cat "$cp_file")" \
  io.github.katib4j.local.LocalEngineBenchmark "$root/katib-core/target/bench-local" "$function_trials" \
  "$process_trials"

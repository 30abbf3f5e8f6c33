#!/usr/bin/env bash
# Renders every example experiment of Katib v0.19.0 at its sample point, once with katib4j and once with Katib's
# own generator, and prints for each whether the template text and the rendered object are identical.
# Needs Go (for build.sh), a compiled katib-core (mvn -pl katib-core -am test-compile) and the examples folder.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../.."
export KATIB_EXAMPLES="${KATIB_EXAMPLES:-$(cd "$root/../.." && pwd)/shared/katib-v0.19.0/examples/v1beta1}"
export TRIAL_TEMPLATES="$root/katib-core/src/test/resources/template/trial-templates.yaml"
tool="$("$here/build.sh")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$root" && mvn -B -ntp -q -pl katib-core dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" >&2)
cp="$root/katib-core/target/classes:$(cat "$work/cp.txt")"
java -cp "$cp" "$here/CompareCorpus.java" cases > "$work/cases.json"
"$tool" < "$work/cases.json" > "$work/results.json"
java -cp "$cp" "$here/CompareCorpus.java" compare "$work/results.json"

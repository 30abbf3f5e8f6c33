#!/usr/bin/env bash
# Answers katib-core's template golden cases with the Katib oracle and writes the results that TemplateGoldenTest
# compares katib4j's renderer with. Run it after editing golden-cases.json, then read `git diff`.
#
# One case, inject-placeholder-in-value, has two right answers: Katib replaces placeholders in Go's random map
# order, and the case's value holds another placeholder. If the diff shows only that case flipped, run it again.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
resources="$here/../../katib-core/src/test/resources/template"
oracle="$("$here/build.sh")"
"$oracle" -array < "$resources/golden-cases.json" > "$resources/golden-results.json.tmp"
mv "$resources/golden-results.json.tmp" "$resources/golden-results.json"
echo "wrote $resources/golden-results.json" >&2

#!/usr/bin/env bash
# Renders katib-core's template test cases with Katib's own generator and writes the results that
# TemplateGoldenTest compares katib4j's renderer with. Run after editing golden-cases.json.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
resources="$here/../../katib-core/src/test/resources/template"
tool="$("$here/build.sh")"
"$tool" < "$resources/golden-cases.json" > "$resources/golden-results.json"
echo "wrote $resources/golden-results.json" >&2

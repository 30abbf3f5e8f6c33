#!/usr/bin/env bash
# Regenerates the TensorBoard event-file fixtures and expected.json with real TensorBoard writers.
# The virtualenv lives outside the repository; numpy stays below 2 because Katib's collector image
# (tensorflow==2.16.1) has numpy 1.x, whose str() of float32 values differs from numpy 2's.
set -euo pipefail
venv="${HOME}/.cache/katib4j/tb-venv"
if [ ! -x "${venv}/bin/python" ]; then
  python3 -m venv "${venv}"
fi
"${venv}/bin/pip" install -q 'tensorboard==2.21.0' 'tensorboardX==2.6.5' 'numpy==1.26.4' 'rfc3339==6.2'
exec "${venv}/bin/python" "$(dirname "$0")/generate.py"

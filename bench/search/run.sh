#!/usr/bin/env bash
# The search benchmark: katib4j's algorithms and Optuna's samplers on the same problems, in one run, one table.
#
#   bench/search/run.sh [--seeds N] [--gp-seeds N] [--quick] [--with-gp] [--out DIR]
#
# --seeds N     seeds per problem and algorithm (default 20)
# --gp-seeds N  seeds per problem for bayesianoptimization / GPSampler (default: --seeds); a 200-trial GP run takes
#               about 30 s here and 40-80 s in Optuna, so 20 seeds of both take over 2 hours on 2 cores
# --quick       3 seeds (GP 1) and latency at 100 and 1,000 trials only, to check the harness in a few minutes
# --with-gp     also install torch so that Optuna's GPSampler runs (several GB from PyPI; skipped by default)
# --out DIR     where the raw lines and the report go (default ~/.cache/katib4j/bench-results/<timestamp>)
#
# Optuna runs in a throw-away virtualenv under ~/.cache/katib4j/bench-venv, created when missing. Nothing is
# written inside the repository. The two sides run one after the other, so they do not compete for the CPU.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CACHE=${KATIB4J_CACHE:-$HOME/.cache/katib4j}
VENV=$CACHE/bench-venv
SEEDS=20
GP_SEEDS=
LATENCY=100,1000,2000
WITH_GP=0
OUT=$CACHE/bench-results/$(date +%Y%m%d-%H%M%S)
while [ $# -gt 0 ]; do
  case "$1" in
    --seeds) SEEDS=$2; shift 2 ;;
    --gp-seeds) GP_SEEDS=$2; shift 2 ;;
    --quick) SEEDS=3; GP_SEEDS=${GP_SEEDS:-1}; LATENCY=100,1000; shift ;;
    --with-gp) WITH_GP=1; shift ;;
    --out) OUT=$2; shift 2 ;;
    *) echo "unknown option $1; see the header of $0" >&2; exit 2 ;;
  esac
done
GP_SEEDS=${GP_SEEDS:-$SEEDS}
mkdir -p "$OUT"

if [ ! -x "$VENV/bin/python" ]; then
  echo "creating $VENV" >&2
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet optuna==5.0.0 cmaes==0.13.1 scipy==1.17.1
fi
if [ "$WITH_GP" = 1 ] && ! "$VENV/bin/python" -c "import torch" 2>/dev/null; then
  "$VENV/bin/pip" install --quiet torch
fi

echo "building katib-core" >&2
(cd "$ROOT" && mvn -B -ntp -q -pl katib-core -am compile)
CLASSPATH_FILE=$OUT/classpath.txt
(cd "$ROOT" && mvn -B -ntp -q -pl katib-core dependency:build-classpath -Dmdep.includeScope=runtime \
  -Dmdep.outputFile="$CLASSPATH_FILE")
CP=$ROOT/katib-core/target/classes:$(cat "$CLASSPATH_FILE")
CLASSES=$CACHE/bench-classes
rm -rf "$CLASSES" && mkdir -p "$CLASSES"
javac -d "$CLASSES" -cp "$CP" "$ROOT"/bench/search/src/io/github/katib4j/bench/*.java

OTHERS=random,sobol,tpe,multivariate-tpe,cmaes
echo "katib4j side -> $OUT/katib4j.jsonl, $OUT/katib4j-gp.jsonl" >&2
java -cp "$CP:$CLASSES" io.github.katib4j.bench.SearchBenchmark --algorithms $OTHERS --seeds "$SEEDS" \
  --latency "$LATENCY" --out "$OUT/katib4j.jsonl"
java -cp "$CP:$CLASSES" io.github.katib4j.bench.SearchBenchmark --algorithms bayesianoptimization \
  --seeds "$GP_SEEDS" --latency "$LATENCY" --out "$OUT/katib4j-gp.jsonl"
echo "Optuna side -> $OUT/optuna.jsonl, $OUT/optuna-gp.jsonl" >&2
"$VENV/bin/python" "$ROOT/bench/search/optuna_bench.py" --samplers $OTHERS --seeds "$SEEDS" --latency "$LATENCY" \
  --out "$OUT/optuna.jsonl"
"$VENV/bin/python" "$ROOT/bench/search/optuna_bench.py" --samplers bayesianoptimization --seeds "$GP_SEEDS" \
  --latency "$LATENCY" --out "$OUT/optuna-gp.jsonl"

python3 "$ROOT/bench/search/report.py" "$OUT"/katib4j*.jsonl "$OUT"/optuna*.jsonl | tee "$OUT/report.md"
echo "report: $OUT/report.md" >&2

"""Merges katib4j's and Optuna's benchmark lines into the markdown tables of docs/benchmarks.md."""

import collections
import json
import statistics
import sys

OPTIMA = {"branin": 0.397887, "hartmann6": -3.322368011, "levy5": 0.0, "rosenbrock4": 0.0, "mixed": -156.664664}
PROBLEMS = list(OPTIMA)
SAMPLERS = ["random", "sobol", "tpe", "multivariate-tpe", "cmaes", "bayesianoptimization"]
OPTUNA_NAMES = {"random": "RandomSampler", "sobol": "QMCSampler (Sobol, scrambled)", "tpe": "TPESampler",
                "multivariate-tpe": "TPESampler(multivariate)", "cmaes": "CmaEsSampler",
                "bayesianoptimization": "GPSampler"}
MODEL_BASED = ["tpe", "multivariate-tpe", "cmaes", "bayesianoptimization"]
BUDGETS = (50, 100, 200)


def load(paths):
    best = collections.defaultdict(list)
    latency = {}
    notes = []
    versions = {}
    for path in paths:
        for line in open(path):
            row = json.loads(line)
            key = (row["side"], row["sampler"])
            if "problem" in row:
                best[key + (row["problem"],)].append(row)
            elif "latency_n" in row:
                latency[key + (row["latency_n"],)] = row["ms"]
            elif "skipped" in row:
                notes.append("%s %s: skipped (%s)" % (row["side"], row["sampler"], row["skipped"]))
            elif "version" in row:
                versions[row["side"]] = row["version"]
    return best, latency, notes, versions


def mean(rows, budget):
    return statistics.mean(r["best%d" % budget] for r in rows)


def median(rows, budget):
    return statistics.median(r["best%d" % budget] for r in rows)


def fmt(x):
    return "%.4g" % x


def ratio(ours, theirs, optimum):
    regret_theirs = theirs - optimum
    if regret_theirs <= 0:
        return "-"
    return "%.2f" % ((ours - optimum) / regret_theirs)


def main():
    best, latency, notes, versions = load(sys.argv[1:])
    seeds = max((len(v) for v in best.values()), default=0)
    print("### Quality: best value found (mean over %d seeds, median in brackets; lower is better)" % seeds)
    print()
    print("Regret ratio = (katib4j mean - optimum) / (Optuna mean - optimum): below 1 means katib4j got closer.")
    print()
    print("| Problem (optimum) | Algorithm | Side | @50 | @100 | @200 | Regret ratio @50 / @100 / @200 |")
    print("|---|---|---|---|---|---|---|")
    for problem in PROBLEMS:
        for sampler in SAMPLERS:
            ours = best.get(("katib4j", sampler, problem))
            theirs = best.get(("optuna", sampler, problem))
            for side, rows in (("katib4j", ours), ("Optuna " + OPTUNA_NAMES[sampler], theirs)):
                if not rows:
                    continue
                cells = ["%s (%s)" % (fmt(mean(rows, b)), fmt(median(rows, b))) for b in BUDGETS]
                ratios = ""
                if side == "katib4j" and theirs:
                    ratios = " / ".join(ratio(mean(ours, b), mean(theirs, b), OPTIMA[problem]) for b in BUDGETS)
                print("| %s (%s) | %s | %s | %s | %s |" % (problem, fmt(OPTIMA[problem]), sampler, side,
                                                       " | ".join(cells), ratios))
    print()
    print("### Latency: median time of one suggestion with 5 continuous parameters, by trials completed")
    print()
    print("| Algorithm | Trials | katib4j (ms) | Optuna (ms) | Optuna / katib4j |")
    print("|---|---|---|---|---|")
    for sampler in SAMPLERS:
        sizes = sorted({k[2] for k in latency if k[1] == sampler})
        for n in sizes:
            ours = latency.get(("katib4j", sampler, n))
            theirs = latency.get(("optuna", sampler, n))
            speedup = "%.1fx" % (theirs / ours) if ours and theirs else "-"
            print("| %s | %d | %s | %s | %s |" % (sampler, n, "%.3f" % ours if ours else "-",
                                                "%.3f" % theirs if theirs else "-", speedup))
    print()
    print("### Targets (issue 4)")
    print()
    for sampler in MODEL_BASED:
        if not any(k[:2] == ("katib4j", sampler) for k in best):
            continue
        beaten = []
        for problem in PROBLEMS:
            rows = best.get(("katib4j", sampler, problem))
            random_rows = best.get(("katib4j", "random", problem))
            if rows and random_rows:
                ok = mean(rows, 100) < mean(random_rows, 200)
                beaten.append("%s %s (%s vs %s)" % (problem, "yes" if ok else "NO", fmt(mean(rows, 100)),
                                                    fmt(mean(random_rows, 200))))
        print("- katib4j %s at 100 trials beats katib4j random at 200: %s" % (sampler, "; ".join(beaten)))
    for sampler in ("tpe", "multivariate-tpe", "cmaes", "bayesianoptimization"):
        for budget in (100, 200):
            wins = []
            for problem in PROBLEMS:
                ours = best.get(("katib4j", sampler, problem))
                theirs = best.get(("optuna", sampler, problem))
                if ours and theirs and mean(ours, budget) <= mean(theirs, budget):
                    wins.append(problem)
            compared = sum(1 for p in PROBLEMS if best.get(("katib4j", sampler, p)) and best.get(("optuna", sampler, p)))
            if compared:
                print("- katib4j %s regret no worse than Optuna's at %d trials on %d of %d problems (%s)"
                      % (sampler, budget, len(wins), compared, ", ".join(wins) or "none"))
    for sampler in SAMPLERS:
        for n in (1000,):
            ours = latency.get(("katib4j", sampler, n))
            theirs = latency.get(("optuna", sampler, n))
            if ours and theirs:
                print("- %s suggestion at %d trials: katib4j %.3f ms, Optuna %.3f ms (%.1fx)"
                      % (sampler, n, ours, theirs, theirs / ours))
    if versions:
        print()
        print("Optuna version: %s." % versions.get("optuna"))
    for note in notes:
        print()
        print("Note: " + note)


if __name__ == "__main__":
    main()

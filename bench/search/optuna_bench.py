"""Optuna's side of the search benchmark: the same problems and measurements as SearchBenchmark.java.

Writes one JSON object per line: best value after 50, 100 and 200 trials per problem, sampler and seed, and the
median time of one ask() (with five suggest_float calls) in a window of 21 trials around each history size.
"""

import argparse
import json
import math
import statistics
import sys
import time
import warnings

import optuna

optuna.logging.set_verbosity(optuna.logging.ERROR)
warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)


def branin(t):
    x1 = t.suggest_float("x1", -5, 10)
    x2 = t.suggest_float("x2", 0, 15)
    b = 5.1 / (4 * math.pi**2)
    c = 5 / math.pi
    s = 1 / (8 * math.pi)
    return (x2 - b * x1 * x1 + c * x1 - 6) ** 2 + 10 * (1 - s) * math.cos(x1) + 10


ALPHA = [1.0, 1.2, 3.0, 3.2]
A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
P = [[1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991],
     [2348, 1451, 3522, 2883, 3047, 6650], [4047, 8828, 8732, 5743, 1091, 381]]


def hartmann6(t):
    x = [t.suggest_float("x%d" % i, 0, 1) for i in range(6)]
    total = 0.0
    for i in range(4):
        inner = sum(A[i][j] * (x[j] - 1e-4 * P[i][j]) ** 2 for j in range(6))
        total += ALPHA[i] * math.exp(-inner)
    return -total


def levy5(t):
    x = [t.suggest_float("x%d" % i, -10, 10) for i in range(5)]
    w = [1 + (xi - 1) / 4 for xi in x]
    f = math.sin(math.pi * w[0]) ** 2
    for i in range(4):
        f += (w[i] - 1) ** 2 * (1 + 10 * math.sin(math.pi * w[i] + 1) ** 2)
    f += (w[4] - 1) ** 2 * (1 + math.sin(2 * math.pi * w[4]) ** 2)
    return f


def rosenbrock4(t):
    x = [t.suggest_float("x%d" % i, -5, 10) for i in range(4)]
    return sum(100 * (x[i + 1] - x[i] ** 2) ** 2 + (x[i] - 1) ** 2 for i in range(3))


def mixed(t):
    x = [t.suggest_float("x%d" % i, -5, 5) for i in range(4)]
    k = t.suggest_int("k", -5, 5)
    c = t.suggest_categorical("c", ["a", "b", "c", "d"])
    f = sum(0.5 * (xi**4 - 16 * xi * xi + 5 * xi) for xi in x)
    return f + (k - 2) ** 2 + {"a": 0, "b": 5, "c": 10, "d": 20}[c]


PROBLEMS = {"branin": branin, "hartmann6": hartmann6, "levy5": levy5, "rosenbrock4": rosenbrock4, "mixed": mixed}


def sampler(name, seed):
    s = optuna.samplers
    if name == "random":
        return s.RandomSampler(seed=seed)
    if name == "sobol":
        return s.QMCSampler(qmc_type="sobol", scramble=True, seed=seed, warn_independent_sampling=False)
    if name == "tpe":
        return s.TPESampler(seed=seed, multivariate=False)
    if name == "multivariate-tpe":
        return s.TPESampler(seed=seed, multivariate=True)
    if name == "cmaes":
        return s.CmaEsSampler(seed=seed, warn_independent_sampling=False)
    if name == "bayesianoptimization":
        return s.GPSampler(seed=seed)
    raise ValueError(name)


def available(name):
    if name != "bayesianoptimization":
        return True
    try:
        import torch  # noqa: F401

        return True
    except ImportError:
        return False


def run(name, problem, seed, trials):
    study = optuna.create_study(sampler=sampler(name, seed))
    best = []
    for _ in range(trials):
        t = study.ask()
        value = PROBLEMS[problem](t)
        study.tell(t, value)
        best.append(min(value, best[-1]) if best else value)
    return best


def latency(name, sizes, out):
    last = max(sizes) + 11
    study = optuna.create_study(sampler=sampler(name, 0))
    nanos = []
    for _ in range(last):
        start = time.perf_counter_ns()
        t = study.ask()
        x = [t.suggest_float("x%d" % i, -5, 5) for i in range(5)]
        nanos.append(time.perf_counter_ns() - start)
        study.tell(t, sum(v * v for v in x))
    for n in sizes:
        window = nanos[n - 10 : n + 11]
        out.write(json.dumps({"side": "optuna", "sampler": name, "latency_n": n,
                              "ms": statistics.median(window) / 1e6}) + "\n")
        out.flush()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--first-seed", type=int, default=0)
    parser.add_argument("--trials", type=int, default=200)
    parser.add_argument("--samplers", default="random,sobol,tpe,multivariate-tpe,cmaes,bayesianoptimization")
    parser.add_argument("--problems", default=",".join(PROBLEMS))
    parser.add_argument("--latency", default="100,1000,2000")
    parser.add_argument("--out", default="-")
    args = parser.parse_args()
    out = sys.stdout if args.out == "-" else open(args.out, "w")
    sizes = [int(n) for n in args.latency.split(",") if n]
    for name in args.samplers.split(","):
        if not available(name):
            out.write(json.dumps({"side": "optuna", "sampler": name,
                                  "skipped": "GPSampler needs torch; run with --with-gp"}) + "\n")
            continue
        optuna_version = {"side": "optuna", "sampler": name, "version": optuna.__version__}
        out.write(json.dumps(optuna_version) + "\n")
        for problem in args.problems.split(","):
            for seed in range(args.first_seed, args.first_seed + args.seeds):
                best = run(name, problem, seed, args.trials)
                out.write(json.dumps({"side": "optuna", "sampler": name, "problem": problem, "seed": seed,
                                      "best50": best[49], "best100": best[min(99, args.trials - 1)],
                                      "best200": best[-1]}) + "\n")
                out.flush()
        # GP's cost grows with the cube of the history, so its latency is measured where the target is.
        if sizes:
            latency(name, [100, 200] if name == "bayesianoptimization" else sizes, out)
    out.close()


if __name__ == "__main__":
    main()

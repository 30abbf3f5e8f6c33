"""Katib's Python SDK (kubeflow-katib) side of katib4j's cluster-client benchmark; bench/k8s/run.sh drives it.

Each subcommand does one measurement against the API server of the given kubeconfig and prints one JSON line.
Timings are taken inside the process, after the SDK is imported and its client built, so interpreter start-up
is not counted.
"""
import argparse
import json
import sys
import time
import tracemalloc

from kubeflow.katib import KatibClient


def client(args):
    return KatibClient(config_file=args.kubeconfig, namespace=args.namespace)


def create(args):
    with open(args.file) as f:
        experiment = json.load(f)
    katib = client(args)
    start = time.perf_counter()
    for i in range(args.count):
        experiment["metadata"]["name"] = "%s%d" % (args.prefix, i)
        katib.create_experiment(experiment, namespace=args.namespace)
    print(json.dumps({"seconds": time.perf_counter() - start, "count": args.count}))


def list_trials(args):
    katib = client(args)
    tracemalloc.start()
    start = time.perf_counter()
    trials = katib.list_trials(experiment_name=args.experiment, namespace=args.namespace)
    seconds = time.perf_counter() - start
    current, peak = tracemalloc.get_traced_memory()
    print(json.dumps({"seconds": seconds, "count": len(trials), "heap_bytes": current, "peak_heap_bytes": peak}))


def wait(args):
    katib = client(args)
    print(json.dumps({"ready": time.time()}), flush=True)
    # The SDK prints the experiment's state on every poll; keep stdout for this script's JSON.
    real_stdout = sys.stdout
    sys.stdout = sys.stderr
    try:
        katib.wait_for_experiment_condition(name=args.experiment, namespace=args.namespace,
                                            timeout=args.timeout, polling_interval=args.interval)
    finally:
        sys.stdout = real_stdout
    print(json.dumps({"done": time.time()}), flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--kubeconfig", required=True)
    parser.add_argument("--namespace", required=True)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("create")
    p.add_argument("--file", required=True)
    p.add_argument("--count", type=int, default=100)
    p.add_argument("--prefix", default="py-")
    p = sub.add_parser("list")
    p.add_argument("--experiment", required=True)
    p = sub.add_parser("wait")
    p.add_argument("--experiment", required=True)
    p.add_argument("--interval", type=int, default=15)
    p.add_argument("--timeout", type=int, default=600)
    args = parser.parse_args()
    {"create": create, "list": list_trials, "wait": wait}[args.command](args)


if __name__ == "__main__":
    main()

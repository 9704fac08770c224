"""Kernel latency and memory, feedbacklab next to stock tslab 1.0.22 in the same run.

Measures, per kernel: start to kernel_info_reply, start to the first cell's result (`0`, sent
as soon as kernel_info is answered, as a client does), the round trip of `1+1`, of a cell declaring
a typed function, and the resident memory after 100 cells. Medians over several rounds,
kernels interleaved. Then the latency tail: p50/p95/p99 of the round trip over --tail-cells
cells back to back, feedbacklab (from its first cell, and after its 2 s background warm-up) next
to ipykernel (Debian python3-ipykernel), for `1+1` and for `i + 1` (a different cell each time,
which TypeScript checks in a new program); --tail-rounds rounds, kernels interleaved, pooled
(each round's p99 is kept too: the machine's noise). Also feedbacklab started without its
compiler snapshot.
Writes reports/kernel-bench.json and prints tables.
Run: npm run bench   (or /usr/bin/python3 bench/kernel_bench.py --rounds 5)"""
import argparse, json, os, shutil, statistics, subprocess, sys, tempfile, time

from jupyter_client.manager import KernelManager

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def kernelspec_dirs():
    """A temporary JUPYTER_PATH with kernelspecs for both kernels, started from this checkout:
    feedbacklab's is written by `feedbacklab install`, so the bench runs what users run."""
    tmp = tempfile.mkdtemp(prefix="kbench-")
    subprocess.run(["node", os.path.join(ROOT, "kernel/bin/feedbacklab.js"), "install", "--prefix", tmp, "--quiet"], check=True)
    os.makedirs(os.path.join(tmp, "kernels"))
    installed = os.path.join(tmp, "share", "jupyter", "kernels", "feedbacklab")
    moved = os.path.join(tmp, "kernels", "feedbacklab-bench")
    shutil.move(installed, moved)
    spec_file = os.path.join(moved, "kernel.json")
    spec = json.load(open(spec_file))
    spec["argv"] = [a.replace(installed, moved) for a in spec["argv"]]  # the compiler snapshot moved too
    json.dump(spec, open(spec_file, "w"))
    # The same kernel started without its compiler snapshot (what a kernel gets when the
    # snapshot is missing or was built for another Node.js).
    bare = os.path.join(tmp, "kernels", "feedbacklab-nosnapshot-bench")
    os.makedirs(bare)
    spec["argv"] = [a.replace(os.path.join(moved, "compiler.blob"), os.path.join(bare, "none.blob")) for a in spec["argv"]]
    json.dump(spec, open(os.path.join(bare, "kernel.json"), "w"))
    d = os.path.join(tmp, "kernels", "tslab-bench")
    os.makedirs(d)
    argv = ["node", os.path.join(ROOT, "node_modules/tslab/bin/tslab"), "kernel", "--config-path", "{connection_file}"]
    json.dump({"argv": argv, "display_name": "tslab", "language": "typescript"}, open(os.path.join(d, "kernel.json"), "w"))
    os.environ["JUPYTER_PATH"] = tmp + os.pathsep + os.environ.get("JUPYTER_PATH", "")
    return ["feedbacklab-bench", "feedbacklab-nosnapshot-bench", "tslab-bench"]


def rss_mib(pid):
    """Resident memory of a process and its children, in MiB."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status") as f:
                total += next(int(l.split()[1]) for l in f if l.startswith("VmRSS:"))
            with open(f"/proc/{p}/task/{p}/children") as f:
                todo += [int(c) for c in f.read().split()]
        except (FileNotFoundError, StopIteration):
            pass
    return total / 1024


def run_cell(kc, code):
    t = time.perf_counter()
    reply = kc.execute_interactive(code, timeout=60, output_hook=lambda m: None)
    dt = (time.perf_counter() - t) * 1000
    if reply["content"]["status"] != "ok":
        raise RuntimeError(f"{code!r} failed: {reply['content'].get('evalue')}")
    return dt


def one_round(name, cells):
    km = KernelManager(kernel_name=name)
    t = time.perf_counter()
    km.start_kernel(cwd=os.path.join(ROOT, "notebooks"))
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=60)  # sends kernel_info_request until a reply comes
    start_s = time.perf_counter() - t
    try:
        run_cell(kc, "0")  # first cell pays for the compiler's warm-up in both kernels
        first_s = time.perf_counter() - t
        add = [run_cell(kc, "1+1") for _ in range(cells)]
        typed = [run_cell(kc, f"function f{i}(x: number, y: string): string {{ return y.repeat(x) }}\nf{i}(2, 'a')") for i in range(cells)]
        for i in range(100 - 1 - 2 * cells):
            run_cell(kc, f"const v{i} = {i} * 2")
        pid = km.provisioner.process.pid
        rss = rss_mib(pid)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return {"start_s": start_s, "first_s": first_s, "add_ms": statistics.median(add), "typed_ms": statistics.median(typed), "rss_mib": rss}


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def latency_tail(name, cells, code, settle_s=0.0):
    """p50/p95/p99 round trip (ms) of `cells` executions of `code` ("{i}" in it becomes the cell's
    number: a different cell each time, as a user's are), after one warm-up cell and `settle_s`
    seconds (feedbacklab's background warm-up parses typings for about 2 s after start; cells
    sent meanwhile may wait for a file's parse)."""
    km = KernelManager(kernel_name=name)
    km.start_kernel(cwd=os.path.join(ROOT, "notebooks"))
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=60)
    try:
        run_cell(kc, "0")
        time.sleep(settle_s)
        times = [run_cell(kc, code.replace("{i}", str(i))) for i in range(cells)]
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return times


def tail_summary(rounds):
    """Percentiles of all rounds' round trips pooled, and each round's p99 (the machine's noise)."""
    pooled = [t for times in rounds for t in times]
    out = {f"p{p}_ms": percentile(pooled, p) for p in (50, 95, 99)}
    out["p99_ms_by_round"] = [round(percentile(times, 99), 2) for times in rounds]
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--cells", type=int, default=15, help="round trips timed per kind of cell and round")
    ap.add_argument("--tail-cells", type=int, default=1000, help="cells timed for the latency tail (0: skip it)")
    ap.add_argument("--tail-rounds", type=int, default=3, help="rounds of the latency tail, kernels interleaved")
    args = ap.parse_args()
    names = kernelspec_dirs()
    results = {n: [] for n in names}
    for r in range(args.rounds):
        for n in names:  # interleaved so that machine noise hits both alike
            results[n].append(one_round(n, args.cells))
            print(f"round {r + 1} {n}: {results[n][-1]}", file=sys.stderr, flush=True)
    summary = {}
    for n, rows in results.items():
        summary[n.replace("-bench", "")] = {k: statistics.median(row[k] for row in rows) for k in rows[0]}
    tail = {}
    if args.tail_cells > 0:
        runs = {
            "feedbacklab": ("feedbacklab-bench", "1+1", 0.0),
            "feedbacklab-settled": ("feedbacklab-bench", "1+1", 4.0),
            "ipykernel": ("python3", "1+1", 0.0),
            # Each cell a new program for TypeScript (a new type checker), as in a notebook.
            "feedbacklab-distinct": ("feedbacklab-bench", "{i} + 1", 4.0),
            "ipykernel-distinct": ("python3", "{i} + 1", 0.0),
        }
        rounds = {k: [] for k in runs}
        for r in range(args.tail_rounds):
            for key, (kernel, code, settle) in runs.items():  # interleaved, as above
                rounds[key].append(latency_tail(kernel, args.tail_cells, code, settle_s=settle))
                print(f"tail round {r + 1} {key}: p99 {percentile(rounds[key][-1], 99):.2f} ms", file=sys.stderr, flush=True)
        tail = {k: tail_summary(v) for k, v in rounds.items()}
    os.makedirs(os.path.join(ROOT, "reports"), exist_ok=True)
    with open(os.path.join(ROOT, "reports", "kernel-bench.json"), "w") as f:
        json.dump({"rounds": args.rounds, "cells": args.cells, "medians": summary, "tail_cells": args.tail_cells, "tail_rounds": args.tail_rounds, "latency_tail": tail}, f, indent=2)
    fb, bare, ts = summary["feedbacklab"], summary["feedbacklab-nosnapshot"], summary["tslab"]
    print(f"{'median':32s} {'feedbacklab':>12s} {'no snapshot':>12s} {'tslab 1.0.22':>12s} {'ratio':>7s}")
    for key, label in [("start_s", "start to kernel_info_reply (s)"), ("first_s", "start to first result (s)"), ("add_ms", "1+1 round trip (ms)"), ("typed_ms", "typed-function cell (ms)"), ("rss_mib", "RSS after 100 cells (MiB)")]:
        print(f"{label:32s} {fb[key]:12.2f} {bare[key]:12.2f} {ts[key]:12.2f} {fb[key] / ts[key]:7.2f}")
    if tail:
        print(f"\n{'1+1 round trip, %d rounds x %d' % (args.tail_rounds, args.tail_cells):32s} {'feedbacklab':>12s} {'after 4 s':>12s} {'ipykernel':>12s} {'ratio':>7s}")
        for key in ("p50_ms", "p95_ms", "p99_ms"):
            fbv, settled, ipv = tail["feedbacklab"][key], tail["feedbacklab-settled"][key], tail["ipykernel"][key]
            print(f"{key.replace('_ms', ' (ms)'):32s} {fbv:12.2f} {settled:12.2f} {ipv:12.2f} {settled / ipv:7.2f}")
        print(f"\n{'`i + 1`, a new cell each time':32s} {'after 4 s':>12s} {'ipykernel':>12s} {'ratio':>7s}")
        for key in ("p50_ms", "p95_ms", "p99_ms"):
            fbv, ipv = tail["feedbacklab-distinct"][key], tail["ipykernel-distinct"][key]
            print(f"{key.replace('_ms', ' (ms)'):32s} {fbv:12.2f} {ipv:12.2f} {fbv / ipv:7.2f}")
        print("p99 by round (ms): " + ", ".join(f"{k} {tail[k]['p99_ms_by_round']}" for k in tail))


if __name__ == "__main__":
    main()

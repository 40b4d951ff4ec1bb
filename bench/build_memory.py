"""Build memory: peak memory of ``kgraph build`` on generated corpora of growing size.

For each size (default 1,000 and 5,000 pages) a corpus is generated with
``bench/generate_corpus.py`` (not measured), then built in a fresh Python
process (:func:`kgraph.build.build_corpus`, a fresh out folder and an empty
cache), so no size inherits another's memory. Two figures per size:

* **peak memory**: the largest sum of the memory of the build process and
  all its children (``--jobs`` workers, the forked writers of the output
  files), sampled with psutil every ``--interval`` seconds, each process
  by its proportional set size (PSS: a page shared by forked processes
  counts once in all, split between them; RSS where PSS cannot be read);
* **ru_maxrss**: the build process's own peak, exact, from the kernel
  (``resource.getrusage``); a short spike between two samples shows here.

The peak is the larger of the two. The slope is the least-squares growth of
the peak in MB per 1,000 pages. Targets: peak under 2 GiB at every size,
slope under 100 MB per 1,000 pages; ``--check`` exits 1 when one is missed.
At about 4 pages/s (2 cores), 5,000 pages take about half an hour.

Usage::

    python bench/build_memory.py                               # 1000 and 5000 pages
    python bench/build_memory.py --sizes 50 150 --json memory.json --check
    python bench/build_memory.py --sizes 1000 5000 --store disk --jobs 2
"""

from __future__ import annotations

import argparse
import inspect
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

MB = 1e6
MAX_PEAK_MB = 2 * 2**30 / MB  # 2 GiB
MAX_SLOPE_MB = 100.0  # per 1,000 pages


def _generator():
    """bench/generate_corpus.py as a module (bench/ is not a package)."""
    import importlib.util

    if "generate_corpus" not in sys.modules:
        spec = importlib.util.spec_from_file_location("generate_corpus", Path(__file__).with_name("generate_corpus.py"))
        module = importlib.util.module_from_spec(spec)
        sys.modules["generate_corpus"] = module
        spec.loader.exec_module(module)
    return sys.modules["generate_corpus"]


def child(corpus: Path, out: Path, cache: Path, jobs: int, store: str | None = None) -> int:
    """The measured process: one build, then its figures as one JSON line on stdout."""
    from kgraph.build import build_corpus

    takes = inspect.signature(build_corpus).parameters
    extra: dict = {"cache_dir": cache} if "cache_dir" in takes else {}
    if store and "store" in takes:
        extra["store"] = store
    start = time.perf_counter()
    result = build_corpus(corpus, out, jobs=jobs, **extra)
    seconds = time.perf_counter() - start
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / MB  # KiB on Linux
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024 / MB
    print(json.dumps({"documents": result.documents, "seconds": seconds, "ru_maxrss_mb": own,
                      "workers_ru_maxrss_mb": workers, "store": extra.get("store", "default")}))
    return 0


def _tree_memory(process: psutil.Process) -> int:
    """Bytes of ``process`` and all its descendants, shared pages split between them (PSS; 0 for those that ended)."""
    total = 0
    try:
        family = [process, *process.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    for member in family:
        try:
            total += _memory(member)
        except psutil.NoSuchProcess:
            pass
    return total


def _memory(process: psutil.Process) -> int:
    """One process's proportional set size where the system gives it (Linux), else its RSS."""
    try:
        return process.memory_full_info().pss
    except (AttributeError, psutil.AccessDenied):
        return process.memory_info().rss


def measure(corpus: Path, work: Path, jobs: int, interval: float, store: str | None = None) -> dict:
    """Build ``corpus`` in a fresh process, sampling its tree's memory; returns the figures."""
    out, cache = work / f"out-{corpus.name}", work / f"cache-{corpus.name}"
    command = [sys.executable, __file__, "--child", str(corpus), str(out), str(cache), "--jobs", str(jobs)]
    command += ["--store", store] if store else []
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    watched = psutil.Process(process.pid)
    peak = 0
    while process.poll() is None:
        peak = max(peak, _tree_memory(watched))
        time.sleep(interval)
    stdout = process.stdout.read() if process.stdout else ""
    if process.returncode != 0:
        raise SystemExit(f"build of {corpus} failed with exit status {process.returncode}")
    figures = json.loads(stdout.strip().splitlines()[-1])
    figures["sampled_peak_mb"] = peak / MB
    figures["peak_mb"] = max(figures["sampled_peak_mb"], figures["ru_maxrss_mb"])
    return figures


def slope(rows: list[dict]) -> float | None:
    """Least-squares MB of peak RSS per 1,000 pages (``None`` with fewer than two sizes)."""
    if len(rows) < 2:
        return None
    xs = [r["pages"] / 1000 for r in rows]
    ys = [r["peak_mb"] for r in rows]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / spread if spread else None


def targets(rows: list[dict], per_k: float | None) -> list[dict]:
    """Peak and slope targets with their values and pass/fail (not measured: a fail)."""
    peak = max((r["peak_mb"] for r in rows), default=None)
    return [
        {"target": f"peak memory < {MAX_PEAK_MB:.0f} MB (2 GiB) at every size", "value": peak,
         "pass": peak is not None and peak < MAX_PEAK_MB},
        {"target": f"memory growth < {MAX_SLOPE_MB:.0f} MB per 1,000 pages", "value": per_k,
         "pass": per_k is not None and per_k < MAX_SLOPE_MB},
    ]


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark (or, with ``--child``, the measured build)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000], help="pages per corpus")
    parser.add_argument("--jobs", type=int, default=1, help="build --jobs (default 1)")
    parser.add_argument("--seed", type=int, default=0, help="generator seed")
    parser.add_argument("--store", choices=["memory", "disk", "auto"],
                        help="where the build holds the graph (default: the build's own default)")
    parser.add_argument("--interval", type=float, default=0.2, help="seconds between memory samples")
    parser.add_argument("--work", type=Path, help="folder for corpora and outputs (default: a temp dir, removed)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--child", nargs=3, metavar=("CORPUS", "OUT", "CACHE"), type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(*args.child, jobs=args.jobs, store=args.store)
    if any(n < 1 for n in args.sizes) or args.jobs < 1 or args.interval <= 0:
        parser.error("--sizes and --jobs must be at least 1, --interval positive")

    work = Path(tempfile.mkdtemp(prefix="kgraph-memory-")) if args.work is None else args.work
    rows = []
    try:
        work.mkdir(parents=True, exist_ok=True)
        print(f"{'pages':>7}{'words':>10}{'build s':>9}{'pages/s':>9}{'peak MB':>9}{'sampled':>9}{'maxrss':>8}")
        for n in sorted(set(args.sizes)):
            corpus = work / f"corpus-{n}"
            made = _generator().generate_corpus(n, corpus, seed=args.seed)
            figures = measure(corpus, work, args.jobs, args.interval, args.store)
            row = {"pages": n, "words": made["words"], "jobs": args.jobs, **figures}
            rows.append(row)
            print(f"{n:>7}{made['words']:>10}{row['seconds']:>9.1f}{row['documents'] / row['seconds']:>9.2f}"
                  f"{row['peak_mb']:>9.0f}{row['sampled_peak_mb']:>9.0f}{row['ru_maxrss_mb']:>8.0f}", flush=True)
            shutil.rmtree(work / f"out-{corpus.name}", ignore_errors=True)
            shutil.rmtree(work / f"cache-{corpus.name}", ignore_errors=True)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    per_k = slope(rows)
    if per_k is not None:
        print(f"slope: {per_k:.1f} MB per 1,000 pages")
    checked = targets(rows, per_k)
    for t in checked:
        value = "not measured" if t["value"] is None else f"{t['value']:.1f}"
        print(f"{'PASS' if t['pass'] else 'FAIL'}: {t['target']} ({value})")
    if args.json:
        args.json.write_text(json.dumps({"sizes": rows, "slope_mb_per_1k_pages": per_k, "targets": checked},
                                        indent=2) + "\n", encoding="utf-8")
    return 1 if args.check and not all(t["pass"] for t in checked) else 0


if __name__ == "__main__":
    sys.exit(main())

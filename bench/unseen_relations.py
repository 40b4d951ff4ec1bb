"""Findings on pages the rules were not written from, scored like the sample.

The sample's relation gold (``../shared/gold/seed-relations.jsonl``) is what
the claims and findings were tuned on; this benchmark measures the same
figures on three sets with gold written by annotators who saw neither the code
nor its output, following ``../shared/gold/RELATIONS.md``:

- ``unseen``: the 20 pages of ``tests/data/heldout``, ``blind2`` and
  ``blind3`` read as one corpus (file names prefixed ``h_``, ``b2_``,
  ``b3_``), gold ``tests/data/unseen-relations.jsonl``;
- ``fresh``: the 10 pages of ``tests/data/fresh/corpus``, gold
  ``tests/data/fresh/relations.jsonl``;
- ``fresh2``: the 10 pages of ``tests/data/fresh2/corpus``, gold
  ``tests/data/fresh2/relations.jsonl`` (written after ``fresh`` had been
  used to improve the rules, to keep one set that no rule was made from);
- ``fresh3``: the 10 pages of ``tests/data/fresh3/corpus``, gold
  ``tests/data/fresh3/relations.jsonl`` (written the same way, scored once
  before any change, then used as a development set, so that ``fresh2``
  stays unread).

For each set it builds the graph (no cache), runs ``score.py`` on it and
``bench/claim_coverage.py``'s coverage of the gold quotes, and prints one
line per set. The figures are estimates of what the hidden pages will give:
the gold was written once, by one annotator per set.

Usage::

    python bench/unseen_relations.py                 # every set
    python bench/unseen_relations.py --set fresh --json figures.json
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SCORER = ROOT.parent / "shared" / "eval" / "score.py"
POOLED = (("h", "heldout"), ("b2", "blind2"), ("b3", "blind3"))


def pooled_corpus(out: Path) -> Path:
    """The held-out and blind pages as one corpus in ``out``, each name prefixed by its set."""
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    for prefix, name in POOLED:
        source = DATA / name / "corpus"
        with (source / "manifest.csv").open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                renamed = f"{prefix}_{row['file']}"
                shutil.copyfile(source / row["file"], out / renamed)
                rows.append({**row, "file": renamed})
    with (out / "manifest.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["file", "url", "publisher", "retrieved"])
        writer.writeheader()
        writer.writerows(rows)
    return out


def _coverage_module():
    spec = importlib.util.spec_from_file_location("claim_coverage", Path(__file__).with_name("claim_coverage.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def score(graph: Path, corpus: Path, relations: Path, scorer: Path) -> dict:
    """``score.py --relations`` on one graph, as its JSON figures."""
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        subprocess.run([sys.executable, str(scorer), "--graph", str(graph), "--corpus", str(corpus),
                        "--relations", str(relations), "--json", out.name],
                       check=True, stdout=subprocess.DEVNULL)
        return json.loads(Path(out.name).read_text(encoding="utf-8"))["relations"]


def measure(name: str, corpus: Path, relations: Path, work: Path, scorer: Path) -> dict:
    """Build ``corpus`` into ``work`` and score it against ``relations``."""
    from kgraph.build import build_corpus

    out = work / f"out-{name}"
    build_corpus(corpus, out, cache_dir=None)
    rel = score(out / "graph.ttl", corpus, relations, scorer)
    coverage = _coverage_module().coverage(out / "graph.ttl", corpus, relations)
    para = rel["per_type"].get("Paraphrase", {"found": 0, "gold": 0, "recall": 0.0})
    return {
        "set": name,
        "pages": sum(1 for p in corpus.iterdir() if p.suffix in (".txt", ".html", ".htm")),
        "paraphrase_recall": para["recall"], "paraphrase_found": para["found"], "paraphrase_gold": para["gold"],
        "paraphrase_precision": rel["paraphrase_precision"]["precision"],
        "conflicts_pooled_recall": rel["conflicts_pooled"]["recall"],
        "conflicts_found": rel["conflicts_pooled"]["found_as_any_conflict"],
        "conflicts_gold": rel["conflicts_pooled"]["gold"],
        "conflict_precision": rel["conflict_precision"]["precision"],
        "false_alarms": len(rel["false_alarms_on_compatible_pairs"]),
        "claim_coverage": coverage,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", choices=["unseen", "fresh", "fresh2", "fresh3", "all"], default="all")
    parser.add_argument("--scorer", type=Path, default=SCORER, help="path of ../shared/eval/score.py")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    if not args.scorer.is_file():
        print(f"scorer not found: {args.scorer} (pass --scorer)", file=sys.stderr)
        return 2
    figures = []
    with tempfile.TemporaryDirectory(prefix="kgraph-unseen-") as tmp:
        work = Path(tmp)
        if args.set in ("unseen", "all"):
            corpus = pooled_corpus(work / "unseen-corpus")
            figures.append(measure("unseen", corpus, DATA / "unseen-relations.jsonl", work, args.scorer))
        for name in ("fresh", "fresh2", "fresh3"):
            if args.set in (name, "all"):
                figures.append(measure(name, DATA / name / "corpus", DATA / name / "relations.jsonl", work,
                                       args.scorer))
    print(f"{'set':<8} {'pages':>5} {'paraphrase recall':>22} {'para prec':>9} {'conflicts pooled':>18} "
          f"{'conf prec':>9} {'false alarms':>12} {'claim coverage':>14}")
    for f in figures:
        print(f"{f['set']:<8} {f['pages']:>5} {f['paraphrase_recall']:>8.3f} ({f['paraphrase_found']:>4}/"
              f"{f['paraphrase_gold']:<4}) {f['paraphrase_precision']:>11.3f} {f['conflicts_pooled_recall']:>8.3f} "
              f"({f['conflicts_found']:>2}/{f['conflicts_gold']:<2}) {f['conflict_precision']:>11.3f} "
              f"{f['false_alarms']:>12} {f['claim_coverage']:>14.3f}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

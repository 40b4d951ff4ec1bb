"""Claim coverage of a gold relations file, and claims per sentence per page.

Every quote of a claim-bearing gold row (all types but citation_mismatch and
terminology_conflict; reference-list entries are left out) should lie on an
extracted claim: a claim whose anchor overlaps the quote and is no longer
than the scorer accepts (4x the quote or 600 characters). Prints coverage
per gold type, the uncovered quotes, and claims per sentence for each page.

Usage::

    python bench/claim_coverage.py --graph out/graph.ttl --corpus corpus \\
        --relations ../shared/gold/seed-relations.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

from rdflib import Graph

from kgraph.pipeline.references import find_reference_entries

CLAIM_QUERY = """
PREFIX kg: <https://w3id.org/kgraph/ns#>
PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT ?file ?start ?end ?sstart ?send WHERE {
  ?claim a kg:Claim ; kg:sentenceStart ?sstart ; kg:sentenceEnd ?send ; oa:hasTarget ?t .
  ?t oa:hasSource ?doc ; oa:hasSelector ?pos .
  ?pos a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
  ?doc kg:fileName ?file .
}
"""
SKIPPED_TYPES = {"citation_mismatch", "terminology_conflict"}


def read_text(path: Path) -> str:
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


def gold_quotes(relations: Path, corpus: Path) -> list[tuple[str, str, int, int]]:
    """(type, file, start, end) of every claim quote; reference-list entries left out."""
    entries: dict[str, list[tuple[int, int]]] = {}
    out = []
    for line in relations.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        if row["type"] in SKIPPED_TYPES:
            continue
        sides = row.get("members") or [row["a"]] + ([row["b"]] if row.get("b") else [])
        for side in sides:
            text = read_text(corpus / side["file"])
            if side["file"] not in entries:
                entries[side["file"]] = [(e.start, e.end) for e in find_reference_entries(text)]
            start = text.find(side["quote"])
            end = start + len(side["quote"])
            if any(s <= start and end <= e for s, e in entries[side["file"]]):
                continue
            out.append((row["type"], side["file"], start, end))
    return out


def graph_claims(graph: Graph) -> dict[str, list[tuple[int, int, int, int]]]:
    """File name -> (start, end, sentence start, sentence end) of each claim anchor."""
    claims: dict[str, list[tuple[int, int, int, int]]] = defaultdict(list)
    for row in graph.query(CLAIM_QUERY):
        claims[str(row.file)].append((int(row.start), int(row.end), int(row.sstart), int(row.send)))
    return claims


def covered_quotes(claims: dict, relations: Path, corpus: Path) -> tuple[dict, dict, list]:
    """Per gold type [covered, quotes]; each distinct quote -> covered; the uncovered quotes."""
    per_type: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    unique: dict[tuple[str, int, int], bool] = {}
    missed = []
    for kind, file, start, end in gold_quotes(relations, corpus):
        limit = max(4 * (end - start), 600)
        covered = any(min(e, end) > max(s, start) and e - s <= limit for s, e, _, _ in claims.get(file, []))
        per_type[kind][0] += covered
        per_type[kind][1] += 1
        if (file, start, end) not in unique and not covered:
            missed.append((file, start, read_text(corpus / file)[start:end]))
        unique[(file, start, end)] = covered
    return per_type, unique, missed


def coverage(graph_path: Path, corpus: Path, relations: Path) -> float:
    """Share of the distinct gold claim quotes that lie on an extracted claim."""
    _, unique, _ = covered_quotes(graph_claims(Graph().parse(graph_path)), relations, corpus)
    return sum(unique.values()) / max(1, len(unique))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--graph", type=Path, required=True)
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--relations", type=Path, required=True)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    claims = graph_claims(Graph().parse(args.graph))
    per_type, unique, missed = covered_quotes(claims, args.relations, args.corpus)

    print(f"{'gold type':<22}{'covered':>9}{'quotes':>8}")
    for kind, (found, total) in sorted(per_type.items()):
        print(f"{kind:<22}{found:>9}{total:>8}")
    covered_unique = sum(unique.values())
    print(f"distinct quotes: {covered_unique}/{len(unique)} covered ({covered_unique / max(1, len(unique)):.1%})")
    for file, start, quote in sorted(missed):
        print(f"  missed {file}@{start}: {quote[:100]!r}")

    print(f"\n{'page':<28}{'claims':>7}{'sentences':>10}{'per sentence':>13}")
    pages = {}
    for file in sorted(claims):
        sentences = {(s, e) for _, _, s, e in claims[file]}
        text = read_text(args.corpus / file)
        total_sentences = max(1, sum(1 for line in text.splitlines() if line.strip()) and _sentence_count(text))
        pages[file] = {"claims": len(claims[file]), "sentences_with_claims": len(sentences),
                       "sentences": total_sentences}
        print(f"{file:<28}{len(claims[file]):>7}{total_sentences:>10}{len(claims[file]) / total_sentences:>13.2f}")
    if args.json:
        args.json.write_text(json.dumps({"coverage": covered_unique / max(1, len(unique)),
                                         "per_type": dict(per_type), "pages": pages}, indent=2))
    return 0


def _sentence_count(text: str) -> int:
    """Sentences as a reader counts them: lines, split at sentence-final punctuation."""
    import re

    count = 0
    for line in text.splitlines():
        if line.strip():
            count += max(1, len(re.findall(r"[.!?](?:[\"”’)]*)(?:\s|$)", line)))
    return count


if __name__ == "__main__":
    sys.exit(main())

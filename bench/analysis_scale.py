"""How the analysis scales: time ``analyze`` on 1k, 10k and 100k synthetic claims.

The synthetic projections are grown from the real corpus claims. The sample
graph is built (or read) once and projected; then, for each size, its claim
nodes are cloned straight into a networkx projection (no RDF, so generating
100k claims takes seconds) as synthetic pages of 20-60 claims each, with a
fixed mix of variants:

* ``duplicate``  - the corpus claim as it is (same proposition, same quote);
* ``paraphrase`` - same subject/predicate/object, the quote's words perturbed;
* ``numeric``    - a statistic claim whose quantity is cloned with its bounds
  scaled x0.3..x3 (so some clones conflict);
* ``negated``    - the polarity flipped to Negated;
* ``hedged``     - the certainty flipped to Hedged.

Each synthetic page copies one corpus page's document node and its
``mentions`` edges (so page topics work) and its citations, reference entries
and abbreviation definitions; most of its claims come from that page. A fixed
seed makes every run generate the same graphs.

``--universe CLAIMS`` splits the pages into topic universes of that many
claims (subjects renamed, quote words tagged per universe), so clusters of
one proposition stay bounded as the size grows; by default there is one
universe and every cluster grows with the size.

Generation is timed separately; the analysis time is the best of
``--repeat`` runs of :func:`kgraph.analysis.analyze` alone. The growth ratio
of the two largest sizes is checked against the target: at most 1.2x the
size ratio (10k -> 100k at most 12x, about linear). ``--profile TOP``
prints the analysis functions that take longest at each size;
``--max-memory GB`` caps the address space so a size that outgrows memory is
reported as failed instead of swapping or being killed.

Usage::

    python bench/analysis_scale.py --graph out/graph.ttl
    python bench/analysis_scale.py --graph out/graph.ttl --universe 1000 --max-memory 16
    python bench/analysis_scale.py --sizes 1000 10000 --repeat 3 --json scale.json --check
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import itertools
import json
import math
import pstats
import random
import sys
import time
import tracemalloc
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
from rdflib import Graph

from kgraph.analysis import analyze, claim_nodes, project
from kgraph.graph.findings import load_ontology

SYN = "https://w3id.org/kgraph/id/bench/"
MIX = (("duplicate", 0.50), ("paraphrase", 0.25), ("numeric", 0.10), ("negated", 0.10), ("hedged", 0.05))
PAGE_CLAIMS = (20, 60)  # claims per synthetic page, like the real pages
OWN_PAGE_SHARE = 0.7  # share of a page's claims drawn from its source page
SCALE = (0.3, 3.0)  # numeric perturbation factors (log-uniform)
TARGET_SLACK = 1.2  # allowed growth: 1.2x the size ratio (10k -> 100k: 12x)
LARGE = 50_000  # sizes from here on default to one timed run
ANCHORED = ("citation", "entry", "abbreviation")  # per-page nodes copied with their page
FILLERS = ("also", "often", "reportedly", "indeed", "generally", "usually", "notably")


@dataclass
class Sample:
    """The corpus projection split into the ontology part and per-page material to clone."""

    base: nx.MultiDiGraph  # ontology, facts and their quantities: no pages, no claims
    claims: list[tuple[str, dict, list[tuple[str, dict]]]]  # (iri, attrs, out-edges but inDocument)
    quantities: dict[str, dict]  # claim object quantity nodes
    documents: dict[str, dict]  # document node attrs
    mentions: dict[str, list[tuple[str, dict]]]  # doc -> (concept, edge attrs)
    anchored: dict[str, list[tuple[str, dict, list[tuple[str, dict]]]]]  # doc -> citations/entries/abbreviations
    pools: dict[str, dict[str | None, list[int]]] = field(default_factory=dict)  # variant -> doc/None -> claims


def sample_from(g: nx.MultiDiGraph) -> Sample:
    """Split a real projection into what every synthetic graph shares and what pages clone."""
    kinds = {n: a.get("kind") for n, a in g.nodes(data=True)}
    documents = {n: dict(a) for n, a in g.nodes(data=True) if a.get("kind") == "document"}
    claims, quantities = [], {}
    for node, attrs in sorted(g.nodes(data=True)):
        if attrs.get("kind") != "claim" or attrs.get("document") not in documents:
            continue
        edges = [(o, dict(d)) for _, o, d in g.out_edges(node, data=True) if d.get("rel") != "inDocument"]
        claims.append((node, dict(attrs), edges))
        obj = attrs.get("object")
        if obj and kinds.get(obj) == "quantity":
            quantities[obj] = dict(g.nodes[obj])
    mentions = {d: [(o, dict(e)) for _, o, e in g.out_edges(d, data=True) if e.get("rel") == "mentions"]
                for d in documents}
    anchored: dict[str, list] = defaultdict(list)
    for node, attrs in sorted(g.nodes(data=True)):
        if attrs.get("kind") in ANCHORED and attrs.get("document") in documents:
            anchored[attrs["document"]].append(
                (node, dict(attrs), [(o, dict(d)) for _, o, d in g.out_edges(node, data=True)]))
    page_nodes = {n for n, k in kinds.items() if k in ("document", "claim", *ANCHORED)}
    base = g.copy()
    base.remove_nodes_from(page_nodes)  # claim quantities stay: duplicated claims point at them
    sample = Sample(base, claims, quantities, documents, mentions, dict(anchored))
    sample.pools = _pools(sample)
    return sample


def _pools(sample: Sample) -> dict[str, dict[str | None, list[int]]]:
    """Which corpus claims each variant may start from, per source page (None: any page)."""
    def is_statistic(attrs: dict) -> bool:
        q = sample.quantities.get(attrs.get("object"))
        return bool(q) and not (q.get("unit") or "").endswith("#CalendarYear") and \
            (q.get("low") is not None or q.get("high") is not None)

    test = {
        "duplicate": lambda a: True,
        "paraphrase": lambda a: len(a.get("quote", "").split()) >= 3,
        "numeric": is_statistic,
        "negated": lambda a: a.get("polarity") != "Negated" and a.get("object") not in sample.quantities,
        "hedged": lambda a: a.get("certainty") != "Hedged",
    }
    pools: dict[str, dict[str | None, list[int]]] = {}
    for variant, ok in test.items():
        per_doc: dict[str | None, list[int]] = defaultdict(list)
        for i, (_, attrs, _) in enumerate(sample.claims):
            if ok(attrs):
                per_doc[attrs["document"]].append(i)
                per_doc[None].append(i)
        pools[variant] = dict(per_doc)
    return pools


def _variants(n: int, rng: random.Random, pools: dict) -> list[str]:
    """Exactly ``round(n * share)`` claims of each variant (rounding goes to duplicates), shuffled."""
    counts = {v: round(n * share) for v, share in MIX}
    for variant in list(counts):  # a variant the corpus cannot make falls back to duplicates
        if not pools[variant].get(None):
            counts[variant] = 0
    counts["duplicate"] += n - sum(counts.values())
    out = [v for v, _ in MIX for _ in range(counts[v])]
    rng.shuffle(out)
    return out


def _page_sizes(n: int, rng: random.Random) -> list[int]:
    sizes = []
    while sum(sizes) < n:
        sizes.append(rng.randint(*PAGE_CLAIMS))
    sizes[-1] -= sum(sizes) - n
    if len(sizes) > 1 and sizes[-1] < PAGE_CLAIMS[0]:  # a short tail joins the page before it
        tail = sizes.pop()
        sizes[-1] += tail
    return sizes


def _paraphrase(quote: str, rng: random.Random) -> str:
    """The quote's words perturbed: adjacent swaps, a dropped word, a filler word."""
    words = quote.split()
    for _ in range(max(1, len(words) // 4)):
        i = rng.randrange(len(words) - 1)
        words[i], words[i + 1] = words[i + 1], words[i]
    if len(words) > 4:
        del words[rng.randrange(len(words))]
    words.insert(rng.randrange(len(words) + 1), rng.choice(FILLERS))
    return " ".join(words)


def _scaled(value: float | None, factor: float) -> float | None:
    return None if value is None else round(value * factor, 6)


def synthesize(sample: Sample, n: int, seed: int = 0, universe: int = 0) -> tuple[nx.MultiDiGraph, dict]:
    """A projection with ``n`` claims cloned from ``sample``; returns it and what was made.

    ``universe`` > 0 splits the pages into topic universes of about that many
    claims: past the first, each universe renames the claim subjects and tags
    every quote word, so propositions and wordings repeat only inside a
    universe (cluster sizes stay bounded as ``n`` grows). 0: every page
    shares the corpus's propositions, so clusters grow with ``n``.
    """
    rng = random.Random(f"{seed}:{n}")
    g = sample.base.copy()
    variants = _variants(n, rng, sample.pools)
    made: Counter = Counter()
    source_docs = sorted(sample.documents)
    nodes: list[tuple[str, dict]] = []
    edges: list[tuple[str, str, dict]] = []
    k = 0
    renamed_subjects: dict[tuple[str, int], str] = {}
    u = 0
    for p, size in enumerate(_page_sizes(n, rng)):
        u = k // universe if universe > 0 else 0
        source = rng.choice(source_docs)
        doc = f"{SYN}doc/{p:06d}"
        nodes.append((doc, {**sample.documents[source], "file": f"synthetic-{p:06d}.txt", "url": None}))
        edges.extend((doc, concept, dict(e)) for concept, e in sample.mentions.get(source, ()))
        renamed = {old: f"{SYN}{attrs['kind']}/{p:06d}-{j}" for j, (old, attrs, _) in
                   enumerate(sample.anchored.get(source, ()))}
        for old, attrs, out in sample.anchored.get(source, ()):
            nodes.append((renamed[old], {**attrs, "document": doc}))
            edges.extend((renamed[old], renamed.get(o, o), dict(d)) for o, d in out)
        offset = 0
        for _ in range(size):
            variant = variants[k]
            pool = sample.pools[variant]
            own = pool.get(source)
            index = rng.choice(own if own and rng.random() < OWN_PAGE_SHARE else pool[None])
            _, src, out = sample.claims[index]
            iri = f"{SYN}claim/{k:07d}"
            attrs = dict(src)
            quote = attrs.get("quote", "")
            obj = attrs.get("object")
            if variant == "paraphrase":
                quote = _paraphrase(quote, rng)
            elif variant == "numeric":
                factor = math.exp(rng.uniform(math.log(SCALE[0]), math.log(SCALE[1])))
                q = sample.quantities[obj]
                obj = f"{SYN}quantity/{k:07d}"
                nodes.append((obj, {**q, "low": _scaled(q.get("low"), factor), "high": _scaled(q.get("high"), factor)}))
                attrs["object"], attrs["value_text"] = obj, ""
            elif variant == "negated":
                attrs["polarity"] = "Negated"
                quote = "It is not true that " + quote
            elif variant == "hedged":
                attrs["certainty"] = "Hedged"
                quote = "It may be that " + quote
            if u:
                subject = attrs["subject"]
                if (subject, u) not in renamed_subjects:
                    renamed_subjects[(subject, u)] = f"{subject}/u{u}"
                    nodes.append((f"{subject}/u{u}", dict(sample.base.nodes.get(subject, {"kind": "concept"}))))
                attrs["subject"] = renamed_subjects[(subject, u)]
                quote = " ".join(f"{w}_u{u}" for w in quote.split())
            start, end = offset, offset + len(quote)
            offset = end + 2
            attrs.update(document=doc, quote=quote, start=start, end=end, sentence=(start, end + 1))
            nodes.append((iri, attrs))
            edges.append((iri, doc, {"rel": "inDocument"}))
            links = {"object": obj, "subject": attrs["subject"]}
            edges.extend((iri, links.get(d.get("rel"), o), dict(d)) for o, d in out)
            made[variant] += 1
            k += 1
    g.add_nodes_from(nodes)
    g.add_edges_from(edges)
    kinds = Counter(a.get("kind") for _, a in nodes)
    return g, {"claims": kinds["claim"], "documents": kinds["document"], "mix": dict(made),
               "universes": u + 1,
               "anchored": {kind: kinds[kind] for kind in ANCHORED}}


def time_analysis(g: nx.MultiDiGraph, repeat: int):
    """(best seconds, every run's seconds, the last Analysis) of ``repeat`` runs of ``analyze``."""
    runs, result = [], None
    for _ in range(repeat):
        result = None
        gc.collect()
        t = time.perf_counter()
        result = analyze(g)
        runs.append(time.perf_counter() - t)
    return min(runs), runs, result


def peak_memory(g: nx.MultiDiGraph) -> float:
    """Peak Python allocation of one analysis, in MB (tracemalloc; a separate, slower run)."""
    gc.collect()
    tracemalloc.start()
    try:
        analyze(g)
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def profile(g: nx.MultiDiGraph, top: int) -> str:
    """The ``top`` kgraph.analysis functions of one profiled analysis, by cumulative time."""
    profiler = cProfile.Profile()
    profiler.runcall(analyze, g)
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(r"kgraph[/\\]analysis", top)
    return out.getvalue()


def growth(rows: list[dict]) -> list[dict]:
    """Time ratio and fitted exponent log(t2/t1)/log(n2/n1) of each step between sizes (None: no figure)."""
    out = []
    for a, b in itertools.pairwise(rows):
        size = b["claims"] / a["claims"]
        ratio = exponent = None
        if a["analysis_seconds"] is not None and b["analysis_seconds"] is not None:
            ratio = b["analysis_seconds"] / max(a["analysis_seconds"], 1e-9)
            exponent = math.log(ratio) / math.log(size) if size > 1 and ratio > 0 else None
        out.append({"from": a["claims"], "to": b["claims"], "size_ratio": size, "time_ratio": ratio,
                    "exponent": exponent})
    return out


def _limit_memory(gigabytes: float) -> None:
    """Cap the address space, so an analysis that outgrows memory fails with MemoryError (Unix only)."""
    import resource

    limit = int(gigabytes * 2**30)
    resource.setrlimit(resource.RLIMIT_AS, (limit, resource.getrlimit(resource.RLIMIT_AS)[1]))


def load_sample_graph(graph: Path | None, corpus: Path) -> Graph:
    """The built graph: parsed from ``graph``, else built from ``corpus`` (spaCy; slower)."""
    if graph is not None:
        return Graph().parse(graph)
    from kgraph.build import build_corpus

    return build_corpus(corpus).graph


def main(argv: list[str] | None = None, *, data: Graph | None = None) -> int:
    """Run the benchmark; ``data`` (a built graph) skips reading ``--graph`` or building ``--corpus``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--graph", type=Path, help="built graph to sample (default: build --corpus)")
    parser.add_argument("--corpus", type=Path, default=Path("corpus"))
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--repeat", type=int, help=f"timed runs per size (default 3, 1 from {LARGE} claims)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--universe", type=int, default=0, metavar="CLAIMS",
                        help="claims per topic universe (propositions repeat only inside one); "
                             "0: one universe, clusters grow with the size (default)")
    parser.add_argument("--memory", action="store_true", help="also measure peak memory (one extra, slower run)")
    parser.add_argument("--profile", type=int, default=0, metavar="TOP",
                        help="also profile one run per size and print the TOP analysis functions by cumulative time")
    parser.add_argument("--max-memory", type=float, default=0, metavar="GB",
                        help="cap the address space; an analysis that outgrows it is reported, not fatal")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--check", action="store_true", help="exit 1 when the growth target is missed")
    args = parser.parse_args(argv)

    t = time.perf_counter()
    if data is None:
        data = load_sample_graph(args.graph, args.corpus)
    projection = project(data, load_ontology())
    sample = sample_from(projection)
    corpus_claims = claim_nodes(projection)
    print(f"sample: {len(sample.documents)} pages, {len(corpus_claims)} claims, "
          f"{len(sample.pools['numeric'].get(None, []))} statistic claims ({time.perf_counter() - t:.1f} s)")
    print("mix: " + ", ".join(f"{share:.0%} {v}" for v, share in MIX) + f"; seed {args.seed}; "
          + (f"topic universes of {args.universe} claims" if args.universe else "one topic universe"))

    if args.max_memory:
        _limit_memory(args.max_memory)
    rows = []
    header = f"{'claims':>8}{'pages':>7}{'gen s':>8}{'analysis s':>12}{'runs':>6}{'findings':>10}{'copies':>8}"
    if args.memory:
        header += f"{'peak MB':>9}"
    types: list[str] = []
    for n in sorted(set(args.sizes)):
        t = time.perf_counter()
        g, made = synthesize(sample, n, args.seed, args.universe)
        generation = time.perf_counter() - t
        repeat = args.repeat or (1 if n >= LARGE else 3)
        row = {"claims": made["claims"], "documents": made["documents"], "universes": made["universes"],
               "mix": made["mix"], "anchored": made["anchored"], "generation_seconds": generation,
               "analysis_seconds": None, "runs": [], "findings": {}, "copy_pairs": None}
        if len(rows) == 0:
            print(header)
        t = time.perf_counter()
        try:
            best, runs, result = time_analysis(g, repeat)
        except MemoryError:
            result = None
            row["error"] = f"MemoryError after {time.perf_counter() - t:.0f} s"
            gc.collect()
            print(f"{row['claims']:>8}{row['documents']:>7}{generation:>8.2f}  analysis failed: {row['error']}",
                  flush=True)
        else:
            by_type = Counter(f.type.value for f in result.findings)
            row.update(analysis_seconds=best, runs=runs, findings=dict(sorted(by_type.items())),
                       copy_pairs=len(result.shared_claims))
            result = None
            if args.memory:
                row["peak_mb"] = peak_memory(g)
            types = sorted(set(types) | set(by_type))
            line = (f"{row['claims']:>8}{row['documents']:>7}{generation:>8.2f}{best:>12.3f}{repeat:>6}"
                    f"{sum(by_type.values()):>10}{row['copy_pairs']:>8}")
            if args.memory:
                line += f"{row['peak_mb']:>9.1f}"
            print(line, flush=True)
        print("         mix: " + ", ".join(f"{v} {made['mix'].get(v, 0)}" for v, _ in MIX)
              + (f"; {made['universes']} universes" if args.universe else ""))
        if args.profile and "error" not in row:
            print(profile(g, args.profile), flush=True)
        rows.append(row)
        del g

    print("\nfindings by type")
    print(f"{'type':<22}" + "".join(f"{r['claims']:>10}" for r in rows))
    for kind in types:
        print(f"{kind:<22}" + "".join(f"{r['findings'].get(kind, 0):>10}" for r in rows))

    steps = growth(rows)
    if steps:
        print("\ngrowth")
    for s in steps:
        if s["time_ratio"] is None:
            print(f"  {s['from']} -> {s['to']}: x{s['size_ratio']:.1f} claims, no time (an analysis failed)")
            continue
        exponent = "n/a" if s["exponent"] is None else f"{s['exponent']:.2f}"
        print(f"  {s['from']} -> {s['to']}: x{s['size_ratio']:.1f} claims, x{s['time_ratio']:.2f} time, "
              f"exponent {exponent}")
    target = None
    if steps:
        last = steps[-1]
        limit = TARGET_SLACK * last["size_ratio"]
        passed = last["time_ratio"] is not None and last["time_ratio"] <= limit
        target = {"from": last["from"], "to": last["to"], "limit": limit, "time_ratio": last["time_ratio"],
                  "pass": passed}
        took = "did not finish" if last["time_ratio"] is None else f"took x{last['time_ratio']:.2f}"
        print(f"{'PASS' if passed else 'FAIL'}: {last['from']} -> {last['to']} {took} (target at most x{limit:.1f})")
    if args.json:
        args.json.write_text(json.dumps({"seed": args.seed, "mix": dict(MIX), "universe": args.universe,
                                         "sizes": rows, "growth": steps, "target": target}, indent=2))
    return 1 if args.check and target is not None and not target["pass"] else 0


if __name__ == "__main__":
    sys.exit(main())

"""kgraph: what health-clinic pages claim, as an RDF knowledge graph.

The stages, each a plain function with a plain result:

- :func:`kgraph.corpus.iter_corpus` reads pages;
- :func:`kgraph.pipeline.make_pipeline` builds the spaCy pipeline;
- :func:`kgraph.extract.extract_documents` runs it;
- :func:`kgraph.graph.build.build_graph` makes the RDF graph;
- :func:`kgraph.build.build_corpus` does all of it and writes the outputs;
- :func:`kgraph.analysis.analyze` finds paraphrases and contradictions, written back as findings;
- :func:`kgraph.report.write_reports` writes the consistency report;
- :func:`kgraph.claims`, :func:`kgraph.findings` and :func:`kgraph.sparql` ask a built graph (:mod:`kgraph.query`).
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "build_corpus", "BuildResult", "claims", "findings", "sparql", "load_graph"]


def __getattr__(name: str):
    # keep `import kgraph` light: spaCy loads only when a build is asked for
    if name in {"build_corpus", "BuildResult"}:
        from kgraph import build

        return getattr(build, name)
    if name in {"claims", "findings", "sparql", "load_graph"}:
        from kgraph import query

        return getattr(query, name)
    raise AttributeError(f"module 'kgraph' has no attribute {name!r}")

"""Extraction beyond one machine, on existing engines.

- :mod:`kgraph.engines.dask`: the spaCy pipeline on the workers of a Dask
  ``distributed`` cluster (``kgraph build --engine dask --scheduler ADDRESS``).

Each engine yields the same records as :func:`kgraph.extract.extract_documents`,
in corpus order, so the graph is built from them exactly as in a local build.
Engines are optional extras, imported only when used.
"""

from __future__ import annotations

__all__ = ["ENGINES"]

ENGINES = ("local", "dask")  # values of ``kgraph build --engine``

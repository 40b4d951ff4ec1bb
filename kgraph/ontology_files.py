"""Where the ontology's Turtle files are, installed or in a checkout."""

from __future__ import annotations

import os
from functools import cache
from importlib import resources
from pathlib import Path

from kgraph.errors import OntologyError

__all__ = ["ontology_dir", "ontology_file"]

ENV_VAR = "KGRAPH_ONTOLOGY"


@cache
def ontology_dir() -> Path:
    """The folder holding ``kgraph.ttl``, the vocabularies and the shapes.

    A wheel carries it as ``kgraph/ontology``; an editable install reads the
    checkout's top-level ``ontology/``. ``$KGRAPH_ONTOLOGY`` overrides both.
    """
    candidates: list[Path] = []
    if os.environ.get(ENV_VAR):
        candidates.append(Path(os.environ[ENV_VAR]))
    packaged = resources.files("kgraph") / "ontology"
    candidates.append(Path(str(packaged)))
    candidates.append(Path(__file__).resolve().parent.parent / "ontology")
    for folder in candidates:
        if (folder / "kgraph.ttl").is_file():
            return folder
    tried = ", ".join(str(c) for c in candidates)
    raise OntologyError(
        f"ontology not found (looked in {tried}); reinstall kgraph or set ${ENV_VAR} to the ontology folder"
    )


def ontology_file(*parts: str) -> Path:
    """Path of one ontology file, e.g. ``ontology_file("vocab", "drugs.ttl")``."""
    path = ontology_dir().joinpath(*parts)
    if not path.is_file():
        raise OntologyError(f"ontology file missing: {path}")
    return path

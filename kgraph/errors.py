"""The one error hierarchy of kgraph.

Every error the library raises on purpose derives from :class:`KGraphError`.
Messages name what was received, what is allowed, and how to fix it; the CLI
turns them into one clean line and an exit status.
"""

from __future__ import annotations

__all__ = [
    "KGraphError",
    "CorpusError",
    "OntologyError",
    "PipelineError",
    "GraphError",
    "UsageError",
]


class KGraphError(Exception):
    """Base class of every error kgraph raises deliberately."""

    exit_status = 1


class UsageError(KGraphError):
    """An invocation that cannot work as given (bad flag value, missing path)."""

    exit_status = 2


class CorpusError(KGraphError):
    """The corpus as a whole cannot be read (not a single bad file: those are skipped)."""


class OntologyError(KGraphError):
    """The ontology files are missing or inconsistent."""


class PipelineError(KGraphError):
    """The spaCy pipeline cannot be built (model missing, bad component settings)."""


class GraphError(KGraphError):
    """A graph cannot be written, read or validated."""

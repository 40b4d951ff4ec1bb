"""Reading the JSON rule files that live beside the components."""

from __future__ import annotations

import json
from pathlib import Path

from kgraph.errors import PipelineError

__all__ = ["read_rule_file"]


def read_rule_file(path: Path, keys: set[str]) -> dict:
    """The JSON object in ``path``, which must have exactly ``keys``.

    Raises
    ------
    PipelineError
        When the file is unreadable, not JSON, or has unknown or missing keys
        (the message names them and the allowed ones).
    """
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise PipelineError(f"cannot read rule file {path}: {exc}") from exc
    if not isinstance(data, dict) or set(data) != keys:
        found = set(data) if isinstance(data, dict) else set()
        raise PipelineError(
            f"{path}: unknown keys {sorted(found - keys)}, missing keys {sorted(keys - found)}; "
            f"a rule file has exactly: {', '.join(sorted(keys))}"
        )
    return data

"""Execute the notebooks in place, so their committed outputs match the library (``make notebooks``)."""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def execute(path: Path) -> None:
    """Run ``path`` top to bottom in one kernel and save it with its outputs (no timing metadata)."""
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=300, kernel_name="python3", record_timing=False,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    nbformat.write(notebook, path)


if __name__ == "__main__":
    folder = Path(__file__).resolve().parent
    for name in sys.argv[1:] or sorted(p.name for p in folder.glob("*.ipynb")):
        print(f"executing {name}", flush=True)
        execute(folder / name)

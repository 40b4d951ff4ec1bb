"""The notebooks run top to bottom on the public API, and are committed with their outputs."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
IDS = [p.name for p in NOTEBOOKS]
MAX_BYTES = 1_000_000  # committed with PNG outputs, a notebook still reads quickly on GitHub

# What a notebook may import: kgraph's public API (None: any name of the module) and the usual tools.
ALLOWED_IMPORTS: dict[str, set[str] | None] = {
    "kgraph": {"build_corpus", "claims", "sparql", "load_graph"},
    "kgraph.build": {"build_corpus", "default_corpus_dir"},
    "kgraph.query": None,
    "kgraph.analysis": {"project", "analyze"},
    "kgraph.graph.findings": {"load_ontology"},
    "rdflib": None, "pandas": None, "networkx": None, "networkx.algorithms": None,
    "matplotlib": None, "matplotlib.pyplot": None, "IPython.display": None, "re": None,
}
FAILURE_TEXT = re.compile(r"Traceback \(most recent call last\)|\b[A-Z]\w*(Error|Exception)\b")

pytestmark = pytest.mark.slow


def _outputs(notebook) -> list[tuple[int, dict]]:
    return [(index, output) for index, cell in enumerate(notebook.cells) if cell.cell_type == "code"
            for output in cell.get("outputs", [])]


def _failures(notebook) -> list[str]:
    """Outputs that show something went wrong: error outputs, tracebacks, error names on stderr."""
    found = []
    for index, output in _outputs(notebook):
        if output.get("output_type") == "error":
            found.append(f"cell {index}: {output.get('ename')}: {output.get('evalue')}")
            continue
        text = output.get("text", "") if output.get("output_type") == "stream" else \
            output.get("data", {}).get("text/plain", "")
        text = "".join(text) if isinstance(text, list) else text
        if "Traceback (most recent call last)" in text or (output.get("name") == "stderr" and FAILURE_TEXT.search(text)):
            found.append(f"cell {index}: {text[:200]!r}")
    return found


def _imports(source: str) -> list[tuple[str, str | None]]:
    """``(module, name)`` of every import in a cell; IPython magics are left out."""
    code = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!")))
    found: list[tuple[str, str | None]] = []
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Import):
            found += [(alias.name, None) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            found += [(node.module or "", alias.name) for alias in node.names]
    return found


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_runs(path: Path):
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    assert not _failures(notebook)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_is_committed_with_outputs(path: Path):
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code
    # saved after one run top to bottom, in a single kernel
    assert [cell.execution_count for cell in code] == list(range(1, len(code) + 1))
    assert sum(len(cell.outputs) for cell in code) >= len(code) // 2, "most cells should show what they compute"
    assert not _failures(notebook)
    assert path.stat().st_size < MAX_BYTES


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_uses_only_the_public_api(path: Path):
    notebook = nbformat.read(path, as_version=4)
    imports = [item for cell in notebook.cells if cell.cell_type == "code" for item in _imports(cell.source)]
    assert imports
    for module, name in imports:
        assert module in ALLOWED_IMPORTS, f"{path.name} imports {module}"
        allowed = ALLOWED_IMPORTS[module]
        assert allowed is None or name in allowed, f"{path.name} imports {name} from {module}"


def test_failures_are_recognized():
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1/0")])
    notebook.cells[0].outputs = [
        nbformat.v4.new_output("error", ename="ZeroDivisionError", evalue="division by zero", traceback=[]),
        nbformat.v4.new_output("stream", name="stderr", text="ValueError: bad\n"),
        nbformat.v4.new_output("stream", name="stdout", text="5 findings\n"),
    ]
    assert len(_failures(notebook)) == 2


def test_there_are_notebooks():
    assert [p.name for p in NOTEBOOKS] == ["01-build-and-explore.ipynb", "02-query-claims.ipynb",
                                           "03-contradictions-and-clusters.ipynb"]

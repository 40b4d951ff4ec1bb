"""Real SPARQL servers on 127.0.0.1 for the tests: the Oxigraph server and Virtuoso Open Source 7.

Each helper starts the server on free ports with its data in a temporary
folder, waits until its SPARQL endpoint answers, and stops it afterwards.
Nothing is installed here: the Oxigraph server comes with the test extras
(PyPI ``oxigraph``), Virtuoso from Debian's ``virtuoso-opensource``, which
``make test-servers`` installs.

Run by hand, ``python tests/servers.py virtuoso DIR`` starts Virtuoso in
``DIR`` and prints its ``sparql+http://`` address until interrupted.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

__all__ = ["Server", "free_port", "oxigraph_server", "virtuoso_server", "oxigraph", "virtuoso",
           "OXIGRAPH_BIN", "VIRTUOSO_BIN", "VIRTUOSO_VSP"]

OXIGRAPH_BIN = Path(sys.executable).with_name("oxigraph")
VIRTUOSO_BIN = shutil.which("virtuoso-t") or "/usr/bin/virtuoso-t"
ISQL_BIN = shutil.which("isql-vt") or "/usr/bin/isql-vt"
VIRTUOSO_VSP = Path("/var/lib/virtuoso-opensource-7/vsp")  # the package's HTTP server root
VIRTUOSO_VAD = Path("/usr/share/virtuoso-opensource-7/vad")


@dataclass
class Server:
    """A running server: its process, its ``sparql+http://`` address, and its log."""

    name: str
    process: subprocess.Popen
    http: str  # http://127.0.0.1:PORT
    endpoint: str  # sparql+http://127.0.0.1:PORT/... for kgraph.graph.remote
    log: Path

    def stop(self) -> None:
        """Terminate the process (and only it), then kill it if it does not end within 20 s."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(url: str, process: subprocess.Popen, log: Path, seconds: float) -> None:
    """Poll ``url`` (an ``ASK {}`` query) until it answers 200; fail with the log if the server dies or stalls."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with {process.returncode}:\n{_tail(log)}")
        try:
            with urllib.request.urlopen(url + "?" + urllib.parse.urlencode({"query": "ASK {}"}), timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"{url} did not answer within {seconds:g} s:\n{_tail(log)}")


def _tail(log: Path) -> str:
    return "\n".join(log.read_text(errors="replace").splitlines()[-20:]) if log.exists() else "(no log)"


@contextlib.contextmanager
def oxigraph_server(folder: Path) -> Iterator[Server]:
    """``oxigraph serve`` with its store in ``folder``, on a free port of 127.0.0.1."""
    port = free_port()
    log = folder / "oxigraph.log"
    with open(log, "wb") as out:
        process = subprocess.Popen([str(OXIGRAPH_BIN), "serve", "--location", str(folder / "data"),
                                    "--bind", f"127.0.0.1:{port}"], stdout=out, stderr=subprocess.STDOUT)
    server = Server("oxigraph", process, f"http://127.0.0.1:{port}", f"sparql+http://127.0.0.1:{port}/", log)
    try:
        _wait_for(f"{server.http}/query", process, log, 30)
        yield server
    finally:
        server.stop()


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 10
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., {vad}
VADInstallDir = {vad}/
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {vsp}
MaxClientConnections = 10
ServerThreads = 10
Charset = UTF-8
EnabledDavVSP = 0

[SPARQL]
; Virtuoso's shipped default: answers are silently cut at 10,000 rows (fetch_graph must cope)
ResultSetMaxRows = 10000
MaxQueryExecutionTime = 60
"""


def virtuoso_missing() -> str | None:
    """Why Virtuoso cannot be started here, or None when it can."""
    for binary in (VIRTUOSO_BIN, ISQL_BIN):
        if not os.access(binary, os.X_OK):
            return f"{binary} not found; install Debian's virtuoso-opensource (make test-servers does)"
    return None


@contextlib.contextmanager
def virtuoso_server(folder: Path) -> Iterator[Server]:
    """Virtuoso 7 with a fresh database in ``folder``, SQL and HTTP on free ports of 127.0.0.1.

    The anonymous SPARQL user gets SPARQL_UPDATE (loopback only), as a
    Virtuoso that takes writes from ``/sparql`` is set up.
    """
    db = folder / "virtuoso"
    db.mkdir(parents=True, exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    ini = db / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(db=db, sql_port=sql_port, http_port=http_port, vad=VIRTUOSO_VAD,
                                       vsp=VIRTUOSO_VSP))
    log = db / "console.log"
    with open(log, "wb") as out:
        process = subprocess.Popen([VIRTUOSO_BIN, "+configfile", str(ini), "+foreground"], cwd=db,
                                   stdout=out, stderr=subprocess.STDOUT)
    http = f"http://127.0.0.1:{http_port}"
    server = Server("virtuoso", process, http, f"sparql+{http}/sparql", log)
    try:
        _wait_for(f"{http}/sparql", process, log, 90)  # ~10 s on a first start (it creates the database)
        grant = subprocess.run([ISQL_BIN, f"127.0.0.1:{sql_port}", "dba", "dba",
                                'exec=GRANT SPARQL_UPDATE TO "SPARQL";'],
                               capture_output=True, text=True, timeout=60)
        if grant.returncode != 0 or "Error" in grant.stdout + grant.stderr:
            raise RuntimeError(f"isql-vt could not grant SPARQL_UPDATE:\n{grant.stdout}\n{grant.stderr}")
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory) -> Iterator[Server]:
    """An Oxigraph server for the tests of one module."""
    if not OXIGRAPH_BIN.exists():
        pytest.fail(f"{OXIGRAPH_BIN} is missing: install the test extras (pip install -e '.[test]')")
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as server:
        yield server


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory) -> Iterator[Server]:
    """A Virtuoso server for the tests of one module (tests marked ``servers``)."""
    missing = virtuoso_missing()
    if missing:
        pytest.fail(missing)  # asked for explicitly (-m servers): a missing server is a failure, not a skip
    with virtuoso_server(tmp_path_factory.mktemp("virtuoso")) as server:
        yield server


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("oxigraph", "virtuoso"):
        sys.exit("usage: python tests/servers.py {oxigraph|virtuoso} DIR")
    starter = oxigraph_server if sys.argv[1] == "oxigraph" else virtuoso_server
    with starter(Path(sys.argv[2])) as running:
        print(running.endpoint, flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            running.process.wait()

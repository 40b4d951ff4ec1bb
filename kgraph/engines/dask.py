"""Run extraction on a Dask ``distributed`` cluster.

The documents travel to the workers in small batches, at most a bounded
window of batches at a time (never the whole corpus at once); each worker
loads the kgraph pipeline once and keeps it (:func:`_pipeline`); the plain,
picklable :class:`~kgraph.extract.DocumentExtraction` records come back and
are yielded in corpus order. A page that fails or runs out of time becomes a
:class:`~kgraph.corpus.records.SkippedFile`, as in a local build.

Every worker needs the same kgraph, spaCy model and Python packages as the
machine that runs ``kgraph build``: a worker imports this module by name.
A worker process extracts one page at a time, whatever its thread count:
scale with processes (``dask worker ADDRESS --nworkers N --nthreads 1``).

Examples
--------
Start a scheduler and workers (``dask scheduler``, ``dask worker ADDRESS``), then::

    kgraph build corpus --engine dask --scheduler tcp://10.0.0.5:8786
"""

from __future__ import annotations

import ctypes
import itertools
import threading
from collections import deque
from collections.abc import Iterable, Iterator

from kgraph.corpus.records import Document, SkippedFile
from kgraph.errors import KGraphError, PipelineError, UsageError
from kgraph.extract import DocumentExtraction, extract_document, timed_out_page
from kgraph.limits import DEFAULT_MAX_PAGE_SECONDS, PageTimeout

__all__ = ["extract_on_dask", "INSTALL_HINT"]

INSTALL_HINT = 'pip install "kgraph[distributed]"'
# On a worker: model name -> (loaded pipeline, lock). One page at a time per pipeline: spaCy does not
# promise that one Language object serves several threads at once; scale with worker processes instead.
_PIPELINES: dict[str | None, tuple[object, threading.Lock]] = {}
_LOADING = threading.Lock()


def extract_on_dask(
    documents: Iterable[Document],
    *,
    scheduler: str,
    model: str | None = None,
    max_page_seconds: float = DEFAULT_MAX_PAGE_SECONDS,
    batch_size: int = 4,
    window: int | None = None,
    connect_timeout: float = 10.0,
) -> Iterator[DocumentExtraction | SkippedFile]:
    """Extract from each document on the cluster at ``scheduler``; one record per document, in order.

    Parameters
    ----------
    documents
        Loaded pages; read lazily, a batch at a time.
    scheduler
        Address of the Dask scheduler, e.g. ``tcp://10.0.0.5:8786``.
    model
        spaCy pipeline package the workers load (default: as :func:`kgraph.pipeline.make_pipeline`).
    max_page_seconds
        Time allowed to extract from one page on a worker; 0 for no limit.
    batch_size
        Documents per Dask task.
    window
        Batches in flight at most (default: twice the cluster's worker threads).
    connect_timeout
        Seconds to wait for the scheduler.

    Yields
    ------
    DocumentExtraction | SkippedFile
        As :func:`kgraph.extract.extract_documents`.

    Raises
    ------
    KGraphError
        Dask is not installed, the scheduler cannot be reached (``UsageError``
        for an address Dask cannot parse), or a worker died or failed to load the model.
    """
    distributed = _import_distributed()
    if batch_size < 1 or (window is not None and window < 1):
        raise UsageError(f"batch_size and window must be at least 1, got {batch_size} and {window}")
    _check_address(scheduler)
    try:
        client = distributed.Client(scheduler, timeout=connect_timeout, set_as_default=False)
    except (OSError, TimeoutError) as error:
        raise KGraphError(f"cannot reach the Dask scheduler at {scheduler} ({error}); start it with "
                          "'dask scheduler' and give its address, e.g. --scheduler tcp://HOST:8786") from None
    with client:
        threads = sum(client.nthreads().values())
        if window is None:
            window = max(2, 2 * threads)
        pending: deque = deque()
        batches = _batched(iter(documents), batch_size)
        for batch in itertools.islice(batches, window):
            pending.append(client.submit(_extract_batch, batch, model, max_page_seconds, pure=False))
        while pending:
            results = _result(pending.popleft(), distributed)
            for batch in itertools.islice(batches, 1):  # refill the window before handing results over
                pending.append(client.submit(_extract_batch, batch, model, max_page_seconds, pure=False))
            yield from results


def _import_distributed():
    try:
        import distributed
    except ImportError:
        raise KGraphError(f"--engine dask needs Dask's distributed scheduler; install it with {INSTALL_HINT}") \
            from None
    return distributed


def _check_address(scheduler: str) -> None:
    from distributed.comm import parse_address
    from distributed.comm.registry import get_backend

    try:
        get_backend(parse_address(scheduler)[0])
    except (ValueError, TypeError) as error:
        raise UsageError(f"--scheduler {scheduler!r} is not a Dask scheduler address ({error}); "
                         "write it as tcp://HOST:PORT, e.g. tcp://127.0.0.1:8786") from None


def _batched(items: Iterator[Document], size: int) -> Iterator[list[Document]]:
    while batch := list(itertools.islice(items, size)):
        yield batch


def _result(future, distributed) -> list[DocumentExtraction | SkippedFile]:
    try:
        return future.result()
    except KGraphError:  # raised on the worker (a model it cannot load): already a clear message
        raise
    except distributed.KilledWorker as error:
        raise PipelineError(f"a Dask worker died while extracting ({error}); out of memory, or a crash in "
                            "native code: lower --max-page-bytes or give the workers more memory") from None
    except Exception as error:  # e.g. a worker without kgraph: it cannot even import the task
        detail = f"{type(error).__name__}: {error}".splitlines()[0][:300]
        raise PipelineError(f"a Dask worker failed ({detail}); every worker needs the same kgraph, spaCy model "
                            "and packages as this machine") from None


# ------------------------------------------------------------------ runs on a worker

def _pipeline(model: str | None) -> tuple[object, threading.Lock]:
    """The kgraph pipeline for ``model`` and the lock for using it, loaded once per worker process and kept."""
    with _LOADING:  # a worker with several threads must not load it twice
        if model not in _PIPELINES:
            from kgraph.pipeline import make_pipeline

            _PIPELINES[model] = (make_pipeline(model), threading.Lock())
        return _PIPELINES[model]


def _extract_batch(batch: list[Document], model: str | None,
                   max_page_seconds: float) -> list[DocumentExtraction | SkippedFile]:
    """The Dask task: extract from each page of ``batch`` with the worker's pipeline."""
    nlp, in_use = _pipeline(model)
    results = []
    for document in batch:
        try:
            with in_use, _ThreadTimeLimit(max_page_seconds):  # the clock starts once the pipeline is ours
                result = extract_document(nlp, document)  # a failing page: a SkippedFile, as in a local build
        except PageTimeout:
            result = timed_out_page(document.file_name, max_page_seconds)
        results.append(result)
    return results


class _ThreadTimeLimit:
    """Raise :class:`PageTimeout` in this thread once the block has run ``seconds`` (0: no limit).

    Dask runs tasks in worker threads, where ``SIGALRM`` (used by
    :func:`kgraph.limits.time_limit`) cannot be set, so a timer thread raises
    the exception in the task's thread with ``PyThreadState_SetAsyncExc``.
    Like the alarm, it interrupts Python code, not one long call in C.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.target = threading.get_ident()
        self.lock = threading.Lock()
        self.armed = False
        self.timer: threading.Timer | None = None

    def __enter__(self) -> None:
        if self.seconds:
            self.armed = True
            self.timer = threading.Timer(self.seconds, self._fire)
            self.timer.daemon = True
            self.timer.start()

    def _fire(self) -> None:
        with self.lock:
            if self.armed:
                self.armed = False
                _async_raise(self.target, PageTimeout)

    def __exit__(self, *exc_info) -> None:
        if self.timer is None:
            return
        self.timer.cancel()
        with self.lock:
            fired = not self.armed
            self.armed = False
            if fired:  # raised already, or still pending: a pending one must not hit the worker's own code
                _async_raise(self.target, None)
        if fired and exc_info[0] is None:
            raise PageTimeout(f"over {self.seconds:g} s")


def _async_raise(thread_id: int, exception: type[BaseException] | None) -> None:
    """Raise ``exception`` in thread ``thread_id`` at its next Python instruction (None: cancel one pending)."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id),
                                               ctypes.py_object(exception) if exception else None)

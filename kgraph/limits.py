"""Resource bounds for one page: a time limit and a memory bound.

One pathological page (a tokenizer worst case, a huge page) must not stall
or sink a build. :func:`time_limit` interrupts the work on one page after
``--max-page-seconds``; :func:`run_each` applies it to every page, in this
process or in forked workers; :func:`text_pieces` cuts a long text so the
base model never sees more than :data:`MAX_CHUNK_CHARS` characters at once.

Why an alarm in the process that does the work, and not a watchdog: a
watchdog would have to kill the process and lose the model loaded in it,
while ``signal.setitimer`` costs two system calls per page and interrupts
the work wherever it is in Python code, including spaCy's tokenizer and
the ``re`` module (both check for signals). Each worker of ``--jobs N`` is
a forked process with its own alarm, so the same code serves ``--jobs 1``
and ``--jobs N``. The limit is best-effort: a single C call that never
checks for signals is not interrupted, and without ``SIGALRM`` (Windows,
or a thread other than the main one) there is no limit.

:func:`run_each` streams: it reads its items as the workers take them and
keeps only a few results waiting (:data:`WINDOW_PER_JOB` per worker), so
a corpus never has to fit in memory. Workers are forked after the model is
loaded, so each shares the parent's model: one load in all, none per worker.

Examples
--------
>>> [len(piece) for piece in text_pieces("ab\\ncd\\nef", 4)]
[3, 3, 2]
>>> list(run_each(len, ["a", "bb"], jobs=1, seconds=5, timed_out=lambda item: -1))
[1, 2]
"""

from __future__ import annotations

import ctypes
import functools
import gc
import itertools
import multiprocessing
import os
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Generic, TypeVar

from kgraph.errors import PipelineError

__all__ = [
    "DEFAULT_MAX_PAGE_SECONDS",
    "MAX_CHUNK_CHARS",
    "WINDOW_PER_JOB",
    "PageTimeout",
    "Ready",
    "base_model_components",
    "end_with_parent",
    "release_memory",
    "run_each",
    "run_limited",
    "text_pieces",
    "time_limit",
    "trim_memory",
]

DEFAULT_MAX_PAGE_SECONDS = 60.0
# tok2vec, tagger, parser and ner need about 3 GB for 1 MB of text at once
# (measured with en_core_web_sm 3.8), linear in the text; 50,000 characters
# keep that near 150 MB per process. Real pages are far shorter, so their
# processing does not change.
MAX_CHUNK_CHARS = 50_000
# Items handed to forked workers ahead of the one whose result is due: enough
# to keep every worker busy while the parent uses the results, few enough that
# waiting pages and results (a page's extraction, ~25 KB) stay small.
WINDOW_PER_JOB = 4

_T = TypeVar("_T")
_R = TypeVar("_R")
_PR_SET_PDEATHSIG = 1  # linux/prctl.h


class PageTimeout(BaseException):
    """The alarm of :func:`time_limit` went off.

    A ``BaseException``, like ``KeyboardInterrupt``, so that an ``except
    Exception`` inside a pipeline component cannot swallow it.
    """


def _alarm_usable() -> bool:
    return (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL)[0] == 0  # never override an alarm someone else set
    )


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`PageTimeout` in the block once it has run for ``seconds`` (0: no limit).

    Parameters
    ----------
    seconds
        Wall-clock seconds; ``0`` means no limit. Without a usable ``SIGALRM``
        (not the main thread, another alarm already set, Windows) there is no limit.

    Examples
    --------
    >>> import time
    >>> try:
    ...     with time_limit(0.01):
    ...         time.sleep(1)
    ... except PageTimeout:
    ...     print("stopped")
    stopped
    """
    if not seconds or not _alarm_usable():
        yield
        return
    armed = True

    def on_alarm(signum: int, frame: object) -> None:
        nonlocal armed
        if armed:  # fire once: a late signal must not hit the clean-up below
            armed = False
            raise PageTimeout(f"over {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    try:
        signal.setitimer(signal.ITIMER_REAL, seconds)
        yield
    finally:
        armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous if previous is not None else signal.SIG_DFL)


def run_limited(work: Callable[[_T], _R], item: _T, seconds: float, timed_out: Callable[[_T], _R]) -> _R:
    """``work(item)`` under :func:`time_limit`, or ``timed_out(item)`` when it ran out of time."""
    try:
        with time_limit(seconds):
            return work(item)
    except PageTimeout:
        return timed_out(item)


@dataclass(frozen=True, slots=True)
class Ready(Generic[_R]):
    """An item whose result is already known (a cache hit): :func:`run_each` yields ``value`` in its place."""

    value: _R


def run_each(
    work: Callable[[_T], _R],
    items: Iterable[_T | Ready[_R]],
    *,
    jobs: int = 1,
    seconds: float = 0.0,
    timed_out: Callable[[_T], _R],
    offload: bool = False,
    asked: Callable[[bool], None] | None = None,
) -> Iterator[_R]:
    """``work(item)`` for each item, in order, each under :func:`time_limit`.

    Parameters
    ----------
    work
        Called once per item; with ``jobs > 1`` in a forked worker, so it may
        be a closure over the loaded model (only the item and the result are
        pickled).
    items
        The pages, read lazily; a :class:`Ready` item is passed through
        without running ``work``.
    jobs
        Worker processes; 1 runs everything in this process.
    seconds
        Time allowed per item; 0 for no limit.
    timed_out
        Gives the result for an item whose work ran out of time.
    offload
        With ``jobs=1``, still run the work in one forked worker, so this
        process can use each result while the worker takes on the next item.
    asked
        Called each time this process asks for a worker's result, with whether
        it was already there (``False``: this process waits for the workers).
        Not called when the work runs in this process.

    Yields
    ------
    The result of ``work`` or of ``timed_out`` (or the ``Ready`` value) for each item, in the order of ``items``.

    Raises
    ------
    PipelineError
        A worker process died (killed for lack of memory, a crash in native code).
    """
    items = iter(items)
    head = list(itertools.islice(items, 2))
    items = itertools.chain(head, items)
    single = jobs <= 1 and not offload
    if single or len(head) <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for item in items:
            yield item.value if isinstance(item, Ready) else run_limited(work, item, seconds, timed_out)
        return
    yield from _run_forked(work, items, max(jobs, 1), seconds, timed_out, asked)


# Work handed to forked workers: they inherit it (and the loaded model) instead of unpickling it.
_FORKED: dict[int, tuple] = {}
_KEYS = itertools.count()


def release_memory() -> bool:
    """Hand the memory a finished build step freed back to the system; whether it could.

    Python returns wholly free arenas by itself, but dict tables and strings
    longer than 512 bytes come from C's ``malloc``, whose freed pages stay
    with the process until glibc's ``malloc_trim`` returns them. After the
    analysis of 600 generated pages that is about 150 MB, which the report
    would otherwise sit on top of. ``False`` where there is no ``malloc_trim``
    (not glibc).
    """
    gc.collect()
    return trim_memory()


def trim_memory() -> bool:
    """Hand the C heap's free pages back to the system (glibc's ``malloc_trim``); whether it could.

    Freed pages in the middle of the heap stay resident until trimmed, and
    once trimmed come back one page at a time as ``malloc`` reuses their
    space: writing the report files of 5,000 generated pages touched 300 MB
    of such free space again while only a few MB were in use. Cheap (no
    garbage collection, unlike :func:`release_memory`), so it can run every
    few thousand rows. ``False`` where there is no ``malloc_trim`` (not glibc).
    """
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    try:
        return ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None


def _forked_task(key: int, item: object) -> object:
    work, seconds, timed_out = _FORKED[key]
    return run_limited(work, item, seconds, timed_out)


def end_with_parent(parent: int) -> None:
    """Start-up of a worker or writer process: end when the build process ``parent`` ends, even when killed (Linux)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: workers end when their queue closes
        pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _run_forked(
    work: Callable[[_T], _R], items: Iterator, jobs: int, seconds: float, timed_out: Callable[[_T], _R],
    asked: Callable[[bool], None] | None = None,
) -> Iterator[_R]:
    key = next(_KEYS)
    _FORKED[key] = (work, seconds, timed_out)
    pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"),
                               initializer=end_with_parent, initargs=(os.getpid(),))
    window = jobs * WINDOW_PER_JOB
    try:
        pending: deque[Future | Ready] = deque()
        for item in items:
            pending.append(item if isinstance(item, Ready) else pool.submit(_forked_task, key, item))
            while len(pending) > window or (pending and isinstance(pending[0], Ready)):
                yield _result(pending.popleft(), asked)
        while pending:
            yield _result(pending.popleft(), asked)
    except BrokenProcessPool as error:
        raise PipelineError(
            "a worker process died while extracting (out of memory, or a crash in native code); "
            "rerun with --jobs 1 to see which page, or lower --max-page-bytes"
        ) from error
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        del _FORKED[key]


def _result(item: Future | Ready, asked: Callable[[bool], None] | None = None) -> object:
    if isinstance(item, Ready):
        return item.value
    if asked is not None:
        asked(item.done())
    return item.result()


def text_pieces(text: str, size: int = MAX_CHUNK_CHARS) -> Iterator[str]:
    """``text`` cut into pieces of at most ``size`` characters that join back to it exactly.

    Each cut falls after the last line break of the piece, else after its
    last space or tab, else (one ``size``-long word) at ``size``. A text no
    longer than ``size`` is one piece, so a normal page is never cut.

    Examples
    --------
    >>> list(text_pieces("one two\\nthree", 9))
    ['one two\\n', 'three']
    >>> list(text_pieces("abcdefg", 3))
    ['abc', 'def', 'g']
    >>> list(text_pieces(""))
    ['']
    """
    if size < 1:
        raise ValueError(f"piece size must be positive, got {size}")
    start = 0
    while True:
        end = start + size
        if end >= len(text):
            yield text[start:]
            return
        cut = text.rfind("\n", start, end)
        if cut < 0:
            cut = max(text.rfind(" ", start, end), text.rfind("\t", start, end))
        end = cut + 1 if cut >= 0 else end
        yield text[start:end]
        start = end


def base_model_components(pipeline: Sequence[tuple[str, object]]) -> int:
    """How many leading components of a pipeline may run on :func:`text_pieces` of a long text.

    Everything up to the last component with a neural model (tok2vec, tagger,
    parser, ner: the memory-hungry ones) and the token-level components
    between them; the components after it (kgraph's abbreviations, anaphora,
    claims) need the whole page.

    Parameters
    ----------
    pipeline
        ``nlp.pipeline``: (name, component) pairs.
    """
    from spacy.pipeline import TrainablePipe

    return max((i + 1 for i, (_, component) in enumerate(pipeline) if isinstance(component, TrainablePipe)),
               default=0)

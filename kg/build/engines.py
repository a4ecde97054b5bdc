"""Where the map runs: in this process, in local worker processes, or on a Dask cluster.

Both parallel engines run the same unit of work, :func:`extract_batch` (a few articles, so
that short ones do not pay a round trip each), keep a bounded number of batches in flight
(memory stays flat however many articles there are) and yield the results in the order of
the sources. A worker process builds the tokeniser on its first batch and keeps it, and exits
when the process that started it dies (a killed build leaves no workers behind).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections import deque
from concurrent.futures.process import BrokenProcessPool, ProcessPoolExecutor
from contextlib import ExitStack
from itertools import chain
from typing import Callable, Iterable, Iterator

from kg.build.article import ExtractedArticle, extract_document
from kg.files import quoted
from kg.extract.profiles import DEFAULT_PROFILE
from kg.model import Document

ENGINES = ("local", "dask")
BATCH_CHARACTERS = 32_000  # text per batch: about 0.2 s of extraction, against ~1 ms of IPC (more on Dask)
BATCH_DOCUMENTS = 200
BATCHES_PER_WORKER = 4  # in flight per worker: the next ones are queued while one runs
CONNECT_SECONDS = 5  # how long to try to reach a Dask scheduler
PARENT_CHECK_SECONDS = 0.5  # how often a worker process checks that the build that started it still runs

Source = tuple[Document, str, int]  # (decoded article, content digest of its file, file size in bytes)
Batch = list[Source]


class EngineError(Exception):
    """The engine could not run (a missing library, an unreachable scheduler, a dead worker)."""


def extract_all(sources: Iterable[Source], *, engine: str = "local", workers: int = 1,
                scheduler: str | None = None, profile: str = DEFAULT_PROFILE,
                on_part: Callable[[Document, int, int], None] | None = None) -> Iterator[ExtractedArticle]:
    """The extraction of each source, in the order of ``sources``, which are read as needed.

    ``local`` with ``workers`` 1 runs in this process, with more in that many worker processes;
    ``dask`` runs on the scheduler at ``scheduler`` (``tcp://HOST:PORT``), or without one on a
    local cluster of ``workers`` processes started for this call. An exception raised while
    extracting an article is raised here as it was raised in the worker. ``profile`` (see
    :mod:`kg.extract.profiles`) travels with every batch to the workers. Worker processes are
    spawned, so a script that calls this with workers needs ``if __name__ == "__main__":``.
    ``on_part(document, done, parts)`` reports the parts of a long article extracted so far (in
    this process only: workers report whole articles)."""
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose from {', '.join(ENGINES)}")
    if engine == "dask":
        yield from _extract_on_dask(sources, workers, scheduler, profile)
    elif workers > 1:
        yield from _extract_in_processes(sources, workers, profile)
    else:
        for source in sources:
            report = (lambda done, parts, document=source[0]: on_part(document, done, parts)) if on_part else None
            yield _extract(source, profile, report)


def extract_batch(batch: Batch, profile: str = DEFAULT_PROFILE) -> list[ExtractedArticle]:
    """The task a worker runs: the extraction of each source of ``batch``, in order."""
    return [_extract(source, profile) for source in batch]


def _extract(source: Source, profile: str = DEFAULT_PROFILE,
             on_part: Callable[[int, int], None] | None = None) -> ExtractedArticle:
    document, digest, size = source
    try:
        return extract_document(document, digest, size, profile, on_part)
    except Exception as error:
        if hasattr(error, "add_note"):  # Python 3.11+: the traceback names the article
            error.add_note(f"while extracting {quoted(document.id)}")
        raise


def watch_parent(parent: int) -> None:
    """Run in each worker process as it starts: a thread that ends the process as soon as ``parent``
    (the build) is gone. A worker otherwise outlives a killed build, waiting on a queue no one
    will close."""
    def watch() -> None:
        while os.getppid() == parent:  # POSIX: an orphan is adopted, and its parent id changes
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="kg-watch-parent", daemon=True).start()


def _batches(sources: Iterable[Source]) -> Iterator[Batch] | None:
    """The sources in batches, or None when there are none (no workers need to be started)."""
    batches = _batched(sources)
    first = next(batches, None)
    return None if first is None else chain([first], batches)


def _batched(sources: Iterable[Source]) -> Iterator[Batch]:
    batch: Batch = []
    characters = 0
    for source in sources:
        batch.append(source)
        characters += len(source[0].text)
        if characters >= BATCH_CHARACTERS or len(batch) >= BATCH_DOCUMENTS:
            yield batch
            batch, characters = [], 0
    if batch:
        yield batch


def _in_order(submit: Callable[[Batch], object], batches: Iterator[Batch], window: int) -> Iterator[ExtractedArticle]:
    """Submit batches, at most ``window`` not yet yielded, and yield their results in order.

    ``submit`` returns a future (concurrent.futures or distributed): later batches keep running
    while the oldest is awaited, and the next batch is read only when a slot frees up."""
    in_flight: deque = deque()
    try:
        for batch in batches:
            in_flight.append(submit(batch))
            if len(in_flight) >= window:
                yield from in_flight.popleft().result()
        while in_flight:
            yield from in_flight.popleft().result()
    finally:
        for future in in_flight:
            future.cancel()


def _extract_in_processes(sources: Iterable[Source], workers: int, profile: str) -> Iterator[ExtractedArticle]:
    # spawn: a worker starts from a fresh interpreter, so it never inherits a lock held by another
    # thread of the driver (a Dask client, a test's cluster) as a forked child could; the start-up
    # (imports, tokeniser) is paid once per worker and build, and it behaves the same on every OS.
    context = multiprocessing.get_context("spawn")
    batches = _batches(sources)
    if batches is None:
        return
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=watch_parent,
                                 initargs=(os.getpid(),)) as pool:
            yield from _in_order(lambda batch: pool.submit(extract_batch, batch, profile), batches,
                                 workers * BATCHES_PER_WORKER)
    except BrokenProcessPool as error:
        raise EngineError(f"a worker process died while extracting: {error}") from error


def _extract_on_dask(sources: Iterable[Source], workers: int, scheduler: str | None,
                     profile: str) -> Iterator[ExtractedArticle]:
    try:
        from distributed import Client
        from distributed.scheduler import KilledWorker
    except ImportError as error:
        raise EngineError(f"the dask engine needs dask.distributed ({error}); "
                          "install it with: pip install 'union-kg[dask]'") from None
    batches = _batches(sources)
    if batches is None:
        return
    with ExitStack() as stack:
        if scheduler:
            client = stack.enter_context(_connect(scheduler))
        else:
            cluster = stack.enter_context(local_cluster(workers))
            client = stack.enter_context(Client(cluster, set_as_default=False))
        threads = sum(client.nthreads().values())
        # pure=False: every batch is its own task, even one identical to another
        try:
            yield from _in_order(lambda batch: client.submit(extract_batch, batch, profile, pure=False), batches,
                                 max(threads, workers) * BATCHES_PER_WORKER)
        except KilledWorker as error:
            raise EngineError(f"Dask workers died while extracting: {error}") from error


def local_cluster(workers: int):
    """A Dask cluster on this machine: ``workers`` processes of one thread each, no dashboard."""
    from distributed import LocalCluster

    # the scheduler's HTTP endpoints on a free port: the default, 8787, may belong to another cluster
    return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                        scheduler_kwargs={"dashboard_address": ":0"})


def _connect(scheduler: str):
    from distributed import Client
    from distributed.comm.addressing import normalize_address, parse_address, parse_host_port
    from distributed.comm.registry import get_backend

    try:
        # checked first: a Client given a malformed address fails in a way that stalls interpreter exit
        scheme, location = parse_address(normalize_address(scheduler))
        get_backend(scheme)
        parse_host_port(location)
        return Client(scheduler, timeout=CONNECT_SECONDS, set_as_default=False)
    except (OSError, ValueError) as error:
        raise EngineError(f"cannot reach the Dask scheduler at {scheduler}: {error}") from None

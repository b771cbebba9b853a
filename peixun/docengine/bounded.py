"""Run a piece of parsing in a child process held to a time and a memory limit.

A file the guard's counts let through may still be built to be slow or greedy to parse; whatever it
does, it does in a child process whose address space is capped (``RLIMIT_AS``) and which is killed
when its time is up, so a web worker is never held longer than ``seconds`` nor grows by the file.

Children are forked from a *forkserver* started once per process: it is a fresh interpreter that has
imported lxml, python-pptx, python-docx and the engine, so a child starts in a few milliseconds,
shares no database connection, socket or lock with the web server's threads, and the normal path
stays fast (an upload pays about 10 ms more than parsing in the request; the first one after a start
also pays for starting the server, about half a second).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

DEFAULT_PARSE_SECONDS = 30
DEFAULT_PARSE_MEMORY_MB = 1024
#: What the forkserver imports once, so that no child imports anything: the engine and its libraries,
#: and the main script (``manage.py``, gunicorn's), which multiprocessing would otherwise run again in
#: every child.
_PRELOAD = ["__main__", "peixun.docengine._parsing"]


@dataclass(frozen=True)
class ParseLimits:
    """How long (wall-clock seconds) and how much memory (MB beyond the interpreter's own) parsing may take."""

    seconds: float = DEFAULT_PARSE_SECONDS
    memory_mb: int = DEFAULT_PARSE_MEMORY_MB


class ParseLimitExceeded(Exception):
    """Parsing stopped at a limit: ``what`` is ``"time"`` or ``"memory"``, ``limit`` its value."""

    def __init__(self, what: str, limit: float):
        self.what = what
        self.limit = limit
        unit = "seconds" if what == "time" else "MB"
        super().__init__(f"parsing exceeded its {what} limit of {limit} {unit}")

    def __reduce__(self):
        return (type(self), (self.what, self.limit))


_context_lock = threading.Lock()
_context: multiprocessing.context.BaseContext | None = None


def _mp_context() -> multiprocessing.context.BaseContext:
    global _context
    with _context_lock:
        if _context is None:
            if "forkserver" in multiprocessing.get_all_start_methods():
                context = multiprocessing.get_context("forkserver")
                context.set_forkserver_preload(_PRELOAD)
            else:  # pragma: no cover - not on Linux
                context = multiprocessing.get_context("spawn")
            _context = context
        return _context


def run_bounded(function: Callable[..., Any], *args: Any, limits: ParseLimits) -> Any:
    """``function(*args)`` in a child process held to ``limits``; its result, or the exception it raised.

    ``function`` and its arguments are pickled (a module-level function, plain data). Raises
    :class:`ParseLimitExceeded` when the child runs out of time or memory, or dies (a parser that dies
    in C has, in practice, run out of memory).
    """
    context = _mp_context()
    receiver, sender = context.Pipe(duplex=False)
    with _children_allowed():  # the child copies its parent's process record as it is made
        process = context.Process(
            target=_serve, args=(sender, function, args, limits), name="peixun-docengine-parse", daemon=True
        )
        process.start()
    sender.close()
    try:
        if not receiver.poll(limits.seconds):
            raise ParseLimitExceeded("time", limits.seconds)
        try:
            status, value = receiver.recv()
        except EOFError:
            process.join(1)
            if process.exitcode in (-signal.SIGXCPU, -signal.SIGKILL):
                raise ParseLimitExceeded("time", limits.seconds) from None
            raise ParseLimitExceeded("memory", limits.memory_mb) from None
    finally:
        receiver.close()
        if process.is_alive():
            process.kill()
        process.join()
    if status == "ok":
        return value
    if status == "memory":
        raise ParseLimitExceeded("memory", limits.memory_mb)
    raise value


@contextlib.contextmanager
def _children_allowed():
    """Let a Celery worker's pool process (which runs exports as jobs) start the child. Its process
    record is billiard's: daemonic, which multiprocessing refuses children only so that none outlives
    its parent (this one is killed here when its time is up, and is forked by the forkserver, not by
    the daemon), and with an authentication key of billiard's type, which multiprocessing will not
    pickle to the forkserver (the same bytes in multiprocessing's type are)."""
    config = multiprocessing.current_process()._config
    saved = {name: config[name] for name in ("daemon", "authkey") if name in config}
    if config.get("daemon"):
        config["daemon"] = False
    authkey = config.get("authkey")
    if authkey is not None and not isinstance(authkey, multiprocessing.process.AuthenticationString):
        config["authkey"] = multiprocessing.process.AuthenticationString(bytes(authkey))
    try:
        yield
    finally:
        config.update(saved)


def _serve(sender, function: Callable[..., Any], args: tuple, limits: ParseLimits) -> None:
    """The child: cap its own resources, run, send back ``(status, value)``."""
    _limit_resources(limits)
    try:
        result = ("ok", function(*args))
    except MemoryError:
        result = ("memory", None)
    except Exception as error:  # sent to the parent, which raises it there
        result = ("memory", None) if is_out_of_memory(error) else ("error", _picklable(error))
    try:
        sender.send(result)
    except MemoryError:
        sender.send(("memory", None))
    finally:
        sender.close()


def _limit_resources(limits: ParseLimits) -> None:
    try:
        import resource
    except ImportError:  # pragma: no cover - not on Linux: the time limit still holds
        return
    memory = _address_space() + limits.memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    # A second wall, should the parent die: the kernel stops a child that computes for too long.
    cpu = int(limits.seconds) + 2
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))


def _address_space() -> int:
    """The child's virtual size now (the interpreter and the preloaded libraries), so the memory limit
    is what parsing may add."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):  # pragma: no cover - no /proc
        return 512 * 1024 * 1024


def is_out_of_memory(error: BaseException) -> bool:
    """Whether ``error`` is what a parser raises when an allocation fails: lxml reports it as a syntax
    error ("Memory allocation failed", or "unknown error" when libxml2 could not even say so), so any
    failure once the process has come within 64 MB of its memory limit is taken as one."""
    if isinstance(error, MemoryError) or "memory allocation failed" in str(error).lower():
        return True
    return _near_memory_limit()


def _near_memory_limit() -> bool:
    try:
        import resource

        limit = resource.getrlimit(resource.RLIMIT_AS)[0]
        if limit == resource.RLIM_INFINITY:
            return False
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmPeak:"):
                    return int(line.split()[1]) * 1024 > limit - 64 * 1024 * 1024
    except (ImportError, OSError, ValueError):
        pass
    return False


def _picklable(error: Exception) -> Exception:
    try:
        pickle.loads(pickle.dumps(error))  # noqa: S301 - bytes this process has just written
    except Exception:  # an exception from a C library that does not pickle: keep its type and words
        return RuntimeError(f"{type(error).__name__}: {error}")
    return error

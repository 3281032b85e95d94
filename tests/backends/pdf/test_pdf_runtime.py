"""The PDF backend's runtime workarounds: frame-stack room, collector thresholds, library lookup."""

from __future__ import annotations

import ctypes.util
import gc
import resource
import sys

import pytest

from paper2book.backends.pdf import libsearch, weasy
from paper2book.backends.pdf import runtime as pdf_runtime

# ---- pdf_runtime: no frame-stack chunk churn under the renderer -------------------------

REPS = 300


def _down(n: int) -> int:
    return _down(n - 1) if n else 0


def _faults_oscillating_at(depth: int) -> int:
    """Page faults while a call at ``depth`` returns and is made again, REPS times."""
    if depth > 1:
        return _faults_oscillating_at(depth - 1)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(REPS):
        _down(1)
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before


def _worst_depth_faults() -> int:
    return max(_faults_oscillating_at(d) for d in range(1, 400))


def test_headroom_stops_frame_chunk_churn():
    plain = _worst_depth_faults()
    if plain < REPS // 2:
        pytest.skip(f"this interpreter does not free frame-stack chunks eagerly ({plain} faults)")
    # One fresh chunk (and a new page) per call at the boundary, without the headroom.
    assert pdf_runtime.call(_worst_depth_faults) < 10


def test_call_passes_arguments_results_and_errors():
    assert pdf_runtime.call(lambda a, *, b: (a, b), 1, b=2) == (1, 2)
    with pytest.raises(KeyError, match="x"):
        pdf_runtime.call({}.__getitem__, "x")


def test_collector_is_held_back_while_rendering_and_restored_after():
    before = gc.get_threshold()
    during = pdf_runtime.call(gc.get_threshold)
    assert during[0] >= pdf_runtime.GC_THRESHOLDS[0] > before[0]
    assert gc.get_threshold() == before
    with pytest.raises(ZeroDivisionError):
        pdf_runtime.call(lambda: 1 / 0)
    assert gc.get_threshold() == before


def test_overlapping_renders_in_threads_restore_the_thresholds():
    import threading

    before = gc.get_threshold()
    entered = [threading.Event(), threading.Event()]
    go = [threading.Event(), threading.Event()]

    def render(k):
        entered[k].set()
        go[k].wait(5)
    threads = [threading.Thread(target=pdf_runtime.call, args=(render, k)) for k in (0, 1)]
    # The first in leaves first: the second must not restore the first's raise.
    for k in (0, 1):
        threads[k].start()
        assert entered[k].wait(5)
    for k in (0, 1):
        go[k].set()
        threads[k].join()
    assert gc.get_threshold() == before


# ---- libsearch: WeasyPrint's library search without gcc/ld runs -------------------------

@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ldconfig is Linux's")
def test_quick_lookup_answers_from_the_ldconfig_cache(monkeypatch):
    asked = []

    def standard(name):
        asked.append(name)
        return f"lib{name}.so.9"

    monkeypatch.setattr(libsearch, "_ldconfig_names",
                        lambda: frozenset({"libpango-1.0.so.0", "libc.so.6"}))
    monkeypatch.setattr(ctypes.util, "find_library", standard)
    # The stand-in is no find_library weasy.PATCHES knows: what a changed one does, see
    # test_pdf_seam.py.
    monkeypatch.setattr(weasy, "usable", lambda name: name == "libsearch")
    with libsearch.quick_find_library():
        assert ctypes.util.find_library("pango-1.0") == "libpango-1.0.so.9"
        # Windows and macOS spellings WeasyPrint also tries: no search at all.
        assert ctypes.util.find_library("libpango-1.0-0") is None
        assert ctypes.util.find_library("pango-1.0-0") is None
        assert ctypes.util.find_library("pango-1.0") == "libpango-1.0.so.9"
    assert ctypes.util.find_library is standard
    assert asked == ["pango-1.0"]


def test_without_an_ldconfig_cache_the_search_is_unchanged(monkeypatch):
    monkeypatch.setattr(libsearch, "_ldconfig_names", lambda: None)
    standard = ctypes.util.find_library
    with libsearch.quick_find_library():
        assert ctypes.util.find_library is standard


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ldconfig is Linux's")
def test_ldconfig_cache_is_read():
    names = libsearch._ldconfig_names()
    if names is None:
        pytest.skip("no ldconfig here")
    assert any(n.startswith("libc.so") for n in names)
    assert any(n.startswith("libpango-1.0.so") for n in names)

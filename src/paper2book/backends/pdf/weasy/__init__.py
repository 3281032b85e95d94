"""WeasyPrint as the PDF backend uses it: its public classes, and the patches of its
internals, each applied for one render only when its targets are as tested.

WeasyPrint's API can neither make Chinese lines flush, keep a headline with
the body under it, lay out a long issue quickly, number a volume's parts
laid out side by side, nor say what a tagged PDF's running heads and
contents are, so a render replaces a few of its internal functions.
``PATCHES`` (patches.py) lists every one, and every other internal the
backend reads, and the three interpreter and library tricks beside them;
docs/weasyprint.md says why each is there and what losing it costs.  The
rules, enforced here and by tests/backends/pdf/test_pdf_seam.py:

* A patch degrades, never breaks.  Before a render applies a patch, every
  internal its entry names is looked up and fingerprinted (a hash of its
  source); only when all are there and the fingerprint is one the table
  records for a tested release is the patch module imported and applied.
  Otherwise the render goes on without it, the PDF is what WeasyPrint alone
  makes there, and one warning says what the PDF loses.  A point release
  that leaves the targets alone keeps its patches.
* Patch modules are imported only by ``patched()``, after their check, and
  get WeasyPrint's own functions from it (``install(session, *originals)``);
  they look nothing of WeasyPrint up when they load.
* Import order.  WeasyPrint is first imported by ``preload.load()``, which
  spares it ctypes' slow library search; the classes below come through it.
* Scope.  ``patched()`` puts WeasyPrint's own functions back after the
  block, also when the render fails.  They are module attributes every
  thread sees, so one render at a time holds them.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import functools
import hashlib
import importlib
import inspect
import linecache as _source_lines  # not "linecache": weasy/linecache.py would shadow it
import logging
import threading
import types
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .patches import PATCH, PATCHES, Patch

if TYPE_CHECKING:
    # The classes __getattr__ gives, named for mypy (WeasyPrint is untyped).
    from .hints import CSS, HTML, FontConfiguration, URLFetcher

_TABLE = PATCHES           # the whole table, whatever a test leaves in ``PATCHES``

__all__ = ["CSS", "HTML", "FontConfiguration", "URLFetcher", "PATCHES", "Patch", "Session",
           "patched", "usable", "variants"]

log = logging.getLogger("paper2book")

_PUBLIC = {"CSS": "weasyprint", "HTML": "weasyprint", "URLFetcher": "weasyprint",
           "FontConfiguration": "weasyprint.text.fonts"}


def __getattr__(name: str) -> Any:
    """WeasyPrint's public classes, imported (the fast way) when first asked for."""
    if name not in _PUBLIC:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from .. import preload

    preload.load(lambda: usable("libsearch"))
    value = getattr(importlib.import_module(_PUBLIC[name]), name)
    globals()[name] = value
    return value


@dataclass
class Session:
    """One render's patches, and what they report for the debug log."""
    line_cache: Any = None           # linecache.Cache: its hits and misses
    long_texts: Any = None           # longtext.Texts: lines found in windows, windows regrown
    justifies: bool = False          # the draw hook is in: justify_pages may run
    # Tagged PDF: the text boxes drawn as artifacts (structure.collect fills it before the
    # PDF is drawn); None while the structure patch is off.
    artifacts: dict | None = None
    renumbers: bool = False          # make_all_pages numbers the part once laid out
    # A part of a volume: every character of the volume, kept in each font's subset;
    # and, given the part's page count once laid out, the number of its first page.
    shared_text: str = ""
    renumber: Callable[[int], int] | None = None


# ---- checking an entry ---------------------------------------------------------------

# While a render is patched: WeasyPrint's own function for each attribute swapped, which
# is what a check made meanwhile (of an entry that reads it) must see.
_originals: dict[str, object] = {}


def resolve(ref: str) -> object:
    """What ``"module:name.name"`` names (WeasyPrint's own while patched); ImportError or
    AttributeError if nothing."""
    if ref in _originals:
        return _originals[ref]
    module, _, attr = ref.partition(":")
    obj: object = importlib.import_module(module)
    for part in filter(None, attr.split(".")):
        obj = getattr(obj, part)
    return obj


_digests: dict[str, tuple[object, str]] = {}


def _digest(ref: str, obj: object) -> str:
    """A hash of ``obj``'s source (data has none: that it is there is all), remembered while it
    is the same object: a render checks its patches in well under a millisecond after the first."""
    kept = _digests.get(ref)
    if kept is not None and kept[0] is obj:
        return kept[1]
    digest = hashlib.sha256(_source(obj).encode()).hexdigest()
    _digests[ref] = (obj, digest)
    return digest


def _source(obj: object) -> str:
    """The source lines of a function, or of a class's own members; a marker for anything else.

    Read off the code objects' line numbers, not with ``inspect.getsource``, which parses a
    class's whole module: that took 150 ms for the table, a sixth of the seed's conversion.
    """
    if inspect.isclass(obj):
        members = [f"{name}={_source(value) if _code(value) else _plain(value)}"
                   for name, value in sorted(vars(obj).items()) if name not in _NOISE]
        bases = ",".join(b.__qualname__ for b in obj.__bases__)
        return f"class {obj.__qualname__}({bases})\n" + "\n".join(members)
    code = _code(obj)
    if code is None:
        return "<no source>" if callable(obj) else "<data>"
    lines = _source_lines.getlines(code.co_filename)
    if not lines:
        return "<no source>"
    return "".join(lines[code.co_firstlineno - 1:_last_line(code)])


_NOISE = {"__dict__", "__weakref__", "__doc__", "__module__", "__annotations__"}


def _code(obj: object) -> types.CodeType | None:
    """The code of a function, also one behind a decorator, property or static method."""
    for attr in ("fget", "__func__"):
        obj = getattr(obj, attr, obj)
    obj = inspect.unwrap(obj) if callable(obj) else obj
    code = getattr(obj, "__code__", None)
    return code if isinstance(code, types.CodeType) else None


def _last_line(code: types.CodeType) -> int:
    last = max((line for *_, line in code.co_lines() if line is not None),
               default=code.co_firstlineno)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            last = max(last, _last_line(const))
    return last


def _plain(value: object) -> str:
    if isinstance(value, (int, float, str, bytes, bool, type(None), tuple, frozenset)):
        return repr(value)
    return f"<{type(value).__name__}>"


def fingerprint(refs: tuple[str, ...]) -> str:
    """One hash of the sources of every internal ``refs`` names (they must resolve)."""
    h = hashlib.sha256()
    for ref in refs:
        h.update(f"{ref}={_digest(ref, resolve(ref))};".encode())
    return h.hexdigest()[:16]


def check(patch: Patch) -> str | None:
    """None if ``patch`` may be applied; else what is wrong with its targets."""
    missing = []
    for ref in patch.refs():
        try:
            resolve(ref)
        except (ImportError, AttributeError):
            missing.append(ref)
    if missing:
        return f"{', '.join(missing)} {'is' if len(missing) == 1 else 'are'} gone"
    found = fingerprint(patch.refs())
    if found not in patch.fingerprints.values():
        return (f"{patch.changed_what()} changed since {' and '.join(patch.fingerprints)} "
                f"(fingerprint {found})")
    return None


@functools.cache
def warn_skipped(name: str, problem: str) -> None:
    """The one warning for a patch left off (per patch and problem, per process)."""
    patch = next(p for p in _TABLE if p.name == name)
    log.warning("PDF: %s, so paper2book's %r %s is off: %s (see docs/weasyprint.md)",
                problem, name, patch.kind, patch.loses)


def usable(name: str) -> bool:
    """Whether the entry ``name`` may be applied now; warns once if not.  An entry taken out
    of the table (as a test does, to compare with WeasyPrint alone) is off, silently."""
    patch = next((p for p in PATCHES if p.name == name), None)
    if patch is None:
        return False
    problem = check(patch)
    if problem is not None:
        warn_skipped(name, problem)
        return False
    return True


# ---- applying the patches ------------------------------------------------------------

_one_render_at_a_time = threading.Lock()


def _swap(stack: contextlib.ExitStack, ref: str, value: object) -> None:
    module, _, attr = ref.partition(":")
    path, _, name = attr.rpartition(".")
    owner = resolve(f"{module}:{path}")
    _originals[ref] = getattr(owner, name)
    stack.callback(_originals.pop, ref)
    stack.callback(setattr, owner, name, _originals[ref])
    setattr(owner, name, value)


@contextlib.contextmanager
def patched() -> Iterator[Session]:
    """Every usable WeasyPrint patch in ``PATCHES`` inside the block, WeasyPrint's own after it."""
    from .. import preload

    preload.load(lambda: usable("libsearch"))
    session = Session()
    with _one_render_at_a_time, contextlib.ExitStack() as stack:
        for patch in PATCHES:
            if patch.kind != PATCH or not usable(patch.name):
                continue
            originals = [resolve(ref) for ref in patch.replaces]
            try:
                module = importlib.import_module(f"{__name__}.{patch.name}")
                replacements = module.install(session, *originals)
            except (ImportError, AttributeError) as e:   # a name the table missed: still no crash
                warn_skipped(patch.name, f"its module does not load ({e})")
                continue
            for ref, value in zip(patch.replaces, replacements, strict=True):
                _swap(stack, ref, value)
        yield session


def variants() -> tuple[str, ...] | None:
    """The PDF variants this WeasyPrint writes (its "debug" one is broken in 70); None when
    its table of them is not where it was (the variant then goes to WeasyPrint unchecked)."""
    if not usable("variants"):
        return None
    table = resolve("weasyprint.pdf:VARIANTS")
    return tuple(sorted(name for name in table if name != "debug"))   # type: ignore[attr-defined]


@functools.lru_cache(maxsize=1)
def warn_if_slow_subsetting() -> bool:
    """Without libharfbuzz-subset WeasyPrint subsets fonts with fontTools: many times slower."""
    from .. import preload

    preload.load(lambda: usable("libsearch"))
    if usable("harfbuzz_subset"):
        present = resolve("weasyprint.text.ffi:harfbuzz_subset") is not None
    else:
        present = ctypes.util.find_library("harfbuzz-subset") is not None
    if not present:
        log.warning("libharfbuzz-subset is not installed: PDF output will be slow "
                    "(on Debian/Ubuntu: apt-get install libharfbuzz-subset0)")
    return present

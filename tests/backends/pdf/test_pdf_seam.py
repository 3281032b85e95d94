"""The engine seam degrades, never breaks: for every entry of weasy.PATCHES, a render whose
target is gone or changed still makes a valid PDF with the book's text, the PDF WeasyPrint
alone makes there, and one warning names what it loses; with every entry off at once the
seed's PDF is still tagged and passes pdfua."""

from __future__ import annotations

import ast
import ctypes.util
import importlib
import inspect
import logging
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("weasyprint")
pikepdf = pytest.importorskip("pikepdf")

import paper2book  # noqa: E402
from paper2book.backends.pdf import libsearch, preload, runtime, weasy  # noqa: E402
from paper2book.backends.pdf.weasy import patches  # noqa: E402
from paper2book.config.options import RenderOptions  # noqa: E402
from paper2book.model import Book  # noqa: E402

from helpers import pdf as H  # noqa: E402

pytestmark = pytest.mark.external("poppler")

preload.load()


def entry(name: str) -> patches.Patch:
    return next(p for p in weasy.PATCHES if p.name == name)


def _owner(ref: str) -> tuple[object, str]:
    module, _, attr = ref.partition(":")
    path, _, name = attr.rpartition(".")
    return weasy.resolve(f"{module}:{path}"), name


def _changeable(ref: str) -> bool:
    """A function we can put a stand-in with other source in place of (not data, not a
    builtin's attribute)."""
    value = weasy.resolve(ref)
    return inspect.isfunction(inspect.unwrap(value))


def alter(monkeypatch, patch: patches.Patch, how: str) -> None:
    """Make ``patch``'s first target gone (as after a rename) or changed (other source that
    still does what WeasyPrint's did, as a point release's fix would)."""
    ref = patch.refs()[0]
    if how == "changed":
        owner, name = _owner(ref)
        original = getattr(owner, name)

        def changed(*args, **kwargs):          # no functools.wraps: its source is its own
            return original(*args, **kwargs)
        monkeypatch.setattr(owner, name, changed)
    else:
        # A renamed target: WeasyPrint still calls its own, under the new name, so the
        # attribute stays; the seam must find nothing under the name it knows.
        resolve = weasy.resolve

        def renamed(r: str) -> object:
            if r == ref:
                raise AttributeError(f"{r} renamed by the test")
            return resolve(r)
        monkeypatch.setattr(weasy, "resolve", renamed)


CASES = [(p.name, how) for p in weasy.PATCHES for how in ("gone", "changed")
         if how == "gone" or _changeable(p.refs()[0])]


@pytest.fixture
def fresh():
    """Each entry warns once per process: forget which did, and what was checked once."""
    caches = (weasy.warn_skipped, runtime._with_headroom, weasy.warn_if_slow_subsetting)
    for cache in caches:
        cache.cache_clear()
    yield
    for cache in caches:
        cache.cache_clear()


def warnings_about(caplog, patch: patches.Patch) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.levelno >= logging.WARNING and patch.loses in r.getMessage()]


def _seed_pdf(path: Path, **options) -> str:
    paper2book.write(H.seed_book(), "pdf", path, RenderOptions(**options))
    with pikepdf.open(path) as pdf:
        assert len(pdf.pages) >= 3
    return H.pdftotext(path)


def _exercise(patch: patches.Patch, tmp_path: Path) -> str:
    """Render what reaches ``patch``'s check: the seed, and what only some runs touch."""
    text = _seed_pdf(tmp_path / "seed.pdf")
    if patch.name == "libsearch":             # WeasyPrint is loaded: the block is all there is
        before = ctypes.util.find_library
        with libsearch.quick_find_library(weasy.usable("libsearch")):   # as preload.load asks
            assert ctypes.util.find_library is before
    if patch.name == "closure":
        from fontTools.ttLib import TTFont

        from paper2book import fonts
        from paper2book.backends.pdf.weasy import fontshare
        face = next(f for f in fonts.cjk_fonts() if f.style == "Regular")
        font = TTFont(face.path, fontNumber=face.index, lazy=True)
        assert fontshare._closure(font, "——“”") == set()
    return text


@pytest.mark.slow
@pytest.mark.allow_warnings
@pytest.mark.parametrize("name, how", CASES)
def test_an_entry_whose_target_is_gone_or_changed_is_off_with_one_warning(
        name, how, monkeypatch, caplog, fresh, tmp_path):
    patch = entry(name)
    alter(monkeypatch, patch, how)
    assert weasy.check(patch) is not None
    text = _exercise(patch, tmp_path)
    # A valid PDF, the book's text in it.
    assert "党建聚链 产业焕新" in text and "正在续写新的精彩" in text
    with weasy.patched():                                   # another render: no second warning
        pass
    warned = warnings_about(caplog, patch)
    assert len(warned) == 1, [r.getMessage() for r in caplog.records]
    message = warned[0].getMessage()
    assert warned[0].name == "paper2book" and f"{name!r}" in message
    assert f"{patch.refs()[0]} " in message
    assert ("is gone" if how == "gone" else "changed since") in message


@pytest.mark.slow
@pytest.mark.allow_warnings
def test_a_patch_off_leaves_weasyprints_own_function_in_place(monkeypatch, fresh):
    import weasyprint.draw.text

    alter(monkeypatch, entry("justify"), "changed")
    stand_in = weasyprint.draw.text.draw_first_line
    with weasy.patched() as session:
        assert weasyprint.draw.text.draw_first_line is stand_in
        assert not session.justifies and session.line_cache is not None    # the others are on


@pytest.mark.slow
@pytest.mark.allow_warnings
def test_a_patch_module_that_does_not_load_is_off_with_one_warning(monkeypatch, caplog, fresh,
                                                                  tmp_path):
    from paper2book.backends.pdf.weasy import keep

    def broken(session, original):
        raise AttributeError("module 'weasyprint.layout.block' has no attribute 'renamed'")
    monkeypatch.setattr(keep, "install", broken)
    assert "正在续写新的精彩" in _seed_pdf(tmp_path / "seed.pdf")
    warned = warnings_about(caplog, entry("keep"))
    assert len(warned) == 1 and "does not load" in warned[0].getMessage()


@pytest.mark.slow
@pytest.mark.allow_warnings
def test_with_every_entry_off_the_seed_is_still_a_valid_tagged_pdf(monkeypatch, caplog, fresh,
                                                                   tmp_path):
    pytest.importorskip("pdfua")
    for patch in weasy.PATCHES:
        alter(monkeypatch, patch, "changed" if _changeable(patch.refs()[0]) else "gone")
    with weasy.patched() as session:
        assert (session.line_cache, session.long_texts, session.artifacts) == (None, None, None)
        assert not (session.justifies or session.renumbers)
    text = _seed_pdf(tmp_path / "off.pdf")
    assert "党建聚链 产业焕新" in text and "正在续写新的精彩" in text
    info = subprocess.run(["pdfinfo", str(tmp_path / "off.pdf")], capture_output=True,
                          text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M), info
    r = subprocess.run([sys.executable, "-m", "pdfua", "check", str(tmp_path / "off.pdf")],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and "PASS" in r.stdout, r.stdout + r.stderr
    off = {p.name for p in weasy.PATCHES if warnings_about(caplog, p)}
    # Every entry a seed's render checks; libsearch only when WeasyPrint loads, closure
    # only for a volume.
    assert off == {p.name for p in weasy.PATCHES} - {"libsearch", "closure"}


def _two_issues() -> Book:
    a = H.make_issue(2, 2, seed=41, paragraphs=(3, 6))
    b = H.make_issue(2, 2, seed=42, paragraphs=(3, 6), date=H.dt.date(2025, 12, 4))
    return Book("九江日报 2025年12月合订本", a.issues + b.issues)


@pytest.mark.slow
@pytest.mark.allow_warnings
@pytest.mark.parametrize("name", ["renumber", "fontshare", "closure"])
def test_a_volume_without_a_volume_patch_has_the_same_text_and_numbers(
        name, monkeypatch, caplog, fresh, tmp_path):
    book = _two_issues()
    normal = tmp_path / "normal.pdf"
    paper2book.write(book, "pdf", normal, RenderOptions())
    alter(monkeypatch, entry(name), "changed")
    degraded = tmp_path / "degraded.pdf"
    paper2book.write(book, "pdf", degraded, RenderOptions())
    assert H.pdftotext(degraded) == H.pdftotext(normal)     # page numbers in the heads too
    with pikepdf.open(normal) as a, pikepdf.open(degraded) as b:
        assert len(a.pages) == len(b.pages)
        assert [str(o.title) for o in a.open_outline().root] == \
            [str(o.title) for o in b.open_outline().root]
    if name != "closure":        # the seed-sized issues draw no substituted dash
        assert len(warnings_about(caplog, entry(name))) == 1
    if name == "fontshare":      # what it costs: each part embeds its own subsets
        assert degraded.stat().st_size > normal.stat().st_size * 1.2


# Modules under weasy/ that a patch module imports, and that touch WeasyPrint for it.
HELPERS = {"justify": ("squeeze",)}


def test_the_patch_modules_touch_only_what_their_entries_name():
    """Each patch module imports, and reads off the modules it imports, only WeasyPrint
    internals its entry in the table names (so the check before it loads covers them)."""
    src = Path(weasy.__file__).parent
    for patch in weasy.PATCHES:
        if patch.kind != patches.PATCH:
            continue
        for module in (patch.name, *HELPERS.get(patch.name, ())):
            tree = ast.parse((src / f"{module}.py").read_text(encoding="utf-8"))
            assert _touched(tree) <= set(patch.refs()) | _prefixes(patch.refs()), module


def _prefixes(refs) -> set[str]:
    """``module:a`` for each ``module:a.b`` (a class whose method is named stands for itself)."""
    return {ref.rsplit(".", 1)[0] for ref in refs if "." in ref.partition(":")[2]}


def _touched(tree: ast.Module) -> set[str]:
    """The WeasyPrint internals a module names: what it imports from WeasyPrint modules, and
    the attributes it reads off a WeasyPrint module it imports whole."""
    modules: dict[str, str] = {}
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            assert not any(a.name.startswith("weasyprint") for a in node.names)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("weasyprint"):
            for alias in node.names:
                if inspect.ismodule(getattr(importlib.import_module(node.module), alias.name)):
                    modules[alias.asname or alias.name] = f"{node.module}.{alias.name}"
                else:
                    found.add(f"{node.module}:{alias.name}")
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                and node.value.id in modules):
            found.add(f"{modules[node.value.id]}:{node.attr}")
    return found

"""WeasyPrint's patches: all in one table, in place for one render only, off on
an untested release; and WeasyPrint always imported through preload."""

from __future__ import annotations

import inspect
import logging
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("weasyprint")

import weasyprint
import weasyprint.draw.text

import paper2book
from paper2book import fonts
from paper2book.backends.pdf import glyphs, weasy
from paper2book.backends.pdf.weasy import justify
from paper2book.config.options import RenderOptions
from paper2book.model import Paragraph

from helpers import pdf as H

SRC = Path(paper2book.__file__).parent
RAGGED = "is not a release paper2book was tested with"


def _pdf(book, progress=None, **options) -> bytes:
    return H.pdf_bytes(book, RenderOptions(**options), watcher=progress)


def weasyprint_attributes() -> dict[tuple[str, str], object]:
    """Every attribute of every loaded WeasyPrint module and of the classes defined there."""
    seen: dict[tuple[str, str], object] = {}
    for name, module in list(sys.modules.items()):
        if not (name == "weasyprint" or name.startswith("weasyprint.")) or module is None:
            continue
        for attr, value in vars(module).items():
            seen[(name, attr)] = value
            if inspect.isclass(value) and value.__module__ == name:
                for cls_attr, cls_value in vars(value).items():
                    seen[(name, f"{attr}.{cls_attr}")] = cls_value
    return seen


def changed(before: dict, after: dict) -> set[str]:
    """What was replaced or removed (modules loaded meanwhile bring new names: not changes)."""
    return {f"{m}:{a}" for (m, a), value in before.items()
            if after.get((m, a), changed) is not value}


class _Spy:
    """A progress reporter that looks at WeasyPrint when a stage begins, or fails it."""

    def __init__(self, at: str, fail: bool = False):
        self.at, self.fail = at, fail
        self.seen: dict | None = None

    def stage(self, what: str) -> None:
        if what.startswith(self.at):
            self.seen = weasyprint_attributes()
            if self.fail:
                raise RuntimeError("stopped by the test")


def test_every_patch_target_exists_on_weasyprint_70():
    assert weasyprint.__version__.split(".")[0] == "70"
    assert weasy.PATCHES
    for patch in weasy.PATCHES:
        assert "70" in patch.tested and patch.why
        assert patch.available(), patch.target
        owner, name = patch.owner()
        assert callable(getattr(owner, name)), patch.target
    assert len({p.target for p in weasy.PATCHES}) == len(weasy.PATCHES)


def test_the_table_lists_every_patch_and_a_render_puts_weasyprint_back():
    _pdf(H.seed_book())         # WeasyPrint loads some modules only on a first render
    before = weasyprint_attributes()
    spy = _Spy("PDF: writing")
    _pdf(H.seed_book(), progress=spy)
    assert spy.seen is not None
    assert changed(before, spy.seen) == {p.target for p in weasy.PATCHES}
    assert changed(before, weasyprint_attributes()) == set()


def _count_calls(monkeypatch, module, name: str) -> list:
    calls: list = []
    real = getattr(module, name)

    def counted(*args, **kwargs):
        calls.append(name)
        return real(*args, **kwargs)
    monkeypatch.setattr(module, name, counted)
    return calls


def test_after_a_render_draw_first_line_is_weasyprints_own(monkeypatch):
    own = weasyprint.draw.text.draw_first_line
    assert own is not justify.draw_first_line
    drawn = _count_calls(monkeypatch, justify, "draw_first_line")
    _pdf(H.seed_book())
    assert drawn                                            # the hook was in while drawing...
    assert weasyprint.draw.text.draw_first_line is own     # ...and is gone


@pytest.mark.allow_warnings
@pytest.mark.parametrize("how", ["layout stopped", "glyph missing"])
def test_after_a_failing_render_weasyprint_is_its_own(how, monkeypatch):
    before = weasyprint_attributes()
    book = H.seed_book()
    if how == "layout stopped":
        spy = _Spy("PDF: justifying", fail=True)
        with pytest.raises(RuntimeError, match="stopped by the test"):
            _pdf(book, progress=spy)
        assert changed(before, spy.seen) == {p.target for p in weasy.PATCHES}
    else:
        # Past the check before layout, so that WeasyPrint draws .notdef while patched.
        monkeypatch.setattr(glyphs, "find", lambda book, family: {})
        book.articles[0].blocks.insert(0, Paragraph("私用区字符\U0010fffd不在任何字体里。"))
        with pytest.raises(fonts.MissingFontError, match="U\\+10FFFD"):
            _pdf(book, strict_glyphs=True)
    assert changed(before, weasyprint_attributes()) == set()
    assert _pdf(H.seed_book())      # and the next render is not stuck behind the failed one


def test_two_renders_in_a_row_give_the_same_bytes():
    book = H.make_issue(2, 2, seed=7)
    first = _pdf(book)
    assert _pdf(book) == first


def test_the_session_reports_the_line_cache():
    with weasy.patched() as session:
        weasy.HTML(string="<p>" + "九江日报记者走进社区" * 30 + "</p>").render()
        assert session.justifies
        assert session.line_cache is not None and session.line_cache.misses > 0


@pytest.mark.allow_warnings
def test_untested_release_patches_stay_off_and_warn_once(monkeypatch, caplog):
    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    justified = _count_calls(monkeypatch, justify, "justify_pages")
    before = weasyprint_attributes()
    with weasy.patched() as session:
        assert changed(before, weasyprint_attributes()) == set()
        assert session.line_cache is None and not session.justifies
    weasy.warn_untested.cache_clear()
    try:
        book = H.seed_book()
        first = _pdf(book)
        assert _pdf(book) == first
    finally:
        weasy.warn_untested.cache_clear()
    assert not justified      # ragged lines
    warned = [r for r in caplog.records if RAGGED in r.getMessage()]
    assert len(warned) == 1 and warned[0].name == "paper2book"
    assert warned[0].levelno == logging.WARNING
    assert warned[0].getMessage() == (
        "WeasyPrint 71.0 is not a release paper2book was tested with: Chinese lines in the "
        "PDF will end ragged and layout will be slower")


# ---- the import-order rule -------------------------------------------------------------

def _modules_importing_weasyprint() -> set[str]:
    pattern = re.compile(r"^\s*(import weasyprint|from weasyprint[\s.])", re.M)
    return {str(p.relative_to(SRC)) for p in SRC.rglob("*.py")
            if pattern.search(p.read_text(encoding="utf-8"))}


def test_weasyprint_is_imported_only_through_preload_and_weasy():
    found = _modules_importing_weasyprint()
    weasy_dir = Path("backends/pdf/weasy")
    assert "backends/pdf/preload.py" in found and "backends/pdf/weasy/__init__.py" in found
    assert all(f == "backends/pdf/preload.py" or Path(f).parent == weasy_dir for f in found), found


def test_first_import_of_weasyprint_goes_through_preload():
    code = ("import sys, types, paper2book.backends.pdf.preload as p\n"
            "calls = []\n"
            "quick = p._quick_find_library\n"
            "def counted():\n"
            "    calls.append('weasyprint' in sys.modules)\n"
            "    return quick()\n"
            "p._quick_find_library = counted\n"
            "import paper2book.backends.pdf.fetcher\n"
            "print(calls, 'weasyprint' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["[False]", "True"]


def test_doctor_asks_preload(monkeypatch):
    from paper2book.backends.pdf import preload
    from paper2book.cli import doctor

    assert preload.check() is None
    assert doctor._weasyprint_loads().line() == doctor.Check("weasyprint loads", True,
                                                             "Pango found").line()
    monkeypatch.setattr(preload, "check", lambda: "cannot load library 'libpango-1.0-0': x" * 3)
    check = doctor._weasyprint_loads()
    assert not check.ok
    assert check.detail == ("cannot load library 'libpango-1.0-0': x" * 3)[:80] + (
        ": apt-get install libpango-1.0-0 libpangoft2-1.0-0")

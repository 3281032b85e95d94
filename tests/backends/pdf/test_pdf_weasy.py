"""WeasyPrint's patches: all in one table, as tested on the installed release, in place
for one render only; and WeasyPrint always imported through preload.  What a render
makes when a patch's target is gone or changed: test_pdf_seam.py."""

from __future__ import annotations

import inspect
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

pytest.importorskip("weasyprint")

import weasyprint
import weasyprint.draw.text

import paper2book
from paper2book import fonts
from paper2book.backends.pdf import glyphs, weasy
from paper2book.backends.pdf.weasy import justify, patches
from paper2book.config.options import RenderOptions
from paper2book.model import Paragraph

from helpers import pdf as H

SRC = Path(paper2book.__file__).parent


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


def replaced_attributes() -> set[str]:
    return {ref for p in weasy.PATCHES if p.kind == patches.PATCH for ref in p.replaces}


def test_every_entry_is_as_tested_on_the_installed_weasyprint():
    assert weasyprint.__version__ == "70.0"
    assert weasy.PATCHES
    for patch in weasy.PATCHES:
        assert patch.loses and patch.fingerprints, patch.name
        assert weasy.check(patch) is None, patch.name
        assert weasy.fingerprint(patch.refs()) in patch.fingerprints.values()
        if patch.kind == patches.PATCH:
            assert patch.replaces and all(callable(weasy.resolve(r)) for r in patch.replaces)
            assert (SRC / "backends/pdf/weasy" / f"{patch.name}.py").is_file()
        else:
            assert not patch.replaces
    assert len({p.name for p in weasy.PATCHES}) == len(weasy.PATCHES)
    assert len(replaced_attributes()) == sum(len(p.replaces) for p in weasy.PATCHES)


def test_a_fingerprint_is_of_the_targets_source(monkeypatch):
    import weasyprint.layout.inline as inline

    entry = next(p for p in weasy.PATCHES if p.name == "linebreak")
    own = weasy.fingerprint(entry.refs())
    assert weasy.fingerprint(entry.refs()) == own               # the same source, the same hash
    monkeypatch.setattr(inline, "split_first_line", lambda *args: None)
    assert weasy.fingerprint(entry.refs()) != own


def test_the_table_lists_every_patch_and_a_render_puts_weasyprint_back():
    _pdf(H.seed_book())         # WeasyPrint loads some modules only on a first render
    before = weasyprint_attributes()
    spy = _Spy("PDF: writing")
    _pdf(H.seed_book(), progress=spy)
    assert spy.seen is not None
    assert changed(before, spy.seen) == replaced_attributes()
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
    drawn = _count_calls(monkeypatch, justify, "spread_first_line")
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
        assert changed(before, spy.seen) == replaced_attributes()
    else:
        # Past the check before layout, so that WeasyPrint draws .notdef while patched.
        monkeypatch.setattr(glyphs, "find", lambda book, family: {})
        art = book.articles[0]
        book = H.seed_book(replace(art, blocks=(Paragraph("私用区字符\U0010fffd不在任何字体里。"),
                                                *art.blocks)))
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


def test_a_point_release_that_leaves_the_targets_alone_keeps_the_patches(monkeypatch):
    monkeypatch.setattr(weasyprint, "__version__", "70.1")
    before = weasyprint_attributes()
    with weasy.patched() as session:
        assert changed(before, weasyprint_attributes()) == replaced_attributes()
        assert session.line_cache is not None and session.justifies
    assert changed(before, weasyprint_attributes()) == set()


# ---- the import-order rule -------------------------------------------------------------

def _modules_importing_weasyprint() -> set[str]:
    pattern = re.compile(r"^\s*(import weasyprint|from weasyprint[\s.])", re.M)
    return {str(p.relative_to(SRC)) for p in SRC.rglob("*.py")
            if pattern.search(p.read_text(encoding="utf-8"))}


def test_weasyprint_is_imported_only_through_preload_and_the_patch_modules():
    found = _modules_importing_weasyprint()
    weasy_dir = Path("backends/pdf/weasy")
    assert "backends/pdf/preload.py" in found
    assert all(f == "backends/pdf/preload.py" or Path(f).parent == weasy_dir for f in found), found
    # The seam itself looks WeasyPrint up by name, after preload, and only what the table says.
    assert "backends/pdf/weasy/__init__.py" not in found
    assert "backends/pdf/weasy/patches.py" not in found


def test_first_import_of_weasyprint_goes_through_preload():
    code = ("import sys, types, paper2book.backends.pdf.preload as p\n"
            "calls = []\n"
            "quick = p.quick_find_library\n"
            "def counted(*args):\n"
            "    calls.append('weasyprint' in sys.modules)\n"
            "    return quick(*args)\n"
            "p.quick_find_library = counted\n"
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

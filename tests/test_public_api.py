"""What ``import paper2book`` offers: every name in ``__all__``, also through a star import;
and the API's arguments checked with the config's own checks, one clear error each."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import typing
from dataclasses import replace

import pytest

import paper2book
import paper2book.api
from paper2book.config.options import PaperSettings, RenderOptions, Series
from paper2book.config.schema import NEWSPAPER
from paper2book.errors import ConfigError, InputError
from paper2book.model import Book, Issue, Page

from helpers.seed import ROOT, SEED, seed_article, seed_book


def test_a_star_import_brings_every_public_name():
    names: dict[str, object] = {}
    exec("from paper2book import *", names)
    assert set(paper2book.__all__) <= names.keys()
    assert names["write_with_facts"] is paper2book.api.write_with_facts
    assert names["read"] is paper2book.api.read


def _dated(date: object) -> Book:
    book = seed_book()
    issue = book.issues[0]
    return replace(book, issues=(Issue(issue.newspaper, date, issue.pages),))  # type: ignore[arg-type]


def _untitled() -> Book:
    page = seed_book().issues[0].pages[0]
    bad = replace(seed_article(), title=None)       # type: ignore[arg-type]
    issue = Issue("九江日报", dt.date(2025, 12, 3), (Page(page.number, page.name, (bad,)),))
    return replace(seed_book(), issues=(issue,))


_SEED = object()      # the seed's book


def _write(backend: str = "epub", book: object = _SEED, path: object = "out", options: object = None,
           **kw: object) -> object:
    return lambda tmp: paper2book.write_with_facts(
        seed_book() if book is _SEED else book, backend,
        tmp / f"out.{backend}" if path == "out" else path, options, **kw)  # type: ignore[arg-type]


def _options(backend: str = "epub", **options: object) -> object:
    return _write(backend, options=RenderOptions(**options))   # type: ignore[arg-type]


# (case, the call on a tmp_path, a word the one-line error must hold, the error's class).
# Each of WRONG was, before the API checked its arguments, an AttributeError or TypeError from
# deep inside, or was accepted (the colour went into the PDF's style attribute).
WRONG = [
    ("margins a number", _options("pdf", margins=5), "margins", ConfigError),
    ("a font role's family a number", _options("html", fonts={"body": 5}), "fonts", ConfigError),
    ("fonts a string", _options("html", fonts="Noto Serif CJK SC"), "fonts", ConfigError),
    ("a paper's settings a string", _options("epub", newspapers={"九江日报": "x"}), "newspapers",
     ConfigError),
    ("a paper's columns a string", _options("pdf", newspapers={"九江日报": {"columns": "2"}}),
     "columns", ConfigError),
    ("a paper's unknown setting", _options("pdf", newspapers={"九江日报": {"colour": "red"}}),
     "colour", ConfigError),
    ("masthead_color that ends the CSS rule", _options(
        "pdf", newspapers={"九江日报": {"masthead_color": "red;}body{x"}}), "masthead_color", ConfigError),
    ("fallback_fonts a number", _options("pdf", fallback_fonts=5), "fallback_fonts", ConfigError),
    ("paper a number", _options("pdf", paper=5), "paper", ConfigError),
    ("embed_fonts a string", _options("epub", embed_fonts="yes"), "embed_fonts", ConfigError),
    ("theme None", _options("html", theme=None), "theme", ConfigError),
    ("title a number", _options("epub", title=5), "title", ConfigError),
    ("templates a number", _options("html", templates=5), "templates", ConfigError),
    ("backends' settings a number", _options("epub", backends={"epub": 5}), "backends", ConfigError),
    ("series a string", _options("epub", series="九江日报"), "series", ConfigError),
    ("options given as a dict", _write("epub", options={"paper": "A5"}), "RenderOptions", ConfigError),
    ("write(None, …)", _write("epub", book=None), "Book", InputError),
    ("a date as a string", _write("epub", book=_dated("2025-12-03")), "date", InputError),
    ("an article's title None", _write("html", book=_untitled()), "title", InputError),
    ("the backend's name a number", lambda tmp: paper2book.write(seed_book(), 5, tmp / "x"),
     "backend", ConfigError),
    ("the path None", _write("epub", path=None), "path", ConfigError),
    ("read's max_bytes a string", lambda tmp: paper2book.read([str(SEED)], max_bytes="x"),
     "max_bytes", ConfigError),
    ("read's input a number", lambda tmp: paper2book.read(5), "inputs", ConfigError),
    ("read's strict a string", lambda tmp: paper2book.read([str(SEED)], strict="no"), "strict",
     ConfigError),
]


# Refused before the API checked its arguments too (by the PDF backend), now before any work.
REFUSED_BEFORE = [
    ("columns a string", _options("pdf", columns="2"), "columns", ConfigError),
    ("columns out of range", _options("pdf", columns=7), "columns", ConfigError),
    ("page_breaks a number", _options("pdf", page_breaks=3), "page_breaks", ConfigError),
]


@pytest.mark.parametrize("call, word, error", [case[1:] for case in WRONG + REFUSED_BEFORE],
                         ids=[case[0] for case in WRONG + REFUSED_BEFORE])
def test_a_wrong_argument_is_one_clear_error_and_writes_nothing(call, word, error, tmp_path):
    with pytest.raises(error) as caught:
        call(tmp_path)
    message = str(caught.value)
    assert word in message and "\n" not in message, message
    assert not os.listdir(tmp_path)


def test_write_none_names_the_book(tmp_path):
    with pytest.raises(InputError, match="expected a paper2book Book.*NoneType"):
        paper2book.write(None, "epub", tmp_path / "x.epub")      # type: ignore[arg-type]


def test_the_options_are_checked_again_after_a_change(tmp_path):
    """RenderOptions is mutable: what is checked is what the backend gets, at write time."""
    options = RenderOptions()
    options.margins = "9999"                                     # no unit
    with pytest.raises(ConfigError, match="margins"):
        paper2book.write(seed_book(), "pdf", tmp_path / "x.pdf", options)
    assert not os.listdir(tmp_path)


def test_paper_settings_are_the_schemas_per_paper_keys():
    assert set(typing.get_type_hints(PaperSettings)) == set(NEWSPAPER.options)
    hints = typing.get_type_hints(RenderOptions)
    assert hints["newspapers"] == dict[str, PaperSettings]
    assert "Any" not in (ROOT / "src/paper2book/config/options.py").read_text(encoding="utf-8")


def test_right_options_still_pass(tmp_path):
    """The checks refuse what is wrong, not what the config file accepts."""
    options = RenderOptions(paper="A5 landscape", margins="15mm 12mm", columns=1, title="书",
                            fonts={"heads": "Noto Sans CJK SC"}, fallback_fonts="",
                            templates=tmp_path, series=Series("九江日报", 20251203),
                            newspapers={"九江日报": {"display_name": "九江日报·周末版",
                                                     "masthead_color": "#b3141b", "columns": 2}},
                            backends={"epub": {"anything": 1}})
    out = paper2book.write(seed_book(), "json", tmp_path / "x.json", options)
    assert out.stat().st_size > 0


def _readme_python() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("### From Python", 1)[1]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


@pytest.mark.slow
def test_the_readmes_python_example_runs(tmp_path, monkeypatch, capsys):
    shutil.copy(SEED, tmp_path / "issue.txt")
    monkeypatch.chdir(tmp_path)
    exec(compile(_readme_python(), "README.md", "exec"), {})
    assert (tmp_path / "issue.epub").stat().st_size > 0
    path, size, pages = capsys.readouterr().out.split()
    assert path == "issue.pdf" and int(size) == (tmp_path / "issue.pdf").stat().st_size
    assert int(pages) >= 1

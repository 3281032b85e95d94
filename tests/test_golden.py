"""The seed's outputs, byte for byte against the reviewed copies in tests/golden/.

A change of output fails here with a diff.  When the change is meant,
``pytest --update-golden`` rewrites the copies, and the diff of tests/golden/
goes into review with the code that caused it.
"""

from __future__ import annotations

import dataclasses
import zipfile

import pytest

import paper2book

from helpers import ROOT
from helpers.seed import SEED

EPOCH = "1764720000"          # 2025-12-03T00:00:00Z: the EPUB's dates


@pytest.fixture(scope="module")
def book():
    read = paper2book.read(SEED)
    # The reader records the path it was given: make it the same wherever the checkout is.
    here = SEED.relative_to(ROOT).as_posix()
    replace = dataclasses.replace
    return replace(read, issues=tuple(
        replace(issue, pages=tuple(
            replace(page, articles=tuple(replace(art, source=replace(art.source, file=here))
                                         for art in page.articles))
            for page in issue.pages))
        for issue in read.issues))


@pytest.fixture
def written(book, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)

    def write(backend: str, name: str):
        return paper2book.write(book, backend, tmp_path / name)

    return write


def test_model_json(written, golden):
    golden.check("seed.json", written("json", "seed.json").read_bytes())


def test_epub_article(written, golden):
    with zipfile.ZipFile(written("epub", "seed.epub")) as z:
        golden.check("seed-i01-p03-a01.xhtml", z.read("EPUB/i01-p03-a01.xhtml"))


def test_html_edition(written, golden):
    golden.check("seed.html", written("html", "seed.html").read_bytes())

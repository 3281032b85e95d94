"""The cover JPEG is drawn once per look and kept in the user's cache folder."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

import paper2book
from paper2book.backends.epub import cover
from paper2book.fonts import has_cjk_font

from helpers.seed import SEED, seed_book

pytestmark = pytest.mark.skipif(not has_cjk_font(), reason="no CJK font: such covers are not cached")


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "paper2book" / "covers"


def test_a_cover_is_drawn_once(cache, monkeypatch):
    book = seed_book()
    first = cover.cover_jpeg(book, book.title)
    assert [p.suffix for p in cache.iterdir()] == [".jpg"]

    def no_drawing(*args):
        raise AssertionError("drawn again")

    monkeypatch.setattr(cover, "_draw", no_drawing)
    assert cover.cover_jpeg(book, book.title) == first
    with pytest.raises(AssertionError, match="drawn again"):
        cover.cover_jpeg(book, book.title, accent="#004488")      # another look


def test_the_cache_is_bounded(cache, monkeypatch):
    monkeypatch.setattr(cover, "CACHE_SIZE", 3)
    book = seed_book()
    for n in range(5):
        cover.cover_jpeg(book, f"{book.title} {n}", accent=f"#00000{n}")
    assert len(list(cache.glob("*.jpg"))) == 3


def test_an_epub_with_a_cached_cover_is_the_same_epub(cache, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764720000")
    book = seed_book()
    a = paper2book.write(book, "epub", tmp_path / "a.epub").read_bytes()
    assert any(cache.glob("*.jpg"))
    b = paper2book.write(book, "epub", tmp_path / "b.epub").read_bytes()
    assert a == b


def test_pillow_is_not_imported_for_a_cached_cover(cache, tmp_path):
    code = ("import sys, paper2book; b = paper2book.read([sys.argv[1]]); "
            "paper2book.write(b, 'epub', sys.argv[2]); print('PIL.Image' in sys.modules)")
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"))
    runs = [subprocess.run([sys.executable, "-c", code, str(SEED), str(tmp_path / f"{n}.epub")],
                           capture_output=True, text=True, env=env, timeout=120) for n in range(2)]
    assert [r.stdout.strip() for r in runs] == ["True", "False"], runs[-1].stderr

"""Real reading-system tools on our EPUBs: DAISY Ace (accessibility) and calibre (the
Kindle path).  EPUBCheck and MuPDF run in test_epub.py."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from paper2book.backends.epub import EpubBackend
from paper2book.config.options import RenderOptions

from helpers import tools
from helpers.epub import hostile_book, two_paper_book
from helpers.seed import seed_book

BOOKS = {"seed": seed_book, "two-papers": two_paper_book, "hostile": hostile_book}


def _write(name: str, folder: Path) -> Path:
    path = folder / f"{name}.epub"
    EpubBackend().write(BOOKS[name](), path, RenderOptions())
    return path


def _ace_violations(epub: Path, out: Path) -> list[str]:
    env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": str(tools.CHROMIUM_BINARY)}
    proc = subprocess.run([str(tools.ACE), "-f", "-s", "-o", str(out), str(epub)], env=env,
                          capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr or proc.stdout
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    found = []
    for doc in report["assertions"]:
        for check in doc.get("assertions", []):
            if check["earl:result"]["earl:outcome"] != "pass":
                test = check["earl:test"]
                found.append(f"{doc['earl:testSubject']['url']}: {test['dct:title']} "
                             f"({test['earl:impact']}): {check['earl:result'].get('dct:description')}")
    assert found or report["earl:result"]["earl:outcome"] == "pass", report["earl:result"]
    return found


@pytest.mark.slow
@pytest.mark.external("ace")
@pytest.mark.parametrize("name", list(BOOKS))
def test_ace_finds_no_violation(name, tmp_path):
    assert _ace_violations(_write(name, tmp_path), tmp_path / "ace") == []


@pytest.mark.external("calibre")
def test_calibre_makes_a_kindle_book_with_the_banmian_index(tmp_path):
    epub = _write("two-papers", tmp_path)
    azw3 = tmp_path / "book.azw3"
    conv = subprocess.run(["ebook-convert", str(epub), str(azw3)], capture_output=True,
                          text=True, timeout=300, check=False)
    assert conv.returncode == 0, conv.stdout + conv.stderr
    log = conv.stdout + conv.stderr
    assert not re.search(r"(?im)^.*\b(warning|error)\b", log), log
    subprocess.run(["calibre-debug", "--inspect-mobi", str(azw3)], cwd=tmp_path,
                   capture_output=True, timeout=300, check=True)
    ncx = (tmp_path / "decompiled_book" / "ncx.record").read_text(encoding="utf-8")
    entries = re.findall(r"NCXEntry\(index=(\d+).*?depth=(\d+), parent=(\w+).*?title='([^']*)'", ncx)
    titles = [(int(depth), title) for _, depth, _, title in entries]
    # issue → 版面 → article, as the EPUB's navigation has it
    assert (0, "九江日报 2025年12月3日") in titles and (0, "江西日报 2025年12月4日") in titles
    assert (1, "第01版 要闻") in titles and (2, "全市经济运行稳中向好") in titles
    assert (1, "第B02版 理论") in titles and (2, "读懂新质生产力") in titles

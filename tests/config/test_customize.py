"""Issue 5: config settings, themes and single-template overrides reach the outputs."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pypdf
import pytest
from PIL import Image

from paper2book.theme import templates_dir

from helpers import ROOT
from helpers.pdf import bbox_lines, pdftotext
from helpers.seed import SEED


@pytest.fixture
def work(tmp_path):
    shutil.copy(SEED, tmp_path / "issue.txt")
    return tmp_path


@pytest.fixture
def convert(work, run_cli):
    """Converts work/issue.txt with these flags; the run must succeed."""
    def run(*args: str):
        r = run_cli("issue.txt", *args, cwd=work, timeout=600)
        assert r.returncode == 0, r.stderr
        return r

    return run


@pytest.mark.external("poppler")
def test_per_paper_settings_reach_the_pdf(work, convert):
    Image.new("RGB", (600, 120), "navy").save(work / "mast.png")
    (work / "paper2book.yaml").write_text(
        "author: 九江日报社\nmargins: 25mm 20mm\ncolumns: 3\n"
        "newspapers:\n  九江日报:\n    display_name: 九江日报·专刊\n"
        "    masthead_color: '#003399'\n    columns: 1\n", encoding="utf-8")
    convert("--pdf")
    pdf = work / "issue.pdf"
    reader = pypdf.PdfReader(pdf)
    assert reader.metadata.author == "九江日报社"
    assert "九江日报·专刊" in pdftotext(pdf, page=1)
    # Running heads carry the display name too.
    assert "九江日报·专刊" in pdftotext(pdf, page=2)
    # The paper's own one column beats the config's three: lines run the full measure.
    assert _widest_line(pdf, 2) > float(reader.pages[1].mediabox.width) * 0.6


def _widest_line(pdf: Path, page: int) -> float:
    return max(ln.x_max - ln.x_min for ln in bbox_lines(pdf)[0] if ln.page == page)


@pytest.mark.external("poppler")
def test_columns_narrow_the_lines(work, convert):
    convert("--pdf", "--columns", "3")
    pdf = work / "issue.pdf"
    assert _widest_line(pdf, 2) < float(pypdf.PdfReader(pdf).pages[1].mediabox.width) * 0.35


@pytest.mark.external("poppler")
def test_masthead_image_is_embedded(work, convert):
    Image.new("RGB", (600, 120), "navy").save(work / "mast.png")
    (work / "paper2book.yaml").write_text(
        "newspapers:\n  九江日报:\n    masthead_image: mast.png\n", encoding="utf-8")
    convert("--pdf")
    images = subprocess.run(["pdfimages", "-list", str(work / "issue.pdf")],
                            capture_output=True, text=True, check=True).stdout
    sizes = [tuple(line.split()[3:5]) for line in images.splitlines()[2:]]
    assert ("600", "120") in sizes, images


def test_cli_columns_beat_the_papers_default(work, run_cli):
    (work / "paper2book.yaml").write_text(
        "newspapers:\n  九江日报:\n    columns: 1\n", encoding="utf-8")
    r = run_cli("--print-config", "--columns", "3", cwd=work)
    assert "columns: 3" in r.stdout and "columns: 1" not in r.stdout


def _override(tmp_path: Path, template: str, old: str, new: str) -> Path:
    user = tmp_path / "mine"
    target = user / template
    target.parent.mkdir(parents=True)
    text = (templates_dir() / template).read_text(encoding="utf-8")
    assert old in text
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return user


@pytest.mark.external("poppler")
def test_single_pdf_template_override(work, convert):
    user = _override(work, "pdf/front.html.j2", "本期目录", "今日要目")
    convert("--pdf", "--templates", str(user))
    first = pdftotext(work / "issue.pdf", page=1)
    assert "今日要目" in first and "本期目录" not in first
    # Everything else still comes from the theme.
    assert "党建聚链 产业焕新" in pdftotext(work / "issue.pdf")


def test_book_theme_changes_the_pdf(work, convert):
    convert("--pdf", "-o", "news.pdf")
    convert("--pdf", "--theme", "book", "-o", "book.pdf")
    news, book = pypdf.PdfReader(work / "news.pdf"), pypdf.PdfReader(work / "book.pdf")
    assert round(float(news.pages[0].mediabox.width)) == 595
    assert round(float(book.pages[0].mediabox.width)) == 420


def _opf(epub: Path) -> str:
    with zipfile.ZipFile(epub) as z:
        name = next(n for n in z.namelist() if n.endswith(".opf"))
        return z.read(name).decode("utf-8")


def _members(epub: Path, suffix: str) -> dict[str, str]:
    with zipfile.ZipFile(epub) as z:
        return {n: z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(suffix)}


def test_config_reaches_the_epub(work, convert):
    (work / "paper2book.yaml").write_text(
        "author: 九江日报社\nidentifier: urn:isbn:9787000000000\n"
        "newspapers:\n  九江日报:\n    display_name: 九江日报·专刊\n    masthead_color: '#003399'\n",
        encoding="utf-8")
    convert("--epub")
    opf = _opf(work / "issue.epub")
    assert ">urn:isbn:9787000000000</dc:identifier>" in opf
    assert ">九江日报社</dc:creator>" in opf and ">杨静</dc:creator>" not in opf
    assert ">九江日报·专刊</dc:publisher>" in opf
    css = "".join(_members(work / "issue.epub", ".css").values())
    assert ".masthead-paper { color: #003399; }" in css


def test_single_epub_template_override(work, convert):
    user = _override(work, "epub/article.xhtml.j2", "<h1 class=\"headline\">",
                     "<p class=\"mine\">自定义</p><h1 class=\"headline\">")
    convert("--epub", "--templates", str(user))
    docs = _members(work / "issue.epub", ".xhtml")
    article = [t for n, t in docs.items() if re.search(r"-a\d+\.xhtml$", n)]
    assert article and all('<p class="mine">自定义</p>' in t for t in article)
    # The other documents still come from the theme.
    assert not any("自定义" in t for n, t in docs.items() if "contents" in n)


def test_book_theme_changes_the_epub(work, convert):
    convert("--epub", "-o", "news.epub")
    convert("--epub", "--theme", "book", "-o", "book.epub")
    news = "".join(_members(work / "news.epub", ".css").values())
    book = "".join(_members(work / "book.epub", ".css").values())
    assert news != book
    assert (ROOT / "styles" / "book" / "epub.css").read_text(encoding="utf-8").strip()[:200] in book


def test_theme_folder_and_unknown_theme(work, convert):
    theme = work / "mytheme"
    theme.mkdir()
    (theme / "epub.css").write_text("body { color: #123456; }\n", encoding="utf-8")
    convert("--epub", "--theme", str(theme))
    assert "#123456" in "".join(_members(work / "issue.epub", ".css").values())


def test_display_name_reaches_the_html(work, convert):
    (work / "paper2book.yaml").write_text(
        "newspapers:\n  九江日报:\n    display_name: 九江日报·专刊\n", encoding="utf-8")
    convert("--html")
    assert "九江日报·专刊" in (work / "issue.html").read_text(encoding="utf-8")

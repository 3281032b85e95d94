"""Issue 5: config settings, themes and single-template overrides reach the outputs."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pypdf
import pytest
from PIL import Image

from paper2book.theme import templates_dir

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "jiujiang-daily-2025-12-03-p03.txt"


def convert(folder: Path, *args: str) -> subprocess.CompletedProcess:
    r = subprocess.run([sys.executable, "-m", "paper2book", "issue.txt", *args], cwd=folder,
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    return r


def pdftext(pdf: Path, first: int = 1, last: int = 99) -> str:
    return subprocess.run(["pdftotext", "-f", str(first), "-l", str(last), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


@pytest.fixture
def work(tmp_path):
    shutil.copy(SEED, tmp_path / "issue.txt")
    return tmp_path


def test_per_paper_settings_reach_the_pdf(work):
    Image.new("RGB", (600, 120), "navy").save(work / "mast.png")
    (work / "paper2book.yaml").write_text(
        "author: 九江日报社\nmargins: 25mm 20mm\ncolumns: 3\n"
        "newspapers:\n  九江日报:\n    display_name: 九江日报·专刊\n"
        "    masthead_color: '#003399'\n    columns: 1\n", encoding="utf-8")
    convert(work, "--pdf")
    pdf = work / "issue.pdf"
    reader = pypdf.PdfReader(pdf)
    assert reader.metadata.author == "九江日报社"
    assert "九江日报·专刊" in pdftext(pdf, 1, 1)
    # Running heads carry the display name too.
    assert "九江日报·专刊" in pdftext(pdf, 2, 2)
    # The paper's own one column beats the config's three: lines run the full measure.
    assert _widest_line(pdf, 2) > float(reader.pages[1].mediabox.width) * 0.6


def _widest_line(pdf: Path, page: int) -> float:
    bbox = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-bbox-layout",
                           str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    lines = re.findall(r'<line xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"', bbox)
    return max(float(b) - float(a) for a, b in lines)


def test_columns_narrow_the_lines(work):
    convert(work, "--pdf", "--columns", "3")
    pdf = work / "issue.pdf"
    assert _widest_line(pdf, 2) < float(pypdf.PdfReader(pdf).pages[1].mediabox.width) * 0.35


def test_masthead_image_is_embedded(work):
    Image.new("RGB", (600, 120), "navy").save(work / "mast.png")
    (work / "paper2book.yaml").write_text(
        "newspapers:\n  九江日报:\n    masthead_image: mast.png\n", encoding="utf-8")
    convert(work, "--pdf")
    images = subprocess.run(["pdfimages", "-list", str(work / "issue.pdf")],
                            capture_output=True, text=True, check=True).stdout
    sizes = [tuple(line.split()[3:5]) for line in images.splitlines()[2:]]
    assert ("600", "120") in sizes, images


def test_cli_columns_beat_the_papers_default(work):
    (work / "paper2book.yaml").write_text(
        "newspapers:\n  九江日报:\n    columns: 1\n", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "paper2book", "--print-config", "--columns", "3"],
                       cwd=work, capture_output=True, text=True)
    assert "columns: 3" in r.stdout and "columns: 1" not in r.stdout


def _override(tmp_path: Path, template: str, old: str, new: str) -> Path:
    user = tmp_path / "mine"
    target = user / template
    target.parent.mkdir(parents=True)
    text = (templates_dir() / template).read_text(encoding="utf-8")
    assert old in text
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return user


def test_single_pdf_template_override(work):
    user = _override(work, "pdf/front.html.j2", "本期目录", "今日要目")
    convert(work, "--pdf", "--templates", str(user))
    first = pdftext(work / "issue.pdf", 1, 1)
    assert "今日要目" in first and "本期目录" not in first
    # Everything else still comes from the theme.
    assert "党建聚链 产业焕新" in pdftext(work / "issue.pdf")


def test_book_theme_changes_the_pdf(work):
    convert(work, "--pdf", "-o", "news.pdf")
    convert(work, "--pdf", "--theme", "book", "-o", "book.pdf")
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


def test_config_reaches_the_epub(work):
    (work / "paper2book.yaml").write_text(
        "author: 九江日报社\nidentifier: urn:isbn:9787000000000\n"
        "newspapers:\n  九江日报:\n    display_name: 九江日报·专刊\n    masthead_color: '#003399'\n",
        encoding="utf-8")
    convert(work, "--epub")
    opf = _opf(work / "issue.epub")
    assert ">urn:isbn:9787000000000</dc:identifier>" in opf
    assert ">九江日报社</dc:creator>" in opf and "杨静" not in opf
    assert ">九江日报·专刊</dc:publisher>" in opf
    css = "".join(_members(work / "issue.epub", ".css").values())
    assert ".masthead-paper { color: #003399; }" in css


def test_single_epub_template_override(work):
    user = _override(work, "epub/article.xhtml.j2", "<h1 class=\"headline\">",
                     "<p class=\"mine\">自定义</p><h1 class=\"headline\">")
    convert(work, "--epub", "--templates", str(user))
    docs = _members(work / "issue.epub", ".xhtml")
    article = [t for n, t in docs.items() if re.search(r"-a\d+\.xhtml$", n)]
    assert article and all('<p class="mine">自定义</p>' in t for t in article)
    # The other documents still come from the theme.
    assert not any("自定义" in t for n, t in docs.items() if "contents" in n)


def test_book_theme_changes_the_epub(work):
    convert(work, "--epub", "-o", "news.epub")
    convert(work, "--epub", "--theme", "book", "-o", "book.epub")
    news = "".join(_members(work / "news.epub", ".css").values())
    book = "".join(_members(work / "book.epub", ".css").values())
    assert news != book
    assert (ROOT / "styles" / "book" / "epub.css").read_text(encoding="utf-8").strip()[:200] in book


def test_theme_folder_and_unknown_theme(work):
    theme = work / "mytheme"
    theme.mkdir()
    (theme / "epub.css").write_text("body { color: #123456; }\n", encoding="utf-8")
    convert(work, "--epub", "--theme", str(theme))
    assert "#123456" in "".join(_members(work / "issue.epub", ".css").values())


def test_display_name_reaches_the_html(work):
    (work / "paper2book.yaml").write_text(
        "newspapers:\n  九江日报:\n    display_name: 九江日报·专刊\n", encoding="utf-8")
    convert(work, "--html")
    assert "九江日报·专刊" in (work / "issue.html").read_text(encoding="utf-8")

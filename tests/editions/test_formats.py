"""Traditional editions in every format: nothing left for OpenCC to convert, language
tags and metadata, the TC/HK fonts of the PDF, the CLI's flags and errors, split names."""

from __future__ import annotations

import difflib
import json
import subprocess
import zipfile

import opencc
import pikepdf
import pytest
from lxml import etree
from lxml import html as lhtml

from paper2book.editions.script import SCRIPTS, corrections

from helpers import ROOT
from helpers.archive import make_archive
from helpers.pdf import pdffonts, pdftotext

SEED = ROOT / "seeds" / "jiujiang-daily-2025-12-03-p03.txt"
OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TAGS = {"traditional": "zh-Hant", "hk": "zh-HK", "tw": "zh-TW"}
FACES = {"traditional": "TC", "hk": "HK", "tw": "TC"}


def kept_on_purpose(script: str) -> set[str]:
    """What the corrections keep and OpenCC would change again (余秋雨's 余, 于先生's 于)."""
    engine = opencc.OpenCC(SCRIPTS[script][0])
    return {t for t in corrections(script).values() if engine.convert(t) != t}


def left_over(text: str, script: str) -> set[tuple[str, str]]:
    """Runs of ``text`` OpenCC's forward conversion would still change, with their context."""
    again = opencc.OpenCC(SCRIPTS[script][0]).convert(text)
    sm = difflib.SequenceMatcher(None, text, again, autojunk=False)
    found = set()
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op != "equal":
            context = text[max(0, i1 - 4):i2 + 4]
            if not any(k in context for k in kept_on_purpose(script)):
                found.add((context, again[max(0, j1 - 4):j2 + 4]))
    return found


def xml_text(data: bytes) -> str:
    """Text and attribute values of an XML document (style sheets left out: comments)."""
    root = etree.fromstring(data)
    for style in list(root.iter("{*}style")):
        style.getparent().remove(style)
    return "".join(root.itertext()) + " " + " ".join(
        v for el in root.iter() if isinstance(el.tag, str) for v in el.attrib.values())


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    """The seed and two generated issues: a book of three issues (volume PDF, 总目录)."""
    root = tmp_path_factory.mktemp("dumps")
    files = make_archive(root, issues_per_month=2, articles=(1, 2), paragraphs=(2, 3))
    return [str(SEED), *map(str, files)]


@pytest.fixture(scope="module")
def made(tmp_path_factory, inputs):
    """Each character-form edition in every format (one run per edition)."""
    out = {}
    for script in TAGS:
        folder = tmp_path_factory.mktemp(script)
        formats = ("--epub", "--html", "--json") + (("--pdf",) if script != "traditional" else ())
        r = subprocess.run([str(ROOT / ".venv/bin/paper2book"), *inputs, *formats, "--script",
                            script, "-o", str(folder / "book"), "-q", "--jobs", "1"],
                           capture_output=True, text=True, timeout=600)
        assert r.returncode == 0, r.stderr
        assert r.stderr == ""
        out[script] = folder
    return out


@pytest.mark.slow
@pytest.mark.external("poppler")
@pytest.mark.parametrize("script", TAGS)
def test_nothing_left_to_convert(made, script):
    folder = made[script]
    with zipfile.ZipFile(folder / "book.epub") as z:
        for name in z.namelist():
            if name.endswith((".xhtml", ".opf", ".ncx")):
                assert not left_over(xml_text(z.read(name)), script), name
    page = lhtml.fromstring((folder / "book.html").read_text(encoding="utf-8"))
    for style in list(page.iter("style")):
        style.getparent().remove(style)
    assert not left_over(page.text_content(), script)
    model = json.loads((folder / "book.json").read_text(encoding="utf-8"))
    for article in (a for i in model["issues"] for p in i["pages"] for a in p["articles"]):
        article.pop("source")       # file names on disk: never converted, listed here
    assert not left_over(json.dumps(model, ensure_ascii=False), script)
    if (folder / "book.pdf").exists():
        assert not left_over(pdftotext(folder / "book.pdf"), script)
        info = subprocess.run(["pdfinfo", str(folder / "book.pdf")], capture_output=True,
                              text=True, check=True).stdout
        assert not left_over(info, script)


@pytest.mark.slow
@pytest.mark.external("poppler")
@pytest.mark.parametrize("script", TAGS)
def test_language_and_metadata(made, script):
    tag, folder = TAGS[script], made[script]
    with zipfile.ZipFile(folder / "book.epub") as z:
        opf = etree.fromstring(z.read("EPUB/content.opf"))
        assert opf.get(XML_LANG) == tag
        assert [e.text for e in opf.iter(f"{DC}language")] == [tag]
        titles = [e.text for e in opf.iter(f"{DC}title")]
        assert titles == ["九江日報 2025年12月1日—12月3日"]
        assert "九江日報" in [e.text for e in opf.iter(f"{DC}creator")]
        docs = [n for n in z.namelist() if n.endswith(".xhtml")]
        for name in docs:
            root = etree.fromstring(z.read(name))
            body = root.find("{*}body")
            assert root.get("lang") == root.get(XML_LANG) == tag, name
            if not name.endswith("nav.xhtml"):     # ebooklib writes the nav's <body>
                assert body.get("lang") == body.get(XML_LANG) == tag, name
        article = z.read("EPUB/i03-p03-a01.xhtml").decode()       # the seed's article
        assert ("圖片説明" if script == "hk" else "圖片說明") in article
        assert "「幫辦超市」" in article and "“" not in article
        contents = z.read("EPUB/i01-contents.xhtml").decode()
        assert "本期目錄" in contents and "本期目录" not in contents
        css = z.read("EPUB/styles/epub.css").decode()
        assert f'"Noto Serif CJK {FACES[script]}"' in css
    page = lhtml.fromstring((folder / "book.html").read_text(encoding="utf-8"))
    assert page.get("lang") == tag and "目錄" in page.text_content()
    model = json.loads((folder / "book.json").read_text(encoding="utf-8"))
    assert model["script"] == script and model["language"] == tag and model["schema"] == 1
    assert model["issues"][0]["newspaper"] == "九江日報"
    if (folder / "book.pdf").exists():
        with pikepdf.open(folder / "book.pdf") as pdf:
            assert str(pdf.Root.Lang) == tag
            assert str(pdf.docinfo["/Title"]) == "九江日報 2025年12月1日—12月3日"
        text = pdftotext(folder / "book.pdf")
        assert "總目錄" in text and "本期目錄" in text and "「幫辦超市」" in text


@pytest.mark.slow
@pytest.mark.external("poppler")
@pytest.mark.parametrize("script", ["hk", "tw"])
def test_pdf_fonts_are_the_editions_faces(made, script):
    fonts = pdffonts(made[script] / "book.pdf")
    cjk = [f["name"] for f in fonts if "CJK" in f["name"]]
    assert cjk and all(f"CJK-{FACES[script]}" in name for name in cjk), cjk
    assert all(f["type"] != "Type 3" for f in fonts)


def test_bad_phrases_file_is_one_line(run_cli, tmp_path):
    (tmp_path / "names.txt").write_text("余庆 余慶\n坏行\n", encoding="utf-8")
    (tmp_path / "paper2book.yaml").write_text("script: tw\nscript_phrases: names.txt\n",
                                              encoding="utf-8")
    r = run_cli(str(SEED), "--json", "-o", "x.json", "--config", str(tmp_path / "paper2book.yaml"))
    assert r.returncode == 1 and not (tmp_path / "x.json").exists()
    assert r.stderr.strip().count("\n") == 0 and "names.txt:2: expected" in r.stderr


def test_user_phrases_and_config_keyed_by_the_dumps_name(run_cli, tmp_path):
    (tmp_path / "names.txt").write_text("杨静 楊靜靜\n", encoding="utf-8")
    (tmp_path / "paper2book.yaml").write_text(
        "script: hk\nscript_phrases: names.txt\nnewspapers:\n  九江日报:\n"
        "    display_name: 九江日报·周末版\n", encoding="utf-8")
    r = run_cli(str(SEED), "--html", "-o", "x.html", "--config", str(tmp_path / "paper2book.yaml"))
    assert r.returncode == 0, r.stderr
    html = (tmp_path / "x.html").read_text(encoding="utf-8")
    assert "楊靜靜" in html and "九江日報·週末版" in html and 'lang="zh-HK"' in html


@pytest.mark.allow_warnings
def test_explicit_language_wins_with_a_warning(run_cli, tmp_path):
    (tmp_path / "paper2book.yaml").write_text("language: zh-CN\n", encoding="utf-8")
    r = run_cli(str(SEED), "--json", "-o", "x.json", "--script", "tw",
                "--config", str(tmp_path / "paper2book.yaml"))
    assert r.returncode == 0, r.stderr
    assert "language zh-CN is kept, though --script tw implies zh-TW" in r.stderr
    assert json.loads((tmp_path / "x.json").read_text(encoding="utf-8"))["language"] == "zh-CN"


def test_unknown_script_is_a_usage_error(run_cli):
    r = run_cli(str(SEED), "--script", "klingon")
    assert r.returncode == 2 and "invalid choice: 'klingon'" in r.stderr


@pytest.mark.slow
def test_split_names_carry_the_edition(run_cli, tmp_path):
    make_archive(tmp_path / "in", issues_per_month=2, articles=(1, 1), paragraphs=(2, 2))
    for extra in ((), ("--script", "traditional"), ("--script", "tw")):
        r = run_cli(str(tmp_path / "in"), "--split", "issue", "--json", "-o", "books/", "-j", "1",
                    *extra)
        assert r.returncode == 0, r.stderr
    names = sorted(p.name for p in (tmp_path / "books").iterdir() if not p.name.startswith("."))
    assert names == [f"九江日报-2025-12-0{d}{e}.json" for d in (1, 2)
                     for e in ("", ".zh-Hant", ".zh-TW")]
    manifest = json.loads((tmp_path / "books" / ".paper2book-manifest.json").read_text("utf-8"))
    assert set(manifest["outputs"]) == set(names)
    again = run_cli(str(tmp_path / "in"), "--split", "issue", "--json", "-o", "books/", "--script", "tw")
    assert "0 books written, 2 up to date" in again.stderr
    model = json.loads((tmp_path / "books" / "九江日报-2025-12-01.zh-TW.json").read_text("utf-8"))
    assert model["script"] == "tw" and model["title"] == "九江日報 2025年12月1日"

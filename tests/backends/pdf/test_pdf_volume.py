"""A volume's PDF typeset issue by issue and merged (backends/pdf/volume.py, merge.py)
is the PDF one pass over the volume gives: the same pages, text, page numbers,
contents numbers, outline and destinations; one structure tree; each font once;
the same bytes from one process as from two."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("weasyprint")
pikepdf = pytest.importorskip("pikepdf")

import paper2book  # noqa: E402
from paper2book.backends.pdf import render, runtime, volume  # noqa: E402
from paper2book.config.options import RenderOptions  # noqa: E402
from paper2book.jobs import volume as jobs_volume  # noqa: E402
from paper2book.model import Book  # noqa: E402

from helpers import pdf as H  # noqa: E402

pytestmark = pytest.mark.slow
EPOCH = "1764720000"


def _book() -> Book:
    issues = []
    for k, pages in enumerate((3, 2, 3)):
        one = H.make_issue(pages, 2, seed=k + 1, paragraphs=(3, 7), date=dt.date(2025, 12, 3 + k))
        issues += one.issues
    # The last issue in the next month: the 总目录 groups by month.
    issues[-1] = dataclasses.replace(issues[-1], date=dt.date(2026, 1, 2))
    return Book(title="九江日报合订本", issues=issues)


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("volume")
    book = _book()
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        out = {"j1": folder / "j1.pdf", "j2": folder / "j2.pdf"}
        # Here, part after part (the API's way); on two worker processes (the command's way).
        paper2book.api.write(book, "pdf", out["j1"], RenderOptions())
        jobs_volume.write(book, "pdf", out["j2"], RenderOptions(), jobs=2)
        data, _ = runtime.call(render.render_book, book, RenderOptions())
        out["single"] = folder / "single.pdf"
        out["single"].write_bytes(data)
    finally:
        if old is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old
    return out


def _outline(path: Path) -> list[tuple[int, str, int, list[float]]]:
    with pikepdf.open(path) as pdf:
        pages = {p.objgen: i for i, p in enumerate(pdf.pages)}
        out = []

        def walk(items, depth):
            for it in items:
                d = it.destination
                out.append((depth, it.title, pages[d[0].objgen], [round(float(x), 2) for x in d[2:4]]))
                walk(it.children, depth + 1)
        with pdf.open_outline() as ol:
            walk(ol.root, 0)
        return out


def _dests(path: Path) -> dict[str, tuple[int, list[float]]]:
    with pikepdf.open(path) as pdf:
        pages = {p.objgen: i for i, p in enumerate(pdf.pages)}
        return {name: (pages[d[0].objgen], [round(float(x), 2) for x in d[2:4]])
                for name, d in pikepdf.NameTree(pdf.Root.Names.Dests).items()}


def _page_texts(path: Path) -> list[str]:
    with pikepdf.open(path) as pdf:
        n = len(pdf.pages)
    return [H.pdftotext(path, "-layout", page=k) for k in range(1, n + 1)]


def test_one_process_and_two_write_the_same_bytes(pdfs):
    assert pdfs["j1"].read_bytes() == pdfs["j2"].read_bytes()


@pytest.mark.external("poppler")
def test_every_page_reads_as_the_single_pass_render(pdfs):
    merged, single = _page_texts(pdfs["j1"]), _page_texts(pdfs["single"])
    assert len(merged) == len(single) > 10
    assert merged == single
    # Page numbers run on across the issues: a running head's number is its page's.
    heads = [(k, text.strip().split("\n")[0]) for k, text in enumerate(merged, 1) if text.strip()]
    folios = [(k, int(m.group(1) or m.group(2))) for k, head in heads
              if (m := re.match(r"(\d+)\s|.*\s(\d+)$", head))]
    assert len(folios) >= len(merged) // 2     # not the front matter, 头版s or blank versos
    assert all(k == number for k, number in folios), folios


def test_outline_and_destinations_are_the_single_pass_render(pdfs):
    assert _outline(pdfs["j1"]) == _outline(pdfs["single"])
    assert _dests(pdfs["j1"]) == _dests(pdfs["single"])
    titles = [t for depth, t, *_ in _outline(pdfs["j1"]) if depth == 0]
    assert titles[0] == "总目录" and len(titles) == 4


@pytest.mark.external("poppler")
def test_contents_numbers_are_the_pages_they_lead_to(pdfs):
    dests = _dests(pdfs["j1"])
    # 总目录: one line per issue, ending in the page the issue starts on.
    toc_page = next(i for depth, t, i, _ in _outline(pdfs["j1"]) if t == "总目录")
    toc = H.pdftotext(pdfs["j1"], "-layout", page=toc_page + 1)
    numbers = [int(n) for n in re.findall(r"(\d+)\s*$", toc, flags=re.M) if "版" in toc]
    assert numbers[-3:] == [dests[f"i{k}"][0] + 1 for k in (1, 2, 3)]
    # Issue 2's 本期目录 (on its 头版) gives each 版面 the page it begins on in the volume.
    front = dests["i2"][0] + 1
    text = H.pdftotext(pdfs["j1"], "-layout", page=front)
    for p in (1, 2):
        page = dests[f"i2-p{p}"][0] + 1
        found = re.search(rf"第0{p}版[^…]*…+\s+(\d+)", text)
        assert found and int(found.group(1)) == page, (p, page, text)
    with pikepdf.open(pdfs["j1"]) as pdf:
        links = [str(a.Dest) for pg in pdf.pages for a in pg.obj.get("/Annots", [])
                 if "/Dest" in a]
    assert not [name for name in links if name not in dests]
    assert {"i1", "i2", "i3"} <= set(links)           # the 总目录's stand-ins now lead to the issues


def test_structure_trees_are_joined_under_one_document(pdfs):
    with pikepdf.open(pdfs["j1"]) as pdf:
        root = pdf.Root.StructTreeRoot
        assert len(root.K) == 1 and root.K[0].S == "/Document"
        document = root.K[0]
        assert all(kid.P.objgen == document.objgen for kid in document.K)
        tree = dict(pikepdf.NumberTree(root.ParentTree).items())
        assert int(root.ParentTreeNextKey) > max(tree)
        keys = set()
        for page in pdf.pages:
            if "/StructParents" not in page.obj:
                continue
            key = int(page.obj.StructParents)
            keys.add(key)
            elements = [e for e in tree[key] if isinstance(e, pikepdf.Dictionary)]
            assert all(_page_of(e).objgen == page.obj.objgen for e in elements)
            for annot in page.obj.get("/Annots", []):
                element = tree[int(annot.StructParent)]
                objr = [k for k in element.K if isinstance(k, pikepdf.Dictionary) and "/Obj" in k]
                assert objr[0].Obj.objgen == annot.objgen
                keys.add(int(annot.StructParent))
        assert keys == set(tree)
        assert sum(len(v) for v in tree.values() if isinstance(v, pikepdf.Array)) > 200


def _page_of(element):
    while "/Pg" not in element:
        element = element.P
    return element.Pg


@pytest.mark.external("poppler")
def test_poppler_reads_the_single_pass_structure(pdfs):
    def struct(p):
        out = subprocess.run(["pdfinfo", "-struct", str(p)], capture_output=True, text=True, check=True)
        return [line for line in out.stdout.splitlines() if "Object" not in line]
    assert struct(pdfs["j1"]) == struct(pdfs["single"])
    assert len(struct(pdfs["j1"])) > 100


def test_pdfua_check_passes_on_the_merged_volume(pdfs):
    pytest.importorskip("pdfua")
    r = subprocess.run([sys.executable, "-m", "pdfua", "check", str(pdfs["j1"])],
                       capture_output=True, text=True, check=False)
    assert r.returncode == 0, r.stdout + r.stderr


def test_fonts_are_embedded_once(pdfs):
    def programs(path):
        with pikepdf.open(path) as pdf:
            found = {}
            for page in pdf.pages:
                for font in page.obj.Resources.get("/Font", {}).values():
                    descriptor = font.DescendantFonts[0].FontDescriptor
                    stream = descriptor.get("/FontFile3") or descriptor.get("/FontFile2")
                    found.setdefault(str(descriptor.FontName).split("+")[-1], set()).add(stream.objgen)
            return found
    merged = programs(pdfs["j1"])
    assert merged.keys() == programs(pdfs["single"]).keys()
    assert all(len(streams) == 1 for streams in merged.values()), merged
    assert pdfs["j1"].stat().st_size <= 2.0 * pdfs["single"].stat().st_size


def test_parts_numbered_from_wrong_counts_are_typeset_again(pdfs, tmp_path, monkeypatch):
    """A part numbered from counts its typesetting did not confirm is typeset again."""
    real = volume._publish

    def miscount(folder, index, pages):
        real(folder, index, pages + (2 if index == 1 else 0))

    monkeypatch.setattr(volume, "_publish", miscount)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    out = tmp_path / "again.pdf"
    paper2book.api.write(_book(), "pdf", out, RenderOptions())
    assert out.read_bytes() == pdfs["j1"].read_bytes()


def test_a_part_that_waits_in_vain_is_typeset_again(pdfs, tmp_path, monkeypatch):
    monkeypatch.setattr(volume, "WAIT", 0.0)
    monkeypatch.setattr(volume, "_publish", lambda folder, index, pages: None)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    out = tmp_path / "waited.pdf"
    paper2book.api.write(_book(), "pdf", out, RenderOptions())
    assert out.read_bytes() == pdfs["j1"].read_bytes()


def test_no_parts_are_left_behind(pdfs):
    assert sorted(p.name for p in pdfs["j1"].parent.iterdir()) == ["j1.pdf", "j2.pdf", "single.pdf"]


def test_what_every_part_logs_is_logged_once(caplog):
    import logging

    caplog.set_level(logging.DEBUG, logger="paper2book")
    with volume.each_record_once():
        for _ in range(3):                      # three parts, each warning the same
            logging.getLogger("paper2book").debug("WeasyPrint 71 is untested")
        logging.getLogger("paper2book").debug("part 2: something of its own")
    assert [r.getMessage() for r in caplog.records if r.name == "paper2book"] == \
        ["WeasyPrint 71 is untested", "part 2: something of its own"]

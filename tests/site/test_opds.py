"""The OPDS catalogue's shape and its files: paper → year → month → issues, relative links
that all lead somewhere, pagination, covers, and a folder written incrementally and safely."""

from __future__ import annotations

import dataclasses
import datetime
import json
import os
from pathlib import Path
from urllib.parse import unquote

import pytest
from lxml import etree
from PIL import Image

from paper2book.errors import OutputError
from paper2book.site.opds import write_catalogue
from paper2book.site.records import IssueRecord

from .opds_site import PAPER, build_site

NS = {"a": "http://www.w3.org/2005/Atom", "dc": "http://purl.org/dc/terms/"}
ACQ = "http://opds-spec.org/acquisition/open-access"


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    root = tmp_path_factory.mktemp("site")
    records = build_site(root, tmp_path_factory.mktemp("dumps"), pdf_for=(datetime.date(2025, 12, 2),))
    return root, records


def _site(tmp_path: Path, made, **kw) -> tuple[Path, list[IssueRecord], list[Path]]:
    """A fresh copy of the module's site with a catalogue written into it."""
    src, records = made
    root = tmp_path / "site"
    for path in src.rglob("*"):
        if path.is_file():
            (root / path.relative_to(src)).parent.mkdir(parents=True, exist_ok=True)
            (root / path.relative_to(src)).write_bytes(path.read_bytes())
    written = write_catalogue(root, records, site_title="报纸档案", **kw)
    return root, records, written


def _feed(path: Path) -> etree._Element:
    return etree.parse(str(path)).getroot()


def _links(feed: etree._Element, rel: str) -> list[str]:
    return feed.xpath(f"a:link[@rel='{rel}']/@href", namespaces=NS)


def _follow(path: Path, href: str) -> Path:
    assert "://" not in href and not href.startswith("/"), href
    return (path.parent / unquote(href)).resolve()


def test_root_paper_year_month_issue(tmp_path, made):
    root, records, _ = _site(tmp_path, made)
    start = root / "opds.xml"
    top = _feed(start)
    assert top.findtext("a:title", namespaces=NS) == "报纸档案"
    (paper_entry,) = top.xpath("a:entry", namespaces=NS)
    assert paper_entry.findtext("a:title", namespaces=NS) == PAPER
    assert paper_entry.findtext("a:content", namespaces=NS) == "6期 · 2025年11月—2025年12月"
    paper = _follow(start, paper_entry.xpath("a:link[@rel='subsection']/@href", namespaces=NS)[0])
    years = _feed(paper)
    assert [e.findtext("a:title", namespaces=NS) for e in years.xpath("a:entry", namespaces=NS)] == ["2025年"]
    year = _follow(paper, years.xpath("a:entry/a:link/@href", namespaces=NS)[0])
    months = _feed(year)
    assert [e.findtext("a:title", namespaces=NS) for e in months.xpath("a:entry", namespaces=NS)] == [
        "2025年12月", "2025年11月"]                                  # newest first
    assert months.xpath("a:entry/a:link/@type", namespaces=NS) == [
        "application/atom+xml;profile=opds-catalog;kind=acquisition"] * 2
    december = _follow(year, months.xpath("a:entry/a:link/@href", namespaces=NS)[0])
    issues = _feed(december)
    entries = issues.xpath("a:entry", namespaces=NS)
    assert [e.findtext("dc:issued", namespaces=NS) for e in entries] == [
        "2025-12-03", "2025-12-02", "2025-12-01"]
    second = entries[1]
    rec = next(r for r in records if r.date == datetime.date(2025, 12, 2))
    assert second.findtext("a:title", namespaces=NS) == rec.title
    assert second.findtext("a:summary", namespaces=NS) == "；".join(rec.lead_headlines)
    assert second.findtext("dc:isPartOf", namespaces=NS) == rec.series
    kinds = second.xpath(f"a:link[@rel='{ACQ}']/@type", namespaces=NS)
    assert kinds == ["application/epub+zip", "application/pdf"]
    epub = _follow(december, second.xpath(f"a:link[@rel='{ACQ}']/@href", namespaces=NS)[0])
    assert epub == (root / rec.epub).resolve()
    # Up and start lead back.
    assert _follow(december, _links(issues, "up")[0]) == year
    assert _follow(december, _links(issues, "start")[0]) == start.resolve()


def test_every_link_of_every_feed_leads_to_a_file(tmp_path, made):
    root, _, _ = _site(tmp_path, made, page_size=2)
    feeds = [root / "opds.xml", *(root / "opds").rglob("*.xml")]
    checked = 0
    for path in feeds:
        for href in _feed(path).xpath("//a:link/@href", namespaces=NS):
            assert _follow(path, href).is_file(), (path, href)
            checked += 1
    for path in [root / "opds.json", *(root / "opds").rglob("*.json")]:
        doc = json.loads(path.read_text("utf-8"))
        links = doc["links"] + doc.get("navigation", [])
        for pub in doc.get("publications", []):
            links += pub["links"] + pub["images"]
        for link in links:
            assert _follow(path, link["href"]).is_file(), (path, link)
            checked += 1
    assert checked > 100


def test_pagination_next_previous_first_last(tmp_path, made):
    root, _, _ = _site(tmp_path, made, page_size=2)
    first = next((root / "opds").rglob("2025-11.xml"))
    page1 = _feed(first)
    assert len(page1.xpath("a:entry", namespaces=NS)) == 2
    second = _follow(first, _links(page1, "next")[0])
    page2 = _feed(second)
    assert len(page2.xpath("a:entry", namespaces=NS)) == 1
    assert _links(page2, "next") == []
    assert _follow(second, _links(page2, "previous")[0]) == first.resolve()
    assert _follow(second, _links(page2, "first")[0]) == first.resolve()
    assert _follow(first, _links(page1, "last")[0]) == second.resolve()
    both = [e.findtext("dc:issued", namespaces=NS)
            for p in (page1, page2) for e in p.xpath("a:entry", namespaces=NS)]
    assert both == ["2025-11-03", "2025-11-02", "2025-11-01"]
    doc = json.loads(second.with_suffix(".json").read_text("utf-8"))
    assert doc["metadata"]["currentPage"] == 2 and doc["metadata"]["numberOfItems"] == 3
    assert doc["metadata"]["itemsPerPage"] == 2


def test_opds2_beside_opds1(tmp_path, made):
    root, records, _ = _site(tmp_path, made)
    month = next((root / "opds").rglob("2025-12.json"))
    doc = json.loads(month.read_text("utf-8"))
    pubs = doc["publications"]
    assert [p["metadata"]["published"] for p in pubs] == ["2025-12-03", "2025-12-02", "2025-12-01"]
    rec = next(r for r in records if r.date == datetime.date(2025, 12, 3))
    meta = pubs[0]["metadata"]
    assert meta["title"] == rec.title and meta["description"] == "；".join(rec.lead_headlines)
    assert meta["belongsTo"]["series"] == {"name": rec.series, "position": 20251203}
    assert [i["type"] for i in pubs[0]["images"]] == ["image/jpeg", "image/jpeg"]
    top = json.loads((root / "opds.json").read_text("utf-8"))
    assert top["navigation"][0]["title"] == PAPER
    assert {"rel": "self", "href": "opds.json", "type": "application/opds+json"} in top["links"]


def test_covers_are_drawn_issue_front_pages(tmp_path, made):
    root, _, _ = _site(tmp_path, made)
    month = _feed(next((root / "opds").rglob("2025-12.xml")))
    entry = month.xpath("a:entry", namespaces=NS)[0]
    feed = next((root / "opds").rglob("2025-12.xml"))
    rel = "a:link[@rel='http://opds-spec.org/image{}']/@href"
    image = _follow(feed, entry.xpath(rel.format(""), namespaces=NS)[0])
    thumb = _follow(feed, entry.xpath(rel.format("/thumbnail"), namespaces=NS)[0])
    with Image.open(image) as big, Image.open(thumb) as small:
        assert big.format == small.format == "JPEG"
        assert big.size == (600, 800) and small.size == (300, 400)
        rgb = big.convert("RGB")
        r, g, b = rgb.getpixel((300, 5))                  # the EPUB cover's red frame
        assert r > 150 and g < 80 and b < 80
        # The masthead is drawn (dark red ink in the masthead band), not a blank page.
        band = rgb.crop((60, 40, 540, 160)).getcolors(1 << 16)
        assert sum(n for n, (r, g, b) in band if r > 120 and g < 90) > 500


def test_second_run_writes_nothing_and_a_change_rewrites_only_its_files(tmp_path, made):
    root, records, written = _site(tmp_path, made)
    assert root / "opds.xml" in written and root / "opds.json" in written
    before = {p: p.stat().st_mtime_ns for p in (root / "opds").rglob("*")} | {
        root / "opds.xml": (root / "opds.xml").stat().st_mtime_ns}
    assert write_catalogue(root, records, site_title="报纸档案") == []
    after = {p: p.stat().st_mtime_ns for p in (root / "opds").rglob("*")} | {
        root / "opds.xml": (root / "opds.xml").stat().st_mtime_ns}
    assert after == before
    # One issue's headlines change: its cover (new name) and its month's two feeds.
    changed = [dataclasses.replace(r, lead_headlines=("新的头条",)) if r.date == datetime.date(2025, 11, 2)
               else r for r in records]
    again = write_catalogue(root, changed, site_title="报纸档案")
    names = sorted(p.relative_to(root).as_posix().split("/")[-1] for p in again)
    assert len(again) == 4, names
    assert len([n for n in names if n.startswith("2025-11-02-")]) == 2
    assert "2025-11.xml" in names and "2025-11.json" in names
    covers = sorted(p.name for p in (root / "opds").rglob("2025-11-02-*"))
    assert len(covers) == 2                             # the old cover is gone
    # One issue leaves: its month feeds and the counts above change, its cover goes.
    fewer = [r for r in changed if r.date != datetime.date(2025, 12, 1)]
    write_catalogue(root, fewer, site_title="报纸档案")
    assert not list((root / "opds").rglob("2025-12-01-*"))
    assert "5期" in (root / "opds.xml").read_text("utf-8")


def test_without_epubs_the_catalogue_says_so_and_lists_the_pages(tmp_path, made):
    src, records = made
    plain = [dataclasses.replace(r, epub=None, pdf=None) for r in records]
    root = tmp_path / "site"
    root.mkdir()
    write_catalogue(root, plain, site_title="报纸档案")
    top = _feed(root / "opds.xml")
    assert "未生成 EPUB" in top.findtext("a:subtitle", namespaces=NS)
    assert "未生成 EPUB" in json.loads((root / "opds.json").read_text("utf-8"))["metadata"]["subtitle"]
    month = next((root / "opds").rglob("2025-12.xml"))
    entry = _feed(month).xpath("a:entry", namespaces=NS)[0]
    assert entry.xpath(f"a:link[@rel='{ACQ}']/@type", namespaces=NS) == ["text/html"]
    href = entry.xpath(f"a:link[@rel='{ACQ}']/@href", namespaces=NS)[0]
    assert _follow(month, href) == (root / plain[-1].page).resolve()


def test_hostile_names_and_text_stay_data(tmp_path):
    rec = IssueRecord(paper="../../etc/<b>&报", date=datetime.date(2025, 1, 2), title="a\x00b<c>&\x1b",
                      lead_headlines=("</summary><x>", "\u2028行"), page="p/页 1.html", epub="b/书 #1.epub",
                      pdf=None, series="s\x07")
    root = tmp_path / "site"
    root.mkdir()
    write_catalogue(root, [rec], site_title="<t>")
    files = [p for p in root.rglob("*") if p.is_file()]
    assert all(root in p.resolve().parents for p in files)
    assert all(".." not in p.relative_to(root).parts for p in files)
    for path in root.rglob("*.xml"):
        etree.parse(str(path))                      # well-formed
    month = next(root.rglob("2025-01.xml"))
    entry = _feed(month).xpath("a:entry", namespaces=NS)[0]
    assert entry.findtext("a:title", namespaces=NS) == "ab<c>&"
    assert entry.findtext("a:summary", namespaces=NS) == "</summary><x>；\u2028行"
    href = entry.xpath(f"a:link[@rel='{ACQ}']/@href", namespaces=NS)[0]
    assert href.endswith("b/%E4%B9%A6%20%231.epub")


def test_records_refuse_paths_outside_the_site():
    for bad in ("../x.html", "/etc/passwd", "a/../../x", "", "a\\b"):
        with pytest.raises(ValueError, match="not a relative path inside the site"):
            IssueRecord(paper="p", date=datetime.date(2025, 1, 1), title="t", lead_headlines=(),
                        page=bad, epub=None, pdf=None, series="p")


def test_never_writes_through_a_link_in_the_folder(tmp_path, made):
    _, records = made
    root = tmp_path / "site"
    elsewhere = tmp_path / "elsewhere"
    root.mkdir()
    elsewhere.mkdir()
    os.symlink(elsewhere, root / "opds")
    with pytest.raises(OutputError, match="symbolic link"):
        write_catalogue(root, records, site_title="t")
    assert list(elsewhere.iterdir()) == []
    os.unlink(root / "opds")
    (root / "opds").mkdir()
    victim = tmp_path / "victim.xml"
    victim.write_text("keep", "utf-8")
    os.symlink(victim, root / "opds.xml")
    with pytest.raises(OutputError, match="symbolic link"):
        write_catalogue(root, records, site_title="t")
    assert victim.read_text("utf-8") == "keep"


@pytest.mark.slow
def test_covers_drawn_in_worker_processes_are_the_same(tmp_path):
    """Enough covers to draw go to a process pool; the files are those one process draws."""
    start = datetime.date(2025, 1, 1)
    records = [IssueRecord(paper="九江日报", date=start + datetime.timedelta(days=i), title=f"九江日报 {i}",
                           lead_headlines=(f"第{i}条要闻",), page=f"p/{i}.html", epub=None, pdf=None,
                           series="九江日报") for i in range(34)]
    files = {}
    for jobs in (1, 2):
        root = tmp_path / f"jobs{jobs}"
        root.mkdir()
        write_catalogue(root, records, site_title="t", jobs=jobs)
        files[jobs] = {p.relative_to(root): p.read_bytes() for p in sorted(root.rglob("*.jpg"))}
    assert len(files[1]) == 68
    assert files[1] == files[2]


def test_an_empty_catalogue_is_valid_and_says_it_is_empty(tmp_path):
    write_catalogue(tmp_path, [], site_title="空")
    top = _feed(tmp_path / "opds.xml")
    assert top.findtext("a:subtitle", namespaces=NS) == "目录为空：网站里还没有任何一期"
    assert top.xpath("a:entry", namespaces=NS) == []
    doc = json.loads((tmp_path / "opds.json").read_text("utf-8"))
    assert doc["navigation"] == [{"href": "opds.json", "title": "空", "type": "application/opds+json"}]

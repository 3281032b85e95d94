"""The tagged PDF (PDF/UA-1 by default), read the way assistive technology and
checkers read it: poppler's structure text, the pdfua checker, the marked content
and the XMP metadata (pikepdf)."""

from __future__ import annotations

import functools
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

pytest.importorskip("weasyprint")
pikepdf = pytest.importorskip("pikepdf")

import paper2book  # noqa: E402
from paper2book.config import schema  # noqa: E402
from paper2book.config.options import RenderOptions  # noqa: E402
from paper2book.errors import ConfigError  # noqa: E402
from paper2book.model import Book  # noqa: E402

from helpers import pdf as H  # noqa: E402
from helpers.cli import run_cli  # noqa: E402

pytestmark = pytest.mark.external("poppler")


def render(book: Book, path: Path, **options) -> Path:
    return paper2book.write(book, "pdf", path, RenderOptions(**options))


def two_issues() -> Book:
    # Small: poppler's -struct-text takes ~1 s a page.
    a = H.make_issue(2, 2, seed=31, paragraphs=(3, 8))
    b = H.make_issue(1, 2, seed=32, paragraphs=(3, 8), newspaper="江西日报",
                     date=H.dt.date(2025, 12, 4))
    return Book("两份报纸", a.issues + b.issues)


@pytest.fixture(scope="module", params=["seed", "two issues"])
def books(request, tmp_path_factory):
    """A book, its tagged PDF (the default) and its untagged one (``pdf_variant: none``)."""
    book = H.seed_book() if request.param == "seed" else two_issues()
    folder = tmp_path_factory.mktemp("tags")
    return book, render(book, folder / "tagged.pdf"), render(book, folder / "plain.pdf",
                                                              pdf_variant="none")


# ---- poppler's structure text ------------------------------------------------------

@dataclass
class Node:
    tag: str
    children: list[Node] = field(default_factory=list)
    text: str = ""                        # a text leaf's own text

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()

    def all_text(self) -> str:
        return self.text + "".join(c.all_text() for c in self.children)


@functools.lru_cache(maxsize=4)
def structure(pdf: Path) -> Node:
    """``pdfinfo -struct-text`` as a tree: elements by tag, text leaves as tag ``"text"``."""
    out = subprocess.run(["pdfinfo", "-struct-text", str(pdf)], capture_output=True, text=True,
                         check=True).stdout
    root = Node("root")
    stack = [(-1, root)]
    for line in out.splitlines():
        if not line.strip():
            continue
        depth = (len(line) - len(line.lstrip(" "))) // 2
        content = line.strip()
        is_text = content.startswith('"')
        node = Node("text", text=content[1:-1]) if is_text else Node(content.split()[0])
        while stack[-1][0] >= depth:
            stack.pop()
        stack[-1][1].children.append(node)
        stack.append((depth, node))
    return root


def headings(tree: Node) -> list[tuple[str, str]]:
    return [(n.tag, n.all_text()) for n in tree.walk() if re.fullmatch(r"H[1-6]", n.tag)]


def _months(book: Book) -> list[str]:
    """The 总目录's month groups of a book of several issues (none for one issue)."""
    if len(book.issues) < 2:
        return []
    return list(dict.fromkeys(f"{i.date.year}年{i.date.month}月" for i in book.issues))


def expected_headings(book: Book) -> list[tuple[str, str]]:
    out = []
    if len(book.issues) > 1:      # the volume's title page and 总目录 come first
        # The title page sets the papers as a masthead and the rest of the title as its H1.
        papers = "、".join(dict.fromkeys(i.newspaper for i in book.issues)) + " "
        heading = book.title[len(papers):] if book.title.startswith(papers) else book.title
        out += [("H1", heading), ("H2", "总目录")]     # its month groups are TOC entries
    for issue in book.issues:
        out += [("H1", issue.newspaper), ("H2", "本期目录")]
        for page in issue.pages:
            out.append(("H2", f"第{page.number}版│{page.name}" if page.name else f"第{page.number}版"))
            for a in page.articles:
                out.append(("H3", a.title))
                out += [("H4", h.text + (h.subtitle or "")) for h in a.headings]
    return out


def test_tagged_by_default_and_untagged_with_none(books):
    _, tagged, plain = books
    info = subprocess.run(["pdfinfo", str(tagged)], capture_output=True, text=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M), info
    info = subprocess.run(["pdfinfo", str(plain)], capture_output=True, text=True).stdout
    assert re.search(r"^Tagged:\s+no$", info, re.M), info


def test_pdfua_check_passes(books):
    pytest.importorskip("pdfua")
    _, tagged, _ = books
    r = subprocess.run([sys.executable, "-m", "pdfua", "check", str(tagged)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "PASS" in r.stdout, r.stdout


def test_headings_in_reading_order(books):
    book, tagged, _ = books
    assert headings(structure(tagged)) == expected_headings(book)


def test_paragraphs_are_p(books):
    book, tagged, _ = books
    ps = "".join(n.all_text() for n in structure(tagged).walk() if n.tag == "P")
    for a in book.articles:
        for p in a.paragraphs:
            assert p.text[:20] in ps


def test_no_leaders_running_heads_or_page_numbers_in_the_structure(books):
    book, tagged, _ = books
    tree = structure(tagged)
    texts = [n.text for n in tree.walk() if n.tag == "text"]
    assert not [t for t in texts if t and set(t) <= set("…. ")], "leader dots in the structure"
    for issue in book.issues:
        head = f"{issue.newspaper} {issue.date_label} {issue.weekday}"     # the running head
        assert head not in texts
    # Numbers alone are the contents' page references, inside their links; a page
    # number of a running head would stand outside any link.
    def numbers_outside_links(node: Node, in_link: bool = False):
        for c in node.children:
            if c.tag == "text" and c.text.strip().isdigit() and not in_link:
                yield c.text
            yield from numbers_outside_links(c, in_link or c.tag == "Link")
    assert not list(numbers_outside_links(tree))


def test_contents_are_a_toc(books):
    book, tagged, _ = books
    tree = structure(tagged)
    tocs = [n for n in tree.walk() if n.tag == "TOC" and n.children and n.children[0].tag == "TOCI"]
    entries = [n for n in tree.walk() if n.tag == "TOCI"]
    assert tocs
    volume = len(_months(book)) + (len(book.issues) if len(book.issues) > 1 else 0)
    assert len(entries) == sum(len(p.articles) + 1 for i in book.issues for p in i.pages) + volume
    assert not [n for n in tree.walk() if n.tag in ("L", "LI", "LBody")]
    for entry in entries:
        assert entry.all_text().strip()
    toc_text = "".join(n.all_text() for n in tocs)
    for a in book.articles:
        assert a.title in toc_text


def test_captions_are_paragraphs_not_orphan_captions(books):
    book, tagged, _ = books
    tree = structure(tagged)
    assert not [n for n in tree.walk() if n.tag == "Caption"]
    ps = "".join(n.all_text() for n in tree.walk() if n.tag == "P")
    for a in book.articles:
        for c in a.captions:
            assert c[:15] in ps


def test_text_unchanged_by_tagging(books):
    _, tagged, plain = books
    for mode in ((), ("-raw",), ("-layout",)):
        assert H.pdftotext(tagged, *mode) == H.pdftotext(plain, *mode), mode


# ---- marked content (pikepdf) -------------------------------------------------------

def _reachable(root) -> set:
    seen, todo = set(), [root]
    while todo:
        elem = todo.pop()
        if not isinstance(elem, pikepdf.Dictionary) or elem.objgen in seen:
            continue
        seen.add(elem.objgen)
        kids = elem.get("/K")
        if kids is not None:
            todo += list(kids) if isinstance(kids, pikepdf.Array) else [kids]
    return seen


def test_marked_content_maps_to_the_structure_and_keeps_actualtext(books):
    """Every MCID belongs to an element of the tree (no orphans); running heads are
    pagination artifacts; the justification's /ActualText sits inside tagged text."""
    book, tagged, _ = books
    with pikepdf.open(tagged) as pdf:
        tree = pdf.Root.StructTreeRoot
        nums = tree.ParentTree.Nums
        parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        reachable = _reachable(tree)
        actual_text = pagination = 0
        # Pages without running head: a volume's title page and 总目录, blank versos.
        bare = 1 if len(book.issues) > 1 else 0
        for n, page in enumerate(pdf.pages):
            if not page.get("/Contents") or (n == 0 and len(book.issues) > 1) or not any(
                    str(op) in ("Tj", "TJ") for _, op in pikepdf.parse_content_stream(page)):
                bare += 1
            stack: list[int | None] = []
            mcids = []
            for operands, op in pikepdf.parse_content_stream(page):
                if str(op) in ("BDC", "BMC"):
                    props = operands[1] if str(op) == "BDC" else None
                    if not isinstance(props, pikepdf.Dictionary):
                        props = pikepdf.Dictionary()
                    mcid = int(props.MCID) if "/MCID" in props else None
                    if "/ActualText" in props:
                        assert any(m is not None for m in stack), "ActualText outside tagged text"
                        actual_text += 1
                    if str(operands[0]) == "/Artifact" and props.get("/Type") == "/Pagination":
                        assert not any(m is not None for m in stack)
                        pagination += 1
                    stack.append(mcid)
                    if mcid is not None:
                        mcids.append(mcid)
                elif str(op) == "EMC":
                    stack.pop()
            assert not stack
            assert mcids == list(range(len(mcids))), n
            elems = parents[int(page.obj.StructParents)]
            for mcid in mcids:
                elem = elems[mcid]
                kids = elem.K if isinstance(elem.K, pikepdf.Array) else [elem.K]
                assert mcid in [int(k) for k in kids if isinstance(k, int)]
                assert elem.objgen in reachable, f"page {n + 1}: MCID {mcid} in no structure"
        assert actual_text > 20
        # label, paper and date, page number on every page but the fronts
        assert pagination >= 3 * (len(pdf.pages) - len(book.issues) - bare)


def test_catalog_lang_title_and_xmp(books):
    book, tagged, _ = books
    with pikepdf.open(tagged) as pdf:
        assert str(pdf.Root.Lang) == "zh-CN"
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle) is True
        assert bool(pdf.Root.MarkInfo.Marked) is True
        xmp = pdf.Root.Metadata.read_bytes().decode("utf-8")
    assert 'pdfuaid:part="1"' in xmp
    assert f'<rdf:li xml:lang="x-default">{book.title}</rdf:li>' in xmp
    for paper in dict.fromkeys(i.newspaper for i in book.issues):
        assert f"<rdf:li>{paper}</rdf:li>" in xmp


# ---- variants ------------------------------------------------------------------------

@pytest.mark.slow
def test_pdf_a_3b_from_the_command_line(tmp_path):
    out = tmp_path / "a.pdf"
    r = run_cli(str(H.SEED), "--pdf", "--pdf-variant", "pdf/a-3b", "-o", str(out), timeout=120)
    assert r.returncode == 0, r.stderr
    with pikepdf.open(out) as pdf:
        xmp = pdf.Root.Metadata.read_bytes().decode("utf-8")
        assert str(pdf.Root.OutputIntents[0].S) == "/GTS_PDFA1"
        assert "/StructTreeRoot" in pdf.Root               # tagged too: only "none" is not
    assert re.search(r'pdfaid:part="3"\s+pdfaid:conformance="B"', xmp), xmp


def test_variant_from_the_config_file(tmp_path):
    (tmp_path / "paper2book.yaml").write_text("pdf_variant: none\n", encoding="utf-8")
    out = tmp_path / "n.pdf"
    r = run_cli(str(H.SEED), "--pdf", "-o", str(out), cwd=tmp_path, timeout=120)
    assert r.returncode == 0, r.stderr
    with pikepdf.open(out) as pdf:
        assert "/StructTreeRoot" not in pdf.Root


def test_unknown_variant_refused_everywhere(tmp_path):
    r = run_cli(str(H.SEED), "--pdf", "--pdf-variant", "pdf/a-9", "-o", str(tmp_path / "x.pdf"))
    assert r.returncode == 2 and "unknown PDF variant 'pdf/a-9'" in r.stderr, r.stderr
    (tmp_path / "paper2book.yaml").write_text("pdf_variant: pdf/ua-9\n", encoding="utf-8")
    r = run_cli(str(H.SEED), "--json", "-o", str(tmp_path / "x.json"), cwd=tmp_path)
    assert r.returncode == 1 and "pdf_variant: unknown PDF variant 'pdf/ua-9'" in r.stderr
    with pytest.raises(ConfigError, match="unknown PDF variant"):
        render(H.seed_book(), tmp_path / "x.pdf", pdf_variant="debug")
    assert not list(tmp_path.glob("x.*"))


def test_the_variant_list_is_weasyprints():
    from weasyprint.pdf import VARIANTS

    from paper2book.backends.pdf import weasy
    assert set(schema.PDF_VARIANTS) == set(VARIANTS) - {"debug"} == set(weasy.variants())
    assert schema.DEFAULTS["pdf_variant"] == "pdf/ua-1" == RenderOptions().pdf_variant


def test_checking_a_variant_does_not_load_weasyprint():
    code = ("import sys; from paper2book import config\n"
            "config.validate({'pdf_variant': 'pdf/a-3b'}, 'c.yaml')\n"
            "print('weasyprint' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"

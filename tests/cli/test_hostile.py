"""A dump whose text is hostile: it must arrive as text in every output, and stay valid."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree, html

from helpers import cli

BODY = ("  正文<script>alert('x')</script> & ]]> 控\x01制\x0b字\x1c符 😀 𠀀 <!-- c --> &amp;"
        " <img src=http://example.com/x.png>")
DUMP = ("电子报阅读机\n2025-12-06\n星期六\n当前报纸名称:测试报<b>\n\n标题<i>斜</i> & ]]>\n\n"
        "日期:12-03\n字号:\n版面:第01版:要闻&<   上一篇  下一篇\n\n"
        "  图为<script>说明</script>\n\n  本报记者 <张三>\n\n"
        f"{BODY}\n\n  第二段。\n")


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "h.txt").write_text(DUMP, encoding="utf-8")
    r = cli.run_cli("h.txt", "--epub", "--html", "--json", cwd=folder)
    assert r.returncode == 0, r.stderr
    return folder


def test_model_keeps_text_drops_controls(outputs):
    import json

    book = json.loads((outputs / "h.json").read_text(encoding="utf-8"))
    art = book["issues"][0]["pages"][0]["articles"][0]
    body = art["blocks"][0]["text"]
    assert "<script>alert('x')</script>" in body and "😀" in body and "𠀀" in body
    assert "控制字符" in body
    assert book["issues"][0]["newspaper"] == "测试报<b>"


@pytest.mark.slow
@pytest.mark.external("epubcheck")
def test_epub_passes_epubcheck(outputs, run_cli):
    r = run_cli("h.txt", "--epub", "--validate", "-o", "checked.epub", cwd=outputs)
    assert r.returncode == 0, r.stderr
    assert "checked.epub: valid (0 fatal, 0 errors, 0 warnings)" in r.stderr, r.stderr


def test_epub_text_is_text(outputs):
    epub = outputs / "h.epub"
    with zipfile.ZipFile(epub) as z:
        docs = {n: z.read(n) for n in z.namelist() if n.endswith(".xhtml")}
    article = next(v for n, v in docs.items() if n.endswith("-a01.xhtml"))
    tree = etree.fromstring(article)
    ns = {"x": "http://www.w3.org/1999/xhtml"}
    assert not tree.xpath("//x:script | //x:img | //x:b | //x:i", namespaces=ns)
    text = "".join(tree.itertext())
    assert "<script>alert('x')</script>" in text and "]]>" in text and "𠀀" in text
    assert "标题<i>斜</i>" in text


def test_html_is_text_too(outputs):
    doc = html.fromstring((outputs / "h.html").read_bytes())
    assert not doc.xpath("//script | //img | //b | //i")
    assert "<script>alert('x')</script>" in doc.text_content()

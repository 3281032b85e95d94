"""A character the body font lacks: drawn from the fallback fonts, or printed as 〓
with one warning when no installed font has it; refused only with strict_glyphs."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

import pytest

pytest.importorskip("weasyprint")

import paper2book
from paper2book import fonts
from paper2book.backends.pdf import css, glyphs
from paper2book.config import schema
from paper2book.config.options import RenderOptions
from paper2book.errors import ConfigError
from paper2book.model import Paragraph

from helpers import pdf as H
from helpers.cli import run_cli
from helpers.tools import under_ci

pytestmark = pytest.mark.external("poppler")

EXT_B, EMOJI, NOWHERE = "\U00020000", "\U0001f600", "\U0010fffd"   # 𠀀, 😀, private use
DUMP = ("电子报阅读机\n2025-12-06\n星期六\n当前报纸名称:测试报\n\n生僻字标题\n\n"
        "日期:12-03\n字号:\n版面:第01版:要闻   上一篇  下一篇\n\n  本报记者 张三\n\n"
        "  正文里有一个生僻字{0}和一个表情{1}，后面是句号。\n\n  第二段{2}。\n")


def dump(tmp_path: Path, *chars: str) -> Path:
    path = tmp_path / "rare.txt"
    path.write_text(DUMP.format(*chars, "", ""), encoding="utf-8")
    return path


@pytest.fixture
def fallbacks_installed():
    missing = fonts.missing_fallbacks()
    if missing:
        reason = f"fallback fonts not installed: apt-get install {' '.join(missing)}"
        if under_ci():
            pytest.fail(f"{reason} (scripts/setup.sh installs them)", pytrace=False)
        pytest.skip(reason)


def warnings_of(stderr: str) -> list[str]:
    return [ln for ln in stderr.splitlines() if ln.startswith("paper2book: warning:")]


def test_ext_b_and_emoji_come_from_the_fallback_fonts(tmp_path, fallbacks_installed):
    src, out = dump(tmp_path, EXT_B, EMOJI), tmp_path / "rare.pdf"
    r = run_cli(str(src), "--pdf", "-o", str(out), timeout=120)
    assert r.returncode == 0 and not warnings_of(r.stderr), r.stderr
    rows = H.pdffonts(out)
    names = " ".join(row["name"] for row in rows)
    assert "HanaMinB" in names and ("Symbola" in names or "Emoji" in names), names
    assert all(row["emb"] == "yes" and "Type 3" not in row["type"] for row in rows), rows
    text = H.pdftotext(out)
    assert EXT_B in text and EMOJI in text and glyphs.REPLACEMENT not in text


def test_what_no_font_has_is_printed_as_a_geta_mark_with_one_warning(tmp_path):
    src = tmp_path / "rare.txt"
    src.write_text(DUMP.format(NOWHERE, "", NOWHERE), encoding="utf-8")
    out = tmp_path / "rare.pdf"
    r = run_cli(str(src), "--pdf", "-o", str(out), timeout=120)
    assert r.returncode == 0, r.stderr
    [warning] = warnings_of(r.stderr)
    assert f"{NOWHERE} (U+10FFFD) in {src.name}:6 (生僻字标题)" in warning or \
        f"(U+10FFFD) in {src}:6 (生僻字标题)" in warning, warning
    assert warning.count("U+10FFFD") == 1
    assert "printed as 〓 (U+3013)" in warning
    assert "fonts:" in warning and "options.fonts" not in warning
    assert "fonts-noto-cjk-extra" not in warning
    text = H.pdftotext(out)
    assert NOWHERE not in text and text.count("〓") == 2


@pytest.mark.allow_warnings
def test_a_machine_without_the_fallbacks_warns_and_names_their_packages(tmp_path, monkeypatch,
                                                                         caplog):
    """What fontconfig reports decides: here no font has 𠀀 and no fallback is installed."""
    monkeypatch.setattr(fonts, "uncovered", lambda chars, family: [c for c in chars if c == EXT_B])
    monkeypatch.setattr(fonts, "missing_fallbacks", lambda: ["fonts-hanazono", "fonts-symbola"])
    book = paper2book.read([dump(tmp_path, EXT_B, "")])
    out = paper2book.write(book, "pdf", tmp_path / "x.pdf", RenderOptions())
    warned = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warned) == 1 and warned[0].name == "paper2book", warned
    message = warned[0].getMessage()
    assert "𠀀 (U+20000) in" in message and "rare.txt:6 (生僻字标题)" in message
    assert "apt-get install fonts-hanazono fonts-symbola" in message
    assert "fallback_fonts:" in message
    text = H.pdftotext(out)
    assert EXT_B not in text and "〓" in text


@pytest.mark.parametrize("how", ["flag", "config"])
def test_strict_glyphs_refuses(tmp_path, how):
    src = tmp_path / "rare.txt"
    src.write_text(DUMP.format(NOWHERE, "", ""), encoding="utf-8")
    out = tmp_path / "rare.pdf"
    if how == "flag":
        r = run_cli(str(src), "--pdf", "--strict-glyphs", "-o", str(out), timeout=120)
    else:
        (tmp_path / "paper2book.yaml").write_text("strict_glyphs: true\n", encoding="utf-8")
        r = run_cli(str(src), "--pdf", "-o", str(out), timeout=120)
    assert r.returncode == 1, r.stderr
    assert "U+10FFFD" in r.stderr and "not writing a PDF with missing characters" in r.stderr
    assert "fonts:" in r.stderr and "options.fonts" not in r.stderr
    assert "fonts-noto-cjk-extra" not in r.stderr
    assert not out.exists()


def test_spaces_joiners_and_variation_selectors_need_no_glyph(monkeypatch):
    seen = []
    monkeypatch.setattr(fonts, "uncovered", lambda chars, family: seen.extend(chars) or [])
    art = H.seed_article()
    book = H.seed_book(replace(art, blocks=(Paragraph("甲\u200d\ufe0f\u00ad\u3000 \ue000乙"), *art.blocks)))
    found = glyphs.find(book, "Noto Serif CJK SC")
    assert list(found) == ["\ue000"]            # private use: missing whatever a font claims
    assert not {"\u200d", "\ufe0f", "\u00ad", "\u3000", " ", "\ue000"} & set(seen)


def test_font_stacks_end_in_the_fallbacks():
    cjk = {"body": "Noto Serif CJK SC", "heads": "Noto Sans CJK SC", "captions": "Noto Sans CJK SC"}
    structure, overrides = css.option_css(RenderOptions(fonts={"body": "LXGW WenKai"}), cjk)
    assert ('--p2b-font-body: "Noto Serif CJK SC", "HanaMinB", "Symbola", "BabelStone Han", serif;'
            in structure)
    assert ('--p2b-font-body: "LXGW WenKai", "Noto Serif CJK SC", "HanaMinB", "Symbola", '
            '"BabelStone Han", serif;' in overrides)
    _, overrides = css.option_css(RenderOptions(fonts={"heads": "A"}, fallback_fonts=""), cjk)
    assert '--p2b-font-heads: "A", "Noto Sans CJK SC", sans-serif;' in overrides


def test_fallback_fonts_option_checked():
    assert schema.fallback_families(" HanaMinB ,Symbola,") == ["HanaMinB", "Symbola"]
    assert schema.DEFAULTS["fallback_fonts"] == ", ".join(schema.FALLBACK_FONTS)
    assert set(fonts.FALLBACK_PACKAGES) == set(schema.FALLBACK_FONTS)
    with pytest.raises(ConfigError):
        schema.fallback_families('Evil"; } *{display:none')
    with pytest.raises(ConfigError):
        css.option_css(RenderOptions(fallback_fonts="a;b"), {r.name: "X" for r in schema.FONT_ROLES})


def test_setup_installs_the_fallback_fonts():
    setup = (H.ROOT / "scripts" / "setup.sh").read_text(encoding="utf-8")
    runtime = setup.split("pkgs=(", 1)[1].split(")", 1)[0].split()
    assert set(fonts.FALLBACK_PACKAGES.values()) <= set(runtime)
    assert "fonts-noto-cjk-extra" not in setup


def test_the_same_chain_reaches_the_epub_and_html_stacks():
    css = ('p { font-family: "Noto Serif CJK SC", "Songti SC", serif; }\n'
           ':root { --cjk-sans: "Noto Sans CJK SC",\n  "PingFang SC", sans-serif; }\n'
           'h1 { font-family: var(--font-heads); }\n'
           '.x { font-family: "A", "HanaMinB", serif; }\n')
    assert fonts.with_fallbacks(css, ["HanaMinB", "Symbola"]) == (
        'p { font-family: "Noto Serif CJK SC", "Songti SC", "HanaMinB", "Symbola", serif; }\n'
        ':root { --cjk-sans: "Noto Sans CJK SC",\n  "PingFang SC", "HanaMinB", "Symbola", '
        'sans-serif; }\n'
        'h1 { font-family: var(--font-heads); }\n'
        '.x { font-family: "A", "HanaMinB", "Symbola", serif; }\n')
    from paper2book.backends import html
    page = html.render(H.seed_book())
    assert '"Noto Serif SC", "HanaMinB", "Symbola", "BabelStone Han", serif;' in page
    assert '"HanaMinB"' not in html.render(H.seed_book(), RenderOptions(fallback_fonts=""))

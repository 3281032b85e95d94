"""Issue 12: a byline keeps its marker as printed and its names are found after it."""

from __future__ import annotations

from pathlib import Path

import pytest

import paper2book
from paper2book.reader.body import split_content
from paper2book.reader.byline import parse_byline
from paper2book.reader.normalize import Normalizer, clean
from paper2book.reader.screens import Line

SEED = Path(__file__).resolve().parents[2] / "seeds" / "jiujiang-daily-2025-12-03-p03.txt"


@pytest.mark.parametrize("line, text, authors, credit", [
    ("□叶青", "□叶青", ["叶青"], None),
    ("□ 本报记者 钱七", "□ 本报记者 钱七", ["钱七"], None),
    ("□\u00a0本报记者\u00a0钱 七", "□ 本报记者 钱七", ["钱七"], None),
    ("■ 叶 青 文", "■ 叶青 文", ["叶青"], "文"),
    ("□ 江西日报 记者 张三", "□ 江西日报 记者 张三", ["张三"], None),
    # A one-character name part that is also a credit word: a credit is only the last token.
    ("本报记者 文 静", "本报记者 文静", ["文静"], None),
    ("本报记者 杨 图 摄", "本报记者 杨图 摄", ["杨图"], "摄"),
    ("记者 王 文", "记者 王 文", ["王"], "文"),
    # Unchanged forms.
    ("江西日报记者 杨 静 文/图", "江西日报记者 杨静 文/图", ["杨静"], "文/图"),
    ("记者 李 四 通讯员 王 五", "记者 李四 通讯员 王五", ["李四", "王五"], None),
    ("本报通讯员 赵六 摄", "本报通讯员 赵六 摄", ["赵六"], "摄"),
])
def test_bylines(line, text, authors, credit):
    b = parse_byline(clean(line))       # the reader hands over lines cleaned once
    assert (b.text, b.authors, b.credit) == (text, authors, credit)


@pytest.mark.parametrize("line, editor", [
    ("（责任编辑：孙 八）", "孙八"),
    ("(责任编辑:孙八)", "孙八"),
    ("责编：孙 八 李 九", "孙八 李九"),
    ("编辑：王 文", "王文"),
])
def test_editor_keeps_padded_names_together(line, editor):
    content = split_content([Line(1, line, line), Line(2, "  正文。", "正文。")][::-1],
                            Normalizer())
    assert content.editor == editor


def test_a_marker_byline_through_the_reader(tmp_path):
    lines = SEED.read_text(encoding="utf-8").split("\n")
    text = "\n".join("  □叶青" if "江西日报记者" in line else line for line in lines)
    (tmp_path / "m.txt").write_text(text, encoding="utf-8")
    art = paper2book.read(tmp_path / "m.txt").articles[0]
    assert (art.byline, art.authors, art.credit) == ("□叶青", ("叶青",), None)

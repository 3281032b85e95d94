"""--print-config: every setting in force, defaults included, each with its help; a valid config."""

from __future__ import annotations

import subprocess
import sys

import pytest
import yaml

from paper2book import config
from paper2book.config import schema
from paper2book.config.printout import theme_page
from paper2book.theme import load_theme


def print_config(*args, cwd) -> str:
    r = subprocess.run([sys.executable, "-m", "paper2book", "--print-config", *args], cwd=cwd,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    return r.stdout


def line(text: str, key: str) -> str:
    found = [ln for ln in text.splitlines() if ln.lstrip().startswith(f"{key}:")]
    assert len(found) == 1, (key, text)
    return found[0]


def test_defaults_shown_with_their_help(tmp_path):
    out = print_config(cwd=tmp_path)
    shown = yaml.safe_load(out)
    assert shown["paper"] == "A4" and shown["columns"] == 2
    assert shown["margins"] == "20mm 13mm 15mm 17mm"      # the newspaper theme's pdf.css
    assert shown["fonts"] == {"body": "Noto Serif CJK SC", "heads": "Noto Sans CJK SC",
                              "captions": "Noto Sans CJK SC"}
    assert shown["language"] == "zh-CN" and shown["theme"] == "newspaper"
    assert shown["punctuation"] is True and shown["embed_fonts"] is False
    for key in ("paper", "columns", "margins"):
        assert f"# (theme newspaper) {schema.SCHEMA[key].help}" in line(out, key)
    for role in schema.FONT_ROLES:
        assert f"# (default) {role.help}" in line(out, role.name)
    # Known only once the inputs are read: shown, commented out, with what unset means.
    assert "# title:" in out and schema.SCHEMA["title"].unset in out
    assert "title" not in shown


def test_every_option_is_shown(tmp_path):
    out = print_config(cwd=tmp_path)
    for key, spec in schema.SCHEMA.items():
        assert f"{key}:" in out and spec.help in out, key


def test_the_theme_decides_what_is_unset_and_an_explicit_value_beats_it(tmp_path):
    out = print_config("--theme", "book", cwd=tmp_path)
    assert "# (theme book)" in line(out, "paper")
    assert yaml.safe_load(out)["paper"] == "A5" and yaml.safe_load(out)["columns"] == 1
    (tmp_path / "paper2book.yaml").write_text("theme: book\npaper: A4\n", encoding="utf-8")
    out = print_config(cwd=tmp_path)
    assert yaml.safe_load(out)["paper"] == "A4" and "theme" not in line(out, "paper").split("#")[1]
    assert yaml.safe_load(out)["columns"] == 1


def test_theme_page_reads_a_theme_folder(tmp_path):
    (tmp_path / "pdf.css").write_text(
        "/* @page { size: A3; } */\n:root { --p2b-columns: 3; }\n"
        "@page { @top-left { content: 'x'; } size: B5; margin: 1cm 2cm; }\n"
        "@page :left { size: A6; margin: 0; }\n", encoding="utf-8")
    assert theme_page(load_theme(str(tmp_path))) == {"paper": "B5", "columns": 3, "margins": "1cm 2cm"}
    (tmp_path / "pdf.css").unlink()
    assert theme_page(load_theme(str(tmp_path))) == {"paper": "A4", "columns": 2}


@pytest.mark.parametrize("text", [
    "",
    ("title: 年度合订本\nauthor: 九江日报社\npaper: 148mmx210mm\nmargins: 18mm 15mm\ncolumns: 3\n"
    "fonts:\n  body: LXGW WenKai\ntheme: book\npunctuation: false\nembed_fonts: true\n"
    "templates: mine\nnewspapers:\n  九江日报:\n    display_name: 九江日报·周末\n"
    "    masthead_color: '#b3141b'\n    columns: 1\n  其他报: {}\n"
    "backends:\n  pdf:\n    anything: [1, 2]\n"),
    # YAML that needs quoting; a line break in a title is refused (test_values.py).
    "title: \"标题: 不是 # 注释\"\nlanguage: zh-TW\n",
])
def test_printed_config_read_back_gives_the_same_settings(tmp_path, text):
    (tmp_path / "mine").mkdir()
    (tmp_path / "paper2book.yaml").write_text(text, encoding="utf-8")
    first = print_config(cwd=tmp_path)
    printed = tmp_path / "printed.yaml"
    printed.write_text(first, encoding="utf-8")
    again = print_config("--config", str(printed), cwd=tmp_path)
    assert yaml.safe_load(again) == yaml.safe_load(first)
    assert config.validate(yaml.safe_load(first), "printed") == yaml.safe_load(first)

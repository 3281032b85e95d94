"""paper2book.yaml: schema errors all at once, typo suggestions, flags over file."""

from __future__ import annotations

import pytest
import yaml

from paper2book import config
from paper2book.errors import ConfigError

from helpers.cli import run_cli as cli
from helpers.seed import SEED


def test_typo_warns_with_file_key_and_suggestion(tmp_path):
    (tmp_path / "paper2book.yaml").write_text("colums: 2\n", encoding="utf-8")
    (tmp_path / "issue.txt").write_bytes(SEED.read_bytes())
    r = cli("issue.txt", "--json", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    line = [ln for ln in r.stderr.splitlines() if "colums" in ln]
    assert line and "paper2book.yaml" in line[0] and "'columns'" in line[0]


def test_wrong_types_all_reported_nothing_written(tmp_path):
    (tmp_path / "paper2book.yaml").write_text(
        "columns: two\nfonts:\n  body: 3\nnewspapers:\n  九江日报:\n    masthead_color: 12\n"
        "paper: A9\n", encoding="utf-8")
    (tmp_path / "issue.txt").write_bytes(SEED.read_bytes())
    r = cli("issue.txt", "--json", cwd=tmp_path)
    assert r.returncode == 1
    err = r.stderr.strip()
    assert err.count("\n") == 0 and "Traceback" not in err
    for path in ("columns:", "fonts.body:", "newspapers.九江日报.masthead_color:", "paper:"):
        assert path in err, (path, err)
    assert "paper2book.yaml" in err
    assert not (tmp_path / "issue.json").exists()


def test_bad_yaml_names_line(tmp_path):
    p = tmp_path / "c.yaml"
    p.write_text("title: ok\ncolumns: [1,\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"c\.yaml:\d+: not valid YAML"):
        config.load(p)


def test_flags_override_file_and_print_config(tmp_path):
    (tmp_path / "paper2book.yaml").write_text(
        "columns: 1\npaper: A5\ntitle: 年度合订本\n"
        "newspapers:\n  九江日报:\n    display_name: 九江日报·周末\n",
        encoding="utf-8")
    r = cli("--print-config", "--columns", "3", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    shown = yaml.safe_load(r.stdout)
    assert shown["columns"] == 3 and shown["paper"] == "A5" and shown["title"] == "年度合订本"
    assert shown["newspapers"]["九江日报"]["display_name"] == "九江日报·周末"
    # What --print-config prints is itself a valid config.
    assert config.validate(shown, "printed") == shown


def test_config_beside_input_wins_over_cwd(tmp_path):
    here, there = tmp_path / "here", tmp_path / "there"
    here.mkdir()
    there.mkdir()
    (here / "paper2book.yaml").write_text("title: 这里\n", encoding="utf-8")
    (there / "paper2book.yaml").write_text("title: 那里\n", encoding="utf-8")
    (there / "issue.txt").write_bytes(SEED.read_bytes())
    assert config.find(None, [str(there / "issue.txt")]) == there / "paper2book.yaml"
    r = cli(str(there / "issue.txt"), "--json", "-o", str(tmp_path / "o.json"), cwd=here)
    assert r.returncode == 0 and "那里" in (tmp_path / "o.json").read_text(encoding="utf-8")


def test_explicit_config_missing(tmp_path):
    r = cli("x.txt", "--config", "nope.yaml", cwd=tmp_path)
    assert r.returncode == 1 and "nope.yaml" in r.stderr


def test_punctuation_off_in_config(tmp_path):
    (tmp_path / "paper2book.yaml").write_text("punctuation: false\n", encoding="utf-8")
    (tmp_path / "issue.txt").write_bytes(SEED.read_bytes())
    r = cli("issue.txt", "--json", "-o", "o.json", cwd=tmp_path)
    assert r.returncode == 0
    assert "坐在一起,供需对接" in (tmp_path / "o.json").read_text(encoding="utf-8")


def test_unknown_theme_lists_known(tmp_path):
    (tmp_path / "issue.txt").write_bytes(SEED.read_bytes())
    r = cli("issue.txt", "--json", "--theme", "fancy", cwd=tmp_path)
    assert r.returncode == 2          # a flag's wrong value is a usage error
    assert "fancy" in r.stderr and "newspaper" in r.stderr and "book" in r.stderr


def test_config_accepts_and_refuses_what_the_pdf_does():
    ok = {"paper": "148mmx210mm", "margins": "18mm 15mm", "fonts": {"body": "LXGW WenKai"},
          "newspapers": {"九江日报": {"masthead_color": "darkred"}}}
    assert config.validate(ok, "c.yaml") == ok
    for bad, where in (({"paper": "A9"}, "paper:"), ({"margins": "1 2 3 4 5"}, "margins:"),
                       ({"fonts": {"heads": 'x"; } *{display:none'}}, "fonts.heads:")):
        with pytest.raises(ConfigError, match=where):
            config.validate(bad, "c.yaml")


@pytest.mark.allow_warnings
def test_nested_typo_warned_and_not_handed_on(caplog):
    checked = config.validate({"newspapers": {"九江日报": {"display_nam": "周末版", "columns": 3}}},
                              "c.yaml")
    assert checked == {"newspapers": {"九江日报": {"columns": 3}}}
    assert any("newspapers.九江日报.display_nam" in r.getMessage() and "'display_name'" in r.getMessage()
               for r in caplog.records)

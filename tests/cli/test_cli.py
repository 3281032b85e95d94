"""The command line as a user meets it: exit codes, messages, where files go."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from paper2book.cli import main

from helpers.seed import SEED


def test_json_beside_the_input(tmp_path):
    src = tmp_path / "issue.txt"
    src.write_bytes(SEED.read_bytes())
    assert main([str(src), "--json", "-q"]) == 0
    data = json.loads((tmp_path / "issue.json").read_text(encoding="utf-8"))
    art = data["issues"][0]["pages"][0]["articles"][0]
    assert art["title"] == "党建聚链 产业焕新"
    assert art["source"] == {"file": str(src), "line": 6}


def test_output_names_the_file_and_title_overrides(tmp_path):
    out = tmp_path / "sub" / "book.json"
    assert main([str(SEED), "--json", "-o", str(out), "--title", "我的书"]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["title"] == "我的书"


def test_stdin_to_stdout(run_cli):
    r = run_cli("-", "--json", "-o", "-", stdin=SEED.read_bytes())
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["issues"][0]["newspaper"] == "九江日报"


def test_folder_input(tmp_path):
    (tmp_path / "b.txt").write_bytes(SEED.read_bytes())
    (tmp_path / "a.txt").write_bytes(SEED.read_bytes().replace(b"12-03", b"12-02"))
    (tmp_path / "notes.md").write_text("not a dump")
    out = tmp_path / "o.json"
    assert main([str(tmp_path), "--json", "-o", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [i["date"] for i in data["issues"]] == ["2025-12-02", "2025-12-03"]
    assert data["title"] == "九江日报 2025年12月2日—12月3日"


def test_json_does_not_import_heavy_backends(tmp_path):
    code = ("import sys, paper2book, paper2book.cli as c;"
            f"c.main([{str(SEED)!r}, '--json', '-o', {str(tmp_path / 'x.json')!r}]);"
            "print(sorted(m for m in ('weasyprint', 'ebooklib') if m in sys.modules))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]"


@pytest.mark.parametrize("content, word", [
    (b"", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
    ("亲爱的朋友：\n\n  见字如面。今天天气很好。\n".encode(), "no article"),
])
def test_bad_input_one_line_exit_1(tmp_path, content, word, run_cli):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    r = run_cli(str(bad), "--json")
    assert r.returncode == 1
    err = r.stderr
    assert err.count("\n") == 1 and "Traceback" not in err
    # Named relative to the current folder (the test's tmp_path) as the reader names inputs.
    assert err.startswith(f"paper2book: error: {bad.name}: ") and word in err
    assert not (tmp_path / "bad.json").exists()


def test_missing_file_exit_1(tmp_path, run_cli):
    r = run_cli(str(tmp_path / "nope.txt"), "--json")
    assert r.returncode == 1 and "nope.txt" in r.stderr and "no such file" in r.stderr


def test_usage_errors_exit_2(run_cli):
    assert run_cli().returncode == 2
    r = run_cli(str(SEED), "--to", "docx")
    assert r.returncode == 2 and "available" in r.stderr
    assert run_cli("-", "--json", stdin=b"").returncode == 2


def test_failed_run_keeps_older_output(tmp_path):
    out = tmp_path / "book.json"
    out.write_text("older output")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    assert main([str(bad), "--json", "-o", str(out)]) == 1
    assert out.read_text() == "older output"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.txt", "book.json"]


def test_backend_failure_leaves_no_partial_file(tmp_path, monkeypatch):
    from paper2book import api
    from paper2book.backends.json_backend import JsonBackend

    class Broken(JsonBackend):
        def write(self, book, path, options):
            Path(path).write_text("half")
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(api.registry, "get", lambda name: Broken())
    out = tmp_path / "book.json"
    out.write_text("older output")
    assert main([str(SEED), "--json", "-o", str(out)]) == 1
    assert out.read_text() == "older output"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book.json"]


def test_damaged_screen_warns_with_file_and_line(tmp_path, run_cli):
    dump = tmp_path / "d.txt"
    dump.write_text("电子报阅读机\n2025-12-06\n星期六\n当前报纸名称:九江日报\n\n只有标题\n\n"
                    "日期:12-03\n字号:\n版面:第01版:要闻\n", encoding="utf-8")
    r = run_cli(str(dump), "--json", "-o", str(tmp_path / "d.json"))
    assert r.returncode == 0
    assert f"warning: {dump.name}:6:" in r.stderr and "no body" in r.stderr
    data = json.loads((tmp_path / "d.json").read_text(encoding="utf-8"))
    assert data["issues"][0]["pages"][0]["articles"][0]["blocks"] == []


def test_quiet_hides_warnings(tmp_path, run_cli):
    dump = tmp_path / "d.txt"
    dump.write_text("当前报纸名称:九江日报\n\n只有标题\n\n日期:12-03\n版面:第01版:要闻\n", encoding="utf-8")
    os.utime(dump, (1764892800, 1764892800))
    r = run_cli(str(dump), "--json", "-q")
    assert r.returncode == 0 and r.stderr == ""


def test_version_and_help(run_cli):
    assert run_cli("--version").stdout.startswith("paper2book ")
    assert "examples:" in run_cli("--help").stdout


def test_never_overwrites_an_input(tmp_path, run_cli):
    src = tmp_path / "issue.json"
    src.write_bytes(SEED.read_bytes())
    r = run_cli(str(src), "--json")
    assert r.returncode == 1 and "would overwrite the input issue.json" in r.stderr
    assert src.read_bytes() == SEED.read_bytes()


def test_internal_error_is_one_line(tmp_path, monkeypatch, capsys):
    from paper2book import api

    def boom(*a, **k):
        raise RuntimeError("unexpected")

    monkeypatch.setattr(api, "render", boom)   # what the CLI calls for each format
    assert main([str(SEED), "--json", "-o", str(tmp_path / "x.json")]) == 1
    assert list(tmp_path.iterdir()) == []

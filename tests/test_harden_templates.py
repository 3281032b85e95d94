"""Issue 12: templates are data.  A template folder that comes with a download cannot run
code or read files, and every template error is one line naming the template and line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from paper2book.errors import TemplateError
from paper2book.theme import load_theme

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "jiujiang-daily-2025-12-03-p03.txt"

# Each backend's main template, and what it writes.
BACKENDS = {"epub": "epub/article.xhtml.j2", "html": "html/book.html.j2", "pdf": "pdf/book.html.j2"}
ESCAPES = {
    "os.system": '{{ lipsum.__globals__["os"].system("touch MARKER") }}',
    "mro": "{{ ''.__class__.__mro__ }}",
    "cycler": "{{ cycler.__init__.__globals__ }}",
}


def _run(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "paper2book", "issue.txt", *args], cwd=folder,
                          capture_output=True, text=True, timeout=300, check=False)


def _folder(tmp_path: Path, template: str, text: str) -> Path:
    (tmp_path / "issue.txt").write_bytes(SEED.read_bytes())
    target = tmp_path / "tpl" / template
    target.parent.mkdir(parents=True)
    # Two lines of plain text first: the error must name line 3.
    target.write_text("<p>一</p>\n<p>二</p>\n" + text + "\n", encoding="utf-8")
    return tmp_path


def _assert_refused(r: subprocess.CompletedProcess, folder: Path, fmt: str, template: str,
                    line: int = 3) -> str:
    assert r.returncode == 1, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert "Traceback" not in r.stderr and "internal error" not in r.stderr
    assert f"{template}:{line}:" in lines[0], lines[0]
    assert not (folder / f"issue.{fmt}").exists()
    assert not list(folder.glob(".issue.*"))
    assert not (folder / "MARKER").exists()
    return lines[0]


@pytest.mark.parametrize("fmt", sorted(BACKENDS))
@pytest.mark.parametrize("escape", sorted(ESCAPES))
def test_a_template_cannot_reach_python(tmp_path, fmt, escape):
    folder = _folder(tmp_path, BACKENDS[fmt], ESCAPES[escape])
    r = _run(folder, f"--{fmt}", "--templates", "tpl")
    assert "not allowed in a template" in _assert_refused(r, folder, fmt, BACKENDS[fmt])


@pytest.mark.parametrize("fmt", sorted(BACKENDS))
def test_a_config_beside_the_input_cannot_run_code(tmp_path, fmt):
    folder = _folder(tmp_path, BACKENDS[fmt], ESCAPES["os.system"])
    (folder / "paper2book.yaml").write_text("templates: tpl\n", encoding="utf-8")
    _assert_refused(_run(folder, f"--{fmt}"), folder, fmt, BACKENDS[fmt])


@pytest.mark.parametrize("fmt", sorted(BACKENDS))
@pytest.mark.parametrize("include", ["/etc/passwd", "../../../../etc/passwd"])
def test_include_outside_the_folders_is_not_found(tmp_path, fmt, include):
    folder = _folder(tmp_path, BACKENDS[fmt], f'{{% include "{include}" %}}')
    line = _assert_refused(_run(folder, f"--{fmt}", "--templates", "tpl"), folder, fmt,
                           BACKENDS[fmt])
    assert f"template {include!r} not found" in line and "cannot write" not in line


@pytest.mark.parametrize("text, message", [
    ("{% if %}", "Expected an expression"),
    ("{{ no_such_name }}", "'no_such_name' is undefined"),
    ("{{ 1 / 0 }}", "ZeroDivisionError"),
    ("{{ issues.append(1) }}", "not allowed in a template"),
])
def test_template_errors_are_one_line(tmp_path, text, message):
    folder = _folder(tmp_path, BACKENDS["html"], text)
    line = _assert_refused(_run(folder, "--html", "--templates", "tpl"), folder, "html",
                           BACKENDS["html"])
    assert message in line


def test_syntax_error_in_an_epub_template(tmp_path):
    folder = _folder(tmp_path, BACKENDS["epub"], "{% for %}")
    _assert_refused(_run(folder, "--epub", "--templates", "tpl"), folder, "epub", BACKENDS["epub"])


def test_a_link_out_of_the_template_folder_is_not_read(tmp_path):
    user = tmp_path / "tpl" / "html"
    user.mkdir(parents=True)
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET", encoding="utf-8")
    os.symlink(secret, user / "book.html.j2")
    theme = load_theme(None, tmp_path / "tpl")
    with pytest.raises(TemplateError, match="outside the template folder"):
        theme.render("html/book.html.j2")


def test_built_in_templates_render_in_the_sandbox():
    import jinja2.sandbox

    assert isinstance(load_theme().environment(), jinja2.sandbox.ImmutableSandboxedEnvironment)

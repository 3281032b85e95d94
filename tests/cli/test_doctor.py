"""`paper2book doctor` reports what this machine has, and names the package for what it lacks."""

import os

import pytest

from helpers import cli


@pytest.fixture(scope="module")
def here():
    return cli.run_cli("doctor", timeout=120)


def _ok(report, name: str) -> bool:
    return any(line.startswith("OK") and name in line for line in report.stdout.splitlines())


def test_doctor_ok_here(here):
    assert here.returncode == 0, here.stdout
    for name in ("ebooklib", "weasyprint", "pango", "libharfbuzz-subset", "CJK serif font",
                 "CJK sans font"):
        assert _ok(here, name), name


@pytest.mark.external("java")
def test_doctor_finds_java(here):
    assert _ok(here, "java"), here.stdout


def test_doctor_names_missing_font_package(tmp_path, run_cli):
    empty = tmp_path / "empty"
    empty.mkdir()
    conf = tmp_path / "fonts.conf"
    conf.write_text(f'<?xml version="1.0"?>\n<fontconfig><dir>{empty}</dir>'
                    f"<cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>\n")
    r = run_cli("doctor", env={**os.environ, "FONTCONFIG_FILE": str(conf)}, timeout=120)
    assert r.returncode == 1
    font_lines = [ln for ln in r.stdout.splitlines() if "CJK" in ln]
    assert font_lines and all(ln.startswith("MISSING") and "fonts-noto-cjk" in ln for ln in font_lines)

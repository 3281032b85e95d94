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
    font_lines = [ln for ln in r.stdout.splitlines() if ln[9:].startswith("CJK")]
    assert font_lines and all(ln.startswith("MISSING") and "fonts-noto-cjk" in ln for ln in font_lines)


OPTIONAL_PARTS = ("fallback fonts", "Noto CJK TC/HK fonts", "OpenCC", "epubcheck", "pdfua",
                  "Ace (DAISY)", "Chromium")


def test_doctor_reports_every_optional_part(here):
    lines = here.stdout.splitlines()
    for name in OPTIONAL_PARTS:
        found = [ln for ln in lines if ln[9:].startswith(name)]
        assert len(found) == 1 and found[0].split()[0] in ("OK", "absent", "WARN"), (name, lines)
    # This machine (scripts/setup.sh) has these; the validator --validate runs on a PDF is pdfua.
    for name in ("fallback fonts", "OpenCC", "pdfua"):
        assert _ok(here, name), here.stdout


def test_doctor_names_what_installs_a_missing_program(tmp_path, run_cli):
    """With no programs on PATH, the browser and Ace are absent, each with its installer."""
    r = run_cli("doctor", env={**os.environ, "PATH": str(tmp_path)}, timeout=120)
    lines = {ln[9:33].strip(): ln for ln in r.stdout.splitlines()}
    assert lines["Chromium"].startswith("absent") and "apt-get install chromium" in lines["Chromium"]
    assert "@daisy/ace" in lines["Ace (DAISY)"] or lines["Ace (DAISY)"].startswith("OK")

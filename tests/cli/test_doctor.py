import os
import subprocess
import sys


def doctor(env=None):
    return subprocess.run([sys.executable, "-m", "paper2book", "doctor"], capture_output=True,
                          text=True, env=env, timeout=120)


def test_doctor_ok_here():
    r = doctor()
    assert r.returncode == 0, r.stdout
    for name in ("ebooklib", "weasyprint", "pango", "libharfbuzz-subset", "CJK serif font",
                 "CJK sans font", "java"):
        assert any(line.startswith("OK") and name in line for line in r.stdout.splitlines()), name


def test_doctor_names_missing_font_package(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    conf = tmp_path / "fonts.conf"
    conf.write_text(f'<?xml version="1.0"?>\n<fontconfig><dir>{empty}</dir>'
                    f"<cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>\n")
    r = doctor({**os.environ, "FONTCONFIG_FILE": str(conf)})
    assert r.returncode == 1
    font_lines = [ln for ln in r.stdout.splitlines() if "CJK" in ln]
    assert font_lines and all(ln.startswith("MISSING") and "fonts-noto-cjk" in ln for ln in font_lines)

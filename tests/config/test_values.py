"""Values the config accepts are values every output can carry (issue 12)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile

import pytest

import paper2book
from paper2book.config import values
from paper2book.config.options import RenderOptions
from paper2book.errors import ConfigError

from helpers.seed import SEED, seed_book


@pytest.mark.parametrize("ok", ["#b3141b", "#abc", "darkred", "DarkRed"])
def test_colours_every_backend_can_draw(ok):
    assert values.colour(ok) == ok and values.is_colour(ok)


@pytest.mark.parametrize("bad", ["transparent", "rgb(1,2,3)", "#12", "notacolour", "red;}"])
def test_other_colours_are_refused(bad):
    with pytest.raises(ConfigError):
        values.colour(bad)
    assert not values.is_colour(bad)


@pytest.mark.parametrize("bad", ['zh"><x>', "zh CN", "", "中文", "z"])
def test_language_is_a_tag(bad):
    with pytest.raises(ConfigError, match="language"):
        values.language(bad)
    assert values.language("zh-Hans-CN") == "zh-Hans-CN"


@pytest.mark.parametrize("key, value", [
    ("masthead_color", "transparent"), ("language", 'zh"><x>'),
    ("identifier", "urn:x\x01y"), ("author", "a\x01b"), ("title", "标题\x07"),
])
def test_config_refuses_with_one_line_and_writes_nothing(key, value, tmp_path, run_cli):
    import yaml

    (tmp_path / "issue.txt").write_bytes(SEED.read_bytes())
    cfg = {"newspapers": {"九江日报": {key: value}}} if key == "masthead_color" else {key: value}
    (tmp_path / "paper2book.yaml").write_text(yaml.safe_dump(cfg, allow_unicode=True),
                                              encoding="utf-8")
    r = run_cli("issue.txt", "--epub", cwd=tmp_path)
    assert r.returncode == 1 and r.stderr.count("\n") == 1, r.stderr
    assert key in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "issue.epub").exists()


def test_api_options_are_cleaned_or_refused(tmp_path):
    with pytest.raises(ConfigError, match="language"):
        paper2book.write(seed_book(), "epub", tmp_path / "x.epub",
                         RenderOptions(language='zh"><x>'))
    assert not (tmp_path / "x.epub").exists()
    out = paper2book.write(seed_book(), "epub", tmp_path / "y.epub",
                           RenderOptions(author="a\x01b", identifier="urn:x\x01y"))
    opf = zipfile.ZipFile(out).read("EPUB/content.opf").decode()
    assert ">ab</dc:creator>" in opf and ">urn:xy</dc:identifier>" in opf


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("unshare") is None, reason="needs unshare (util-linux)")
def test_every_backend_converts_without_a_network(tmp_path):
    """Conversion never touches the network: in a namespace with none, all four still work."""
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"unshare -n not permitted here: {probe.stderr.decode().strip()}")
    (tmp_path / "issue.txt").write_bytes(SEED.read_bytes())
    r = subprocess.run(["unshare", "-n", sys.executable, "-m", "paper2book", "issue.txt",
                        "--epub", "--pdf", "--html", "--json", "-q"],
                       cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    for ext in ("epub", "pdf", "html", "json"):
        assert (tmp_path / f"issue.{ext}").stat().st_size > 0

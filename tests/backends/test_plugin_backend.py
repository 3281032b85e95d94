"""A backend from outside the project, installed with pip, is found by name and used.

tests/plugin_pkg/ is a tiny third-party package (``p2b-plaintext``) that
declares ``txt = "p2b_plaintext:PlainTextBackend"`` in the entry-point group
``paper2book.backends`` of its pyproject.toml.  The test installs it with
pip (offline: no index, no build isolation) into a folder of its own, puts
that folder on PYTHONPATH for the commands it runs, and converts the seed.
Installing with ``--target`` rather than into the virtualenv itself leaves
the environment other tests (and other test runs) see untouched, even if
this run is killed half-way.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.cli import run_cli
from helpers.seed import SEED

PLUGIN = Path(__file__).resolve().parent / "plugin_pkg"


def _run(env: dict[str, str], *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return run_cli(*args, env=env, cwd=cwd)


@pytest.fixture(scope="module")
def plugin_env(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("plugin")
    src, site = tmp / "p2b-plaintext", tmp / "site"
    shutil.copytree(PLUGIN, src, ignore=shutil.ignore_patterns("__pycache__", "build", "*.egg-info"))
    r = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-build-isolation",
                        "--no-index", "--disable-pip-version-check", "--no-cache-dir", "--quiet",
                        "--target", str(site), str(src)],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, f"pip install failed:\n{r.stdout}\n{r.stderr}"
    assert (site / "p2b_plaintext-0.1.0.dist-info" / "entry_points.txt").is_file()
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(site), env.get("PYTHONPATH")) if p)
    try:
        yield env
    finally:
        shutil.rmtree(site, ignore_errors=True)


def test_installed_plugin_is_listed(plugin_env):
    r = _run(plugin_env, "--list-backends")
    assert r.returncode == 0, r.stderr
    lines = {line.split()[0]: line for line in r.stdout.splitlines() if line.strip()}
    assert "txt" in lines, r.stdout
    assert lines["txt"].split()[1] == ".txt"
    assert "p2b-plaintext plugin" in lines["txt"]
    assert {"json", "html"} <= set(lines)                 # the built-ins are still there


def test_plugin_converts_the_seed(plugin_env, tmp_path):
    out = tmp_path / "out.txt"
    r = _run(plugin_env, str(SEED), "--to", "txt", "-o", str(out))
    assert r.returncode == 0, r.stderr
    text = out.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "九江日报 2025年12月3日"
    assert "党建聚链 产业焕新" in lines
    assert "\u3000\u3000眼下，赣江新区正锚定未来产业进行一场关键布局：全力推进脑机接口产业发展。" \
           "将科技创新深度融入高质量发展脉络，新区发展迎来了又一轮拔节生长。" in lines
    assert "怎样“链得上”？" in lines and "图片说明：“帮办超市”全天候服务。" in lines
    assert "电子报阅读机" not in text and "上一篇" not in text     # it got the model, not the dump
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]   # no temporary file left


def test_plugin_output_on_stdout_with_a_title(plugin_env):
    r = _run(plugin_env, str(SEED), "--to", "txt", "-o", "-", "--title", "我的书")
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[0] == "我的书"
    assert "党建聚链 产业焕新" in r.stdout.splitlines()


def test_config_settings_reach_the_plugin(plugin_env, tmp_path):
    cfg = tmp_path / "paper2book.yaml"
    cfg.write_text("backends:\n  txt:\n    prefix: 本书由插件生成\n", encoding="utf-8")
    out = tmp_path / "out.txt"
    r = _run(plugin_env, str(SEED), "--to", "txt", "-o", str(out), "--config", str(cfg))
    assert r.returncode == 0, r.stderr
    assert "warning" not in r.stderr                     # txt is a registered backend here
    assert out.read_text(encoding="utf-8").splitlines()[:2] == ["本书由插件生成", "九江日报 2025年12月3日"]
    shown = _run(plugin_env, "--print-config", "--config", str(cfg))
    assert shown.returncode == 0 and "prefix: 本书由插件生成" in shown.stdout


def test_without_the_plugin_the_name_is_unknown(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    r = _run(env, str(SEED), "--to", "txt", "-o", str(tmp_path / "x.txt"))
    assert r.returncode == 2
    assert "unknown backend 'txt'" in r.stderr

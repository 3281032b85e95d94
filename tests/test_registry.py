"""The built-in backends come from a table, without scanning the installed packages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import paper2book
from paper2book import registry
from paper2book.errors import BackendError


@pytest.mark.parametrize("name", sorted(registry.BUILTIN))
def test_a_builtin_is_its_table_row(name):
    backend = registry.get(name)
    assert backend.name == name
    assert registry.extension(name) == backend.extension
    assert isinstance(backend, registry.Backend)      # name, extension, description, write


def test_the_package_says_it_is_typed():
    # PEP 561: the marker beside the modules; the wheel takes the whole package folder.
    assert (Path(paper2book.__file__).parent / "py.typed").is_file()


def test_names_has_the_builtins_and_the_installed_ones():
    assert set(registry.BUILTIN) <= set(registry.names())
    assert all(registry.known(n) for n in registry.names())
    assert not registry.known("no-such-backend")


def test_converting_with_a_builtin_reads_no_package_metadata():
    code = ("import sys, paper2book; paper2book.registry.get('epub'); "
            "print('importlib.metadata' in sys.modules, 'PIL.Image' in sys.modules)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.stdout.split() == ["False", "False"], r.stderr


def test_an_unknown_name_lists_what_there_is():
    with pytest.raises(BackendError, match="unknown backend 'nope'; available: epub, html"):
        registry.get("nope")

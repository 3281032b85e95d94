"""Spec-style parser fixtures: each ``NAME.txt`` (or ``NAME.1.txt``, ``NAME.2.txt`` …)
with ``NAME.json`` (expected model, written by hand) or ``NAME.error`` (expected
one-line error).  ``NAME.warnings`` lists substrings the logged warnings must hold.
"""

from __future__ import annotations

import json
import logging
import re

import pytest

import paper2book
from paper2book.errors import InputError
from paper2book.model import Book

import helpers

FIXTURES = helpers.FIXTURES / "parser"


def _cases() -> list[str]:
    names = set()
    for f in FIXTURES.glob("*.json"):
        names.add(f.stem)
    for f in FIXTURES.glob("*.error"):
        names.add(f.stem)
    return sorted(names)


def _inputs(name: str) -> list[str]:
    single = FIXTURES / f"{name}.txt"
    if single.exists():
        return [single.name]
    parts = sorted(FIXTURES.glob(f"{name}.*.txt"),
                   key=lambda p: int(re.search(r"\.(\d+)\.txt$", p.name).group(1)))
    assert parts, f"fixture {name} has no input"
    return [p.name for p in parts]


@pytest.mark.allow_warnings
@pytest.mark.parametrize("name", _cases())
def test_fixture(name, monkeypatch, caplog):
    monkeypatch.chdir(FIXTURES)
    inputs = _inputs(name)
    error = FIXTURES / f"{name}.error"
    expected_warnings = FIXTURES / f"{name}.warnings"
    if error.exists():
        with pytest.raises(InputError) as info:
            paper2book.read(inputs)
        message = str(info.value)
        assert "\n" not in message
        assert inputs[0] in message
        assert error.read_text(encoding="utf-8").strip() in message
        return
    book = paper2book.read(inputs)
    expected = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    assert book.to_dict() == expected
    assert Book.from_dict(expected) == book
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    if expected_warnings.exists():
        for want in expected_warnings.read_text(encoding="utf-8").splitlines():
            if want.strip():
                assert any(want.strip() in w for w in warnings), (want, warnings)
    else:
        assert not warnings, warnings

"""Reviewed outputs in tests/golden/: a change of output shows as a diff in review.

Compared byte for byte; ``pytest --update-golden`` rewrites the files that differ
(and lists them at the end of the run) instead of failing.
"""

from __future__ import annotations

import difflib

import pytest

from . import TESTS

GOLDEN = TESTS / "golden"


class Golden:
    def __init__(self, update: bool):
        self.update = update
        self.rewritten: list[str] = []

    def check(self, name: str, actual: bytes) -> None:
        path = GOLDEN / name
        if self.update:
            if not path.is_file() or path.read_bytes() != actual:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(actual)
                self.rewritten.append(str(path.relative_to(TESTS.parent)))
            return
        if not path.is_file():
            pytest.fail(f"{path} does not exist: `pytest --update-golden` writes it", pytrace=False)
        expected = path.read_bytes()
        if actual == expected:
            return
        diff = difflib.unified_diff(
            expected.decode("utf-8", "replace").splitlines(keepends=True),
            actual.decode("utf-8", "replace").splitlines(keepends=True),
            fromfile=f"tests/golden/{name}", tofile=f"{name} as written now")
        pytest.fail(f"output differs from tests/golden/{name}; if the change is meant, "
                    "`pytest --update-golden` rewrites it:\n" + "".join(diff), pytrace=False)

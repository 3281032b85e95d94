"""The layers hold: no module imports another that imports it back, however far round, and
the import contracts in pyproject.toml ([tool.importlinter]) are kept.  Imports inside
functions count: they run all the same, only later."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest

grimp = pytest.importorskip("grimp")

ROOT = Path(__file__).resolve().parent.parent


def circles(imports: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import each other, directly or round a circle (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for other in sorted(imports.get(module, ())):
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in on_stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            group = []
            while True:
                other = stack.pop()
                on_stack.discard(other)
                group.append(other)
                if other == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10 * len(imports) + 100))
    try:
        for module in sorted(imports):
            if module not in index:
                visit(module)
    finally:
        sys.setrecursionlimit(limit)
    return found


def test_circles_finds_a_circle_and_only_one():
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert circles({"a": {"b"}, "b": set()}) == []


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph("paper2book", include_external_packages=False)


def test_no_module_imports_itself_round_a_circle(graph):
    imports = {m: set(graph.find_modules_directly_imported_by(m)) for m in graph.modules}
    assert circles(imports) == []


def test_imports_inside_functions_are_in_the_graph(graph):
    # PdfBackend.write imports volume.py inside the method, only for a volume.
    assert graph.direct_import_exists(importer="paper2book.backends.pdf.backend",
                                      imported="paper2book.backends.pdf.volume")


def test_no_backend_reaches_the_jobs_or_the_command(graph):
    for upper in ("paper2book.jobs", "paper2book.cli"):
        chains = graph.find_shortest_chains(importer="paper2book.backends", imported=upper)
        assert not chains, chains


def test_the_model_imports_nothing_of_ours(graph):
    assert set(graph.find_modules_directly_imported_by("paper2book.model")) == set()


def test_the_import_contracts_are_kept(monkeypatch):
    from importlinter.cli import lint_imports

    monkeypatch.chdir(ROOT)
    # import-linter configures logging for its run (logging.disable, disabled loggers), which
    # left the paper2book logger mute for the tests after this one (test_fuzz_config's
    # error lines): its state is put back.
    manager = logging.root.manager
    muted = manager.disable
    disabled = {name: lg.disabled for name, lg in manager.loggerDict.items()
                if isinstance(lg, logging.Logger)}
    try:
        assert lint_imports(no_cache=True) == 0
    finally:
        logging.disable(muted)
        for name, lg in manager.loggerDict.items():
            if isinstance(lg, logging.Logger):
                lg.disabled = disabled.get(name, False)


MAX_MODULE_LINES = 400      # issue 21: a module longer than this holds more than one thing


def test_no_module_is_longer_than_the_house_rule():
    long = {str(p.relative_to(ROOT)): n for p in (ROOT / "src" / "paper2book").rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES}
    assert not long, long

import logging

import pytest

from helpers import cli
from helpers.golden import Golden
from helpers.tools import need

_golden = pytest.StashKey[Golden]()


@pytest.fixture(autouse=True)
def _no_unexpected_logs(caplog, request):
    """WeasyPrint's policy: a test fails if anything unexpected was logged.

    Tests that expect warnings mark themselves ``@pytest.mark.allow_warnings``
    and assert on ``caplog`` themselves.
    """
    caplog.set_level(logging.INFO, logger="paper2book")
    yield
    if request.node.get_closest_marker("allow_warnings"):
        return
    # caplog.records would be the teardown phase's: look at what setup and the test logged.
    records = caplog.get_records("setup") + caplog.get_records("call")
    bad = [r for r in records
           if r.levelno >= logging.WARNING and r.name.startswith(("paper2book", "weasyprint", "ebooklib"))]
    assert not bad, "unexpected log records: " + "; ".join(r.getMessage() for r in bad)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    # Before the fixtures: a module-scoped fixture is not built for a test that cannot run.
    for mark in item.iter_markers("external"):
        if not mark.args:
            raise pytest.UsageError(f"{item.nodeid}: @pytest.mark.external needs the tools it runs")
        for tool in mark.args:
            need(tool)


@pytest.fixture
def run_cli(tmp_path):
    """``helpers.cli.run_cli``, in the test's tmp_path unless ``cwd`` says otherwise."""
    def run(*args, cwd=None, **kw):
        return cli.run_cli(*args, cwd=tmp_path if cwd is None else cwd, **kw)

    return run


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/ from the current output instead of comparing")


@pytest.fixture(scope="session")
def golden(pytestconfig):
    g = Golden(update=pytestconfig.getoption("update_golden"))
    pytestconfig.stash[_golden] = g
    return g


def pytest_terminal_summary(terminalreporter, config):
    g = config.stash.get(_golden, None)
    if g and g.update:
        terminalreporter.write_sep("=", "--update-golden")
        for name in g.rewritten:
            terminalreporter.write_line(f"rewrote {name}")
        if not g.rewritten:
            terminalreporter.write_line("golden files unchanged")

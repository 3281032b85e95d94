import logging

import pytest


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


def pytest_configure(config):
    config.addinivalue_line("markers", "allow_warnings: the test expects warnings and checks them itself")

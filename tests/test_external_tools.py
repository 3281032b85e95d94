"""The one rule for a missing external program: fail under CI=true, skip elsewhere."""

import pytest

from helpers import tools


@pytest.fixture
def absent(monkeypatch):
    monkeypatch.setitem(tools.TOOLS, "nothing", (("no-such-program-p2b",), "apt-get install nothing"))
    return "nothing"


@pytest.mark.parametrize("ci", ["true", "1"])
def test_missing_tool_fails_under_ci(absent, monkeypatch, ci):
    monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.fail.Exception, match="no-such-program-p2b not on PATH"):
        tools.need(absent)


@pytest.mark.parametrize("ci", [None, "", "false"])
def test_missing_tool_skips_elsewhere(absent, monkeypatch, ci):
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.skip.Exception, match="apt-get install nothing"):
        tools.need(absent)


def test_present_tool_gives_its_path(monkeypatch):
    monkeypatch.setitem(tools.TOOLS, "python", (("python3",), "apt-get install python3"))
    assert tools.need("python").endswith("python3")


def test_unknown_tool_is_a_mistake():
    with pytest.raises(ValueError, match="unknown external tool"):
        tools.need("photoshop")

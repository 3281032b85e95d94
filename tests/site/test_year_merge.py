"""A changed day whose month is the only one of its year made: the month step merges that
year's shards itself (month.YearMerge) while it renders its pages; the build merges
nothing more, and what the site holds is what a fresh build gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from paper2book.config.options import JobOptions, RenderOptions
from paper2book.site import build as site_build
from paper2book.site import month
from paper2book.site.build import SiteSpec

from helpers.archive import make_archive

pytestmark = pytest.mark.slow
MONTHS = [(2025, 11), (2025, 12), (2026, 1)]


@pytest.fixture
def archive(tmp_path):
    return tmp_path, make_archive(tmp_path / "dumps", months=MONTHS, issues_per_month=2)


def _build(tmp_path: Path, name: str = "site"):
    return site_build.build(SiteSpec(inputs=[str(tmp_path / "dumps")], folder=tmp_path / name,
                                     options=RenderOptions(), job=JobOptions(jobs=1)))


def _merged_by_the_build(monkeypatch) -> list[str]:
    years: list[str] = []
    merge = site_build._merge

    def spy(site, pending):
        years.extend(year for year, _parts, _nb in pending)
        return merge(site, pending)

    monkeypatch.setattr(site_build, "_merge", spy)
    return years


def _index(site: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (site / "_p2b/index").glob("*.js")}


def _change(paths: list[Path], day: str) -> None:
    path = next(p for p in paths if p.name.endswith(f"{day}.txt"))
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("。", "，台风过境。", 1), encoding="utf-8")


def _helpers(monkeypatch, may: bool) -> list[int]:
    """The helper processes the month steps start (none where they may not: a Dask
    worker's step merges in a thread)."""
    started: list[int] = []

    class Counted(month.ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            started.append(1)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(month, "ProcessPoolExecutor", Counted)
    monkeypatch.setattr(month, "_may_start_processes", lambda: may)
    return started


@pytest.mark.parametrize("process", [True, False], ids=["in-a-process", "in-a-thread"])
def test_the_lone_month_merges_its_year_and_the_build_merges_nothing(archive, monkeypatch, process):
    tmp_path, paths = archive
    years = _merged_by_the_build(monkeypatch)
    started = _helpers(monkeypatch, process)
    assert not _build(tmp_path).errors
    assert years == ["2025"]        # two months of 2025: the build merges it; 2026 its month
    assert len(started) == (1 if process else 0)
    years.clear()
    started.clear()
    before = _index(tmp_path / "site")
    _change(paths, "2025-12-01")
    report = _build(tmp_path)
    assert (report.months_made, report.errors) == (1, [])
    assert years == []
    assert len(started) == (1 if process else 0)
    after = _index(tmp_path / "site")
    assert {n for n in after if after[n] != before.get(n)} >= {n for n in after if n.startswith("b2025-")}
    assert not _build(tmp_path, "fresh").errors
    assert after == _index(tmp_path / "fresh")


@pytest.mark.allow_warnings
def test_a_kept_month_s_damaged_parts_are_found_and_its_month_made_again(archive, monkeypatch, caplog):
    tmp_path, paths = archive
    assert not _build(tmp_path).errors
    november = next((tmp_path / "site/_p2b/index").glob("*-2025-11")) / "b.parts"
    data = bytearray(november.read_bytes())
    data[-1:] = b'"'                                # a quote: it would end a shard's string
    november.write_bytes(bytes(data))
    _change(paths, "2025-12-01")
    years = _merged_by_the_build(monkeypatch)
    report = _build(tmp_path)
    assert len(report.errors) == 1 and "2025-11/b.parts" in report.errors[0]
    assert [r.getMessage() for r in caplog.records] == report.errors
    assert years == ["2025"]                        # the month left it to the build, which dropped it
    report = _build(tmp_path)
    assert (report.months_made, report.errors) == (1, [])
    assert not _build(tmp_path, "fresh").errors
    assert _index(tmp_path / "site") == _index(tmp_path / "fresh")

"""Planning a split: which inputs go into which book, and what stops a plan."""

from __future__ import annotations

import pytest

from paper2book.config.options import RenderOptions
from paper2book.jobs import plan
from paper2book.jobs.scan import Scan


def _plan(tmp_path, scans: dict[str, Scan], formats=None, **kw):
    sources = [plan.Input(str(tmp_path / name), name, name) for name in scans]
    return plan.books(sources, scans, split=kw.pop("split", "month"),
                      formats=formats or {"json": ".json"}, folder=tmp_path,
                      options=RenderOptions(), punctuation=True, title=None, **kw)


def test_an_input_goes_into_every_book_it_has_issues_of(tmp_path):
    books = _plan(tmp_path, {
        "a.txt": Scan((("九江日报", "2025-12-30"), ("九江日报", "2026-01-02"))),
        "b.txt": Scan((("九江日报", "2026-01-03"), ("浔阳晚报", "2026-01-03"))),
    })
    assert [(b.outputs[0].name, [s.display for s in b.sources]) for b in books] == [
        ("九江日报-2025-12.json", ["a.txt"]),
        ("九江日报-2026-01.json", ["a.txt", "b.txt"]),
        ("浔阳晚报-2026-01.json", ["b.txt"]),
    ]
    assert books[1].options.series.position == 202601 and books[1].options.title is None


def test_keys_change_with_what_goes_in(tmp_path):
    scans = {"a.txt": Scan((("九江日报", "2025-12-30"),))}
    key = _plan(tmp_path, scans)[0].outputs[0].key
    assert _plan(tmp_path, scans)[0].outputs[0].key == key
    assert _plan(tmp_path, scans, formats={"json": ".js"})[0].outputs[0].key == key
    assert _plan(tmp_path, {"b.txt": scans["a.txt"]})[0].outputs[0].key != key
    assert _plan(tmp_path, scans, split="issue")[0].outputs[0].key != key


def test_a_book_never_replaces_an_input(tmp_path):
    scans = {"九江日报-2025-12-01.txt": Scan((("九江日报", "2025-12-01"),))}
    with pytest.raises(plan.PlanError, match="would overwrite an input"):
        _plan(tmp_path, scans, formats={"txt": ".txt"}, split="issue")


def test_papers_whose_file_names_clash(tmp_path):
    scans = {"a.txt": Scan((("九江/日报", "2025-12-01"), ("九江_日报", "2025-12-02")))}
    with pytest.raises(plan.PlanError, match="both give file names 九江_日报-2025-12"):
        _plan(tmp_path, scans)

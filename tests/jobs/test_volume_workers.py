"""jobs/volume.py: only a volume's PDF is typeset on workers; every other output is made
here by its backend, as paper2book.api makes it.  (A volume's bytes from workers:
tests/backends/pdf/test_pdf_volume.py.)"""

from __future__ import annotations

import datetime as dt

import paper2book
from paper2book.backends.pdf import volume as pdf_volume
from paper2book.jobs import volume
from paper2book.model import Book

from helpers import pdf as H


def _volume() -> Book:
    issues = [H.make_issue(1, 1, seed=k, date=dt.date(2025, 12, k)).issues[0] for k in (1, 2)]
    return Book(title="合订本", issues=issues)


def test_only_a_volumes_pdf_goes_to_the_workers(tmp_path, monkeypatch):
    sent = []
    monkeypatch.setattr(volume, "typeset_volume", lambda book, path, options, **where:
                        sent.append(where) or pdf_volume.Merged(9, 1))
    assert volume.render(_volume(), "pdf", tmp_path / "v.pdf", jobs=2) == {"pages": 9, "blank_pages": 1}
    assert sent == [{"jobs": 2, "scheduler": None, "dask_timeout": None}]
    volume.render(_volume(), "json", tmp_path / "v.json", jobs=2)
    single = H.make_issue(1, 1, seed=3)
    volume.render(single, "json", tmp_path / "one.json")
    assert len(sent) == 1
    paper2book.write(_volume(), "json", tmp_path / "api.json")
    assert (tmp_path / "v.json").read_bytes() == (tmp_path / "api.json").read_bytes()

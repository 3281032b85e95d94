"""The issues' books inside the site (``--site OUT --epub/--pdf``): a ``--split issue`` job
into ``OUT/books``, and which books each issue page links."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..editions import edition_suffix
from ..jobs.manifest import Manifest
from . import layout
from .files import SiteFolder
from .plan import Books, Holders
from .spec import SiteReport, SiteSpec

if TYPE_CHECKING:
    from ..jobs.job import Finished, JobReport


def issue_books(spec: SiteSpec, root: Path, site: SiteFolder, holders: Holders, report: SiteReport,
                on_stage: Callable[[str], None], fail: Callable[[str], None]) -> Books:
    """Each issue's books in the site, (label, site path); made first when asked (the
    job's report in ``report.books``, its errors through ``fail``)."""
    from ..jobs.groups import Group

    expected: dict[tuple[str, dt.date], str] = {}     # → the issue book's file stem
    for paper, date in holders:
        stem = Group.of(paper, date, "issue").file_stem()
        expected[paper, date] = stem
    folder = root / layout.BOOKS
    if spec.formats:
        from ..jobs import JobSpec, run
        from ..output import refuse_unless_plain

        site._folders(f"{layout.BOOKS}/x")
        for stem in expected.values():
            for ext in spec.formats.values():
                refuse_unless_plain(folder / f"{stem}{edition_suffix(spec.options)}{ext}")
        on_stage("making the issues' books…")

        def done(finished: Finished, _report: JobReport) -> None:
            for error in finished.errors:
                fail(error)

        report.books = run(JobSpec(inputs=list(spec.inputs), formats=spec.formats, folder=folder,
                                   options=spec.options, job=replace(spec.job, split="issue"),
                                   punctuation=spec.punctuation, force=spec.force,
                                   max_bytes=spec.max_bytes), on_stage=on_stage, on_done=done)
    out: Books = {key: [] for key in expected}
    if not folder.is_dir() or folder.is_symlink():
        return out
    books = Manifest.load(folder)
    stems = set(expected.values())
    # A deleted dump's books go; every edition's books of a live issue stay (an archive
    # may hold its 简体 and 繁體 books side by side: their names differ, editions/).
    for name in [n for n in books.outputs if _issue_stem(n) not in stems]:
        if site.remove(f"{layout.BOOKS}/{name}"):
            report.removed += 1
        books.forget(name)
    books.save()
    edition = edition_suffix(spec.options)      # the pages link this run's edition
    for key, stem in expected.items():
        for label, ext in (("EPUB", ".epub"), ("PDF", ".pdf")):
            name = f"{stem}{edition}{ext}"
            if name in books.outputs and (folder / name).is_file():
                out[key].append((label, f"{layout.BOOKS}/{name}"))
    return out


_BOOK_NAME = re.compile(r"(?P<stem>.+?)(?:\.zh-[A-Za-z]+(?:-phrases)?)?(?:\.vertical)?\.(?:epub|pdf)")


def _issue_stem(name: str) -> str | None:
    """The issue's file stem in a book's name, without the edition and the extension."""
    m = _BOOK_NAME.fullmatch(name)
    return m.group("stem") if m else None

"""From scanned inputs to books: which inputs go into which book, under which names, and
the key each output is made with.

Every path a book carries is absolute, since the workers may run in another
folder or on another machine (they must see the same paths); the model
names inputs as this process would (``Input.display``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from ..config.options import PaperSettings, RenderOptions, Series
from ..editions import edition_suffix
from ..errors import Paper2BookError
from ..version import __version__
from .groups import Group
from .scan import Scan


class PlanError(Paper2BookError):
    """The books cannot be named or placed as asked; nothing is made."""


# Options that shape the job, not a book: left out of a book's options and of its key.
JOB_ONLY = ("title", "series")


@dataclass(frozen=True)
class Input:
    """An input: its absolute path, its name in the model and in messages, its fingerprint
    (the sha256 of its bytes, and the modification date when its years come from it)."""

    path: str
    display: str
    fingerprint: str


@dataclass(frozen=True)
class Output:
    format: str
    name: str           # the file's name in the output folder, the manifest's key for it
    path: str           # absolute
    shown: str          # as messages name it: the -o folder as given, and the name
    key: str


@dataclass(frozen=True)
class PlannedBook:
    """One book of the split: its group, the inputs holding its issues (in input order),
    its title and options (series set), and its outputs, one per format."""

    group: Group
    sources: tuple[Input, ...]
    title: str
    options: RenderOptions
    outputs: tuple[Output, ...]


def books(sources: list[Input], scans: dict[str, Scan], *, split: str,
          formats: dict[str, str], folder: Path, options: RenderOptions, punctuation: bool,
          title: str | None) -> list[PlannedBook]:
    """``formats``: name → extension.  Groups in order of paper, then date."""
    members: dict[Group, list[Input]] = {}
    for source in sources:
        scan = scans.get(source.fingerprint)
        if scan is None:
            continue                        # the input failed: reported already
        for paper, date in scan.issues:
            group = Group.of(paper, dt.date.fromisoformat(date), split)
            held = members.setdefault(group, [])
            if not held or held[-1] is not source:
                held.append(source)
    shared = _book_options(options)
    shape = options_fingerprint(shared, punctuation)
    edition = edition_suffix(options)      # editions do not overwrite each other
    out: list[PlannedBook] = []
    names: dict[str, Group] = {}
    for group in sorted(members):
        stem = group.file_stem()
        if stem in names:
            raise PlanError(f"papers {names[stem].paper!r} and {group.paper!r} both give "
                            f"file names {stem}.*; split their dumps into separate runs")
        names[stem] = group
        series = Series(options.display_name(group.paper), group.position)
        book_title = group.title(title, group.paper)
        inputs = tuple(members[group])
        made = [(name, f"{stem}{edition}{ext}") for name, ext in formats.items()]
        outputs = tuple(Output(name, file, os.path.abspath(folder / file), str(folder / file),
                               _key(name, group, book_title, series, inputs, shape))
                        for name, file in made)
        out.append(PlannedBook(group, inputs, book_title, replace(shared, series=series), outputs))
    given = {s.path for s in sources}
    for o in (o for b in out for o in b.outputs if o.path in given):
        raise PlanError(f"output {o.shown} would overwrite an input; name another folder with -o")
    return out


def _book_options(options: RenderOptions) -> RenderOptions:
    """The options every book gets: no job-level settings, paths made absolute."""
    folder = theme_folder(options.theme)
    theme = os.path.abspath(folder) if folder else options.theme
    templates = Path(os.path.abspath(options.templates)) if options.templates else None
    papers = {name: _absolute_paths(s) for name, s in options.newspapers.items()}
    phrases = Path(os.path.abspath(options.script_phrases)) if options.script_phrases else None
    return replace(options, title=None, series=None, theme=theme, templates=templates,
                   newspapers=papers, script_phrases=phrases)


def _absolute_paths(settings: PaperSettings) -> PaperSettings:
    """A paper's settings with its masthead image's path made absolute."""
    out = settings.copy()
    if image := settings.get("masthead_image"):
        out["masthead_image"] = os.path.abspath(image)
    return out


def options_fingerprint(options: RenderOptions, punctuation: bool) -> str:
    """What in the options shapes a book's bytes, with the contents of the files they name
    (theme and template folders, masthead images), and SOURCE_DATE_EPOCH."""
    values: dict[str, Any] = {f.name: getattr(options, f.name) for f in fields(options)
                              if f.name not in JOB_ONLY}
    files = [theme_folder(options.theme), options.templates]
    files += [s.get("masthead_image") for s in options.newspapers.values()]
    files += [options.script_phrases]
    values["files"] = [_contents(f) for f in files if f]
    values["punctuation"] = punctuation
    values["SOURCE_DATE_EPOCH"] = os.environ.get("SOURCE_DATE_EPOCH")
    text = json.dumps(values, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def theme_folder(name: str) -> str | None:
    """The folder ``name`` names as a theme, or None for a built-in theme (theme.load_theme's
    rule, asked without importing Jinja for the usual built-in name)."""
    as_dir = Path(name).expanduser()
    if "/" in name or name.startswith("."):
        return str(as_dir)
    if not os.path.isdir(as_dir):
        return None
    from ..theme import builtin_themes

    return None if name in builtin_themes() else str(as_dir)


def _contents(path: str | os.PathLike[str]) -> list[tuple[str, str]]:
    """Each file under ``path`` (or the file itself) with the sha256 of its bytes."""
    root = Path(path)
    # is_file: a FIFO or device (a masthead_image of /dev/zero) is never read to its end.
    found = sorted(p for p in root.rglob("*") if os.path.isfile(p)) if os.path.isdir(root) else [root]
    found = [p for p in found if os.path.isfile(p)]
    out = []
    for p in found:
        try:
            with p.open("rb") as f:
                out.append((str(p), hashlib.file_digest(f, "sha256").hexdigest()))
        except OSError:
            out.append((str(p), "unreadable"))
    return out


def _key(fmt: str, group: Group, title: str, series: Series, sources: tuple[Input, ...],
         shape: str) -> str:
    text = json.dumps({"paper2book": __version__, "format": fmt,
                       "group": [group.paper, group.kind, group.stamp], "title": title,
                       "series": [series.name, series.position], "options": shape,
                       "inputs": [[s.display, s.fingerprint] for s in sources]},
                      sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()

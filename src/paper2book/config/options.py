"""Options a backend may honour (``RenderOptions``; each backend ignores what it does not
use), and the job's own (``JobOptions``).

They come from the schema's defaults, then ``paper2book.yaml``, then
command-line flags (see config/__init__.py).  None means "not set": the
theme or the book's content decides (see each option's ``unset`` in the schema).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TypedDict

from .schema import DEFAULTS


@dataclass(frozen=True)
class Series:
    """The series a book of a split belongs to, and its place there (the date as a number,
    20251203 for an issue, 202512 for a month, 2025 for a year): EPUB 3
    belongs-to-collection and calibre:series."""

    name: str
    position: int


class PaperSettings(TypedDict, total=False):
    """One paper's settings (``newspapers: {NAME: {...}}``): the keys of schema.NEWSPAPER,
    which a test keeps equal to these."""

    display_name: str           # printed on masthead, cover and running heads
    masthead_color: str         # values.colour: '#b3141b' or darkred
    masthead_image: str         # an image file (values.image_file) replacing the set masthead
    columns: int                # this paper's PDF body columns, 1..3


@dataclass(frozen=True)
class JobOptions:
    """How a run is carried out, not what a book looks like: how many books, and where
    their work runs (jobs/).  Never part of a book's options or of its manifest key."""

    split: str | None = DEFAULTS["split"]              # None: one book; issue, month or year
    jobs: int | None = DEFAULTS["jobs"]                # processes; None: the machine's cores
    scheduler: str | None = DEFAULTS["scheduler"]      # a Dask scheduler's address, or None
    dask_timeout: float = DEFAULTS["dask_timeout"]     # seconds: the scheduler, a worker


@dataclass
class RenderOptions:
    title: str | None = DEFAULTS["title"]              # overrides Book.title
    author: str | None = DEFAULTS["author"]
    identifier: str | None = DEFAULTS["identifier"]
    # None: zh-CN, or the language the script implies (editions.language_for).
    language: str | None = None
    paper: str | None = DEFAULTS["paper"]              # PDF page size (A4, A5, 148mmx210mm…)
    margins: str | None = DEFAULTS["margins"]          # PDF page margins, CSS lengths ("18mm 15mm")
    columns: int | None = DEFAULTS["columns"]          # PDF body columns, 1..3
    page_breaks: str = DEFAULTS["page_breaks"]         # PDF: "fill" or "banmian" (schema.PAGE_BREAKS)
    recto_starts: bool = DEFAULTS["recto_starts"]      # PDF volume: each issue on a right-hand page
    theme: str = DEFAULTS["theme"]                     # built-in theme name or a folder
    templates: Path | None = DEFAULTS["templates"]     # user folder searched before the theme
    embed_fonts: bool = DEFAULTS["embed_fonts"]        # EPUB: embed a subset of the body font
    pdf_variant: str = DEFAULTS["pdf_variant"]         # WeasyPrint's pdf_variant; "none": untagged
    strict_glyphs: bool = DEFAULTS["strict_glyphs"]    # PDF: refuse rather than print 〓
    fallback_fonts: str = DEFAULTS["fallback_fonts"]   # families after each role's, comma-separated
    script: str | None = DEFAULTS["script"]            # None: as the dump is; traditional, hk, tw…
    script_phrases: Path | None = DEFAULTS["script_phrases"]   # the user's corrections
    writing_mode: str = DEFAULTS["writing_mode"]       # horizontal or vertical (EPUB, HTML)
    # Families the user chose, by font role (schema.FONT_ROLES); the others are the installed defaults.
    fonts: dict[str, str] = field(default_factory=dict)
    # Per paper, keyed by its name: display_name, masthead_color, masthead_image, columns.
    newspapers: dict[str, PaperSettings] = field(default_factory=dict)
    # Per backend name: that backend's own settings (the config file's ``backends:``), which
    # the backend checks itself.
    backends: dict[str, dict[str, object]] = field(default_factory=dict)
    series: Series | None = None                       # set for each book of a split

    def paper_settings(self, newspaper: str) -> PaperSettings:
        return self.newspapers.get(newspaper, {})

    def display_name(self, newspaper: str) -> str:
        return self.paper_settings(newspaper).get("display_name") or newspaper

    def settings_for(self, backend: str) -> dict[str, object]:
        """The settings ``backends: {NAME: {...}}`` gives the backend registered as ``backend``."""
        return dict(self.backends.get(backend) or {})

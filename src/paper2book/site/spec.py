"""What ``--site`` is asked to make (SiteSpec) and what it reports (SiteReport)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..config.options import JobOptions, RenderOptions
from ..reader.files import MAX_INPUT_BYTES

if TYPE_CHECKING:
    from ..jobs.job import JobReport


@dataclass
class SiteSpec:
    inputs: list[str]
    folder: Path
    options: RenderOptions
    job: JobOptions = field(default_factory=JobOptions)     # jobs and scheduler: where months are made
    punctuation: bool = True
    formats: dict[str, str] = field(default_factory=dict)   # books: backend → extension
    force: bool = False
    title: str | None = None
    max_bytes: int = MAX_INPUT_BYTES


@dataclass
class SiteReport:
    written: int = 0                    # files written
    removed: int = 0
    months_made: int = 0
    months_up_to_date: int = 0
    failed: int = 0
    counts: list[int] = field(default_factory=lambda: [0, 0, 0])   # issues, 版面, articles
    books: JobReport | None = None      # the books job's, when it ran
    errors: list[str] = field(default_factory=list)

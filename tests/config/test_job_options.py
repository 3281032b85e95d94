"""``split``, ``jobs`` and ``scheduler`` are the job's settings (JobOptions), not a book's:
read from the config file and the flags, never found in RenderOptions."""

from __future__ import annotations

from dataclasses import fields

from paper2book import config
from paper2book.config.options import JobOptions, RenderOptions


def test_the_file_sets_the_job_and_flags_win(tmp_path):
    p = tmp_path / "paper2book.yaml"
    p.write_text("split: month\njobs: 3\ntitle: 合订本\n", encoding="utf-8")
    cfg = config.load(p)
    assert config.job_options_from(cfg, {"jobs": None}) == JobOptions(split="month", jobs=3)
    job = config.job_options_from(cfg, {"jobs": 1, "scheduler": "tcp://h:8786", "title": "x"})
    assert job == JobOptions(split="month", jobs=1, scheduler="tcp://h:8786")
    options = config.options_from(cfg, {"jobs": 1, "split": "year"})
    assert options.title == "合订本" and not hasattr(options, "jobs") and not hasattr(options, "split")


def test_render_options_hold_render_settings_only():
    assert {"split", "jobs", "scheduler", "progress"}.isdisjoint(f.name for f in fields(RenderOptions))

"""Jobs of many books: ``--split issue|month|year`` over an archive of dumps.

    groups    what a split makes of an archive: one book per paper and period, its
              file name, title and series position
    scan      an input's fingerprint (sha256 of its bytes) and the papers and dates
              it holds, read from its screens without reading its articles
    manifest  .paper2book-manifest.json in the output folder: each output's key and
              each input's scan, so a second run makes only what changed
    plan      inputs to books: which inputs each book reads, its outputs and their keys
    task      what runs on a worker: read a book's inputs, write its outputs atomically
    runner    where steps run: here, a local process pool, or a Dask cluster
    logs      a step's log records, caught on its worker and logged again here
    job       the whole job, phase by phase
    volume    one book's work on workers: a volume's PDF typeset in parts; the one
              place that decides what runs in parallel

A job is steps (runner.Step): scans, then books, a step each.  A volume's
PDF in a split job is typeset part after part inside its book's step; for
the command's single book its parts are what runs in parallel (volume.py).
"""

from .job import Finished, JobReport, JobSpec, run

__all__ = ["Finished", "JobReport", "JobSpec", "run"]

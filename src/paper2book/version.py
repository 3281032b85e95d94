"""paper2book's version: a leaf module, so the backends and the jobs can name it without
importing the package's ``__init__`` (and, through it, the API above them)."""

__version__ = "0.1.0"

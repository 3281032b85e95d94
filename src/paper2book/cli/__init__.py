"""The ``paper2book`` command: argument parsing, the doctor, progress, EPUBCheck."""

from .main import main

__all__ = ["main"]

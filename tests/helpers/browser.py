"""Headless Chromium for the tests: the driver the vertical PDF prints with."""

from paper2book.backends.pdf.vertical.chromium import Browser, BrowserError

__all__ = ["Browser", "BrowserError"]

"""paper2book: e-newspaper reader dumps (电子报阅读机) into EPUB and print PDF books.

Python API::

    import paper2book
    book = paper2book.read(["issue.txt"])          # -> paper2book.model.Book
    paper2book.write(book, "epub", "issue.epub")   # any registered backend

Warnings (damaged screens, guessed years) go to the ``paper2book`` logger and
name the file and line.
"""

from __future__ import annotations

from .api import read, write, write_with_facts
from .model import Article, Book, Heading, Issue, Page, Paragraph, Source
from .version import __version__

__all__ = ["read", "write", "write_with_facts", "Book", "Issue", "Page", "Article", "Paragraph",
           "Heading", "Source", "__version__"]

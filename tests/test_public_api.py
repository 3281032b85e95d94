"""What ``import paper2book`` offers: every name in ``__all__``, also through a star import."""

import paper2book
import paper2book.api


def test_a_star_import_brings_every_public_name():
    names: dict[str, object] = {}
    exec("from paper2book import *", names)
    assert set(paper2book.__all__) <= names.keys()
    assert names["write_with_facts"] is paper2book.api.write_with_facts
    assert names["read"] is paper2book.api.read

"""The site's section of the manifest, read back: data anyone may have edited, so each
month's entry is checked for the shape build.py writes before any of it is used.

An entry is ``volume id → {"key", "files", "issues", "meta"}``: its files are names
below the site's root (files.safe_name), its issues ``[date, headlines, 版面, articles]``
and its meta the volume's line in the index's meta file, whose ``id`` the browser
loads the volume's shards by, so it must be the entry's own volume.
"""

from __future__ import annotations

import re

from .files import safe_name

_VOLUME = re.compile(r"^[0-9a-f]{8}-\d{4}-\d{2}$")


def _issue_ok(i: object) -> bool:
    return (isinstance(i, list) and len(i) == 4 and isinstance(i[0], str)
            and isinstance(i[1], list) and all(isinstance(h, str) for h in i[1])
            and all(isinstance(n, int) and not isinstance(n, bool) for n in i[2:]))


def _month_ok(vol: object, m: object) -> bool:
    if not (isinstance(vol, str) and _VOLUME.match(vol) and isinstance(m, dict)):
        return False
    meta = m.get("meta")
    return (isinstance(m.get("key"), str) and isinstance(m.get("files"), list)
            and all(safe_name(f) for f in m["files"])
            and isinstance(m.get("issues"), list) and all(_issue_ok(i) for i in m["issues"])
            and (meta is None or (isinstance(meta, dict) and meta.get("id") == vol
                                  and all(isinstance(meta.get(k), int) for k in ("nu", "n", "bsize")))))


def checked_months(months: object) -> tuple[dict[str, dict], int]:
    """The site's months as the manifest has them, each checked for its shape (a file name
    that leaves the site, an index id that is no volume's): the good ones, and how many
    were dropped (made again)."""
    if not isinstance(months, dict):
        return {}, 0 if months is None else 1
    good = {vol: m for vol, m in months.items() if _month_ok(vol, m)}
    return good, len(months) - len(good)

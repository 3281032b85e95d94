"""What a manifest read from disk may hold, checked as a whole before the job trusts it.

The manifest lives in the output folder, where a user, another program or a
downloaded archive can change it.  Every entry is checked for its shape; an
entry that is off is dropped (its output made again, its input scanned again)
and the whole file earns one warning saying how many were dropped.  A scan
entry carries a check (``scan_check``): a hash of the input's fingerprint and
of the scan itself, so an edited date (``2030-01-01``) does not silently move
an issue out of its book; the input is scanned again instead.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_KEY = re.compile(r"^[0-9a-f]{16,128}$")
_ONE = {"hashes": "input hash"}                  # a section's entry, named in a warning
_PATH_NAME = re.compile(r"^[0-9a-f]{32}$")      # a hash of an input's path (manifest._path_name)


@dataclass
class Checked:
    outputs: dict[str, dict[str, Any]] = field(default_factory=dict)
    inputs: dict[str, dict[str, Any]] = field(default_factory=dict)
    hashes: dict[str, dict[str, Any]] = field(default_factory=dict)
    dropped: list[str] = field(default_factory=list)     # what was off, one phrase each


def scan_check(fingerprint: str, issues: list[list[str]], mtime_date: str | None) -> str:
    text = json.dumps([fingerprint, issues, mtime_date], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def hash_check(path: str, stat: list[int], fingerprint: str) -> str:
    text = json.dumps([path, stat, fingerprint], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def check(data: dict[str, Any]) -> Checked:
    out = Checked()
    out.outputs = _kept(data.get("outputs", {}), "outputs", _output_ok, 60, out.dropped)
    out.inputs = _kept(data.get("inputs", {}), "inputs", _input_ok, 16, out.dropped)
    out.hashes = _kept(data.get("hashes", {}), "hashes", _hash_ok, 60, out.dropped)
    return out


def _kept(section: object, name: str, ok: Callable[[object, object], bool], shown: int,
          dropped: list[str]) -> dict[str, dict[str, Any]]:
    """The entries of one section that are as written; each other one named in ``dropped``
    (its key cut to ``shown`` characters)."""
    if not isinstance(section, dict):
        dropped.append(f"{name!r} ({type(section).__name__}, not a mapping)")
        return {}
    kept = {}
    for key, entry in section.items():
        if ok(key, entry):
            kept[key] = entry
        else:
            dropped.append(f"{_ONE.get(name, name.rstrip('s'))} {str(key)[:shown]!r}")
    return kept


def _int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _output_ok(name: object, entry: object) -> bool:
    return (isinstance(name, str) and 0 < len(name) <= 255 and "/" not in name and "\0" not in name
            and name not in (".", "..") and isinstance(entry, dict)
            and isinstance(entry.get("key"), str) and bool(_KEY.match(entry["key"]))
            and _int(entry.get("size")) and _int(entry.get("mtime_ns")))


def _date(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _input_ok(fingerprint: object, entry: object) -> bool:
    if not (isinstance(fingerprint, str) and _SHA256.match(fingerprint) and isinstance(entry, dict)):
        return False
    issues, mtime = entry.get("issues"), entry.get("mtime_date")
    if not (isinstance(issues, list) and all(
            isinstance(i, list) and len(i) == 2 and isinstance(i[0], str) and _date(i[1])
            for i in issues)):
        return False
    if mtime is not None and not _date(mtime):
        return False
    return entry.get("check") == scan_check(fingerprint, issues, mtime)


def _hash_ok(name: object, entry: object) -> bool:
    if not (isinstance(name, str) and _PATH_NAME.match(name) and isinstance(entry, dict)):
        return False
    st, sha = entry.get("stat"), entry.get("sha")
    return (isinstance(st, list) and len(st) == 5 and all(_int(v) for v in st)
            and isinstance(sha, str) and bool(_SHA256.match(sha))
            and entry.get("check") == hash_check(name, st, sha))

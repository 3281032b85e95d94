"""jobs/inputs.scanned: an input whose stat is as when it was hashed is not read again
(the manifest keeps its fingerprint under a hash of its path); a change to its bytes
always changes its ctime, so it is read."""

from __future__ import annotations

import json
import os

import pytest

from paper2book.jobs import inputs, manifest
from paper2book.jobs.manifest import NAME, Manifest

from helpers.seed import SEED


@pytest.fixture
def counted(monkeypatch):
    calls: list[str] = []
    real = inputs.fingerprint

    def fingerprint(path: str) -> str:
        calls.append(path)
        return real(path)

    monkeypatch.setattr(inputs, "fingerprint", fingerprint)
    return calls


@pytest.fixture
def dump(tmp_path):
    """A dump, and the output folder beside it."""
    path = tmp_path / "dump.txt"
    path.write_bytes(SEED.read_bytes())
    (tmp_path / "books").mkdir()
    return path


def _scan(folder, files, force=False):
    m = Manifest.load(folder)
    hashed, _ = inputs.scanned([str(f) for f in files], m, max_bytes=1 << 26, force=force,
                               workers=lambda n: inputs.InProcess(), on_stage=lambda s: None,
                               on_error=pytest.fail)
    m.changed = True            # as when the run made something: the cache rides along
    m.save()
    return [h.sha for h in hashed]


def test_the_cache_alone_never_writes_the_manifest(tmp_path, dump, monkeypatch):
    """A run that makes nothing writes nothing: a fingerprint remembered for the first time
    waits for the manifest's next change."""
    _scan(tmp_path, [dump])                     # the scan kept; the file too new to trust
    before = (tmp_path / NAME).read_bytes()
    monkeypatch.setattr(manifest, "RACY_NS", 0)
    m = Manifest.load(tmp_path)
    inputs.scanned([str(dump)], m, max_bytes=1 << 26, force=False, workers=lambda n: inputs.InProcess(),
                   on_stage=lambda s: None, on_error=pytest.fail)
    assert m.hashes and not m.changed
    m.save()
    assert (tmp_path / NAME).read_bytes() == before


def test_an_unchanged_input_is_hashed_once_and_a_changed_one_again(tmp_path, dump, counted, monkeypatch):
    monkeypatch.setattr(manifest, "RACY_NS", 0)
    out = tmp_path / "books"
    first = _scan(out, [dump])
    assert len(counted) == 1
    assert _scan(out, [dump]) == first and len(counted) == 1           # not read again
    assert str(tmp_path) not in (out / NAME).read_text(encoding="utf-8")  # no path of the user's
    # The same size and modification time, other bytes: the ctime moves, so it is read.
    st = dump.stat()
    dump.write_bytes(SEED.read_bytes().replace("。".encode(), "，".encode(), 1))
    os.utime(dump, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert dump.stat().st_size == st.st_size
    assert _scan(out, [dump]) != first and len(counted) == 2
    assert _scan(out, [dump], force=True) and len(counted) == 3        # --force reads all


def test_a_file_changed_just_now_is_not_trusted_next_time(tmp_path, dump, counted):
    out = tmp_path / "books"
    _scan(out, [dump])
    _scan(out, [dump])
    assert len(counted) == 2            # written within RACY_NS: its stat could hide a change


@pytest.mark.allow_warnings
def test_a_forged_fingerprint_is_dropped(tmp_path, dump, counted, monkeypatch, caplog):
    monkeypatch.setattr(manifest, "RACY_NS", 0)
    out = tmp_path / "books"
    first = _scan(out, [dump])
    data = json.loads((out / NAME).read_text(encoding="utf-8"))
    (entry,) = data["hashes"].values()
    entry["sha"] = "0" * 64
    (out / NAME).write_text(json.dumps(data), encoding="utf-8")
    assert _scan(out, [dump]) == first and len(counted) == 2
    assert "1 entries are not as paper2book wrote them (input hash '" in caplog.text

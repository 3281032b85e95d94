"""site/shards.py: a month's bigram parts and the archive's shards merged from them; parts
read back from a folder anyone may have edited never put script into a shard."""

from __future__ import annotations

import json
import re

import pytest

from paper2book.site.files import SiteFolder
from paper2book.site.shards import MAGIC, MAX_SHARDS, Damaged, Parts, merge, open_parts, pack, readable

KEY = '"\\'           # a pair of characters a text may hold: a quote and a backslash


def write_shards(site: SiteFolder, index: str, year: str, volumes: list[str], nb: int):
    """A year's shards from its volumes' parts, as site/build.py merges them."""
    return merge(site, index, year, open_parts(site, index, volumes), nb)


def _parts(tmp_path, vol: str, entries: dict[int, str]):
    buckets = [entries.get(b, "") for b in range(MAX_SHARDS)]
    data, size = pack(buckets)
    path = tmp_path / "_p2b/index" / vol / "b.parts"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path, size


def _shard(path) -> tuple[str, int, dict]:
    m = re.fullmatch(r"P2B\.b\((.*)\);\n", path.read_text("utf-8"), re.S)
    year, k, sections = json.loads(f"[{m[1]}]")
    return year, k, sections


def test_shards_gather_every_volume_s_buckets(tmp_path):
    _parts(tmp_path, "0123abcd-2025-01", {0: "发展0,5|", 2: KEY + "7|", 3: "台风1|"})
    _parts(tmp_path, "0123abcd-2025-02", {1: "台风2,3|"})
    names, written = write_shards(SiteFolder(tmp_path), "_p2b/index", "2025",
                                  ["0123abcd-2025-02", "0123abcd-2025-01"], 2)
    assert names == written == ["_p2b/index/b2025-0.js", "_p2b/index/b2025-1.js"]
    assert _shard(tmp_path / names[0]) == ("2025", 0, {"0123abcd-2025-01": "发展0,5|" + KEY + "7|"})
    assert _shard(tmp_path / names[1]) == ("2025", 1, {"0123abcd-2025-01": "台风1|",
                                                       "0123abcd-2025-02": "台风2,3|"})
    # The same again: nothing written.
    assert write_shards(SiteFolder(tmp_path), "_p2b/index", "2025",
                        ["0123abcd-2025-01", "0123abcd-2025-02"], 2) == (names, [])


@pytest.mark.parametrize("tamper", [
    lambda d: d.replace(b"7|", b'"+alert(1)+"|'),       # a quote would end the script's string
    lambda d: d.replace(b"7|", b"\\x|"),                 # a backslash that is no \\uXXXX
    lambda d: d.replace(b"7|", b"\n|"),
])
def test_a_tampered_part_never_reaches_a_shard(tmp_path, tamper):
    path, _ = _parts(tmp_path, "0123abcd-2025-01", {0: "发展0,5|", 2: KEY + "7|"})
    path.write_bytes(tamper(path.read_bytes()))
    with pytest.raises(Damaged) as e:
        write_shards(SiteFolder(tmp_path), "_p2b/index", "2025", ["0123abcd-2025-01"], 1)
    assert e.value.volume == "0123abcd-2025-01"
    assert not (tmp_path / "_p2b/index/b2025-0.js").exists()


def test_a_parts_file_whose_table_does_not_fit_is_not_readable(tmp_path):
    path, _ = _parts(tmp_path, "0123abcd-2025-01", {0: "发展0,5|"})
    data = path.read_bytes()
    assert readable(str(path))
    for bad in (data[:-1], data + b"x", b"X" + data[1:], MAGIC):
        path.write_bytes(bad)
        assert not readable(str(path))
    path.unlink()
    path.symlink_to(tmp_path / "elsewhere")
    with pytest.raises(Damaged):
        Parts(str(path))


def test_search_js_reads_postings_with_the_digits_index_py_writes():
    from pathlib import Path

    import paper2book.site
    from paper2book.site import index

    js = (Path(paper2book.site.__file__).parent / "assets" / "search.js").read_text("utf-8")
    assert re.search(r'var DIGITS = "([^"]*)";', js)[1] == index.DIGITS
    values = [0, 44, 45, 2024, 2025, 91124, 91125, 3_000_000]
    assert index.decode(index._deltas(values)) == values
    # One character a gap under 45, two under 2,025: no separators.
    assert len(index._deltas([3, 10, 50, 2000])) == 1 + 1 + 1 + 2


@pytest.mark.parametrize("years", [1, 2, 5, 10, 30])
def test_what_a_pair_loads_stays_bounded_however_many_years(years):
    """A pair is looked up in one shard a year: the years' shards get smaller as the
    archive gets longer (42 MB of pairs a year, as 365 daily issues of a real paper give)."""
    from paper2book.site.shards import ARCHIVE_TARGET, shard_count, year_target

    per_year = 42_000_000
    nb = shard_count(per_year, year_target(years))
    assert nb <= MAX_SHARDS
    loaded = years * per_year / nb
    assert loaded <= 2 * ARCHIVE_TARGET or nb == MAX_SHARDS
    assert loaded <= 400_000

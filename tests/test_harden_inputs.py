"""Issue 12: inputs as users have them, and inputs no dump ever is."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

import paper2book
from paper2book.errors import InputError
from paper2book.reader import MAX_INPUT_BYTES

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "jiujiang-daily-2025-12-03-p03.txt"


def run(*args, cwd: Path, stdin=None, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "paper2book", *args], cwd=cwd, stdin=stdin,
                          capture_output=True, timeout=timeout, check=False)


def one_line_error(r: subprocess.CompletedProcess) -> str:
    err = r.stderr.decode("utf-8", "replace")
    assert r.returncode == 1, err
    assert err.count("\n") == 1 and "Traceback" not in err and "internal error" not in err, err
    return err


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def model(book) -> dict:
    """The book without where it came from."""
    d = book.to_dict()
    for issue in d["issues"]:
        for page in issue["pages"]:
            for art in page["articles"]:
                art["source"] = None
    return d


# ---------------------------------------------------------------- sizes and kinds of file

def test_default_limit_is_256_mib():
    assert MAX_INPUT_BYTES == 256 * 1024 * 1024


def test_a_file_over_the_limit_is_refused_before_reading(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(SEED.read_bytes())
    with pytest.raises(InputError, match="larger than 1000 bytes"):
        paper2book.read(big, max_bytes=1000)
    assert paper2book.read(big, max_bytes=big.stat().st_size).articles


def test_a_sparse_2_gb_file_is_refused_at_once(tmp_path):
    sparse = tmp_path / "sparse.txt"
    with open(sparse, "wb") as f:
        f.truncate(2 << 30)
    start = time.monotonic()
    err = one_line_error(run("sparse.txt", "--json", cwd=tmp_path))
    assert time.monotonic() - start < 10
    assert "sparse.txt: larger than 256 MiB" in err


def test_standard_input_is_read_in_bounded_chunks(tmp_path):
    start = time.monotonic()
    with open("/dev/zero", "rb") as zero:
        err = one_line_error(run("-", "--json", "-o", "out.json", cwd=tmp_path, stdin=zero))
    assert time.monotonic() - start < 20
    assert "<stdin>: larger than 256 MiB" in err and not (tmp_path / "out.json").exists()


def test_a_pipe_growing_past_the_limit_is_refused(tmp_path):
    code = ("import paper2book, sys\n"
            "try:\n    paper2book.read('-', max_bytes=1000)\n"
            "except paper2book.errors.InputError as e:\n    print(e)\n")
    r = subprocess.run([sys.executable, "-c", code], input=SEED.read_bytes(), capture_output=True,
                       timeout=60, check=True)
    assert r.stdout.decode().strip() == "<stdin>: larger than 1000 bytes: not a dump"


@pytest.mark.parametrize("make", ["fifo", "socket", "device"])
def test_only_dash_reads_a_pipe_or_device(tmp_path, make):
    name = tmp_path / "odd.txt"
    shown = "odd.txt"
    if make == "fifo":
        os.mkfifo(name)             # no writer: reading it would block forever
    elif make == "socket":
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(name))
    else:
        name = shown = "/dev/zero"
    start = time.monotonic()
    err = one_line_error(run(str(name), "--json", "-o", str(tmp_path / "o.json"), cwd=tmp_path))
    assert time.monotonic() - start < 10
    assert f"{shown}: not a regular file; use - to read a pipe" in err


def test_closed_standard_input(tmp_path):
    r = subprocess.run(["sh", "-c", f'exec "{sys.executable}" -m paper2book - --json -o o.json <&-'],
                       cwd=tmp_path, capture_output=True, timeout=60, check=False)
    assert "<stdin>: standard input is closed" in one_line_error(r)


def test_a_symlink_loop_is_an_input_error(tmp_path):
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    with pytest.raises(InputError, match="symbolic link loop"):
        paper2book.read(tmp_path / "a.txt")


# ---------------------------------------------------------------- folders

def test_folders_are_searched_recursively_skipping_hidden_names(tmp_path, caplog):
    text = seed_text()
    files = {
        "2025-12/b.TXT": text.replace("日期:12-03", "日期:12-02"),
        "2025-12/a.txt": text.replace("日期:12-03", "日期:12-01"),
        "2025-11/z.Txt": text.replace("日期:12-03", "日期:11-30"),
        "top.txt": text,
        ".hidden.txt": text.replace("日期:12-03", "日期:10-01"),
        ".trash/x.txt": text.replace("日期:12-03", "日期:10-02"),
        "notes.md": "not a dump",
    }
    for rel, content in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(content, encoding="utf-8")
    outside = tmp_path.parent / f"{tmp_path.name}-outside.txt"
    outside.write_text(text.replace("日期:12-03", "日期:09-01"), encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(outside)
    from paper2book.reader import expand_inputs

    found = [os.path.relpath(p, tmp_path) for p in expand_inputs([str(tmp_path)])]
    assert found == ["2025-11/z.Txt", "2025-12/a.txt", "2025-12/b.TXT", "top.txt"]
    assert any("links to a file outside" in r.getMessage() for r in caplog.records)
    caplog.clear()


# ---------------------------------------------------------------- encodings

@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be-bom", "utf-32", "utf-32-be-bom"])
def test_utf16_and_utf32_with_bom(tmp_path, encoding):
    text = seed_text()
    if encoding.endswith("-bom"):
        codec = encoding[:-4]
        data = "\ufeff".encode(codec) + text.encode(codec)
    else:
        data = text.encode(encoding)
    (tmp_path / "u.txt").write_bytes(data)
    assert model(paper2book.read(tmp_path / "u.txt")) == model(paper2book.read(SEED))


@pytest.mark.parametrize("codec", ["utf-8", "gb18030"])
def test_an_undecodable_byte_is_located(tmp_path, codec):
    data = seed_text().encode(codec)
    # A bad byte at the start of line 40.
    offset = sum(len(line) + 1 for line in data.split(b"\n")[:39])
    (tmp_path / "bad.txt").write_bytes(data[:offset] + b"\xff" + data[offset:])
    err = one_line_error(run("bad.txt", "--json", cwd=tmp_path))
    assert f"bad.txt: line 40, byte {offset}: not UTF-8 or GB18030" in err


def test_noncharacters_are_dropped(tmp_path):
    text = seed_text().replace("供需对接", "供\ufdd0需\U0010ffff对\ufffe接\U0001ffff")
    (tmp_path / "n.txt").write_text(text, encoding="utf-8")
    dumped = json.dumps(paper2book.read(tmp_path / "n.txt").to_dict(), ensure_ascii=False)
    assert "供需对接" in dumped
    assert not any(c in dumped for c in "\ufdd0\U0010ffff\ufffe\U0001ffff")


# ---------------------------------------------------------------- names

GBK_NAME = "企".encode("gbk") + b".txt"       # what unzip makes of a Windows archive


@pytest.mark.parametrize("fmt", ["json", "html", "epub"])
def test_file_names_that_are_not_utf8(tmp_path, fmt):
    folder = os.fsencode(tmp_path)
    with open(os.path.join(folder, GBK_NAME), "wb") as f:
        f.write(SEED.read_bytes())
    r = run(GBK_NAME, f"--{fmt}", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert os.path.exists(os.path.join(folder, GBK_NAME[:-4] + f".{fmt}".encode()))
    if fmt == "json":
        data = json.loads(Path(os.fsdecode(os.path.join(folder, GBK_NAME[:-4] + b".json")))
                          .read_text(encoding="utf-8"))
        source = data["issues"][0]["pages"][0]["articles"][0]["source"]["file"]
        assert source == "\\xc6\\xf3.txt"
    # A folder holding it, too.
    r = run(".", "--json", "-o", "all.json", cwd=tmp_path)
    assert r.returncode == 0, r.stderr


def test_source_file_does_not_depend_on_how_the_path_was_typed(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_bytes(SEED.read_bytes())
    outputs = []
    for i, name in enumerate(["sub/a.txt", str(tmp_path / "sub" / "a.txt"), "./sub/../sub/a.txt"]):
        r = run(name, "--json", "-o", f"o{i}.json", cwd=tmp_path)
        assert r.returncode == 0, r.stderr
        outputs.append((tmp_path / f"o{i}.json").read_bytes())
    assert outputs[0] == outputs[1] == outputs[2]
    assert b'"file": "sub/a.txt"' in outputs[0]

"""Issue 12: outputs land whole or not at all, into what the target really is."""

from __future__ import annotations

import errno
import os
import signal
import stat
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from paper2book import output
from paper2book.errors import OutputError, Paper2BookError

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "jiujiang-daily-2025-12-03-p03.txt"


def _write(target: Path, data: bytes = b"new") -> None:
    with output.atomic_path(target) as tmp:
        tmp.write_bytes(data)


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith((".part", ".old")))


def test_a_new_file_honours_the_umask(tmp_path):
    old = os.umask(0o027)
    try:
        _write(tmp_path / "sub" / "out.json")
    finally:
        os.umask(old)
    target = tmp_path / "sub" / "out.json"
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert _leftovers(target.parent) == []


def test_an_existing_file_keeps_its_mode(tmp_path):
    target = tmp_path / "out.json"
    target.write_bytes(b"old")
    os.chmod(target, 0o600)
    _write(target)
    assert target.read_bytes() == b"new" and stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_symlink_stays_and_its_target_is_replaced(tmp_path):
    real = tmp_path / "real" / "book.json"
    real.parent.mkdir()
    real.write_bytes(b"old")
    os.chmod(real, 0o640)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    _write(link)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_bytes() == b"new" and stat.S_IMODE(real.stat().st_mode) == 0o640
    assert _leftovers(tmp_path) == [] and _leftovers(real.parent) == []


def test_a_fifo_is_written_into(tmp_path):
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    _write(fifo, b"through the pipe")
    reader.join(10)
    assert got == [b"through the pipe"]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


@pytest.fixture
def null_device(tmp_path) -> Path:
    """A copy of /dev/null inside tmp_path: if writing ever replaced a device again, the
    test would replace this one, not the system's."""
    dev = tmp_path / "null"
    try:
        os.mknod(dev, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (PermissionError, OSError) as e:
        pytest.skip(f"cannot make a character device here: {e}")
    return dev


def test_a_character_device_is_not_replaced(null_device):
    _write(null_device)
    assert stat.S_ISCHR(os.lstat(null_device).st_mode)


def test_cli_output_to_a_device_keeps_the_device(null_device, tmp_path):
    (tmp_path / "issue.txt").write_bytes(SEED.read_bytes())
    for fmt in ("json", "epub"):
        r = subprocess.run([sys.executable, "-m", "paper2book", "issue.txt", f"--{fmt}", "-o",
                            str(null_device), "-q"], cwd=tmp_path, capture_output=True, timeout=300,
                           check=False)
        assert r.returncode == 0, r.stderr
        assert stat.S_ISCHR(os.lstat(null_device).st_mode)
    assert _leftovers(tmp_path) == []


def test_a_plain_target_refuses_links_fifos_and_devices(tmp_path, null_device):
    victim = tmp_path / "victim"
    victim.write_bytes(b"not yours")
    (tmp_path / "link").symlink_to(victim)
    os.mkfifo(tmp_path / "fifo")
    for target, words in ((tmp_path / "link", "is a symbolic link"), (tmp_path / "fifo", "is a FIFO"),
                          (null_device, "is a character device")):
        with pytest.raises(OutputError) as e, output.transaction() as tx:
            tx.path_for(target, plain=True)
        assert str(e.value).startswith(f"{target}: cannot write: {words}")
    assert victim.read_bytes() == b"not yours" and (tmp_path / "link").is_symlink()
    assert stat.S_ISCHR(os.lstat(null_device).st_mode) and _leftovers(tmp_path) == []
    with output.transaction() as tx:            # a regular file, or none yet: written as ever
        tx.path_for(victim, plain=True).write_bytes(b"new")
        tx.path_for(tmp_path / "new", plain=True).write_bytes(b"new")
    assert victim.read_bytes() == (tmp_path / "new").read_bytes() == b"new"


@pytest.mark.parametrize("make, words", [
    (lambda p: p.mkdir(), "is a folder"),
    (lambda p: (p.symlink_to(p.with_name("b")), p.with_name("b").symlink_to(p)),
     "Too many levels of symbolic links"),
])
def test_what_cannot_be_written_is_named(tmp_path, make, words):
    target = tmp_path / "a"
    make(target)
    with pytest.raises(OutputError) as e:
        _write(target)
    assert e.value.filename == str(target) and words in str(e.value)
    assert str(e.value).startswith(f"{target}: cannot write: ")


def test_a_write_error_names_the_target_not_the_temporary_file(tmp_path):
    target = tmp_path / "out.epub"
    with pytest.raises(OutputError) as e, output.atomic_path(target) as tmp:  # noqa: PT012
        tmp.write_bytes(b"half")
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp))
    assert e.value.filename == str(target) and e.value.errno == errno.ENOSPC
    assert isinstance(e.value, OSError) and isinstance(e.value, Paper2BookError)
    assert not target.exists() and _leftovers(tmp_path) == []
    # No file name at all (a failed write() on an open file): the target still.
    with pytest.raises(OutputError) as e, output.atomic_path(target):
        raise OSError(errno.EIO, "Input/output error")
    assert e.value.filename == str(target)


def test_an_error_about_another_file_is_left_alone(tmp_path):
    with pytest.raises(FileNotFoundError) as e, output.atomic_path(tmp_path / "out.epub"):
        (tmp_path / "missing-font.ttf").read_bytes()
    assert not isinstance(e.value, OutputError)


def test_a_folder_that_cannot_be_made_is_named(tmp_path):
    (tmp_path / "file").write_text("x")
    target = tmp_path / "file" / "out.json"
    with pytest.raises(OutputError) as e:
        _write(target)
    assert e.value.filename == str(target)


def test_a_transaction_lands_every_output(tmp_path):
    a, b = tmp_path / "a.json", tmp_path / "b.epub"
    b.write_bytes(b"old b")
    with output.transaction() as tx:
        tx.path_for(a).write_bytes(b"A")
        tx.path_for(b).write_bytes(b"B")
        assert not a.exists() and b.read_bytes() == b"old b"
    assert a.read_bytes() == b"A" and b.read_bytes() == b"B"
    assert _leftovers(tmp_path) == []


def test_a_failed_backend_lands_nothing(tmp_path):
    a, b = tmp_path / "a.json", tmp_path / "b.epub"
    a.write_bytes(b"old a")
    with pytest.raises(RuntimeError), output.transaction() as tx:  # noqa: PT012
        tx.path_for(a).write_bytes(b"A")
        tx.path_for(b).write_bytes(b"half")
        raise RuntimeError("the second backend failed")
    assert a.read_bytes() == b"old a" and not b.exists()
    assert _leftovers(tmp_path) == []


def test_a_failed_rename_rolls_back_what_landed(tmp_path):
    a, b, c = tmp_path / "a.json", tmp_path / "b.html", tmp_path / "c.epub"
    a.write_bytes(b"old a")
    with pytest.raises(OutputError) as e, output.transaction() as tx:  # noqa: PT012
        tx.path_for(a).write_bytes(b"A")
        tx.path_for(b).write_bytes(b"B")
        tx.path_for(c).write_bytes(b"C")
        c.mkdir()           # the last rename cannot replace a folder
    assert e.value.filename == str(c)
    assert a.read_bytes() == b"old a" and not b.exists()
    assert _leftovers(tmp_path) == []


def test_handlers_are_restored():
    before = signal.getsignal(signal.SIGTERM)
    with output.transaction() as tx:
        assert signal.getsignal(signal.SIGTERM) is not before
        del tx
    assert signal.getsignal(signal.SIGTERM) is before


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_signal_removes_the_temporary_file(tmp_path, sig):
    script = textwrap.dedent(f"""
        import sys, time
        from paper2book import output
        with output.atomic_path({str(tmp_path / "out.epub")!r}) as tmp:
            tmp.write_bytes(b"half")
            print("ready", flush=True)
            time.sleep(60)
    """)
    # Under nohup SIGHUP comes ignored, and an ignored signal stays so (output.py keeps
    # it): the child starts with the signal's default, as from a terminal.
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE,
                             preexec_fn=lambda: signal.signal(sig, signal.SIG_DFL))
    assert child.stdout.readline() == b"ready\n"
    assert len(_leftovers(tmp_path)) == 1
    child.send_signal(sig)
    child.wait(30)
    assert child.returncode != 0
    assert _leftovers(tmp_path) == [] and not (tmp_path / "out.epub").exists()


def test_the_file_is_synced_before_the_rename_and_the_folder_after(tmp_path, monkeypatch):
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd):
        events.append("fsync folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "fsync file")
        real_fsync(fd)

    def replace(src, dst):
        events.append("rename")
        real_replace(src, dst)

    monkeypatch.setattr(output.os, "fsync", fsync)
    monkeypatch.setattr(output.os, "replace", replace)
    _write(tmp_path / "out.json")
    assert events == ["fsync file", "rename", "fsync folder"]


def test_a_fifo_with_no_reader_can_still_be_interrupted(tmp_path):
    fifo, spool = tmp_path / "pipe.json", tmp_path / "spool"
    os.mkfifo(fifo)
    spool.mkdir()
    script = textwrap.dedent(f"""
        from paper2book import output
        with output.atomic_path({str(fifo)!r}) as tmp:
            tmp.write_bytes(b"waiting for a reader")
            print("ready", flush=True)
    """)
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env={**os.environ, "TMPDIR": str(spool)})
    assert child.stdout.readline() == b"ready\n"
    time.sleep(0.3)             # now blocked opening the FIFO
    child.send_signal(signal.SIGTERM)
    child.wait(30)
    assert child.returncode == 128 + signal.SIGTERM
    assert list(spool.iterdir()) == [] and stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_stop_right_after_a_temporary_file_is_made_leaves_nothing(tmp_path, monkeypatch):
    """SIGTERM raises in the main thread between any two steps, whatever signal mask it
    holds (a worker's lifeline thread takes the signal): the moment after the temporary
    file exists and before anything else is the worst one."""
    import paper2book.output as output

    real_open = os.open

    def open_then_stop(path, flags, *args, **kwargs):
        fd = real_open(path, flags, *args, **kwargs)
        if str(path).endswith(".part") and flags & os.O_CREAT:
            os.close(fd)
            raise SystemExit(143)
        return fd

    monkeypatch.setattr(output.os, "open", open_then_stop)
    with pytest.raises(SystemExit), output.transaction() as tx:
        tx.path_for(tmp_path / "book.epub")
    monkeypatch.undo()
    assert sorted(p.name for p in tmp_path.iterdir()) == []

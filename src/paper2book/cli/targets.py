"""Where each format's output goes, and the slips in ``-o`` that stop a run before any work.

With one format ``-o`` names the file; with several it is a stem: an
extension that belongs to a format is replaced per format (``-o x.epub
--epub --pdf`` writes x.epub and x.pdf), any other is kept and the format's
appended (``-o 2025.12 --epub --pdf`` writes 2025.12.epub and 2025.12.pdf).
An ``-o`` carrying another format's extension is refused unless
``--force-name``: ``--pdf -o x.epub`` would put a PDF in a file every
reader takes for an EPUB.

An ``-o`` that names a folder (one that exists, or any path ending in
``/``, created when missing as ``--split``'s ``-o books/`` is) takes the
default names inside it.  A default name is one the user did not type: a
symbolic link, FIFO or device found there is refused, not written through.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .. import registry
from ..errors import Paper2BookError, UsageError
from ..output import refuse_unless_plain
from ..reader.files import STDIN, display_name


class OverwriteError(Paper2BookError):
    """An output would replace an input: one line, exit 1."""


def plan(inputs: list[str], formats: list[str], output: str | None, *,
         force_name: bool = False) -> dict[str, Path | None]:
    """Each format's target (None: stdout)."""
    exts = {name: registry.get(name).extension for name in formats}
    if output == "-":
        if len(formats) > 1:
            raise UsageError("-o - (stdout) takes one format")
        return {formats[0]: None}
    if output and names_a_folder(output):
        if inputs[0] == STDIN:
            raise UsageError(f"-o {output} is a folder; reading standard input needs -o to name the file")
        return {name: Path(output) / _default(inputs[0], ext).name for name, ext in exts.items()}
    if output:
        out = Path(output)
        owner = _owner(out.suffix, exts)
        if not force_name:
            _refuse_other_formats_name(out, owner, exts)
        if len(formats) == 1:
            return {formats[0]: out}
        stem = out.with_suffix("") if owner else out
        return {name: stem.with_name(stem.name + ext) for name, ext in exts.items()}
    if inputs[0] == STDIN:
        raise UsageError("reading standard input needs -o to name the output")
    return {name: _default(inputs[0], ext) for name, ext in exts.items()}


def no_input() -> UsageError:
    """No INPUT named; when standard input is a pipe, the user likely meant to read it."""
    try:
        piped = sys.stdin is not None and not sys.stdin.isatty()
    except (ValueError, OSError):        # a closed standard input
        piped = False
    if piped:
        return UsageError("no INPUT given; to read standard input, pass - as the INPUT "
                          "(cat issue.txt | paper2book - --epub -o issue.epub)")
    return UsageError("no INPUT given")


def names_a_folder(output: str | None) -> bool:
    """``-o`` names a folder to write the default names into (None and ``-`` name none)."""
    if not output or output == "-":
        return False
    return output.endswith(("/", os.sep)) or os.path.isdir(output)


def default_names(output: str | None) -> bool:
    """The outputs' names are the CLI's, not typed by the user (no ``-o``, or a folder)."""
    return output is None or names_a_folder(output)


def refuse_odd_default_targets(targets: dict[str, Path | None]) -> None:
    """A symbolic link, FIFO or device at a default name stops the run before any work."""
    for target in targets.values():
        if target is not None:
            refuse_unless_plain(target)


def _default(first: str, ext: str) -> Path:
    """Beside the first input, its name with the format's extension (``dumps/`` gives
    dumps.epub; ``.`` is named for the current folder)."""
    base = Path(first.rstrip("/\\") or first)
    if not base.name:                       # ".", "..": the folder's own name
        base = Path(os.path.abspath(first))
    if not base.name:                       # "/"
        raise UsageError(f"{first} has no name to give the output; name it with -o")
    return base.with_suffix(ext) if base.suffix else base.with_name(base.name + ext)


def formats(requested: list[str] | None, validate: bool) -> list[str]:
    """The formats asked for (default EPUB), each a known backend; with ``--validate``, at
    least one that has a checker.  The one check of the format flags, for both ways to run."""
    from .checks import refuse_nothing_to_check
    from .flags import nearest

    chosen = list(dict.fromkeys(requested or ["epub"]))
    for name in chosen:
        if not registry.known(name):
            raise UsageError(f"unknown backend {name!r}{nearest(name, registry.names())}; "
                             f"available: {', '.join(registry.names())}")
    if validate:
        refuse_nothing_to_check(chosen)
    return chosen


def refuse_overwriting_inputs(files: list[str], targets: dict[str, Path | None]) -> None:
    """No output may be an input: ``files`` is the reader's list (folders expanded by
    ``expand_inputs``), compared by resolved path and by inode (a hard link)."""
    by_path: dict[Path, str] = {}
    by_inode: dict[tuple[int, int], str] = {}
    for name in files:
        if name == STDIN:
            continue
        by_path.setdefault(_resolved(name), name)
        inode = _inode(name)
        if inode is not None:
            by_inode.setdefault(inode, name)
    for target in targets.values():
        if target is None:
            continue
        source = by_path.get(_resolved(str(target)))
        how = ""
        if source is None:
            inode = _inode(str(target))
            source = by_inode.get(inode) if inode is not None else None
            how = " (a hard link to it)"
        if source is not None:
            raise OverwriteError(f"output {target} would overwrite the input {display_name(source)}{how}; "
                                 "name another with -o")


def _inode(name: str) -> tuple[int, int] | None:
    try:
        st = os.stat(name)
    except (OSError, ValueError):
        return None
    return st.st_dev, st.st_ino


def _resolved(name: str) -> Path:
    try:
        return Path(name).resolve()
    except (RuntimeError, OSError):     # a symlink loop: the reader names it as an input error
        return Path(os.path.abspath(name))


def _refuse_other_formats_name(out: Path, owner: str | None, exts: dict[str, str]) -> None:
    if owner is None or owner in exts:
        return
    if len(exts) == 1:
        (name, ext), = exts.items()
        if not ext:      # a backend with no fixed extension takes any name
            return
        raise UsageError(
            f"-o {out} has the extension of {owner.upper()} ({out.suffix}) but the output is "
            f"{name.upper()} ({ext}); name it {out.with_suffix(ext)}, or add --force-name "
            "to keep the name")
    wanted = ", ".join(n.upper() for n in exts)
    raise UsageError(
        f"-o {out} has the extension of {owner.upper()} ({out.suffix}), which is not among "
        f"the outputs ({wanted}); with several formats -o is a stem such as "
        f"{out.with_suffix('')}, or add --force-name")


def _owner(suffix: str, exts: dict[str, str]) -> str | None:
    """The backend whose extension ``suffix`` is (the asked-for formats first), or None."""
    suffix = suffix.lower()
    if not suffix:
        return None
    for name, ext in exts.items():
        if ext and ext.lower() == suffix:
            return name
    # The other backends are loaded only here, on an unusual name: a JSON run stays light.
    for name in registry.names():
        if name in exts:
            continue
        try:
            ext = registry.get(name).extension
        except Paper2BookError:      # a third party's backend that cannot load owns nothing
            continue
        if ext and ext.lower() == suffix:
            return name
    return None

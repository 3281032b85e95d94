"""Where each format's output goes, and the slips in ``-o`` that stop a run before any work.

With one format ``-o`` names the file; with several it is a stem: an
extension that belongs to a format is replaced per format (``-o x.epub
--epub --pdf`` writes x.epub and x.pdf), any other is kept and the format's
appended (``-o 2025.12 --epub --pdf`` writes 2025.12.epub and 2025.12.pdf).
An ``-o`` carrying another format's extension is refused unless
``--force-name``: ``--pdf -o x.epub`` would put a PDF in a file every
reader takes for an EPUB.
"""

from __future__ import annotations

import os
from pathlib import Path

from .. import registry
from ..errors import Paper2BookError


class UsageError(Exception):
    """A slip on the command line: the CLI prints it with the usage and exits 2."""


def plan(inputs: list[str], formats: list[str], output: str | None, *,
         force_name: bool = False) -> dict[str, Path | None]:
    """Each format's target (None: stdout)."""
    exts = {name: registry.get(name).extension for name in formats}
    if output == "-":
        if len(formats) > 1:
            raise UsageError("-o - (stdout) takes one format")
        return {formats[0]: None}
    if output:
        out = Path(output)
        owner = _owner(out.suffix, exts)
        if not force_name:
            _refuse_other_formats_name(out, owner, exts)
        if len(formats) == 1:
            return {formats[0]: out}
        stem = out.with_suffix("") if owner else out
        return {name: stem.with_name(stem.name + ext) for name, ext in exts.items()}
    first = inputs[0]
    if first == "-":
        raise UsageError("reading standard input needs -o to name the output")
    base = Path(first.rstrip("/\\") or first)
    return {name: base.with_suffix(ext) if base.suffix else base.with_name(base.name + ext)
            for name, ext in exts.items()}


def formats(requested: list[str] | None, validate: bool) -> list[str]:
    """The formats asked for (default EPUB), each a known backend; with ``--validate``, at
    least one that has a checker.  The one check of the format flags, for both ways to run."""
    from .checks import refuse_nothing_to_check

    chosen = list(dict.fromkeys(requested or ["epub"]))
    for name in chosen:
        if not registry.known(name):
            raise UsageError(f"unknown backend {name!r}; available: {', '.join(registry.names())}")
    if validate:
        refuse_nothing_to_check(chosen)
    return chosen


def refuse_overwriting_inputs(inputs: list[str], targets: dict[str, Path | None]) -> None:
    sources = {_resolved(i) for i in inputs if i != "-"}
    for target in targets.values():
        if target is not None and _resolved(str(target)) in sources:
            raise UsageError(f"output {target} would overwrite an input; name another with -o")


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

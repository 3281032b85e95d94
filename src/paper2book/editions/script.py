"""Simplified to Traditional characters: OpenCC, then the corrections OpenCC needs.

``converter(script, phrases)`` gives the one function an edition applies to every
text of the model (model.walk) and to the labels the templates print.  Character
forms only by default (``s2t``, ``s2hk``, ``s2tw``); ``tw-phrases`` also rewrites
vocabulary the Taiwan way (``s2twp``: 软件 → 軟體), which changes the paper's wording,
so it is asked for by name.

OpenCC converts phrase by phrase and gets some common ones wrong (被发明 → 被髮明,
余秋雨 → 餘秋雨).  The shipped table (phrases.txt) and the user's
``script_phrases:`` file hold ``simplified traditional`` pairs; a text is cut at
every correction found (longest first), the corrections are put in as written and
the runs between them go through OpenCC.  Quotation marks become the corner
brackets of Hong Kong and Taiwan print (“” → 「」, ‘’ → 『』).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from ..errors import ConfigError

# --script value -> (OpenCC config, OpenCC config turning its standard forms into the
# edition's variants, for the corrections; None: the standard forms are the edition's).
SCRIPTS: dict[str, tuple[str, str | None]] = {
    "traditional": ("s2t", None),
    "hk": ("s2hk", "t2hk"),
    "tw": ("s2tw", "t2tw"),
    "tw-phrases": ("s2twp", "t2tw"),
}
# The conversion back to Simplified (tests; the vocabulary option has no exact inverse).
INVERSE = {"traditional": "t2s", "hk": "hk2s", "tw": "tw2s", "tw-phrases": "tw2s"}
LANGUAGES = {"traditional": "zh-Hant", "hk": "zh-HK", "tw": "zh-TW", "tw-phrases": "zh-TW"}

MAX_PHRASES_BYTES = 1 << 20     # a user's table is names and places, not a dictionary
MAX_PHRASE_CHARS = 32
_QUOTES = str.maketrans({"“": "「", "”": "」"})


def check(value: str) -> str:
    if value not in SCRIPTS:
        raise ConfigError(f"script must be one of {', '.join(SCRIPTS)}, not {value!r}")
    return value


def _opencc(config: str) -> Callable[[str], str]:
    try:
        import opencc
    except ImportError:     # pragma: no cover - a declared dependency
        raise ConfigError("--script needs OpenCC: pip install opencc") from None
    engine: Callable[[str], str] = opencc.OpenCC(config).convert
    return engine


@functools.lru_cache(maxsize=16)
def _engine(config: str) -> Callable[[str], str]:
    return _opencc(config)


def parse_phrases(text: str, source: str, sections: bool = False) -> dict[str | None, dict[str, str]]:
    """``simplified traditional`` lines by section (None: every script); ``#`` comments.

    A bad line is a ConfigError naming ``source`` and the line.  ``[script]`` headers
    start a section of the shipped table only.
    """
    table: dict[str | None, dict[str, str]] = {None: {}}
    section: str | None = None
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if sections and line.startswith("[") and line.endswith("]"):
            section = check(line[1:-1])
            table.setdefault(section, {})
            continue
        parts = line.split()
        problem = None
        if len(parts) != 2:
            problem = f"expected 'simplified traditional' (two words), got {len(parts)}"
        elif max(len(parts[0]), len(parts[1])) > MAX_PHRASE_CHARS:
            problem = f"a phrase longer than {MAX_PHRASE_CHARS} characters"
        elif any(not ch.isprintable() for ch in line):
            problem = "control characters"
        if problem:
            raise ConfigError(f"{source}:{number}: {problem}")
        table[section][parts[0]] = parts[1]
    return table


@functools.lru_cache(maxsize=1)
def shipped_phrases() -> dict[str | None, dict[str, str]]:
    text = resources.files(__package__).joinpath("phrases.txt").read_text(encoding="utf-8")
    return parse_phrases(text, "paper2book/editions/phrases.txt", sections=True)


@functools.lru_cache(maxsize=8)
def user_phrases(path: str) -> dict[str, str]:
    """The ``script_phrases:`` file: bounded in size, every bad line named."""
    p = Path(path)
    try:
        with p.open("rb") as f:
            data = f.read(MAX_PHRASES_BYTES + 1)
    except OSError as e:
        raise ConfigError(f"{path}: cannot read script phrases: {e.strerror or e}") from None
    if len(data) > MAX_PHRASES_BYTES:
        raise ConfigError(f"{path}: script phrases file larger than {MAX_PHRASES_BYTES >> 20} MiB")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[:e.start].count(b"\n") + 1
        raise ConfigError(f"{path}:{line}: script phrases are not UTF-8 text") from None
    return parse_phrases(text, path)[None]


def corrections(script: str, phrases: str | None = None) -> dict[str, str]:
    """simplified -> the edition's traditional: the shipped table, its section for
    ``script``, then the user's (which wins)."""
    table = shipped_phrases()
    merged = {**table[None], **table.get(script, {})}
    variant = SCRIPTS[script][1]
    if variant is not None:
        engine = _engine(variant)
        merged = {s: engine(t) for s, t in merged.items()}
    if phrases:
        merged.update(user_phrases(phrases))    # the user's own, as written
    return merged


def corner_quotes(text: str) -> str:
    """“” → 「」 and ‘’ → 『』; a ’ with no ‘ open is an apostrophe (Xi’an) and stays."""
    text = text.translate(_QUOTES)
    if "‘" not in text:
        return text
    out, depth = [], 0
    for k, ch in enumerate(text):
        if ch == "‘":
            depth += 1
            ch = "『"
        elif ch == "’" and depth and not _apostrophe(text, k):
            depth -= 1
            ch = "』"
        out.append(ch)
    return "".join(out)


def _apostrophe(text: str, k: int) -> bool:
    return 0 < k < len(text) - 1 and text[k - 1].isascii() and text[k - 1].isalpha() \
        and text[k + 1].isascii() and text[k + 1].isalpha()


class Converter:
    """One edition's conversion of a text: corrections, OpenCC, corner quotes."""

    def __init__(self, script: str, phrases: str | None = None,
                 table: dict[str, str] | None = None):
        self.script = check(script)
        self.opencc = SCRIPTS[script][0]
        self._engine = _engine(self.opencc)
        self.table = corrections(script, phrases) if table is None else table
        # Longest first: 被发型 before 被发; re.escape keeps a user's phrase literal.
        keys = sorted(self.table, key=len, reverse=True)
        self._pattern = re.compile("|".join(map(re.escape, keys))) if keys else None

    def __call__(self, text: str) -> str:
        if not text:
            return text
        if self._pattern is None:
            return corner_quotes(self._engine(text))
        out, at = [], 0
        for m in self._pattern.finditer(text):
            if m.start() > at:
                out.append(self._engine(text[at:m.start()]))
            out.append(self.table[m.group()])
            at = m.end()
        if at < len(text):
            out.append(self._engine(text[at:]))
        return corner_quotes("".join(out))


@functools.lru_cache(maxsize=8)
def converter(script: str | None, phrases: str | None = None) -> Callable[[str], str]:
    """The edition's conversion; the identity for ``None`` (the dump's own script)."""
    if script is None:
        return _same
    return Converter(script, phrases)


def _same(text: str) -> str:
    return text

"""Bytes to lines: encoding detection and the only line ends we accept.

Dumps are UTF-8 (with or without BOM), GB18030/GBK, or UTF-16/UTF-32 with
a BOM (what Windows Notepad saves as "Unicode").  GB18030 can decode
almost any byte string, so UTF-8 is tried first and strictly: real GB18030
Chinese text essentially never forms valid multi-byte UTF-8 sequences.
Only LF and CRLF end a line; ``str.splitlines`` would also break on U+000B,
U+001C, U+2028 and friends, which are text here.
"""

from __future__ import annotations

import codecs
import re

from ..errors import InputError, NotADumpError

# UTF-32 LE's BOM starts with UTF-16 LE's: longest first.  Notepad's "Unicode" is UTF-16 LE.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"), (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"), (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)
_BLANK = " \t\r\n\x00\ufeff"


# Control bytes that text does not have (tab, LF, CR, VT, FF, ESC and FS–RS are text).
_BINARY_CONTROLS = bytes(b for b in range(32) if b not in (9, 10, 13, 11, 12, 27, 28, 29, 30))
_NOT_BLANK = re.compile(rb"[^ \t\r\n\x00]")
# Decoded a piece at a time: CPython's decoder reserves one character per input byte at
# the widest width met so far, 3x a Chinese text's final size for the whole file at once.
_PIECE = 1 << 20


def looks_binary(data: bytes) -> bool:
    if b"\x00" in data[:65536]:
        return True
    sample = data[:65536]
    controls = len(sample) - len(sample.translate(None, _BINARY_CONTROLS))
    return bool(sample) and controls / len(sample) > 0.05


def _decode(data: bytes, codec: str) -> str:
    """``data.decode(codec)`` in pieces; an error is raised as the whole decode raises it."""
    if len(data) <= _PIECE:
        return data.decode(codec)
    decoder = codecs.getincrementaldecoder(codec)()
    try:
        pieces = [decoder.decode(data[i:i + _PIECE]) for i in range(0, len(data), _PIECE)]
        pieces.append(decoder.decode(b"", final=True))
    except UnicodeDecodeError:
        return data.decode(codec)       # raises, with the offset counted from the start
    return "".join(pieces)


def _where(data: bytes, offset: int, codec: str, start: int = 0) -> str:
    line = data[start:offset].decode(codec, "replace").count("\n") + 1
    return f"line {line}, byte {offset}"


def _decode_bom(data: bytes, bom: bytes, codec: str, label: str, name: str) -> tuple[str, str]:
    try:
        text = data[len(bom):].decode(codec)
    except UnicodeDecodeError as e:
        where = _where(data, len(bom) + e.start, codec, len(bom))
        raise InputError(name, f"{where}: starts with a {label} BOM but is not {label} "
                               f"({e.reason})") from None
    if not text.strip(_BLANK):
        raise NotADumpError(name, "empty file: nothing to convert")
    if looks_binary(text[:65536].encode("utf-8")):
        raise NotADumpError(name, "binary data, not a text dump from an e-paper reader")
    return text, "utf-8-sig" if codec == "utf-8" else codec


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Return (text, encoding name) or raise InputError naming ``name``."""
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            return _decode_bom(data, bom, codec, label, name)
    if not _NOT_BLANK.search(data):
        raise NotADumpError(name, "empty file: nothing to convert")
    if looks_binary(data):
        raise NotADumpError(name, "binary data, not a text dump from an e-paper reader")
    try:
        return _decode(data, "utf-8"), "utf-8"
    except UnicodeDecodeError as e:
        utf8_bad = e.start
    try:
        return _decode(data, "gb18030"), "gb18030"
    except UnicodeDecodeError as e:
        # The encoding that got further is the file's: its first bad byte is the one to show.
        # LF is one byte in both encodings and never part of a longer sequence.
        bad = max(utf8_bad, e.start)
        line = data.count(b"\n", 0, bad) + 1
        raise InputError(name, f"line {line}, byte {bad}: not UTF-8 or GB18030 text") from None


def split_lines(text: str) -> list[str]:
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]

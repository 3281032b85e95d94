"""Bytes to lines: encoding detection and the only line ends we accept.

Dumps are UTF-8 (with or without BOM) or GB18030/GBK.  GB18030 can decode
almost any byte string, so UTF-8 is tried first and strictly: real GB18030
Chinese text essentially never forms valid multi-byte UTF-8 sequences.
Only LF and CRLF end a line; ``str.splitlines`` would also break on U+000B,
U+001C, U+2028 and friends, which are text here.
"""

from __future__ import annotations

from ..errors import InputError

_BOM = b"\xef\xbb\xbf"


def looks_binary(data: bytes) -> bool:
    if b"\x00" in data[:65536]:
        return True
    sample = data[:65536]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 13, 11, 12, 27, 28, 29, 30))
    return bool(sample) and controls / len(sample) > 0.05


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Return (text, encoding name) or raise InputError naming ``name``."""
    if not data.strip(b" \t\r\n\x00" + _BOM):
        raise InputError(name, "empty file: nothing to convert")
    if looks_binary(data):
        raise InputError(name, "binary data, not a text dump from an e-paper reader")
    if data.startswith(_BOM):
        try:
            return data[len(_BOM):].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as e:
            raise InputError(name, f"starts with a UTF-8 BOM but is not UTF-8 ({e.reason})") from e
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as e:
        raise InputError(name, "neither UTF-8 nor GB18030 text") from e


def split_lines(text: str) -> list[str]:
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]

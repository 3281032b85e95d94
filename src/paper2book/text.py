"""Character classes shared by the reader and the backends.

``xml_safe`` is the one filter for what XML 1.0 and HTML cannot carry;
``is_cjk`` the one test for a Chinese character (line breaking, punctuation,
justification); ``one_line`` what a message shows of a name.
"""

from __future__ import annotations

import re
from typing import overload

# What an XML 1.0 / HTML document may not carry: controls (but tab, LF, CR), C1 controls,
# lone surrogates and noncharacters.  The reader drops most of these already; the backends'
# cleaning walk filters again because a Book can come from the Python API or from JSON.
# The astral noncharacters are looked for only in text with astral characters: a class
# reaching past U+FFFF has no bitmap, and filtering a year's text with one took 0.1 s.
_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_ASTRAL_NONCHARACTERS = re.compile(
    "[" + "".join(f"{chr(p * 0x10000 + 0xFFFE)}{chr(p * 0x10000 + 0xFFFF)}" for p in range(1, 17)) + "]")
_CJK_EXTRA = set("“”‘’—…·")
# What may not reach a terminal line as it is: controls (a file name with a newline could
# print a forged "wrote" line, an escape sequence could redraw the screen), line and
# paragraph separators, bidi controls.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


@overload
def xml_safe(text: str) -> str: ...
@overload
def xml_safe(text: None) -> None: ...
def xml_safe(text: str | None) -> str | None:
    """``text`` without the characters XML 1.0 cannot carry; None stays None."""
    if text is None:
        return None
    text = _XML_UNSAFE.sub("", text)
    return _ASTRAL_NONCHARACTERS.sub("", text) if _ASTRAL.search(text) else text


def is_cjk(ch: str) -> bool:
    if not ch:
        return False
    if ch in _CJK_EXTRA:
        return True
    o = ord(ch)
    return (
        0x3000 <= o <= 0x303F or 0x3400 <= o <= 0x4DBF or 0x4E00 <= o <= 0x9FFF
        or 0xF900 <= o <= 0xFAFF or 0xFF00 <= o <= 0xFFEF or 0x20000 <= o <= 0x323AF
    )


def one_line(text: str) -> str:
    """``text`` for one line of a terminal: controls, separators and bidi marks escaped
    (``\\n``, ``\\x1b``, ``\\u2028``)."""
    def escape(m: re.Match[str]) -> str:
        ch = m.group(0)
        return _ESCAPES.get(ch) or (f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")
    return _UNPRINTABLE.sub(escape, text)

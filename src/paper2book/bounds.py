"""Sizes a user's text may ask for, checked before anything is made of them.

A config, theme or title template found beside a downloaded dump is somebody
else's: a format width (``{date:>1500000000}``, ``"%1000000000s"``), a
repetition (``"x" * 1000000000``) or a template that writes without end
would take gigabytes before any other check could run.  Widths and
repetitions are refused where they are written; a template's output is
bounded by the text it was given.
"""

from __future__ import annotations

import dataclasses
import re
import string
from collections.abc import Iterable, Iterator

MAX_WIDTH = 1_000                   # format widths and precisions (a column of a contents line)
MAX_REPEAT = 1_000_000              # items or characters one ``*`` may make
# A template may write this much more than the text it was given (markup, inlined CSS).
OUTPUT_BASE, OUTPUT_PER_CHAR = 8 << 20, 16

_PERCENT = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?[a-zA-Z%]")


def format_problem(fmt: str) -> str | None:
    """Why ``str.format(fmt)`` may not run (a width over MAX_WIDTH, a nested field), or None."""
    try:
        parts = list(string.Formatter().parse(fmt))
    except ValueError as e:
        return f"not a format string: {e}"
    for _text, field, spec, _conv in parts:
        if field is None or not spec:
            continue
        if "{" in spec:
            return f"a width taken from a field ({{{field}:{spec}}}) is not allowed"
        for number in re.findall(r"\d+", spec):
            if int(number) > MAX_WIDTH:
                return f"format width {number} in {{{field}:{spec}}} is over {MAX_WIDTH}"
    return None


def percent_problem(fmt: str) -> str | None:
    """Why ``fmt % args`` may not run (a width over MAX_WIDTH or taken from the args)."""
    for m in _PERCENT.finditer(fmt):
        for number in m.groups():
            if number == "*":
                return f"a width taken from the arguments ({m.group(0)}) is not allowed"
            if number is not None and int(number) > MAX_WIDTH:
                return f"format width {number} in {m.group(0)} is over {MAX_WIDTH}"
    return None


def repeat_problem(left: object, right: object) -> str | None:
    """Why ``left * right`` may not run (a sequence repeated past MAX_REPEAT), or None."""
    for seq, count in ((left, right), (right, left)):
        if (isinstance(seq, (str, bytes, list, tuple)) and isinstance(count, int)
                and len(seq) * count > MAX_REPEAT):
            return f"repeating {len(seq):,} items {count:,} times is over {MAX_REPEAT:,}"
    return None


def output_limit(values: Iterable[object]) -> int:
    """How many characters a template given ``values`` may write."""
    return OUTPUT_BASE + OUTPUT_PER_CHAR * sum(len(s) for s in _strings(values))


def _strings(values: Iterable[object]) -> Iterator[str]:
    """Every string reachable from ``values`` through dataclasses, mappings and sequences,
    each object once (a model shares unchanged parts)."""
    seen: set[int] = set()
    stack = list(values)
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            yield value
            continue
        if id(value) in seen:
            continue
        seen.add(id(value))
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            stack.extend(getattr(value, f.name) for f in dataclasses.fields(value))
        elif isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, (list, tuple, set, frozenset)):
            stack.extend(value)

"""YAML read within bounds: a config found beside a downloaded dump is somebody else's.

PyYAML composes nested nodes recursively (5,000 levels raise RecursionError)
and shares an alias's node wherever it is used, so a few lines of aliases
stand for billions of values once anything walks them (``json.dumps`` of the
options, a deep copy).  The file's size, its nesting (read from the parser's
events, which need no recursion) and the number of values it stands for
once aliases are expanded are checked before anything uses it, each refusal
one line naming the file and, where there is one, the line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import ConfigError

MAX_BYTES = 1 << 20         # a config is a few dozen lines; a theme's settings a few hundred
MAX_DEPTH = 32              # the schema nests three levels (backends: NAME: key)
MAX_VALUES = 100_000        # scalars and containers, aliases counted each time they are used


def load(text: str, path: Path) -> Any:
    import yaml  # only when there is a config file: it costs start-up time otherwise

    if len(text) > MAX_BYTES:
        raise ConfigError(f"{path}: config is larger than {MAX_BYTES:,} characters")
    try:
        _check_nesting(yaml, text, path)
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise ConfigError(f"{where}: not valid YAML: {problem}") from None
    _check_expanded_size(data, path)
    return data


def _check_nesting(yaml: Any, text: str, path: Path) -> None:
    depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise ConfigError(f"{path}:{event.start_mark.line + 1}: config nests deeper than "
                                  f"{MAX_DEPTH} levels")
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def _check_expanded_size(data: Any, path: Path) -> None:
    """Count values as a walk over the data would meet them, stopping at the bound."""
    stack = [data]
    seen = 0
    while stack:
        value = stack.pop()
        seen += 1
        if seen > MAX_VALUES:
            raise ConfigError(f"{path}: config stands for more than {MAX_VALUES:,} values once its "
                              "aliases are expanded (an alias bomb?)")
        if isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, (list, tuple)):
            stack.extend(value)

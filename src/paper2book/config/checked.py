"""``RenderOptions`` built in Python, checked against the schema as the config file is.

The config file reaches RenderOptions through ``validate``; a caller of the API
builds them by hand, so ``api.write`` and ``api.render`` check them here, with the
schema's own types and validators (values.py), before any backend sees them: a wrong
value is one ConfigError naming the option, never an AttributeError from a template.

Title, author and identifier are only type-checked: the backends' cleaning pass
(backends/cleaning.prepare) removes control characters from them, as it always did
for a book built in Python.
"""

from __future__ import annotations

import functools
import os
import types
from collections.abc import Callable, Mapping
from dataclasses import fields
from typing import Union, get_args, get_origin, get_type_hints

from ..book_check import shown as _shown
from ..errors import ConfigError
from . import values
from .options import RenderOptions, Series
from .schema import NEWSPAPER, SCHEMA, Option, chosen_fonts

_CLEANED = frozenset({"title", "author", "identifier"})
_PATHS = frozenset({"templates", "script_phrases"})


def checked(options: object) -> RenderOptions:
    """``options`` (None: the defaults) if every value passes the schema; else ConfigError
    listing each wrong one."""
    if options is None:
        return RenderOptions()
    if not isinstance(options, RenderOptions):
        hint = " (RenderOptions(**settings) makes one of a mapping)" if isinstance(options, Mapping) else ""
        raise ConfigError(f"options must be paper2book RenderOptions, not {type(options).__name__}{hint}")
    problems = []
    for f in fields(RenderOptions):
        value = getattr(options, f.name)
        if value is None and f.name in _optional():
            continue
        problem = _problem(f.name, value)
        if problem:
            problems.append(f"{f.name}: {problem}")
    if problems:
        raise ConfigError("invalid RenderOptions: " + "; ".join(problems))
    return options


@functools.cache
def _optional() -> frozenset[str]:
    """The fields that may be None (typed ``X | None``)."""
    hints = get_type_hints(RenderOptions)
    return frozenset(name for name, hint in hints.items()
                     if get_origin(hint) in (Union, types.UnionType) and type(None) in get_args(hint))


def _problem(name: str, value: object) -> str | None:
    if name == "fonts":
        return _mapping_problem(value, _fonts)
    if name == "newspapers":
        return _mapping_problem(value, _papers)
    if name == "backends":
        return _mapping_problem(value, _backends)
    if name == "series":
        return None if isinstance(value, Series) else f"expected a Series, got {_shown(value)}"
    spec = SCHEMA[name]
    assert isinstance(spec, Option), name
    if name in _PATHS:
        if not isinstance(value, (str, os.PathLike)):
            return f"expected a path, got {_shown(value)}"
        value = os.fspath(value)
    if name in _CLEANED:
        return None if isinstance(value, str) else f"expected a string, got {_shown(value)}"
    return spec.problem(value)


def _mapping_problem(value: object, check: Callable[[Mapping[object, object]], None]) -> str | None:
    if not isinstance(value, Mapping):
        return f"expected a mapping, got {_shown(value)}"
    try:
        check(value)
    except ConfigError as e:
        return str(e)
    return None


def _fonts(fonts: Mapping[object, object]) -> None:
    named: dict[str, str] = {}
    for role, family in fonts.items():
        if not isinstance(role, str) or not isinstance(family, str):
            raise ConfigError(f"expected a font family name for each role, got {_shown(role)}: "
                              f"{_shown(family)}")
        named[role] = family
    chosen_fonts(named)


def _papers(papers: Mapping[object, object]) -> None:
    for paper, settings in papers.items():
        if not isinstance(paper, str):
            raise ConfigError(f"a paper's name must be a string, not {_shown(paper)}")
        if not isinstance(settings, Mapping):
            raise ConfigError(f"{paper}: expected a mapping of {', '.join(NEWSPAPER.options)}, "
                              f"got {_shown(settings)}")
        for key, value in settings.items():
            spec = NEWSPAPER.options.get(key) if isinstance(key, str) else None
            if spec is None:
                raise ConfigError(f"{paper}: unknown setting {key!r}; known: {', '.join(NEWSPAPER.options)}")
            problem = spec.problem(value)
            if problem is None and key == "masthead_image":
                values.image_file(str(value))
            if problem:
                raise ConfigError(f"{paper}.{key}: {problem}")


def _backends(settings: Mapping[object, object]) -> None:
    for name, own in settings.items():
        if not isinstance(name, str) or not isinstance(own, Mapping):
            raise ConfigError(f"expected a mapping of each backend's name to its settings, "
                              f"got {_shown(name)}: {_shown(own)}")

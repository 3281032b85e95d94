"""``--print-config``: every setting in force, each with its help, as a config file.

Values nobody set are shown too: the schema's defaults, and for paper,
columns and margins the theme's (read from its ``pdf.css``, as the PDF
would use them).  What is known only once the inputs are read (the title,
the identifier) is shown as a comment, so the output stays a valid config
file that gives the same settings when read back.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..editions import language_for
from ..errors import ConfigError
from ..theme import Theme, load_theme
from . import values
from .options import JobOptions, RenderOptions
from .schema import SCHEMA, Option, Table, top_option

COMMENT_COLUMN = 32
THEME_PAGE_KEYS = ("paper", "columns", "margins")
JOB_KEYS = ("split", "jobs", "scheduler", "dask_timeout")


def render(opts: RenderOptions, job: JobOptions, punctuation: bool, source: Path | None) -> str:
    """The effective config as commented YAML: the book's settings and the job's."""
    theme = load_theme(opts.theme, opts.templates)
    in_theme = theme_page(theme)
    lines = [f"# effective config (file: {source or 'none; defaults and flags'})",
             "# paths in a config file are relative to it"]
    for key, spec in SCHEMA.items():
        if isinstance(spec, Option):
            value = (punctuation if key == "punctuation" else
                     getattr(job, key) if key in JOB_KEYS else getattr(opts, key))
            if key == "language" and value is None:
                value = language_for(opts)     # zh-CN, or the script's
            if value is None and key in THEME_PAGE_KEYS:
                value = in_theme.get(key)
                origin = f"theme {theme.name}"
            else:
                origin = "default" if value == spec.default and value is not None else ""
            lines += _option(key, None if value is None else _plain(value), spec, origin, "")
        elif isinstance(spec, Table) and spec.keyed_by:
            lines += _per_key(key, getattr(opts, key), spec)
        elif isinstance(spec, Table):
            lines += _table(key, getattr(opts, key), spec)
        else:
            lines += _free(key, getattr(opts, key), spec.help)
    return "\n".join(lines) + "\n"


def theme_page(theme: Theme) -> dict[str, Any]:
    """Paper, columns and margins as the theme's ``pdf.css`` sets them, else the PDF's fallbacks.

    Only plain ``@page { }`` and ``:root { }`` rules count (the last one wins,
    as in the cascade); a value that is no valid config value is left out.
    """
    try:
        css = re.sub(r"/\*.*?\*/", "", theme.stylesheet("pdf.css"), flags=re.DOTALL)
    except ConfigError:          # a theme without print styles: the PDF's own fallbacks hold
        css = ""
    page: dict[str, str] = {}
    for m in re.finditer(r"@page\s*\{", css):
        page.update(_declarations(css, m.end()))
    found: dict[str, Any] = {"paper": top_option("paper").fallback, "columns": top_option("columns").fallback}
    for m in re.finditer(r":root\s*\{([^}]*)\}", css):
        cols = re.search(r"--p2b-columns\s*:\s*(\d+)", m.group(1))
        if cols:
            found["columns"] = int(cols.group(1))
    checks: tuple[tuple[str, str | None, Callable[[Any], object]], ...] = (
        ("paper", "size", values.paper_size), ("margins", "margin", values.margins),
        ("columns", None, values.columns))
    for key, prop, check in checks:
        value = page.get(prop, found.get(key)) if prop else found.get(key)
        try:
            check(value)
            found[key] = value
        except ConfigError:
            found.pop(key, None)
    return found


def _declarations(css: str, start: int) -> dict[str, str]:
    """The ``property: value`` pairs of the block opening at ``start``, nested blocks left out."""
    out: dict[str, str] = {}
    depth, current = 1, ""
    for ch in css[start:]:
        if ch == "{":
            depth += 1
            current = ""          # what came before was a nested rule's prelude (@top-left)
        elif ch == "}":
            depth -= 1
            if depth == 0:
                break
        elif depth == 1 and ch == ";":
            prop, _, value = current.partition(":")
            out[prop.strip().lower()] = " ".join(value.split())
            current = ""
        elif depth == 1:
            current += ch
    return out


def _plain(value: Any) -> Any:
    return str(value) if hasattr(value, "__fspath__") else value


def _option(key: str, value: Any, spec: Option, origin: str, indent: str) -> list[str]:
    comment = (f"({origin}) " if origin else "") + spec.help
    if value is None:
        return [_commented(f"{indent}# {key}:", f"{comment}; unset: {spec.unset or 'none'}")]
    return _entry(key, value, comment, indent)


def _table(key: str, chosen: dict[str, Any], spec: Table) -> list[str]:
    lines = [_commented(f"{key}:", spec.help)]
    for name, option in spec.options.items():
        value = chosen.get(name)
        lines += _option(name, value or option.default, option, "" if value else "default", "  ")
    return lines


def _per_key(key: str, table: dict[str, dict[str, Any]], spec: Table) -> list[str]:
    if not table:
        return [_commented(f"# {key}:", f"{spec.help}; none set")]
    lines = [_commented(f"{key}:", spec.help)]
    for name, settings in table.items():
        if not settings:
            lines += _entry(name, {}, "", "  ")
            continue
        lines.append("  " + _yaml({name: None}).removesuffix(" null"))
        for option, value in settings.items():
            lines += _entry(option, value, spec.options[option].help, "    ")
    return lines


def _free(key: str, mapping: dict[str, Any], help: str) -> list[str]:
    if not mapping:
        return [_commented(f"# {key}:", f"{help}; none set")]
    return _entry(key, mapping, help, "")


def _entry(key: Any, value: Any, comment: str, indent: str) -> list[str]:
    """``key: value`` as YAML with the comment beside its first line, or above a long string."""
    lines = [indent + line for line in _yaml({key: value}).split("\n")]
    if len(lines) > 1 and not lines[0].endswith(":") and comment:
        return [f"{indent}# {comment}"] + lines
    return [_commented(lines[0], comment)] + lines[1:]


def _yaml(value: Any) -> str:
    import yaml

    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=10**6).rstrip("\n")


def _commented(text: str, comment: str) -> str:
    if not comment:
        return text
    # Chinese characters take two terminal columns: pad by width so the comments line up.
    width = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(2, COMMENT_COLUMN - width) + "# " + comment

"""``paper2book.yaml``: checked against the schema (schema.py), every error at once.

Unknown keys and unknown backend names are warned about and ignored; an
unknown font role is an error, as it is for every backend.  Where the file
is looked for, first hit wins: ``--config FILE``; ``paper2book.yaml`` beside
the first input; ``paper2book.yaml`` in the current folder.  Command-line
flags override the file.
"""

from __future__ import annotations

import copy
import difflib
import logging
import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from .. import registry
from ..errors import ConfigError
from . import bounded_yaml, values
from .options import JobOptions, PaperSettings, RenderOptions
from .schema import SCHEMA, PerBackend, Table

log = logging.getLogger("paper2book")

CONFIG_NAME = "paper2book.yaml"


@dataclass
class Config:
    values: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def resolve(self, value: str) -> Path:
        """Paths in the config are relative to the config file."""
        p = Path(value).expanduser()
        if not p.is_absolute() and self.path is not None:
            p = self.path.parent / p
        return p


def _suggest(key: str, known: list[str]) -> str:
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _check(data: Any, table: Table | dict, path: str, out: dict[str, Any],
           errors: list[str], warnings: list[str]) -> None:
    """Check one mapping against its options; keep what passes in ``out``."""
    options = table.options if isinstance(table, Table) else table
    if not isinstance(data, dict):
        errors.append(f"{path or '(top level)'}: expected a mapping, got {type(data).__name__}")
        return
    for key, value in data.items():
        where = f"{path}.{key}" if path else str(key)
        spec = options.get(key) if isinstance(key, str) else None
        if spec is None:
            if isinstance(table, Table) and table.closed is not None:
                try:
                    table.closed({key: value})
                except ConfigError as e:
                    errors.append(f"{where}: {e}")
                continue
            warnings.append(f"unknown key {where!r}{_suggest(str(key), list(options))}; ignored")
            continue
        if isinstance(spec, Table) and spec.keyed_by:
            if not isinstance(value, dict):
                errors.append(f"{where}: expected a mapping of {spec.keyed_by}, got {type(value).__name__}")
                continue
            out[key] = {}
            for name, settings in value.items():
                out[key][name] = {}
                _check(settings, spec, f"{where}.{name}", out[key][name], errors, warnings)
        elif isinstance(spec, Table):
            out[key] = {}
            _check(value, spec, where, out[key], errors, warnings)
        elif isinstance(spec, PerBackend):
            out[key] = _check_backends(value, where, errors, warnings)
        else:
            problem = spec.problem(value)
            if problem:
                errors.append(f"{where}: {problem}")
            else:
                out[key] = value


def _check_backends(data: Any, path: str, errors: list[str], warnings: list[str]) -> dict:
    """A mapping of mappings, by backend name; what is inside is the backend's business."""
    if not isinstance(data, dict):
        errors.append(f"{path}: expected a mapping of backend names, got {type(data).__name__}")
        return {}
    known = registry.names()
    kept = {}
    for name, settings in data.items():
        where = f"{path}.{name}"
        if not isinstance(settings, dict):
            errors.append(f"{where}: expected a mapping, got {type(settings).__name__}")
        elif name not in known:
            warnings.append(f"unknown backend {str(name)!r} in {path!r}{_suggest(str(name), known)}; "
                            f"ignored (available: {', '.join(known)})")
        else:
            kept[name] = settings
    return kept


def validate(data: Any, source: str) -> dict[str, Any]:
    """Check ``data`` against the schema; raise one ConfigError listing every error.

    Returns what passed, without the unknown keys (each was warned about).
    """
    if data is None:
        return {}
    checked: dict[str, Any] = {}
    errors: list[str] = []
    warnings: list[str] = []
    _check(data, SCHEMA, "", checked, errors, warnings)
    for w in warnings:
        log.warning("%s: %s", source, w)
    if errors:
        raise ConfigError(f"{source}: invalid config: " + "; ".join(errors))
    return checked


def load(path: Path) -> Config:
    try:
        with open(path, encoding="utf-8-sig") as f:
            text = f.read(bounded_yaml.MAX_BYTES + 1)
    except OSError as e:
        raise ConfigError(f"{path}: cannot read config: {e.strerror or e}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: config is not UTF-8 text") from None
    return Config(values=validate(bounded_yaml.load(text, path), str(path)), path=path)


def find(explicit: str | None, inputs: list[str]) -> Path | None:
    if explicit:
        p = Path(explicit)
        if not os.path.isfile(p):
            raise ConfigError(f"{explicit}: config file not found")
        return p
    candidates = []
    if inputs and inputs[0] != "-":
        first = Path(inputs[0])
        candidates.append((first if os.path.isdir(first) else first.parent) / CONFIG_NAME)
    candidates.append(Path.cwd() / CONFIG_NAME)
    for c in candidates:
        if os.path.isfile(c):
            return c
    return None


def options_from(cfg: Config, flags: dict[str, Any]) -> RenderOptions:
    """Defaults, then the config file, then command-line flags (those not None)."""
    opts = RenderOptions()
    for key in _OPTION_NAMES & cfg.values.keys():
        value = cfg.values[key]
        setattr(opts, key, copy.deepcopy(value) if isinstance(value, dict) else value)
    if "templates" in cfg.values:
        opts.templates = cfg.resolve(cfg.values["templates"])
    if "script_phrases" in cfg.values:
        opts.script_phrases = cfg.resolve(cfg.values["script_phrases"])
    if cfg.path is not None and "theme" in cfg.values and not _is_builtin_theme(cfg.values["theme"]):
        opts.theme = str(cfg.resolve(cfg.values["theme"]))
    opts.newspapers = {}
    for name, found in (cfg.values.get("newspapers") or {}).items():
        settings: PaperSettings = dict(found)  # type: ignore[assignment]  # validate() checked the keys
        if flags.get("columns") is not None:
            settings.pop("columns", None)   # --columns beats every paper's default
        if "masthead_image" in settings:
            settings["masthead_image"] = values.image_file(str(cfg.resolve(settings["masthead_image"])))
        opts.newspapers[str(name)] = settings
    for attr, value in flags.items():
        if value is not None and attr in _RENDER_FIELDS:
            setattr(opts, attr, value)
    _check_edition(opts, cfg)
    return opts


def job_options_from(cfg: Config, flags: dict[str, Any]) -> JobOptions:
    """The job's settings (split, jobs, scheduler): the config file's, then the flags'."""
    names = {f.name for f in fields(JobOptions)}
    found = {key: cfg.values[key] for key in names & cfg.values.keys()}
    found.update({key: value for key, value in flags.items() if key in names and value is not None})
    return JobOptions(**found)


def _check_edition(opts: RenderOptions, cfg: Config) -> None:
    """A language chosen against the script's is kept, with a warning; a bad phrases
    file stops here, before any work."""
    from ..editions import script as editions_script

    if opts.script is None:
        return
    implied = editions_script.LANGUAGES[opts.script]
    if opts.language and opts.language != implied:
        log.warning("%s: language %s is kept, though --script %s implies %s", cfg.path,
                    opts.language, opts.script, implied)
    if opts.script_phrases is not None:
        editions_script.user_phrases(str(opts.script_phrases))


# Schema keys that are RenderOptions fields (punctuation is the reader's).
_RENDER_FIELDS = {f.name for f in fields(RenderOptions)}
_OPTION_NAMES = _RENDER_FIELDS & SCHEMA.keys()


def _is_builtin_theme(name: str) -> bool:
    from ..theme import builtin_themes

    return name in builtin_themes()

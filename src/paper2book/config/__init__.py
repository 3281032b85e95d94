"""``paper2book.yaml``: a declarative schema, all errors at once, unknown keys warned.

Where it is looked for, first hit wins: ``--config FILE``; ``paper2book.yaml``
beside the first input; ``paper2book.yaml`` in the current folder.
Command-line flags override the file.
"""

from __future__ import annotations

import difflib
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from ..errors import ConfigError
from . import values as layout
from .options import RenderOptions

log = logging.getLogger("paper2book")

CONFIG_NAME = "paper2book.yaml"
@dataclass(frozen=True)
class Field:
    """One key of the schema: a type check, an optional extra check, a help text."""

    kind: type | tuple[type, ...]
    help: str
    check: Callable[[Any], str | None] | None = None

    def validate(self, value: Any) -> str | None:
        kinds = self.kind if isinstance(self.kind, tuple) else (self.kind,)
        if isinstance(value, bool) and bool not in kinds:
            return f"expected {_kind_name(self.kind)}, got {value!r}"
        if not isinstance(value, kinds):
            return f"expected {_kind_name(self.kind)}, got {type(value).__name__} {value!r}"
        return self.check(value) if self.check else None


def _kind_name(kind: type | tuple[type, ...]) -> str:
    names = {str: "a string", int: "a whole number", bool: "true or false", dict: "a mapping"}
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(names.get(k, k.__name__) for k in kinds)


def _check_with(validator: Callable[[Any], Any]) -> Callable[[Any], str | None]:
    """A schema check from the validator the backends use, so both accept the same values."""
    def check(value: Any) -> str | None:
        try:
            validator(value)
        except ConfigError as e:
            return str(e)
        return None
    return check


_columns = _check_with(layout.columns)
_paper = _check_with(layout.paper_size)
_margins = _check_with(layout.margins)
_color = _check_with(layout.colour)


def _font(role: str) -> Callable[[Any], str | None]:
    return _check_with(lambda v: layout.family(v, role))


def _nonempty(v: str) -> str | None:
    return None if v.strip() else "must not be empty"


FONT_SCHEMA: dict[str, Field] = {
    "body": Field(str, "body text font family (default Noto Serif CJK SC)", _font("body")),
    "heads": Field(str, "headline and heading font family (default Noto Sans CJK SC)", _font("heads")),
    "captions": Field(str, "caption font family (default Noto Sans CJK SC)", _font("captions")),
}

NEWSPAPER_SCHEMA: dict[str, Field] = {
    "display_name": Field(str, "name printed on the masthead and cover", _nonempty),
    "masthead_color": Field(str, "masthead colour", _color),
    "masthead_image": Field(str, "masthead image file (relative to the config file)", _nonempty),
    "columns": Field(int, "default body columns for this paper's PDF", _columns),
}

SCHEMA: dict[str, Field | dict] = {
    "title": Field(str, "book title", _nonempty),
    "author": Field(str, "book author (default: the newspaper)", _nonempty),
    "identifier": Field(str, "book identifier (default: derived from the content)", _nonempty),
    "language": Field(str, "book language (default zh-CN)", _nonempty),
    "paper": Field(str, "PDF paper size", _paper),
    "margins": Field(str, "PDF page margins, CSS lengths", _margins),
    "columns": Field(int, "PDF body columns", _columns),
    "fonts": FONT_SCHEMA,
    "theme": Field(str, "theme name (newspaper, book) or folder", _nonempty),
    "templates": Field(str, "folder searched before the theme (relative to the config file)", _nonempty),
    "punctuation": Field(bool, "turn ASCII punctuation next to Chinese into full-width"),
    "embed_fonts": Field(bool, "EPUB: embed a subset of the body font"),
    "newspapers": NEWSPAPER_SCHEMA,   # keyed by the paper's name
}

PER_KEY_MAPPINGS = {"newspapers"}   # mappings whose keys are free (paper names)


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


def _check(data: Any, schema: dict, path: str, errors: list[str], warnings: list[str]) -> None:
    if not isinstance(data, dict):
        errors.append(f"{path or '(top level)'}: expected a mapping, got {type(data).__name__}")
        return
    for key, value in data.items():
        where = f"{path}.{key}" if path else str(key)
        spec = schema.get(key) if isinstance(key, str) else None
        if spec is None:
            warnings.append(f"unknown key {where!r}{_suggest(str(key), list(schema))}; ignored")
            continue
        if isinstance(spec, dict):
            if path == "" and key in PER_KEY_MAPPINGS:
                if not isinstance(value, dict):
                    errors.append(f"{where}: expected a mapping of newspaper names, got {type(value).__name__}")
                    continue
                for paper, settings in value.items():
                    _check(settings, spec, f"{where}.{paper}", errors, warnings)
            else:
                _check(value, spec, where, errors, warnings)
            continue
        problem = spec.validate(value)
        if problem:
            errors.append(f"{where}: {problem}")


def validate(data: Any, source: str) -> dict[str, Any]:
    """Check ``data`` against the schema; raise one ConfigError listing every error."""
    if data is None:
        return {}
    errors: list[str] = []
    warnings: list[str] = []
    _check(data, SCHEMA, "", errors, warnings)
    for w in warnings:
        log.warning("%s: %s", source, w)
    if errors:
        raise ConfigError(f"{source}: invalid config: " + "; ".join(errors))
    return {k: v for k, v in data.items() if k in SCHEMA}


def load(path: Path) -> Config:
    import yaml  # only when there is a config file: it costs start-up time otherwise

    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as e:
        raise ConfigError(f"{path}: cannot read config: {e.strerror or e}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: config is not UTF-8 text") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise ConfigError(f"{where}: not valid YAML: {problem}") from None
    return Config(values=validate(data, str(path)), path=path)


def find(explicit: str | None, inputs: list[str]) -> Path | None:
    if explicit:
        p = Path(explicit)
        if not p.is_file():
            raise ConfigError(f"{explicit}: config file not found")
        return p
    candidates = []
    if inputs and inputs[0] != "-":
        first = Path(inputs[0])
        candidates.append((first if first.is_dir() else first.parent) / CONFIG_NAME)
    candidates.append(Path.cwd() / CONFIG_NAME)
    for c in candidates:
        if c.is_file():
            return c
    return None


def options_from(cfg: Config, flags: dict[str, Any]) -> RenderOptions:
    """Defaults, then the config file, then command-line flags (those not None)."""
    opts = RenderOptions()
    simple = {"title": "title", "paper": "paper", "columns": "columns", "theme": "theme",
              "embed_fonts": "embed_fonts", "author": "author", "identifier": "identifier",
              "language": "language", "margins": "margins"}
    for key, attr in simple.items():
        if key in cfg.values:
            setattr(opts, attr, cfg.values[key])
    if "templates" in cfg.values:
        opts.templates = cfg.resolve(cfg.values["templates"])
    if cfg.path is not None and "theme" in cfg.values and not _is_builtin_theme(cfg.values["theme"]):
        opts.theme = str(cfg.resolve(cfg.values["theme"]))
    opts.fonts = dict(cfg.values.get("fonts") or {})
    papers = {}
    for name, settings in (cfg.values.get("newspapers") or {}).items():
        settings = dict(settings or {})
        if flags.get("columns") is not None:
            settings.pop("columns", None)   # --columns beats every paper's default
        if "masthead_image" in settings:
            settings["masthead_image"] = str(cfg.resolve(settings["masthead_image"]))
        papers[str(name)] = settings
    opts.newspapers = papers
    for attr, value in flags.items():
        if value is not None:
            setattr(opts, attr, value)
    return opts


def _is_builtin_theme(name: str) -> bool:
    from ..theme import builtin_themes

    return name in builtin_themes()


def effective(opts: RenderOptions, punctuation: bool, cfg: Config) -> dict[str, Any]:
    """The settings in force, as ``--print-config`` shows them (valid config YAML)."""
    out: dict[str, Any] = {}
    if opts.title:
        out["title"] = opts.title
    for key in ("author", "identifier"):
        if getattr(opts, key):
            out[key] = getattr(opts, key)
    out["language"] = opts.language
    # Paper and columns left unset are the theme's (newspaper: A4, two columns).
    for key in ("paper", "margins", "columns"):
        if getattr(opts, key) is not None:
            out[key] = getattr(opts, key)
    out["fonts"] = {"body": opts.fonts.get("body", "Noto Serif CJK SC"),
                    "heads": opts.fonts.get("heads", "Noto Sans CJK SC"),
                    "captions": opts.fonts.get("captions", "Noto Sans CJK SC")}
    out["theme"] = opts.theme
    if opts.templates:
        out["templates"] = str(opts.templates)
    out["punctuation"] = punctuation
    out["embed_fonts"] = opts.embed_fonts
    if opts.newspapers:
        out["newspapers"] = opts.newspapers
    return out


def dump(values: dict[str, Any], source: Path | None) -> str:
    import yaml

    head = f"# effective config (file: {source or 'none; defaults and flags'})\n"
    return head + yaml.safe_dump(values, allow_unicode=True, sort_keys=False)

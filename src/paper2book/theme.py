"""Themes: folders of Jinja2 templates and CSS, searched in order.

Search path, first hit wins:
  1. the user's ``--templates DIR`` (one template or stylesheet can be overridden alone);
  2. the theme: a built-in name (``templates/<name>/``, ``styles/<name>/``) or a folder;
  3. the built-in base ``templates/`` and ``styles/``.
Templates are always autoescaped: dump text is never interpreted as markup.

Templates are data, not code: a theme or template folder may come with a
downloaded dump (``paper2book.yaml`` beside it), so every template, the
built-in ones too, runs in Jinja's immutable sandbox.  A template may place
and format what it is given; it may not reach Python internals (attributes
starting with ``_``), change the model, or read files from outside its own
folder.  Any error in a template reaches the user as one line naming the
template file and line (TemplateError).
"""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

import jinja2
import jinja2.sandbox
from jinja2.loaders import split_template_path
from markupsafe import Markup, escape

from . import bounds, phrases
from .errors import ConfigError, Paper2BookError, TemplateError

DEFAULT_THEME = "newspaper"

# Top-level folders in the repository, shipped inside the wheel as
# paper2book/templates and paper2book/styles.
_PKG = Path(__file__).resolve().parent


def _resource(name: str) -> Path:
    for candidate in (_PKG / name, _PKG.parent.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"paper2book resource folder {name!r} is missing from the installation")


def templates_dir() -> Path:
    return _resource("templates")


def styles_dir() -> Path:
    return _resource("styles")


def builtin_themes() -> list[str]:
    return sorted(p.name for p in styles_dir().iterdir() if p.is_dir() and not p.name.startswith("_"))


def _inside(path: str, folder: str) -> bool:
    return os.path.commonpath([path, folder]) == folder


class _ConfinedLoader(jinja2.BaseLoader):
    """Jinja's FileSystemLoader, but a template found through a symbolic link must still
    lie inside its folder, and is checked before it is read."""

    def __init__(self, folders: list[Path]):
        self.folders = [(str(f), os.path.realpath(f)) for f in folders]

    def get_source(self, environment: jinja2.Environment,
                   template: str) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)     # refuses ".." (TemplateNotFound)
        for folder, real in self.folders:  # noqa: B007 - the folder found is used after the loop
            filename = os.path.join(folder, *pieces)
            if os.path.isfile(filename):
                break
        else:
            raise jinja2.TemplateNotFound(template)
        if not _inside(os.path.realpath(filename), real):
            raise TemplateError(f"{filename}: links to a file outside the template folder "
                                f"{folder}; not read")
        try:
            with open(filename, encoding="utf-8") as f:
                source = f.read()
            mtime = os.path.getmtime(filename)
        except UnicodeDecodeError:
            raise TemplateError(f"{filename}: template is not UTF-8 text") from None
        except OSError as e:
            raise TemplateError(f"{filename}: cannot read template: {e.strerror or e}") from None

        def uptodate() -> bool:
            try:
                return os.path.getmtime(filename) == mtime
            except OSError:
                return False

        return source, os.path.normpath(filename), uptodate


def _one_line(text: object, limit: int = 300) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _describe(e: Exception) -> str:
    if isinstance(e, jinja2.TemplatesNotFound):
        return f"templates {', '.join(map(repr, e.templates))} not found in the theme"
    if isinstance(e, jinja2.TemplateNotFound):
        return f"template {e.name!r} not found in the theme"
    if isinstance(e, jinja2.sandbox.SecurityError):
        return f"not allowed in a template: {_one_line(e)}"
    if isinstance(e, jinja2.TemplateError):
        return _one_line(e)
    return f"{type(e).__name__}: {_one_line(e)}"


class _BoundedSandbox(jinja2.sandbox.ImmutableSandboxedEnvironment):
    """Jinja's sandbox, which bounds ``range`` but no width or repetition: ``*``, ``**``,
    ``%``, ``str.format`` and the width-taking filters are checked against bounds.py."""

    intercepted_binops = frozenset({"*", "**", "%"})

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        for name in ("center", "indent"):       # the filters that pad by a width
            self.filters[name] = _bounded_width(self.filters[name])
        fmt = self.filters["format"]

        def format_filter(value: object, *args: object, **kw: object) -> object:
            _refuse(bounds.percent_problem(str(value)))
            return fmt(value, *args, **kw)
        self.filters["format"] = format_filter

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            _refuse(bounds.repeat_problem(left, right))
        elif operator == "**" and isinstance(right, (int, float)) and abs(right) > 64:
            _refuse(f"power {right} is over 64")
        elif operator == "%" and isinstance(left, str):
            _refuse(bounds.percent_problem(left))
        return super().call_binop(context, operator, left, right)

    def wrap_str_format(self, value: Any) -> Any:
        wrapped = super().wrap_str_format(value)
        if wrapped is not None:
            _refuse(bounds.format_problem(str(value.__self__)))
        return wrapped


def _refuse(problem: str | None) -> None:
    if problem:
        raise jinja2.sandbox.SecurityError(problem)


def _bounded_width(filter_: Any) -> Any:
    @functools.wraps(filter_)          # keeps Jinja's pass_environment mark
    def bounded(*args: object, **kw: object) -> object:
        for n in (*args, *kw.values()):
            if isinstance(n, int) and n > bounds.MAX_WIDTH:
                _refuse(f"width {n} is over {bounds.MAX_WIDTH}")
        return filter_(*args, **kw)
    return bounded


def _same(text: str) -> str:
    return text


def _escaped(text: object) -> Markup:
    return escape(text)


@dataclass
class Theme:
    name: str
    template_path: list[Path]
    style_path: list[Path]
    # The edition's conversion of a label (editions.text_converter): the ``script`` filter,
    # ``{{ "本期目录" | script }}``, which user templates may use too.
    convert: Callable[[str], str] = field(default=_same, repr=False, compare=False)
    # The ``upright`` filter: vertical editions set short numbers upright in one cell
    # (editions/vertical.py); horizontal ones only escape.
    upright: Callable[[object], Markup] = field(default=_escaped, repr=False, compare=False)

    def environment(self) -> jinja2.Environment:
        env = _BoundedSandbox(
            loader=_ConfinedLoader(self.template_path),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        convert = self.convert

        # pass_context: Jinja would otherwise fold ``"目录"|script`` into the compiled
        # template, and compiled templates are cached on disk across editions.
        @jinja2.pass_context
        def script(context: object, text: object) -> str:
            return convert(str(text))

        env.filters["script"] = script
        env.filters["upright"] = self.upright
        # Titles and headings break between words, never inside one (phrases.py).
        env.filters["phrases"] = phrases.breakable
        return env

    def template(self, name: str, env: jinja2.Environment | None = None) -> jinja2.Template:
        """``name`` compiled (in ``env``, or a new environment); errors as TemplateError."""
        with self._errors(name):
            return (env or self.environment()).get_template(name)

    def render_template(self, template: jinja2.Template, **context: object) -> str:
        """A compiled template rendered; errors as TemplateError.  Its output may be a
        bounded multiple of the text it is given (bounds.output_limit)."""
        with self._errors(template.name or "<template>"):
            # The text given is measured only once the output passes the part of the bound
            # that needs no measuring: an EPUB article's page is handed its whole issue, and
            # walking it for every article cost a year's EPUB seconds.
            limit = bounds.OUTPUT_BASE
            out: list[str] = []
            size = 0
            for chunk in template.generate(**context):
                size += len(chunk)
                if size > limit and limit == bounds.OUTPUT_BASE:
                    limit = bounds.output_limit(context.values())
                if size > limit:
                    raise TemplateError(f"{template.name or '<template>'}: writes more than "
                                        f"{limit:,} characters for this book")
                out.append(chunk)
            return "".join(out)

    def render(self, template: str, **context: object) -> str:
        return self.render_template(self.template(template), **context)

    @contextlib.contextmanager
    def _errors(self, name: str) -> Iterator[None]:
        try:
            yield
        except Paper2BookError:
            raise
        except jinja2.TemplateSyntaxError as e:
            raise TemplateError(f"{e.filename or name}:{e.lineno}: {_one_line(e.message)}") from None
        except Exception as e:
            # Jinja rewrites the traceback so that template code shows as the template's
            # file and line; an error with no such frame and not Jinja's is not a template's.
            where = self._where(e.__traceback__)
            if where is None and not isinstance(e, jinja2.TemplateError):
                raise
            raise TemplateError(f"{where or name}: {_describe(e)}") from None

    def _where(self, tb: TracebackType | None) -> str | None:
        folders = [os.path.normpath(p) for p in self.template_path]
        where = None
        while tb is not None:
            filename = tb.tb_frame.f_code.co_filename
            if os.path.isabs(filename) and any(_inside(os.path.normpath(filename), f) for f in folders):
                where = f"{filename}:{tb.tb_lineno}"
            tb = tb.tb_next
        return where

    def style_file(self, name: str) -> Path:
        for folder in self.style_path:
            candidate = folder / name
            if os.path.isfile(candidate):
                if not _inside(os.path.realpath(candidate), os.path.realpath(folder)):
                    raise ConfigError(f"{candidate}: links to a file outside the theme folder "
                                      f"{folder}; not read")
                return candidate
        raise ConfigError(f"stylesheet {name!r} not found in theme {self.name!r}")

    def stylesheet(self, name: str) -> str:
        path = self.style_file(name)
        try:
            return path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise ConfigError(f"{path}: stylesheet is not UTF-8 text") from None

    @property
    def roots(self) -> list[Path]:
        """Every folder rendering may read from (for the PDF URL fetcher)."""
        seen: list[Path] = []
        for p in self.template_path + self.style_path:
            if p not in seen:
                seen.append(p)
        return seen


def load_theme(name: str | None = None, user_dir: Path | None = None) -> Theme:
    name = name or DEFAULT_THEME
    base_t, base_s = templates_dir(), styles_dir()
    as_dir = Path(name).expanduser()
    if ("/" in name or name.startswith(".")) or (os.path.isdir(as_dir) and name not in builtin_themes()):
        if not os.path.isdir(as_dir):
            raise ConfigError(f"theme folder {name!r} does not exist")
        theme_t, theme_s = [as_dir.resolve()], [as_dir.resolve()]
        label = str(as_dir)
    else:
        known = builtin_themes()
        if name not in known:
            raise ConfigError(f"unknown theme {name!r}; known themes: {', '.join(known)}")
        theme_t = [base_t / name] if (base_t / name).is_dir() else []
        theme_s = [base_s / name]
        label = name
    user: list[Path] = []
    if user_dir is not None:
        user_dir = Path(user_dir).expanduser()
        if not os.path.isdir(user_dir):
            raise ConfigError(f"templates folder {str(user_dir)!r} does not exist")
        user = [user_dir.resolve()]
    return Theme(
        name=label,
        template_path=user + theme_t + [base_t],
        style_path=user + theme_s + [base_s],
    )

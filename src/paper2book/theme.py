"""Themes: folders of Jinja2 templates and CSS, searched in order.

Search path, first hit wins:
  1. the user's ``--templates DIR`` (one template or stylesheet can be overridden alone);
  2. the theme: a built-in name (``templates/<name>/``, ``styles/<name>/``) or a folder;
  3. the built-in base ``templates/`` and ``styles/``.
Templates are always autoescaped: dump text is never interpreted as markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2

from .errors import ConfigError

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


@dataclass
class Theme:
    name: str
    template_path: list[Path]
    style_path: list[Path]

    def environment(self) -> jinja2.Environment:
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader([str(p) for p in self.template_path]),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        return env

    def render(self, template: str, **context: object) -> str:
        return self.environment().get_template(template).render(**context)

    def style_file(self, name: str) -> Path:
        for folder in self.style_path:
            candidate = folder / name
            if candidate.is_file():
                return candidate
        raise ConfigError(f"stylesheet {name!r} not found in theme {self.name!r}")

    def stylesheet(self, name: str) -> str:
        return self.style_file(name).read_text(encoding="utf-8")

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
    if ("/" in name or name.startswith(".")) or (as_dir.is_dir() and name not in builtin_themes()):
        if not as_dir.is_dir():
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
        if not user_dir.is_dir():
            raise ConfigError(f"templates folder {str(user_dir)!r} does not exist")
        user = [user_dir.resolve()]
    return Theme(
        name=label,
        template_path=user + theme_t + [base_t],
        style_path=user + theme_s + [base_s],
    )

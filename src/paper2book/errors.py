"""Errors that reach the user as one line, never as a traceback."""


class UsageError(Exception):
    """A slip on the command line: the CLI prints it with the usage and exits 2.  Not a
    Paper2BookError: the library never raises it."""


class Paper2BookError(Exception):
    """Base class: the CLI prints ``paper2book: error: <message>`` and exits 1."""


class InputError(Paper2BookError):
    """The input is not a dump we can read (names the file, and line when it helps)."""

    def __init__(self, file: str, message: str, line: int | None = None):
        self.file = file
        self.line = line
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: {message}")


class NotADumpError(InputError):
    """The file holds no screen of an e-paper reader at all (a notes file in an archive's
    folder): skipped with a warning when a folder brought it, an error when named."""


class BackendError(Paper2BookError):
    """A backend is unknown, cannot load, or cannot render on this machine."""


class ConfigError(Paper2BookError):
    """A config file or option is invalid."""


class TemplateError(ConfigError):
    """A theme or user template is broken or reaches for what a template may not use.

    The message names the template file and line.
    """


class OutputError(Paper2BookError, OSError):
    """An output cannot be written.  ``filename`` is the target as the user named it, never
    a temporary file; ``strerror`` says why.  An OSError too, so callers that catch write
    errors as OSError keep working."""

    def __str__(self) -> str:
        return f"{self.filename}: cannot write: {self.strerror}"

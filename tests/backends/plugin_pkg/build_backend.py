"""A minimal PEP 517 build backend for this test plugin (standard library only).

It reads [project] from pyproject.toml and packs ``p2b_plaintext/`` into a
pure-Python wheel, entry points included.  Real plugins use setuptools or
hatchling; this keeps the test offline and free of the ``wheel`` package.
"""

from __future__ import annotations

import base64
import hashlib
import tomllib
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
PACKAGE = "p2b_plaintext"


def _project() -> dict:
    with open(HERE / "pyproject.toml", "rb") as f:
        return tomllib.load(f)["project"]


def _metadata(p: dict) -> dict[str, str]:
    lines = ["Metadata-Version: 2.1", f"Name: {p['name']}", f"Version: {p['version']}",
             f"Summary: {p.get('description', '')}", f"Requires-Python: {p.get('requires-python', '')}"]
    lines += [f"Requires-Dist: {d}" for d in p.get("dependencies", [])]
    eps = []
    for group, table in p.get("entry-points", {}).items():
        eps.append(f"[{group}]")
        eps += [f"{name} = {ref}" for name, ref in table.items()]
        eps.append("")
    wheel = ("Wheel-Version: 1.0\nGenerator: p2b-plaintext build_backend\nRoot-Is-Purelib: true\n"
             "Tag: py3-none-any\n")
    return {"METADATA": "\n".join(lines) + "\n", "WHEEL": wheel, "entry_points.txt": "\n".join(eps)}


def _dist_info(p: dict) -> str:
    return f"{p['name'].replace('-', '_')}-{p['version']}.dist-info"


def get_requires_for_build_wheel(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    p = _project()
    target = Path(metadata_directory) / _dist_info(p)
    target.mkdir(parents=True, exist_ok=True)
    for name, text in _metadata(p).items():
        (target / name).write_text(text, encoding="utf-8")
    return target.name


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    p = _project()
    dist_info = _dist_info(p)
    files = {f.relative_to(HERE).as_posix(): f.read_bytes()
             for f in sorted((HERE / PACKAGE).rglob("*.py"))}
    files.update({f"{dist_info}/{n}": t.encode("utf-8") for n, t in _metadata(p).items()})
    record = []
    for name, data in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append(f"{name},sha256={digest},{len(data)}")
    record.append(f"{dist_info}/RECORD,,")
    files[f"{dist_info}/RECORD"] = ("\n".join(record) + "\n").encode("utf-8")
    wheel_name = f"{p['name'].replace('-', '_')}-{p['version']}-py3-none-any.whl"
    with zipfile.ZipFile(Path(wheel_directory) / wheel_name, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return wheel_name

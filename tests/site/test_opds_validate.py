"""The catalogue against the standards' own schemas: OPDS 1.2 feeds with jing against the OPDS
1.x RELAX NG schema (with RFC 4287's Atom schema), OPDS 2.0 feeds with jsonschema against the
opds-community/drafts schemas, their Readium $refs resolved from local copies (schemas/)."""

from __future__ import annotations

import datetime
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from paper2book.site.opds import write_catalogue

from .opds_site import build_site

SCHEMAS = Path(__file__).parent / "schemas"
FEED_SCHEMA = "https://drafts.opds.io/schema/feed.schema.json"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("site")
    records = build_site(root, tmp_path_factory.mktemp("dumps"), pdf_for=(datetime.date(2025, 12, 2),))
    # A page size of 2 makes every month (3 issues) two pages: pagination is validated too.
    write_catalogue(root, records, site_title="报纸档案", page_size=2)
    return root


def _rnc(tmp: Path) -> Path:
    """The Appendix B schema with its one known defect fixed (schemas/README.md)."""
    text = (SCHEMAS / "opds-1.1-appendix-b.rnc").read_text("utf-8")
    assert text.count(r'\nrt]') == 1
    (tmp / "opds.rnc").write_text(text.replace(r'\nrt]', r'\n\r\t]'), "utf-8")
    shutil.copy(SCHEMAS / "atom.rnc", tmp / "atom.rnc")
    return tmp / "opds.rnc"


def _jing(schema: Path, files: list[Path]) -> subprocess.CompletedProcess:
    return subprocess.run(["jing", "-c", str(schema), *map(str, files)], capture_output=True,
                          text=True, timeout=300, check=False)


def _errors(proc: subprocess.CompletedProcess) -> list[str]:
    # Debian's wrapper warns on stderr about optional jars; jing's findings are on stdout.
    return [line for line in proc.stdout.splitlines() if "error" in line]


@pytest.mark.slow
@pytest.mark.external("jing")
def test_opds1_feeds_validate_with_jing(site, tmp_path):
    feeds = sorted([site / "opds.xml", *(site / "opds").rglob("*.xml")])
    assert len(feeds) == 1 + 1 + 1 + 2 * 2      # root, paper, year, two months of two pages
    proc = _jing(_rnc(tmp_path), feeds)
    assert _errors(proc) == [] and proc.returncode == 0, proc.stdout


@pytest.mark.external("jing")
def test_jing_finds_a_broken_feed(site, tmp_path):
    """The schema is really applied: HTML in a summary (OPDS allows text only) and a feed
    without its id are refused."""
    month = sorted((site / "opds").rglob("2025-12.xml"))[0].read_text("utf-8")
    bad = tmp_path / "bad.xml"
    bad.write_text(month.replace('<summary type="text">', '<summary type="html">', 1), "utf-8")
    no_id = tmp_path / "no-id.xml"
    no_id.write_text(month.replace("<id>", "<!--", 1).replace("</id>", "-->", 1), "utf-8")
    proc = _jing(_rnc(tmp_path), [bad, no_id])
    errors = _errors(proc)
    assert proc.returncode != 0
    assert any("bad.xml" in e for e in errors) and any("no-id.xml" in e for e in errors), errors


def _python_regex(node):
    """JSON Schema regexes are ECMA-262; the Readium schemas name their groups the ECMA way,
    ``(?<name>…)``, which Python's re (jsonschema's engine) spells ``(?P<name>…)``."""
    def fix(p: str) -> str:
        return re.sub(r"\(\?<(?![=!])", "(?P<", p)

    if isinstance(node, list):
        return [_python_regex(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key == "pattern" and isinstance(value, str):
            out[key] = fix(value)
        elif key == "patternProperties" and isinstance(value, dict):
            out[key] = {fix(k): _python_regex(v) for k, v in value.items()}
        else:
            out[key] = _python_regex(value)
    return out


def _validator():
    from jsonschema import Draft7Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT7

    resources = []
    for path in sorted((SCHEMAS / "opds2").rglob("*.schema.json")):
        schema = _python_regex(json.loads(path.read_text("utf-8")))
        resources.append((schema["$id"], Resource.from_contents(schema, default_specification=DRAFT7)))
    def offline(uri: str):
        raise LookupError(f"{uri}: not in tests/site/schemas (nothing is fetched)")

    registry = Registry(retrieve=offline).with_resources(resources)
    feed = registry.contents(FEED_SCHEMA)
    return Draft7Validator(feed, registry=registry, format_checker=Draft7Validator.FORMAT_CHECKER)


def test_opds2_feeds_validate_with_jsonschema(site):
    validator = _validator()
    feeds = sorted([site / "opds.json", *(site / "opds").rglob("*.json")])
    assert len(feeds) == 7
    publications = 0
    for path in feeds:
        doc = json.loads(path.read_text("utf-8"))
        errors = [f"{path.name}: {'/'.join(map(str, e.absolute_path))}: {e.message}"
                  for e in validator.iter_errors(doc)]
        assert errors == []
        for pub in doc.get("publications", []):
            publications += 1
            assert pub["images"], "OPDS 2.0: every publication has an image"
    assert publications == 6


def test_the_json_validator_refuses_a_broken_feed(site):
    validator = _validator()
    month = json.loads(sorted((site / "opds").rglob("2025-12.json"))[0].read_text("utf-8"))
    month["publications"][0]["links"] = [{"rel": "alternate", "href": "x.html", "type": "text/html"}]
    del month["metadata"]["title"]
    messages = [e.message for e in validator.iter_errors(month)]
    assert any("'title' is a required property" in m for m in messages), messages
    assert any("are valid under the given schema" in m for m in messages), messages  # no acquisition link

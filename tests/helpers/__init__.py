"""What several test modules share, imported as a package (``from helpers import seed``).

``seed``: the seed dump and its article built by hand; ``epub`` and ``pdf``: books
for the writer tests and ways to read what they write; ``cli``: running paper2book
as a user does; ``tools``: the external programs some tests drive; ``golden``: the
reviewed outputs in tests/golden/.
"""

from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
ROOT = TESTS.parent
FIXTURES = TESTS / "fixtures"

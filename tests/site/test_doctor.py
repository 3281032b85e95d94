from helpers.cli import run_cli


def test_doctor_says_what_the_site_needs():
    r = run_cli("doctor")
    line = next(x for x in r.stdout.splitlines() if "site (--site)" in x)
    assert line.startswith("OK") and "search scripts" in line

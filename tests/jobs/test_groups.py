"""What a split makes of dates and papers: groups, file names, titles, series positions."""

from __future__ import annotations

import datetime as dt

import pytest

from paper2book.jobs.groups import Group, safe_name, title_problem

DAY = dt.date(2025, 12, 3)


@pytest.mark.parametrize("kind, stamp, position, period, title", [
    ("issue", "2025-12-03", 20251203, "2025年12月3日", "九江日报 2025年12月3日"),
    ("month", "2025-12", 202512, "2025年12月", "九江日报 2025年12月合订本"),
    ("year", "2025", 2025, "2025年", "九江日报 2025年合订本"),
])
def test_a_group_names_itself(kind, stamp, position, period, title):
    g = Group.of("九江日报", DAY, kind)
    assert (g.stamp, g.position, g.period, g.title(None, "九江日报")) == (stamp, position, period, title)
    assert g.file_stem() == f"九江日报-{stamp}"


def test_groups_sort_by_paper_then_date():
    groups = [Group.of(p, d, "month") for p, d in [
        ("浔阳晚报", DAY), ("九江日报", dt.date(2026, 1, 2)), ("九江日报", DAY),
        ("九江日报", dt.date(2025, 12, 30))]]
    assert sorted(set(groups)) == [Group("九江日报", dt.date(2025, 12, 1), "month"),
                                   Group("九江日报", dt.date(2026, 1, 1), "month"),
                                   Group("浔阳晚报", dt.date(2025, 12, 1), "month")]


def test_a_title_template():
    g = Group.of("九江日报", DAY, "month")
    assert g.title("{paper}·{period}（{date}）", "九江日报") == "九江日报·2025年12月（2025-12）"


@pytest.mark.parametrize("template, problem", [
    ("九江日报合订本", "the same title"),
    ("{paper}", "the same title"),
    ("{paper} {month}", "no field 'month'"),
    ("{paper {period}", "braces"),
])
def test_a_title_that_cannot_title_a_split(template, problem):
    assert problem in title_problem(template)


def test_file_names_take_any_paper():
    assert safe_name('a/b\\c:d*e?f"g<h>i|j\x01') == "a_b_c_d_e_f_g_h_i_j_"
    assert safe_name(" ..") == "_"
    assert len(safe_name("报" * 500)) == 80

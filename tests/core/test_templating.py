"""Template helpers: the fast ``date`` filter writes what Django's own ``date`` filter writes."""

import datetime as dt
import zoneinfo

from django.template import defaultfilters
from django.utils.timezone import template_localtime
from hypothesis import given
from hypothesis import strategies as st
from jinja2 import Undefined

from luoshi.core.templating import date, options, options_html, truncatechars

FORMATS = ["Y-m-d", "Y-m-d H:i", "Y-m-d H:i:s", "H:i", "Y年n月j日", "n月", "n月j日 H:i", "n月j日"]
ZONES = [dt.UTC, zoneinfo.ZoneInfo("Asia/Shanghai"), zoneinfo.ZoneInfo("America/New_York")]
moments = st.one_of(
    st.dates(min_value=dt.date(1, 1, 1)),
    st.datetimes(min_value=dt.datetime(1900, 1, 2), max_value=dt.datetime(9998, 12, 30)),
    st.datetimes(
        min_value=dt.datetime(1900, 1, 2),
        max_value=dt.datetime(9998, 12, 30),
        timezones=st.sampled_from(ZONES),
    ),
)
pieces = st.lists(
    st.sampled_from(list("YmdnjHis") + ["-", ":", " ", "年", "月", "日", "时", "号"]), max_size=12
)


def django_date(value, fmt):
    return defaultfilters.date(template_localtime(value), fmt)


@given(moments, st.sampled_from(FORMATS))
def test_the_pages_formats_read_as_django_writes_them(value, fmt):
    if not isinstance(value, dt.datetime) and any(code in fmt for code in "His"):
        return  # Django refuses time codes for a date, and so does this filter (it hands them over)
    assert date(value, fmt) == django_date(value, fmt)


@given(moments, pieces)
def test_any_mix_of_the_fast_codes_and_text_reads_as_django_writes_it(value, parts):
    fmt = "".join(parts)
    if not isinstance(value, dt.datetime) and any(code in fmt for code in "His"):
        return
    assert date(value, fmt) == django_date(value, fmt)


def test_other_codes_and_empty_values_go_the_django_way():
    moment = dt.datetime(2026, 3, 5, 7, 8, 9, tzinfo=dt.UTC)
    for fmt in ["D, d M Y", r"\Y Y", "N j, Y P", ""]:
        assert date(moment, fmt) == django_date(moment, fmt or None)
    assert date(None, "Y") == date("", "Y") == date(Undefined(), "Y") == ""


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40), st.integers(min_value=-2, max_value=45))
def test_truncatechars_cuts_as_django_cuts(text, length):
    assert truncatechars(text, length) == defaultfilters.truncatechars(text, length)


def test_truncatechars_keeps_safe_text_safe_and_empties_a_missing_value():
    from django.utils.safestring import SafeData, mark_safe

    assert isinstance(truncatechars(mark_safe("<b>很长的标题</b>"), 3), SafeData)
    assert truncatechars(Undefined(), 5) == ""


def test_options_are_built_once_and_mark_only_the_chosen_value():
    tags = options_html([(1, "干部一科"), (12, '<科> & "二"'), (123, "三科")])
    assert tags == (
        '<option value="1">干部一科</option><option value="12">&lt;科&gt; &amp; &quot;二&quot;</option>'
        '<option value="123">三科</option>'
    )
    assert options(tags, "12") == tags.replace('value="12">', 'value="12" selected>')
    assert options(tags, 123).count("selected") == 1
    for nothing_chosen in (None, "", "99", '1">', "1 "):
        assert options(tags, nothing_chosen) == tags

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from luoshi.extract import extract
from luoshi.extract.deadlines import add_working_days, parse_times
from luoshi.extract.normalize import normalize

from .contract import assert_spans_hold

PIECES = [
    "一要",
    "二是",
    "第一，",
    "（一）",
    "1.",
    "①",
    "首先，",
    "最后，",
    "要",
    "必须",
    "确保",
    "各科室",
    "干部一科",
    "牵头单位：",
    "配合单位:",
    "责任单位：",
    "6月底前",
    "X月",
    "XX日前",
    "每月5日前",
    "10个工作日内",
    "两周内",
    "从4月份开始",
    "年底前",
    "。",
    "，",
    ",",
    ":",
    ";",
    "；",
    "：",
    "\n",
    "\t",
    "“",
    "”",
    "(",
    ")",
    "、",
    "小编为大家整理",
    "此处隐藏300字",
    "安全第一",
    "一是一、二是二",
    "加强学习",
    "取得了成绩",
    " ",
    "？",
    "希望大家",
    "请认真贯彻执行",
    "三年内",
    "2025年起3年内",
    "寒假前",
    "限期",
    "全年",
    "春节前",
    " |\n",
    "|",
    "序号\t工作任务\t责任单位\t完成时限\n",
    "要求各责任单位",
    "请张三、李四等同志",
    "完成工业总产值4.2亿元，增长5%",
    "用两年时间",
    "在2025—2027年",
    "到年中",
    "剩下的半年",
    "“十四五”期间",
    "第三周(9.15-9.21):\n",
    "第2-3周\n",
    "9月1日开学",
    "周次\t日期\t学校工作\t备注\n",
    "第一周\t9.1-9.7\t",
    "||\n",
    "序号\n工作任务\n牵头\n单位\n完成时限\n",  # a table stored one cell a line
    "1\n",
    "市水利局\n",
    "一、产业发展\n",
    "---|---|---|\n",
    "— 2 —\n",
    "序号  工作任务  牵头单位  完成时限\n",
    "   河道底数\n",
]
texts = st.one_of(st.text(max_size=300), st.lists(st.sampled_from(PIECES), max_size=60).map("".join))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_any_text_yields_contract_spans(text, base):
    r = extract(text, base_date=base)
    assert r.to_dict()["chars"] == len(text)
    assert_spans_hold(text, r)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_normalisation_keeps_length(text):
    assert len(normalize(text)) == len(text)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(PIECES + ["2月30日", "13月底", "0月1日", "99个工作日内", "十二月底"]), max_size=20
    ).map("".join),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(9000, 1, 1)),
)
def test_deadline_grammar_never_crashes(text, base):
    parse_times(text, base)


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2200, 1, 1)), st.integers(0, 30))
def test_working_days_move_forward(start, n):
    d = add_working_days(start, n)
    assert d >= start and (n == 0 or d > start)


@given(
    st.integers(1990, 2090),
    st.integers(1, 9),
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 1, 1)),
)
def test_a_duration_or_a_span_of_years_ends_with_its_last_year(year, n, base):
    assert [x.date for x in parse_times(f"{year}年起用{n}年时间完成", base)] == [
        dt.date(year + n - 1, 12, 31)
    ]
    assert [x.date for x in parse_times(f"要在{year}—{year + n}年完成", base)] == [dt.date(year + n, 12, 31)]
    assert [x.date for x in parse_times(f"用{n}年时间完成", base)] == [dt.date(base.year + n - 1, 12, 31)]

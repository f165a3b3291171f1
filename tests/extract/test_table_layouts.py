"""Task tables in layouts the corpus holds few of: no header, a header on each page, rows wrapped over
lines, measures under a task, open time cells, units marked 牵头/配合. The texts are written for these
tests (shapes of development documents), never the benchmark."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from luoshi.extract import extract
from luoshi.extract.tables import find_tables

from .contract import assert_spans_hold

BASE = dt.date(2025, 3, 1)
ROWS = [
    ("1", "加快推进城区老旧小区改造，完成改造小区30个", "市住建局", "2025年6月底前"),
    ("2", "深化“放管服”改革，推进政务服务一网通办", "市政务服务局", "2025年9月底前"),
    ("3", "实施河湖水系连通工程，整治黑臭水体5条", "市水利局", "2025年12月底前"),
]
READ = [
    ("加快推进城区老旧小区改造，完成改造小区30个", ["市住建局"], dt.date(2025, 6, 30)),
    ("深化“放管服”改革，推进政务服务一网通办", ["市政务服务局"], dt.date(2025, 9, 30)),
    ("实施河湖水系连通工程，整治黑臭水体5条", ["市水利局"], dt.date(2025, 12, 31)),
]


def _items(text: str):
    return extract(text, base_date=BASE).items


def _read(text: str) -> list[tuple[str, list[str], dt.date | None]]:
    """Each item's task (the text after its row's number and the gap or line break behind it), owners
    and deadline."""
    out = []
    for i in _items(text):
        number = next(r[0] for r in ROWS if i.text.startswith(r[0]))
        out.append(
            (
                i.text[len(number) :].lstrip(" \t\u3000\n|"),
                [o.mention for o in i.owners],
                i.deadline.date if i.deadline else None,
            )
        )
    return out


@pytest.mark.parametrize("gap", ["\t", "  ", "   ", "\u3000"])
def test_rows_without_a_header_are_read_by_the_kinds_of_their_cells(gap):
    text = "现将任务清单印发给你们。\n" + "".join(gap.join(r) + "\n" for r in ROWS) + "\n请认真抓好落实。\n"
    items = _items(text)
    assert [i.text[:1] for i in items] == ["1", "2", "3"]  # the item runs from the row's number
    assert _read(text) == READ


def test_a_lone_spaced_line_with_no_header_is_no_table_row():
    text = "1  加快推进城区老旧小区改造，完成改造小区30个  市住建局  2025年6月底前\n\n以上工作请认真落实。\n"
    rows, _ = find_tables(text)
    assert rows == []


def test_spaced_lines_whose_cells_differ_in_kind_are_no_table():
    text = (
        "1  加快推进城区老旧小区改造  市住建局  2025年6月底前\n"
        "2  2025年9月底前  深化政务服务改革工作  市政务服务局\n"
    )
    rows, _ = find_tables(text)
    assert rows == []


@pytest.mark.parametrize("page", ["— 2 —\n", "第2页\n", "- 2 -\n"])
def test_a_header_repeated_on_each_page_is_no_item(page):
    header = "序号\t工作任务\t牵头单位\t完成时限\n"
    rows = ["\t".join(r) + "\n" for r in ROWS]
    text = header + rows[0] + rows[1] + page + header + rows[2]
    assert _read(text) == READ


@pytest.mark.parametrize("gap", ["  ", "\u3000"])
def test_a_spaced_header_repeated_after_a_page_mark(gap):
    header = gap.join(["序号", "工作任务", "牵头单位", "完成时限"]) + "\n"
    rows = [gap.join(r) + "\n" for r in ROWS]
    text = header + rows[0] + rows[1] + "— 2 —\n" + header + rows[2] + "\n请认真抓好落实。\n"
    assert _read(text) == READ


@pytest.mark.parametrize(
    ("time", "date"),
    [
        ("全年", dt.date(2025, 12, 31)),  # the guide: 全年 is the base year's 31 December
        ("2025年6月底前", dt.date(2025, 6, 30)),
        ("长期坚持", None),  # a cadence or an open time is no deadline
        ("每月", None),
        ("持续推进", None),
        ("常态化推进", None),
        ("每季度末", None),
    ],
)
def test_a_time_cell_dates_the_row_only_when_it_names_a_deadline(time, date):
    text = (
        "序号\t工作任务\t责任单位\t完成时限\n"
        f"1\t加强干部队伍建设，开展年轻干部培训\t市委组织部\t{time}\n"
        "2\t完成国土空间总体规划编制\t市自然资源局\t2025年6月底前\n"
    )
    items = _items(text)
    assert len(items) == 2
    assert (items[0].deadline.date if items[0].deadline else None) == date
    assert items[1].deadline is not None and items[1].deadline.date == dt.date(2025, 6, 30)


@pytest.mark.parametrize(
    ("cell", "owners"),
    [
        ("市委组织部（牵头）、市人社局", ["市委组织部", "市人社局"]),
        ("市委组织部(牵头)、市人社局", ["市委组织部", "市人社局"]),
        ("市人社局（牵头），市教育局、团市委（配合）", ["市人社局", "市教育局", "团市委"]),
        ("市医保局（牵头单位）；市卫健委（配合单位）", ["市医保局", "市卫健委"]),
        ("市医保局牵头，市卫健委、市财政局配合", ["市医保局", "市卫健委", "市财政局"]),
    ],
)
def test_units_marked_as_leading_or_helping_are_named_without_the_mark(cell, owners):
    text = (
        "序号\t工作任务\t责任单位\t完成时限\n"
        f"1\t健全人才引进激励机制，落实人才住房补贴\t{cell}\t2025年6月底前\n"
    )
    (item,) = _items(text)
    assert [o.mention for o in item.owners] == owners


@pytest.mark.parametrize(("task", "measure"), [("重点任务", "具体措施"), ("工作任务", "具体工作")])
def test_measures_under_a_task_row_are_the_items(task, measure):
    # the task rows (一、二) name a category; the numbered measures under them are what is done
    text = (
        f"序号\t{task}\t{measure}\t责任单位\t完成时限\n"
        "一\t推动产业转型升级\t\t\t\n"
        "1\t\t实施技改项目50个，推动传统产业智能化改造\t市工信局\t2025年12月底前\n"
        "2\t\t培育省级专精特新企业20家\t市工信局\t2025年10月底前\n"
        "二\t优化营商环境\t\t\t\n"
        "3\t\t全面推行企业开办一日办结\t市市场监管局\t2025年6月底前\n"
    )
    items = _items(text)
    assert [i.text.split("\t")[-1] for i in items] == [
        "实施技改项目50个，推动传统产业智能化改造",
        "培育省级专精特新企业20家",
        "全面推行企业开办一日办结",
    ]
    assert [i.deadline.date if i.deadline else None for i in items] == [
        dt.date(2025, 12, 31),
        dt.date(2025, 10, 31),
        dt.date(2025, 6, 30),
    ]


def test_a_task_cell_over_several_lines_is_one_item():
    text = (
        "序号\t工作任务\t牵头单位\t完成时限\n"
        "1\t加快推进城区老旧小区改造，\n完成改造小区30个\t市住建局\t2025年6月底前\n"
        "2\t深化“放管服”改革，推进政务服务一网通办\t市政务服务局\t2025年9月底前\n"
    )
    items = _items(text)
    assert len(items) == 2
    assert items[0].text.endswith("完成改造小区30个") and [o.mention for o in items[0].owners] == ["市住建局"]


def test_a_pdf_row_whose_task_wraps_keeps_its_words_out_of_the_units():
    # a PDF's text: cells parted by single spaces, the task cut in a word and finished on the next line
    text = (
        "序号 工作任务 牵头单位 完成时限\n"
        "1 加快推进城区老旧小区改造，完成改 市住建局 2025年6月底前\n造小区30个\n"
        "2 深化“放管服”改革，推进政务服务一 市政务服务局 2025年9月底前\n网通办\n"
        "3 实施河湖水系连通工程，整治黑臭水体5条 市水利局 2025年12月底前\n\n以上任务请认真落实。\n"
    )
    items = _items(text)
    assert [[o.mention for o in i.owners] for i in items] == [["市住建局"], ["市政务服务局"], ["市水利局"]]
    assert items[1].text.endswith("网通办")


# ragged tables: cells of every kind, rows of any length, any separator, headers anywhere
CELLS = st.sampled_from(
    [
        "",
        " ",
        "1",
        "12",
        "（3）",
        "一",
        "一、产业发展",
        "序号",
        "工作任务",
        "具体措施",
        "牵头单位",
        "配合单位",
        "完成时限",
        "加快推进城区老旧小区改造，完成改造小区30个",
        "实施技改项目50个",
        "市住建局",
        "市委组织部（牵头）、市人社局",
        "各县（市、区）政府",
        "市医保局牵头",
        "2025年6月底前",
        "全年",
        "长期坚持",
        "每月",
        "持续推进",
        "第三周",
        "— 2 —",
        "张三",
        "网通办",
        "|",
        "（",
    ]
)
SEPS = st.sampled_from(["\t", "  ", " ", "\u3000", " | ", "|", "\n", "\n\n"])
LINES = st.lists(st.tuples(st.lists(CELLS, max_size=7), SEPS, st.sampled_from(["\n", "\n\n", " |\n", ""])))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(LINES)
def test_ragged_tables_never_crash_and_keep_spans_inside_the_text(lines):
    text = "".join(sep.join(cells) + end for cells, sep, end in lines)
    rows, spans = find_tables(text)
    for a, b in spans:
        assert 0 <= a <= b <= len(text)
    for row in rows:
        for a, b in row.content + ([row.due] if row.due else []):
            assert 0 <= a <= b <= len(text)
    assert_spans_hold(text, extract(text, base_date=BASE))


@pytest.mark.parametrize("gap", [" ", "\u3000"])
def test_a_text_ending_with_a_row_of_cells_parted_by_spaces_keeps_that_row(gap):
    # no half sentence a page store cut: the row has all its cells
    text = "现将任务清单印发给你们。\n" + "".join(gap.join(r) + "\n" for r in ROWS)
    assert _read(text) == READ


@pytest.mark.parametrize("blank", ["\n", "\n\n", " |\n"])
def test_a_table_one_cell_a_line_with_no_header_is_read_by_the_kinds_of_its_cells(blank):
    # a web table flattened without its header: 1 / the task / the unit / the time / 2 / …
    text = "现将任务清单印发给你们。\n" + "".join(blank.join(r) + blank for r in ROWS) + "请认真抓好落实。\n"
    assert [i.text[:1] for i in _items(text)] == ["1", "2", "3"]
    assert _read(text) == READ


def test_a_cell_a_line_table_with_no_header_keeps_a_co_unit_and_an_open_time():
    rows = [
        ("1", "加快推进城区老旧小区改造，完成改造小区30个", "市住建局", "各区政府", "每月"),
        ("2", "深化“放管服”改革，推进政务服务一网通办", "市政务服务局", "市大数据局", "长期坚持"),
    ]
    text = "".join("\n".join(r) + "\n" for r in rows)
    items = _items(text)
    owners = [[o.mention for o in i.owners] for i in items]
    assert owners == [["市住建局", "各区政府"], ["市政务服务局", "市大数据局"]]
    assert [i.deadline for i in items] == [None, None]


@pytest.mark.parametrize(
    "text",
    [
        # numbered lines whose cells differ in kind from row to row are no table
        "1\n加快推进城区老旧小区改造，完成改造小区30个\n市住建局\n2\n2025年9月底前\n深化政务服务改革工作\n",
        # one row alone is no table
        "1\n加快推进城区老旧小区改造，完成改造小区30个\n市住建局\n2025年6月底前\n",
        # numbers that do not follow one another
        "1\n加快推进城区老旧小区改造，完成改造小区30个\n市住建局\n3\n深化政务服务改革工作\n市政务服务局\n",
    ],
)
def test_numbered_lines_of_no_one_shape_are_no_headerless_table(text):
    rows, _ = find_tables(text)
    assert rows == []


ROW_CELLS = st.lists(
    st.sampled_from(
        ["加快推进城区老旧小区改造", "市住建局", "各区政府", "2025年6月底前", "全年", "张三", "2", "二、生态"]
    ),
    max_size=5,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ROW_CELLS, max_size=6), st.sampled_from(["\n", "\n\n", " |\n"]))
def test_ragged_rows_one_cell_a_line_never_crash_and_keep_spans_inside_the_text(rows, blank):
    text = "".join(blank.join([str(n + 1), *cells]) + blank for n, cells in enumerate(rows))
    found, spans = find_tables(text)
    for a, b in spans + [c for row in found for c in row.content + ([row.due] if row.due else [])]:
        assert 0 <= a <= b <= len(text)
    assert_spans_hold(text, extract(text, base_date=BASE))


@pytest.mark.parametrize("gap", ["\t", "\n"])
def test_category_rows_of_a_table_with_no_header_are_no_heading_over_its_rows(gap):
    # 一、城市建设 above the first row: the table's category, not an outline heading swallowing the rows
    text = (
        "一、城市建设\n"
        + gap.join(ROWS[0])
        + "\n"
        + gap.join(ROWS[1])
        + "\n二、生态环境\n"
        + gap.join(ROWS[2])
        + "\n"
        + gap.join(("4", "推进城乡垃圾分类，建成分类示范小区50个", "市城管局", "2025年10月底前"))
        + "\n"
    )
    assert [i.text[:1] for i in _items(text)] == ["1", "2", "3", "4"]
    assert _read(text[: text.index("\n4")]) == READ


@pytest.mark.parametrize("measure", ["单位", "计量单位"])
def test_a_measure_column_one_cell_a_line_is_its_own_and_a_unit_list_is_the_actors(measure):
    # 考核内容 | 单位 | 年度目标: the measure's column joins no other header cell, and two responsible units
    # over two lines stay in 责任部门, not in 评分部门 (units that check the work, no owners)
    text = (
        f"序号\n考核指标\n考核内容\n{measure}\n年度目标\n责任部门\n评分部门\n"
        "1\n确保粮食有效供给\n农林牧渔业增加值增幅\n%\n≥2%\n县海洋与渔业局\n县农业农村局\n市农业农村局\n"
        "2\n稳定粮食生产\n粮食播种面积\n万亩\n0.07\n县农业农村局\n市农业农村局\n"
    )
    items = _items(text)
    assert [i.text.split("\n")[-1] for i in items] == ["农林牧渔业增加值增幅", "粮食播种面积"]
    owners = [[o.mention for o in i.owners] for i in items]
    assert owners == [["县海洋与渔业局", "县农业农村局"], ["县农业农村局"]]


@pytest.mark.parametrize("name", ["任务名称", "项目名称", "工作任务名称"])
@pytest.mark.parametrize("body", ["工作目标", "目标任务", "具体内容"])
def test_a_tasks_name_column_heads_the_item_whose_body_says_what_is_done(name, body):
    text = (
        f"序号\t{name}\t{body}\t责任单位\t完成时间\n"
        "1\t城市更新\t完成老旧小区改造30个，同步实施雨污分流\t市住建局\t2025年6月\n"
        "2\t放管服改革\t推行一网通办，办件时间压缩一半\t市政务服务局\t2025年9月\n"
    )
    items = _items(text)
    assert [i.text for i in items] == [
        "1\t城市更新\t完成老旧小区改造30个，同步实施雨污分流",
        "2\t放管服改革\t推行一网通办，办件时间压缩一半",
    ]
    assert [[o.mention for o in i.owners] for i in items] == [["市住建局"], ["市政务服务局"]]


@pytest.mark.parametrize("numbers", [("（一）", "（二）"), ("一", "二"), ("一、", "二、"), ("(1)", "(2)")])
def test_an_item_runs_from_its_rows_number_written_in_any_numerals(numbers):
    text = "序号\t工作任务\t责任单位\t完成时限\n" + "".join(
        f"{n}\t{task}\t{unit}\t{due}\n" for n, (_, task, unit, due) in zip(numbers, ROWS, strict=False)
    )
    items = _items(text)
    assert [i.text for i in items] == [f"{n}\t{r[1]}" for n, r in zip(numbers, ROWS, strict=False)]
    assert [[o.mention for o in i.owners] for i in items] == [["市住建局"], ["市政务服务局"]]

import datetime as dt

from luoshi.extract.boxes import box_tables
from luoshi.extract.normalize import normalize

# a legal-text site's table: the header wrapped in its cells, a unit cell merged over two task cells, a
# task cell listing several tasks, each on lines of its own (△)
_TABLE = """\
┌────────────┬───┬────────┬────┐
│ 工 作 任 务 │分管领│牵头组织实施单位│完成时限│
│ │ 导 │ │ │
├────────────┼───┼────────┼────┤
│△进一步调整财政支出结构,加大│梁志强│市财政局、国│年内见成│
│财政在教育、卫生方面的投入 │ │家税务局 │ 效 │
│△加强财政监督,提高资金效益 │ ├────────┤ │
│△加强税源监控,完善护税网络 │ │市财政局、教│ │
├────────────┤ │育局 │ │
│△加快信用体系建设,保护金融债权│ │ │ │
└────────────┴───┴────────┴────┘
"""


def _read(text: str) -> list[tuple[str, list[str], str]]:
    t = normalize(text)
    rows, _ = box_tables(t)
    return [
        ("".join(t[a:b] for a, b in r.content), r.lead, t[r.due[0] : r.due[1]] if r.due else "") for r in rows
    ]


def test_a_box_drawn_table_reads_its_columns_down_their_cells():
    rows = _read(_TABLE)
    assert [r[0][:10] for r in rows] == [
        "△进一步调整财政支出",
        "△加强财政监督，提高",
        "△加强税源监控，完善",
        "△加快信用体系建设，",
    ]
    # a merged unit cell is shared by the tasks beside it; a unit name wrapped over lines is joined
    assert [r[1] for r in rows] == [
        ["市财政局", "国家税务局"],
        ["市财政局", "教育局"],
        ["市财政局", "教育局"],
        ["市财政局", "教育局"],
    ]
    assert {r[2] for r in rows} == {"年内见成"}


def test_a_wrapped_task_cell_runs_from_its_first_line_to_its_last():
    t = normalize(_TABLE)
    rows, spans = box_tables(t)
    assert t[slice(*rows[0].content[0])].endswith("方面的投入")
    assert len(spans) == _TABLE.count("\n")  # every line of the table is the table's


def test_box_lines_naming_no_columns_are_no_task_table():
    assert box_tables(normalize("┌──┬──┐\n│甲│乙│\n│丙│丁│\n└──┴──┘\n")) == ([], [])


def test_a_box_drawn_table_dates_its_rows():
    from luoshi.extract import extract

    items = extract(_TABLE, base_date=dt.date(2006, 3, 1)).items
    assert [i.deadline.date if i.deadline else None for i in items] == [dt.date(2006, 12, 31)] * 4

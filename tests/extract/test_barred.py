from luoshi.extract.barred import barred_rows


def _cells(text: str) -> list[list[str]]:
    return [[text[a:b].strip() for a, b in cells] for cells, _ in barred_rows(text)]


def test_each_row_closed_by_a_bar_alone_its_further_cells_led_by_one():
    text = (
        "分工如下：\n责任目标\n| 责任主体\n| 完成时间\n|\n"
        "1.1设置公益广告；\n|\n"
        "1.2展示校训校风，分栏展示\n师德师风成果\n| 学生处\n团委\n| 8月28日\n|\n"
        "1.3设置禁烟标识；\n| 后勤处\n| 9月30日\n|\n"
        "以上工作请按时完成。"
    )
    assert _cells(text) == [
        ["责任目标", "责任主体", "完成时间"],
        ["1.1设置公益广告；"],
        ["1.2展示校训校风，分栏展示\n师德师风成果", "学生处\n团委", "8月28日"],
        ["1.3设置禁烟标识；", "后勤处", "9月30日"],
    ]


def test_cells_led_by_bars_under_no_first_cell_are_no_such_table():
    # | 项 目\n| 分值\n|: every cell led by a bar is the layout tables.py reads line by line
    text = "".join(
        f"| {a}\n| {b}\n| {c}\n|\n"
        for a, b, c in [("项目", "内容", "分值")] + [("职能", "抓好筹备", "100")] * 4
    )
    assert _cells(text) == []

import datetime as dt
import re

import pytest

from luoshi.extract import extract
from luoshi.extract.normalize import normalize
from luoshi.extract.tables import find_tables

BASE = dt.date(2027, 8, 20)


def _rows(text: str) -> list[tuple[str, list[str], dt.date | None]]:
    """Each item's task cell (the row's number and the cells before the task, which its span holds, left
    out), owners and deadline."""
    return [
        (_TASK.sub("", i.text), [o.mention for o in i.owners], i.deadline.date if i.deadline else None)
        for i in extract(text, base_date=BASE).items
    ]


_TASK = re.compile(r"^\d+(?:[ \t|\n]+[^\t|\n]{1,8}(?= *[\t|]))?[ \t|\n]+")


@pytest.mark.parametrize("column", ["学校工作", "主要活动", "行政工作"])
def test_a_header_naming_no_task_column_keeps_every_row(column):
    # 日期 and 备注 make the line a header; the task is the row's cell under the column it names nothing for
    text = (
        f"周次\t日期\t{column}\t备注\n"
        "第一周\t9.1-9.5\t新生报到注册，召开开学典礼\t\n"
        "第二周\t9.6-9.12\t庆祝教师节，表彰优秀教师\t全体教师参加\n"
        "第三周\t9.13-9.19\t开展常规教学检查\t\n"
    )
    assert _rows(text) == [
        ("新生报到注册，召开开学典礼", [], dt.date(2027, 9, 5)),
        ("庆祝教师节，表彰优秀教师", [], dt.date(2027, 9, 12)),
        ("开展常规教学检查", [], dt.date(2027, 9, 19)),
    ]


def test_rows_under_a_month_cell_spanning_them_lack_that_cell():
    text = (
        "月份\t周次\t日期\t工作内容\t负责部门\n"
        "九月\t第一周\t9.1-9.5\t组织新生入学教育\t学生处\n"
        "第二周\t9.6-9.12\t召开教职工大会\t办公室\n"
        "十月\t第六周\t10.4-10.10\t举办秋季田径运动会\t体育组\n"
    )
    assert _rows(text) == [
        ("组织新生入学教育", ["学生处"], dt.date(2027, 9, 5)),
        ("召开教职工大会", ["办公室"], dt.date(2027, 9, 12)),
        ("举办秋季田径运动会", ["体育组"], dt.date(2027, 10, 10)),
    ]


def test_rows_under_a_leading_time_cell_spanning_them_take_its_period():
    # a web page stores a merged cell once: the rows below it lack it or leave it empty
    text = (
        "时间 | 工作内容 | 负责部门 |\n9月 | 召开开学典礼大会 | 教导处 |\n | 庆祝教师节活动 | 工会 |\n"
        "10月份 | 开展国庆主题教育活动 | 政教处 |\n| 举办秋季田径运动会 | 体育组 |\n"
    )
    assert [d for _, _, d in _rows(text)] == [dt.date(2027, 9, 30)] * 2 + [dt.date(2027, 10, 31)] * 2


def test_a_row_lacking_a_trailing_cell_keeps_its_columns():
    text = (
        "序号\t工作任务\t牵头单位\t完成时限\t备注\n"
        "1\t完成老旧小区改造项目立项\t住建局\t6月底前\t\n"
        "2\t开展农村道路安全隐患排查\t交通局\t9月底前\n"
    )
    assert _rows(text) == [
        ("完成老旧小区改造项目立项", ["住建局"], dt.date(2027, 6, 30)),
        ("开展农村道路安全隐患排查", ["交通局"], dt.date(2027, 9, 30)),
    ]


def test_cell_per_line_rows_of_uneven_width_split_at_their_numbers():
    # a web table stored one cell a line: an empty cell is a line of bars, a row may lack a cell
    text = (
        "序号 |\n工作任务 |\n牵头单位 |\n配合单位 |\n进展情况 |\n"
        "1 |\n新建城区公共停车场三处 |\n交通局 |\n住建局、各街道 |\n||\n"
        "2 |\n改造提升农贸市场两个 |\n商务局 |\n市场监管局 |\n已完成招标 |\n|\n"
        "3 |\n建设口袋公园十个 |\n园林局 |\n已完成设计 |\n"
    )
    rows, _ = find_tables(normalize(text))
    assert [_TASK.sub("", normalize(text)[a:b]).strip() for r in rows for a, b in r.content] == [
        "新建城区公共停车场三处",
        "改造提升农贸市场两个",
        "建设口袋公园十个",
    ]
    assert [(r.lead, r.co) for r in rows[:2]] == [
        (["交通局"], ["住建局", "各街道"]),
        (["商务局"], ["市场监管局"]),
    ]


def test_a_calendar_of_two_columns_the_week_and_its_work():
    text = (
        "本学期9月1日开学。\n周次\t主要工作安排及要求\n"
        "第1周\t召开新学期全体教师会议\n第2周\t开展教师节表彰活动\n"
    )
    assert _rows(text) == [
        ("召开新学期全体教师会议", [], dt.date(2027, 9, 5)),
        ("开展教师节表彰活动", [], dt.date(2027, 9, 12)),
    ]
    assert _rows("联系人\t张三\n联系电话\t12345678\n") == []


def test_a_week_column_and_dotted_dates_make_a_header():
    text = (
        "| 周 | 起止日期 | 学校工作 |\n"
        "| 1 | 9.1-9.5 | 召开新学期全体教师会议 |\n| 2 | 9.6-9.12 | 开展教师节表彰活动 |\n"
    )
    assert [d for _, _, d in _rows(text)] == [dt.date(2027, 9, 5), dt.date(2027, 9, 12)]


@pytest.mark.parametrize("column", ["部门", "执行部门", "主办单位"])
def test_a_column_of_departments_names_the_rows_owners(column):
    text = f"周次\t日期\t工作内容\t{column}\n第一周\t9.1-9.5\t组织新生入学教育\t学生处\n"
    assert _rows(text) == [("组织新生入学教育", ["学生处"], dt.date(2027, 9, 5))]


def test_rows_of_two_cells_closed_by_bars_under_a_header_naming_the_work_points():
    text = (
        "本学期9月1日开学。\n周次 | 工 作 要 点 |\n1 | 召开新学期全体教师会议 |\n2 | 开展教师节表彰活动 |\n"
    )
    assert [r[0] for r in _rows(text)] == ["召开新学期全体教师会议", "开展教师节表彰活动"]
    assert find_tables(normalize("学习材料 | 报送总结材料 |\n"))[0] == []  # no header: two cells are text


@pytest.mark.parametrize("column", ["整改措施", "工作要点"])
def test_columns_of_measures_and_key_points_hold_the_task(column):
    text = (
        f"序号 | 问题 | {column} | 责任单位 | 整改时限 |\n"
        "1 | 台账不全 | 全面梳理补齐各类工作台账 | 办公室 | 2027年10月底前 |\n"
    )
    assert _rows(text) == [("全面梳理补齐各类工作台账", ["办公室"], dt.date(2027, 10, 31))]


def test_cells_parted_by_runs_of_spaces_under_a_header():
    text = (
        "序号  工作任务  牵头单位  完成时限\n"
        "1  建立河长制工作台账  市水利局  2027年9月底前\n"
        "2  开展河道清四乱专项行动  各县(市、区)政府  2027年12月底前\n"
    )
    assert _rows(text) == [
        ("建立河长制工作台账", ["市水利局"], dt.date(2027, 9, 30)),
        ("开展河道清四乱专项行动", ["各县(市、区)政府"], dt.date(2027, 12, 31)),
    ]
    rows, _ = find_tables(normalize("会议地点  三楼会议室  参会人员\n"))
    assert rows == []  # spaced cells without a header are text


def test_a_header_split_over_two_lines():
    text = (
        "序号 | 工作任务 | 责任单位 | 完成 |\n | | | 时限 |\n"
        "1 | 建立河长制工作台账 | 市水利局 | 2027年9月底前 |\n"
    )
    assert _rows(text) == [("建立河长制工作台账", ["市水利局"], dt.date(2027, 9, 30))]
    merged = (  # 责任单位 spanning the 牵头 and 配合 columns of the line below it
        "序号 | 工作任务 | 责任单位 | | 完成时限 |\n | | 牵头 | 配合 | |\n"
        "1 | 建立河长制工作台账 | 市水利局 | 市财政局 | 2027年9月底前 |\n"
    )
    assert _rows(merged) == [("建立河长制工作台账", ["市水利局", "市财政局"], dt.date(2027, 9, 30))]


@pytest.mark.parametrize("task,due", [("项目", "进度安排"), ("工作事项", "时间安排")])
def test_other_names_of_the_task_and_time_columns(task, due):
    text = (
        f"序号 | {task} | 责任部门 | {due} |\n"
        "1 | 建立河长制工作台账 | 办公室 | 2027年9月底前 |\n"
        "2 | 开展河道清四乱专项行动 | 执法科 | 2027年12月底前 |\n"
    )
    assert _rows(text) == [
        ("建立河长制工作台账", ["办公室"], dt.date(2027, 9, 30)),
        ("开展河道清四乱专项行动", ["执法科"], dt.date(2027, 12, 31)),
    ]


def test_a_short_task_cell_is_a_task():
    text = "周次 | 工作要点 |\n14 | 转专业咨询 |\n15 | 公布下学期《选课指南》 |\n"
    assert [t for t, _, _ in _rows(text)] == ["转专业咨询", "公布下学期《选课指南》"]
    # a catalogue row without a header holds no short task
    assert find_tables(normalize("栏目: | 部门文件 | 来源: | 中川镇 |\n"))[0] == []


PLAIN = (  # a web table flattened: every cell on a line of its own, no bar, no tab
    "2027年重点工作任务分解表\n序号\n工作任务\n牵头单位\n配合单位\n完成时限\n"
    "1\n建立河长制工作台账，摸清河道底数\n市水利局\n市财政局、各县(市、区)政府\n2027年9月底前\n"
    "2\n开展河道清四乱专项行动\n市水利局\n市公安局\n2027年12月底前\n"
    "附件：统计表\n"
)


def test_a_table_stored_one_cell_a_line_is_read_by_its_header():
    assert _rows(PLAIN) == [
        (
            "建立河长制工作台账，摸清河道底数",
            ["市水利局", "市财政局", "各县(市、区)政府"],  # as written, half-width brackets too
            dt.date(2027, 9, 30),
        ),
        ("开展河道清四乱专项行动", ["市水利局", "市公安局"], dt.date(2027, 12, 31)),
    ]
    assert _rows(PLAIN.replace("\n", "\n\n")) == _rows(PLAIN)  # a blank line between cells


def test_one_cell_a_line_a_task_cell_over_lines_and_a_header_split_over_lines():
    text = (
        "序号\n重点任务\n牵头\n单位\n完成\n时限\n"
        "1\n加快推进城区污水管网改造，\n年内完成改造管网20公里\n住建局\n2027年12月底\n"
        "2\n实施农村人居环境整治提升行动\n农业农村局\n2027年11月底\n"
    )
    assert _rows(text) == [
        ("加快推进城区污水管网改造，\n年内完成改造管网20公里", ["住建局"], dt.date(2027, 12, 31)),
        ("实施农村人居环境整治提升行动", ["农业农村局"], dt.date(2027, 11, 30)),
    ]


def test_one_cell_a_line_a_merged_unit_category_rows_and_persons():
    text = (
        "序号\n具体内容\n责任单位\n责任人\n时间节点\n"
        "一、安全生产\n"
        "1\n组织开展消防安全大检查\n应急管理局\n张三\n2027年9月底前\n"
        "2\n开展危化品企业专项检查\n2027年10月底前\n"
        "二、城市管理\n"
        "3\n开展燃气安全专项整治\n住建局\n李四\n2027年10月底前\n"
    )
    assert _rows(text) == [
        ("组织开展消防安全大检查", ["应急管理局"], dt.date(2027, 9, 30)),
        ("开展危化品企业专项检查", ["应急管理局"], dt.date(2027, 10, 31)),
        ("开展燃气安全专项整治", ["住建局"], dt.date(2027, 10, 31)),
    ]


@pytest.mark.parametrize(
    "between",
    ["一、民生保障\n", "二\t民生保障\t\t\n", "— 2 —\n序号\t工作任务\t牵头单位\t完成时限\n"],
)
def test_category_rows_and_a_header_repeated_on_a_new_page_go_on_with_the_table(between):
    text = (
        "序号\t工作任务\t牵头单位\t完成时限\n"
        "1\t推动工业企业技术改造\t经信局\t2027年9月底前\n"
        f"{between}"
        "2\t新建城区公共停车场三处\t交通局\t2027年10月底前\n"
    )
    assert _rows(text) == [
        ("推动工业企业技术改造", ["经信局"], dt.date(2027, 9, 30)),
        ("新建城区公共停车场三处", ["交通局"], dt.date(2027, 10, 31)),
    ]


def test_a_row_lacking_a_cell_between_reads_its_cells_by_what_they_hold():
    text = (
        "序号\t工作任务\t牵头单位\t责任人\t完成时限\n"
        "1\t推动工业企业技术改造\t经信局\t张三\t2027年9月底前\n"
        "2\t培育规模以上工业企业十家\t王五\t2027年12月底前\n"
    )
    assert _rows(text) == [
        ("推动工业企业技术改造", ["经信局"], dt.date(2027, 9, 30)),
        ("培育规模以上工业企业十家", ["经信局"], dt.date(2027, 12, 31)),
    ]


def test_the_number_on_a_line_of_its_own():
    text = (
        "序号\t工作任务\t牵头单位\t完成时限\n"
        "1\n建立河长制工作台账\t市水利局\t2027年9月底前\n"
        "2\n开展河道清四乱专项行动\t市公安局\t2027年12月底前\n"
    )
    assert [(t, o) for t, o, _ in _rows(text)] == [
        ("建立河长制工作台账", ["市水利局"]),
        ("开展河道清四乱专项行动", ["市公安局"]),
    ]


def test_a_rows_item_runs_from_its_number_through_its_task_cell():
    text = "序号\n\n工作任务\n\n牵头单位\n\n完成时限\n\n1\n\n建立河长制工作台账。\n\n市水利局\n\n9月底前\n"
    assert [i.text for i in extract(text, base_date=BASE).items] == ["1\n\n建立河长制工作台账"]
    text = "序号 | 问题 | 整改措施 | 责任单位 |\n1 | 台账不全 | 全面梳理补齐各类工作台账 | 办公室 |\n"
    got = extract(text, base_date=BASE).items
    assert [i.text for i in got] == ["1 | 台账不全 | 全面梳理补齐各类工作台账"]


def test_a_tab_row_whose_cell_holds_several_paragraphs_runs_over_lines():
    text = (
        "序号\t工作任务\t牵头单位\t完成时限\n"
        "1\t推动工业企业技术改造，\n全年完成技改项目二十个\t经信局\t2027年9月底前\n"
        "2\t新建城区公共停车场三处\t交通局\t2027年10月底前\n"
    )
    assert [i.text for i in extract(text, base_date=BASE).items] == [
        "1\t推动工业企业技术改造，\n全年完成技改项目二十个",
        "2\t新建城区公共停车场三处",
    ]
    assert _rows(text)[0][1:] == (["经信局"], dt.date(2027, 9, 30))


def test_the_number_on_a_line_above_its_cells_opens_the_item():
    text = "序号\t工作任务\t牵头单位\t完成时限\n1\n建立河长制工作台账\t市水利局\t2027年9月底前\n"
    assert [(i.text, [o.mention for o in i.owners]) for i in extract(text, base_date=BASE).items] == [
        ("1\n建立河长制工作台账", ["市水利局"])
    ]


def test_a_spaced_header_whose_cells_wrap_onto_a_second_line():
    text = (
        "序号    工作任务    牵头    完成\n              单位    时限\n"
        "1    建立河长制工作台账    市水利局    2027年9月底前\n"
    )
    assert _rows(text) == [("建立河长制工作台账", ["市水利局"], dt.date(2027, 9, 30))]


def test_of_two_unit_columns_the_leading_one_leads():
    text = (
        "序号 |\n目标与任务 |\n分管县领导 |\n牵头责任单位 |\n责任单位 |\n"
        "80 |\n新增托位数400个以上。 |\n俞 悦 |\n县教育局 |\n县各有关单位 |\n"
    )
    got = extract(text, base_date=BASE).items
    assert [(o.mention, o.role) for o in got[0].owners] == [("县教育局", "lead"), ("县各有关单位", "co")]


def test_one_cell_a_line_a_row_split_in_two_under_one_number_and_a_column_named_in_words_of_its_own():
    # 民生实事 names no column the vocabulary knows: the cell between 序号 and 责任单位 is still a column
    text = (
        "序号\n\n民生实事\n\n责任单位\n\n完成时限\n\n"
        "4\n\n新建城区公园两处。\n\n县住建局\n\n9月底前\n\n"
        "5\n\n开工建设县老年养护楼。\n\n县民政局\n\n9月底前动工\n\n开工建设老年大学。\n\n12月底前\n\n"
    )
    assert _rows(text) == [
        ("新建城区公园两处", ["县住建局"], dt.date(2027, 9, 30)),
        ("开工建设县老年养护楼", ["县民政局"], dt.date(2027, 9, 30)),
        ("开工建设老年大学", ["县民政局"], dt.date(2027, 12, 31)),
    ]


def test_a_unit_cell_over_lines_names_a_unit_a_line():
    text = (
        "序号\n工作任务\n牵头单位\n配合单位\n完成时限\n"
        "1\n建立河长制工作台账\n市水利局\n市财政局\n市公安局\n2027年9月底前\n"
    )
    assert _rows(text) == [("建立河长制工作台账", ["市水利局", "市财政局", "市公安局"], dt.date(2027, 9, 30))]


def test_a_cell_wrapped_onto_a_line_of_its_own_goes_on_the_row_above():
    text = (
        "序号  工作任务  牵头单位  完成时限\n"
        "1  建立河长制工作台账，摸清  市水利局  2027年9月底前\n   河道底数\n"
        "2  完善考核办法  市委组织部、  2027年10月底前\n   市水利局\n"
        "3  推进河道保洁  市城管局  2027年10月底前\n"
    )
    got = extract(text, base_date=BASE).items
    assert got[0].text.endswith("河道底数") and [o.mention for o in got[0].owners] == ["市水利局"]
    assert [o.mention for o in got[1].owners] == ["市委组织部", "市水利局"]
    assert _rows(text)[2] == ("推进河道保洁", ["市城管局"], dt.date(2027, 10, 31))


def test_a_markdown_rule_under_a_header_of_cells_a_line_and_units_parted_by_a_space():
    text = (
        "序号 |\n工作程序 |\n要 求 |\n完成时间 |\n责任人 |\n---|---|---|---|---|\n"
        "1 |\n发布补考通知 |\n在学校网站发布补考通知 |\n9月25日 |\n教务处 |\n"
        "2 |\n组织补考 |\n组织安排本系专业课程的考试 |\n9月28日 |\n教务处 各系(部) |\n"
    )
    got = extract(text, base_date=BASE).items
    assert [i.text for i in got] == [
        "1 |\n发布补考通知 |\n在学校网站发布补考通知",
        "2 |\n组织补考 |\n组织安排本系专业课程的考试",
    ]
    assert [[o.mention for o in i.owners] for i in got] == [["教务处"], ["教务处", "各系(部)"]]
    assert [i.deadline.date for i in got] == [dt.date(2027, 9, 25), dt.date(2027, 9, 28)]


def test_an_empty_unit_cell_under_a_merged_one_shares_its_unit():
    text = (
        "序号\t工作任务\t牵头单位\t完成时限\n"
        "1\t推动工业企业技术改造\t经信局\t2027年9月底前\n"
        "2\t培育规模以上工业企业十家\t\t2027年12月底前\n"
    )
    assert [o for _, o, _ in _rows(text)] == [["经信局"], ["经信局"]]


def test_a_row_lacking_a_cell_and_closed_by_empty_ones_reads_its_units_by_what_they_hold():
    # the row lacks its 全年目标任务 cell; its two closing empty cells tell nothing of which it lacks
    text = (
        "序号 | 主要任务 | 全年目标任务 | 分管领导 | 牵头单位 | 责任主体与协同单位 | 说明 |\n"
        "24 | 优化提升50条背街后巷交通组织 | 徐国江 | 城管局 | 市政局、相关街道 | | |\n"
    )
    got = extract(text, base_date=BASE).items
    owners = [(o.mention, o.role) for o in got[0].owners]
    assert owners == [("城管局", "lead"), ("市政局", "co"), ("相关街道", "co")]


_HEADER = ["序号", "工作任务", "牵头单位", "配合单位", "完成时限"]
_TASKS = [
    ["1", "加快推进城区污水管网改造，年内完成改造20公里", "市住建局", "市财政局", "2027年9月底前"],
    ["2", "开展农村人居环境整治行动，建成美丽乡村示范村10个", "市农业农村局", "各镇街", "2027年12月底前"],
    ["3", "实施中小学校舍改扩建工程，新增学位3000个", "市教育局", "市发改委、市自然资源局", "2027年10月"],
]
_GRID = "┌" + "┬".join(["──"] * 5) + "┐"


def _box(rows: list[list[str]]) -> str:
    lines = [_GRID]
    for r in rows:
        lines += ["│" + "│".join(r) + "│", "├" + "┼".join(["──"] * 5) + "┤"]
    return "\n".join(lines[:-1] + ["└" + "┴".join(["──"] * 5) + "┘"])


_LAYOUTS = {
    "tabs": lambda rows: "\n".join("\t".join(r) for r in rows),
    "bars": lambda rows: "\n".join("| " + " | ".join(r) + " |" for r in rows),
    "a cell a line closed by a bar": lambda rows: "\n".join(f"{c} |" for r in rows for c in r),
    "a cell a line": lambda rows: "\n\n".join(c for r in rows for c in r if c),
    "runs of spaces": lambda rows: "\n".join("    ".join(r) for r in rows),
    "box-drawn": _box,
    "the number on a line above": lambda rows: "\n".join(
        f"{r[0]}\n" + "\t".join(r[1:]) if r[0].isdigit() else "\t".join(r) for r in rows
    ),
    "a task cell of two paragraphs": lambda rows: "\n".join(
        "\t".join([r[0], r[1].replace("，", "，\n", 1), *r[2:]]) for r in rows
    ),
}
_SHAPES = {
    "plain": [_HEADER, *_TASKS],
    "category rows": [
        _HEADER,
        ["一、城乡建设", "", "", "", ""],
        *_TASKS[:2],
        ["二、社会事业", "", "", "", ""],
        _TASKS[2],
    ],
    "the header repeated": [_HEADER, *_TASKS[:2], _HEADER, _TASKS[2]],
}


@pytest.mark.parametrize("shape", list(_SHAPES))
@pytest.mark.parametrize("layout", list(_LAYOUTS))
def test_a_table_reads_the_same_whatever_its_layout(layout, shape):
    # one reading of rows, cells and header for every way a page or a paste stores a table's grid
    text = (
        "2027年重点工作任务分解表\n\n" + _LAYOUTS[layout](_SHAPES[shape]) + "\n\n以上任务请各单位认真落实。\n"
    )
    got = [(task.strip(" |\n"), o, d) for task, o, d in _rows(text)]
    assert [(x[0].replace("\n", ""), x[1], x[2]) for x in got] == [
        (r[1], [r[2], *r[3].split("、")], d)
        for r, d in zip(
            _TASKS, [dt.date(2027, 9, 30), dt.date(2027, 12, 31), dt.date(2027, 10, 31)], strict=True
        )
    ]


_MEASURES = [
    [
        "1",
        "优化营商环境",
        "全面推行“一网通办”，政务服务事项网上可办率达到95%",
        "市政务服务中心",
        "2027年6月底前",
    ],
    ["", "", "开展涉企收费专项清理，坚决制止乱收费行为", "市发改委", "2027年9月底前"],
    ["2", "扩大有效投资", "新开工亿元以上项目50个，完成固定资产投资300亿元", "市发改委", "2027年12月底前"],
    ["", "", "加快推进城区污水管网改造工程建设", "市住建局", "2027年10月底前"],
]


@pytest.mark.parametrize("lacking", [False, True])
@pytest.mark.parametrize("layout", ["tabs", "bars", "a cell a line closed by a bar", "a cell a line"])
def test_each_measure_under_a_task_spanning_several_is_an_item(layout, lacking):
    # 重点任务 merged over its 工作措施 rows: each measure's row is an item (GUIDE: task tables), the rows
    # below the first leaving the merged cells empty or lacking them
    rows = [[c for c in r if c] if lacking and not r[0] else r for r in _MEASURES]
    text = "重点任务分解表\n\n" + _LAYOUTS[layout](
        [["序号", "重点任务", "工作措施", "责任单位", "完成时限"], *rows]
    )
    got = extract(text, base_date=BASE).items
    assert [
        (i.text.split("\n")[-1].split("\t")[-1].split(" | ")[-1], [o.mention for o in i.owners]) for i in got
    ] == [(r[2], [r[3]]) for r in _MEASURES]


def test_a_bar_row_whose_task_cell_holds_two_paragraphs_runs_over_lines():
    text = (
        "| 序号 | 工作任务 | 牵头单位 | 完成时限 |\n"
        "| 1 | 加快推进城区污水管网改造，\n年内完成改造20公里 | 市住建局 | 2027年9月底前 |\n"
        "| 2 | 开展农村人居环境整治行动 | 市农业农村局 | 2027年12月底前 |\n"
    )
    assert [(x.replace("\n", ""), o, d) for x, o, d in _rows(text)] == [
        ("加快推进城区污水管网改造，年内完成改造20公里", ["市住建局"], dt.date(2027, 9, 30)),
        ("开展农村人居环境整治行动", ["市农业农村局"], dt.date(2027, 12, 31)),
    ]


def test_a_wrapped_line_that_names_a_period_goes_on_a_dated_rows_task():
    # 年内完成改造20公里 under a row that has its time cell is the rest of its task, not a time
    text = (
        "序号    工作任务    牵头单位    完成时限\n"
        "1    加快推进城区污水管网改造    市住建局    2027年9月底前\n      年内完成改造20公里\n"
        "2    开展农村人居环境整治行动    市农业农村局    2027年12月底前\n"
    )
    got = extract(text, base_date=BASE).items
    assert got[0].text.endswith("年内完成改造20公里") and len(got) == 2
    assert got[0].deadline.date == dt.date(2027, 9, 30)


def test_a_web_table_with_each_further_cell_led_by_a_bar_and_each_row_closed_by_one():
    # the first cell on a line of its own, the others led by a bar, a bar alone closing the row; a row
    # lacking its unit and time cells shares the row above's, a cell runs over lines up to the next bar
    text = (
        "现分工如下：\n"
        "责任目标\n| 责任主体\n| 完成时间\n|\n"
        "1.1在校门口设置公益广告，展示社会主义核心价值观；\n|\n"
        "1.2在显著位置展示校训、校风等校园文化元素；\n| 党委宣传部\n| 8月28日\n|\n"
        "1.3在显著位置展示文明校园创建成果，分栏展示\n师德师风建设成果\n| 学生处\n团委\n| 9月10日前\n|\n"
        "1.4公共场所设置禁烟标识；\n| 后勤管理处\n| 9月30日\n|\n"
    )
    rows = _rows(text)
    assert [(task[:3], owners, due) for task, owners, due in rows[-3:]] == [
        ("1.2", ["党委宣传部"], dt.date(2027, 8, 28)),
        ("1.3", ["学生处", "团委"], dt.date(2027, 9, 10)),
        ("1.4", ["后勤管理处"], dt.date(2027, 9, 30)),
    ]
    assert "师德师风建设成果" in rows[-2][0]


def test_a_two_level_header_stored_one_cell_a_line_under_the_tables_title():
    # 责任单位 spans 牵头单位 and 配合单位, stored after the first level's last cell; the title above 序号 is
    # no column, and the header repeated after a page's number is no row
    head = "序号\n重点任务\n具体措施\n责任单位\n完成时限\n牵头单位\n配合单位\n"
    text = (
        f"附件\n重点任务分解表\n{head}"
        "1\n优化营商环境\n深化放管服改革，推进政务服务事项全程网办\n区行政审批局\n区大数据中心\n2027年9月底前\n"
        "2\n开展营商环境评价，梳理问题清单并逐项整改\n区发改局\n2027年12月底前\n"
        f"— 2 —\n{head}"
        "3\n完善项目服务机制\n建立重大项目并联审批机制，压缩审批时间\n区商务局\n各镇街\n2027年10月底前\n"
    )
    assert [(owners, due) for _, owners, due in _rows(text)] == [
        (["区行政审批局", "区大数据中心"], dt.date(2027, 9, 30)),
        (["区发改局"], dt.date(2027, 12, 31)),
        (["区商务局", "各镇街"], dt.date(2027, 10, 31)),
    ]


def test_a_rows_time_cell_that_dates_nothing_takes_no_other_rows_date():
    # 2027年12月底前 on a line of its own is row 1's time cell, no month line heading the rows below
    text = (
        "序号\n工作任务\n完成时限\n牵头单位\n"
        "1\n开展营商环境评价，梳理问题清单并逐项整改\n2027年12月底前\n区发改局\n"
        "2\n完善城市排水管网，新建雨污分流管网10公里\n长期坚持\n区水务局\n"
    )
    assert [due for _, _, due in _rows(text)] == [dt.date(2027, 12, 31), None]


def test_a_persons_name_in_a_unit_cell_answers_for_the_row_and_is_no_unit():
    text = (
        "序号 | 工作任务 | 牵头单位及主要负责人 | 完成时限 |\n"
        "1 | 将城乡低保标准提高到每人每月609元 | 市民政局 伍泽国 | 2027年12月底前 |\n"
        "2 | 新增公办学位6800个，完成学校扩建 | 市教育局 李明华 | 2027年9月底前 |\n"
    )
    assert [owners for _, owners, _ in _rows(text)] == [["市民政局"], ["市教育局"]]


def test_a_row_of_a_table_with_no_unit_column_takes_the_units_its_task_cell_names():
    text = (
        "序号\t工作任务\t完成时限\n"
        "1\t推进城区主干道改造，完成道路提升5公里。（牵头单位：区住建局；配合单位：区交通局）\t2027年9月底前\n"
        "2\t完善城市排水管网，新建雨污分流管网10公里。（牵头单位：区水务局）\t2027年10月底前\n"
    )
    assert [owners for _, owners, _ in _rows(text)] == [["区住建局", "区交通局"], ["区水务局"]]


@pytest.mark.parametrize(
    "who",
    [
        "实施单位",
        "承担单位",
        "落实单位",
        "主管部门",
        "执行单位",
        "责任处室",
        "整改责任单位",
        "责任单位(部门)",
    ],
)
@pytest.mark.parametrize("when", ["完成时间", "完成期限", "时间节点", "整改时限", "截止时间"])
def test_a_column_of_who_acts_is_known_by_its_head_noun(who, when):
    # a unit column by what it names (…单位, …部门, …处室), whatever word before it says how the unit acts
    text = (
        f"序号\t工作任务\t{who}\t{when}\n1\t完成老旧小区改造项目立项审批\t市住建局\t2027年6月底前\n"
        "2\t开展农村道路安全隐患排查整治\t市交通局\t2027年9月底前\n"
    )
    assert _rows(text) == [
        ("完成老旧小区改造项目立项审批", ["市住建局"], dt.date(2027, 6, 30)),
        ("开展农村道路安全隐患排查整治", ["市交通局"], dt.date(2027, 9, 30)),
    ]


@pytest.mark.parametrize("checker", ["评分部门", "督办单位", "考核部门"])
def test_a_column_of_who_checks_the_work_names_no_owner(checker):
    text = (
        f"序号\t工作任务\t责任部门\t{checker}\n1\t完成老旧小区改造项目立项审批\t市住建局\t市政府办\n"
        "2\t开展农村道路安全隐患排查整治\t市交通局\t市政府办\n"
    )
    assert [owners for _, owners, _ in _rows(text)] == [["市住建局"], ["市交通局"]]


def test_a_leaders_column_holds_persons_and_the_units_column_leads():
    # 牵头领导 | 牵头部门: the leader answers for the row, the department acts (GUIDE: persons are no owners)
    text = (
        "序号\t具体工作\t牵头领导\t牵头部门\t配合部门\t时间安排\n"
        "1\t完成老旧小区改造项目立项审批\t王志强\t市住建局\t市财政局\t2027年6月底前\n"
    )
    assert _rows(text) == [("完成老旧小区改造项目立项审批", ["市住建局", "市财政局"], dt.date(2027, 6, 30))]


def test_a_catalogue_line_of_names_and_values_is_no_header():
    # 发布单位 | 区政府 | 发文日期 | 2022-07-14: a page's catalogue above the table holds values; the
    # table's own header below it names the columns
    text = (
        "索引号 | 000330185/2022-83945 | 公开方式 | 主动公开 |\n"
        "发布单位 | 区政府 | 发文日期 | 2022-07-14 |\n"
        "序号 | 实事项目 | 工作举措及实施计划 | 责任单位 | 配合单位 |\n"
        "1 | 新建成公办幼儿园7所 | 年内完成主体工程建设并投入使用，新增学位800个 | 区教育局 | 区住建局 |\n"
    )
    assert [owners for _, owners, _ in _rows(text)] == [["区教育局", "区住建局"]]


@pytest.mark.parametrize(
    "cell,day",
    [
        ("2027年3月-9月", dt.date(2027, 9, 30)),  # a range gives its end
        ("2027年9月1日-10月31日", dt.date(2027, 10, 31)),
        ("2027.12", dt.date(2027, 12, 31)),
        ("长期坚持", None),  # an open time gives none
        ("持续推进", None),
        ("常态化推进", None),
    ],
)
def test_a_time_cell_is_read_by_the_deadline_rules(cell, day):
    text = (
        f"序号\t重点任务\t责任单位\t完成时限\n1\t完成老旧小区改造项目立项审批\t市住建局\t{cell}\n"
        "2\t开展农村道路安全隐患排查整治\t市交通局\t2027年6月底前\n"
    )
    assert [d for _, _, d in _rows(text)] == [day, dt.date(2027, 6, 30)]


_RECORD = (
    "具体任务\n完成老旧小区改造项目立项审批，年内开工建设\n责任单位\n市住建局、市财政局\n配合单位\n各县区\n"
    "完成时限\n2027年6月底前\n"
)


@pytest.mark.parametrize(
    "layout",
    [
        lambda x: x,
        lambda x: "\n".join(
            f"{a}\t{b}" for a, b in zip(x.split("\n")[::2], x.split("\n")[1::2], strict=True)
        ),
        lambda x: "\n".join(
            f"| {a} | {b} |" for a, b in zip(x.split("\n")[::2], x.split("\n")[1::2], strict=True)
        ),
    ],
    ids=["a cell a line", "tabs", "bars"],
)
def test_a_row_written_as_its_column_names_each_followed_by_its_cell(layout):
    # a table turned on its side: each label names the column of the value after it
    got = _rows("2027年重点任务\n" + layout(_RECORD.rstrip("\n")) + "\n")
    assert got == [
        (
            "完成老旧小区改造项目立项审批，年内开工建设",
            ["市住建局", "市财政局", "各县区"],
            dt.date(2027, 6, 30),
        )
    ]


def test_a_plans_headings_over_their_paragraphs_are_no_turned_table():
    # 活动时间 / 工作目标 head a plan's sections: no unit label, so no table row
    text = (
        "活动时间\n2027年6月1日至6月30日\n工作目标\n通过安全生产月活动的开展，坚定安全发展理念，"
        "严格落实安全生产责任制。\n"
    )
    assert find_tables(normalize(text))[0] == []


def test_a_column_of_units_that_check_the_work_takes_its_units_from_the_lead_cell():
    # one cell a line: 评分部门 names a column of units, so the lines under it leave the lead's cell
    text = (
        "序号\n考核内容\n责任部门\n评分部门\n1\n完成老旧小区改造项目立项审批\n县住建局\n市住建局\n"
        "2\n开展农村道路安全隐患排查整治\n县交通局\n市交通局\n"
    )
    assert [owners for _, owners, _ in _rows(text)] == [["县住建局"], ["县交通局"]]


def test_a_unit_cell_labelling_its_units_by_their_columns_names():
    text = (
        "序号\t工作任务\t责任单位\t完成时限\n"
        "1\t完成老旧小区改造项目立项审批\t牵头单位：市住建局；配合单位：市财政局、各县区\t2027年6月底前\n"
    )
    assert _rows(text) == [
        ("完成老旧小区改造项目立项审批", ["市住建局", "市财政局", "各县区"], dt.date(2027, 6, 30))
    ]


def test_cells_parted_by_single_spaces_under_a_header_and_a_task_cell_holding_a_space():
    # a PDF's text parts cells by one space: read under a header only, the surplus cells the task's
    text = (
        "序号 工作任务 牵头单位 完成时限\n1 完成老旧小区 改造项目立项审批 市住建局 2027年6月底前\n"
        "2 开展农村道路安全隐患排查整治 市交通局 2027年9月底前\n以上任务请各单位认真落实。\n"
    )
    assert _rows(text) == [
        ("完成老旧小区 改造项目立项审批", ["市住建局"], dt.date(2027, 6, 30)),
        ("开展农村道路安全隐患排查整治", ["市交通局"], dt.date(2027, 9, 30)),
    ]


def test_a_responsibility_column_without_a_unit_column_owns_by_its_units_never_its_persons():
    text = (
        "序号\t工作任务\t责任人\t完成时限\n"
        "1\t开展一轮环境卫生大扫除活动\t刘萌萌、刘城\t2027年9月底前\n"
        "2\t整理补考试卷并交电子版\t教务处刘老师\t2027年9月底前\n"
        "3\t组织安排本系专业课程考试\t教务处、各系(部)\t2027年10月底前\n"
    )
    assert [o for _, o, _ in _rows(text)] == [[], [], ["教务处", "各系(部)"]]

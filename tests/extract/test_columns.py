from luoshi.extract.columns import choose, fit, is_actor, roles_of
from luoshi.extract.flattened import plain_tables, segment
from luoshi.extract.normalize import normalize


def test_a_cell_fits_the_column_that_holds_its_kind():
    assert fit("lead", "市水利局、市财政局") > 0 > fit("lead", "建立河长制工作台账")
    assert fit("due", "2027年9月底前") > 0 and fit("due", "全年") > 0 and fit("due", "10月") > 0
    assert fit("due", "市水利局") < 0
    assert fit("content", "建立河长制工作台账") > 0 > fit("content", "市水利局")
    assert fit("number", "12") > 0 > fit("number", "十二项任务")
    assert fit("person", "张三") > 0


def test_a_row_of_fewer_cells_fills_the_columns_its_cells_fit():
    cols = ["number", "content", "lead", "co", "due"]
    assert choose(["1", "建立河长制工作台账", "市水利局", "2027年9月底前"], cols, []) == (0, 1, 2, 4)
    assert choose(["建立河长制工作台账", "市水利局", "市财政局", "9月底前"], cols, []) == (1, 2, 3, 4)


def test_cells_a_line_segment_into_rows_and_the_table_ends_where_its_cells_stop_fitting():
    pieces = ["1", "建立工作台账", "水利局", "9月底前", "一、民生保障"]
    pieces += ["2", "开展专项行动", "公安局", "12月底前"]
    tail = ["以上任务请各单位认真抓好落实，确保按时完成。", "特此通知。"]
    rows, skipped, used = segment(pieces + tail, ["number", "content", "lead", "due"], ["序号", "任务"])
    assert [[c and pieces[c[0]] for c in r] for r in rows] == [
        ["1", "建立工作台账", "水利局", "9月底前"],
        ["2", "开展专项行动", "公安局", "12月底前"],
    ]
    assert skipped == [4] and used == len(pieces)


def test_a_header_of_cells_a_line_needs_three_column_words():
    assert plain_tables(normalize("工作任务\n牵头单位\n加强学习。\n")) == []
    assert plain_tables(normalize("序号\n工作任务\n牵头单位\n1\n建立工作台账\n水利局\n"))[0].heads == [
        "序号",
        "工作任务",
        "牵头单位",
    ]


def test_a_task_that_ends_like_a_unit_is_no_unit():
    assert is_actor("县民政局") and is_actor("建设局") and is_actor("建设工程质量监督站")
    assert not is_actor("开工建设老年大学") and not is_actor("新建城区公园两处")


def test_cells_closed_by_a_bar_are_cells_a_line_and_the_header_repeated_is_no_row():
    header = "序号 |\n工作任务 |\n牵头单位 |\n"
    text = header + "1 |\n建立工作台账 |\n水利局 |\n |\n" + header + "2 |\n开展专项行动 |\n公安局 |\n"
    t = normalize(text)
    (table,) = plain_tables(t)
    assert [[t[c[0] : c[1]] for c in r if c] for r in table.rows] == [
        ["1", "建立工作台账", "水利局"],
        ["2", "开展专项行动", "公安局"],
    ]


def test_the_lowest_level_the_header_names_is_the_task_column():
    # 工作任务 | 具体要求, 实事项目 | 工作举措及实施计划: the measure under the task is the row's item
    assert roles_of(["工作任务", "具体要求", "责任科室", "时限要求"])["content"] == 1
    assert roles_of(["序号", "实事项目", "工作举措及实施计划", "责任单位", "配合单位"])["content"] == 2
    assert roles_of(["序号", "工作任务", "牵头单位", "完成时限"])["content"] == 1


def test_cells_a_line_parted_by_bar_lines_with_category_cells_before_the_numbers():
    text = "工作任务\n|\n具体要求\n|\n责任科室\n|\n时限要求\n|\n强化规范性文件公开\n|\n1\n|\n"
    text += "对行政规范性文件进行全面清理。\n|\n办公室\n|\n年底前\n|\n"
    text += "2\n|\n积极做好政策解读工作。\n|\n各科室\n|\n持续推进\n|\n"
    t = normalize(text)
    (table,) = plain_tables(t)
    content, lead = table.roles["content"], table.roles["lead"]
    assert [(t[slice(*r[content])], t[slice(*r[lead])]) for r in table.rows] == [
        ("对行政规范性文件进行全面清理。", "办公室"),
        ("积极做好政策解读工作。", "各科室"),
    ]


def test_a_two_level_headers_second_level_takes_the_place_of_the_cell_spanning_it():
    text = (
        "任务分解表\n序号\n重点任务\n责任单位\n完成时限\n牵头单位\n配合单位\n"
        "1\n深化放管服改革，推进政务服务事项全程网办\n区行政审批局\n区大数据中心\n9月底前\n"
    )
    (table,) = plain_tables(text)
    assert table.heads == ["序号", "重点任务", "牵头单位", "配合单位", "完成时限"]

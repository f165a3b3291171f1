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
    # an adverb before the verb (成功创建…城镇), and an office that a verb opens (…领导小组)
    assert not is_actor("成功创建首批省级美丽城镇") and not is_actor("全面推进乡村振兴示范镇")
    assert is_actor("创建工作领导小组")


def test_a_target_below_a_unit_cell_one_cell_a_line_is_the_next_column_not_a_unit():
    head = "序号\n\n重点工作\n\n责任\n\n领导\n\n责任\n\n科室\n\n攻坚目标\n\n"
    head += "任务\n\n工作任务安排\n\n第二季度\n\n完成情况\n\n"
    rows = (
        "1\n\n农村人居环境整治\n\n张明\n\n农业办\n\n完成农村生活垃圾分类全覆盖。\n\n推进垃圾分类工作。\n\n"
        "分类覆盖率达60%。\n\n2\n\n现代化美丽城镇\n\n吴宇凡\n\n乡村振兴办\n\n成功创建首批省级美丽城镇。\n\n"
        "按照时间节点开展项目建设。\n\n完成投资3000万元。\n"
    )
    t = normalize(head + rows)
    (table,) = plain_tables(t)
    unit = table.roles["lead"]
    assert [t[slice(*r[unit])] for r in table.rows if r[unit]] == ["农业办", "乡村振兴办"]


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

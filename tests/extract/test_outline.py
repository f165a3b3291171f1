from luoshi.extract.normalize import normalize
from luoshi.extract.outline import build_tree, find_markers, walk
from luoshi.extract.owners import ATTR_LINE


def markers(text: str) -> list[str]:
    return [m.text for m in find_markers(normalize(text))]


def tree(text: str):
    t = normalize(text)
    return list(walk(build_tree(t, find_markers(t), ATTR_LINE)))


def test_all_marker_kinds():
    assert markers("第一,要学。第二，要做。") == ["第一", "第二"]
    assert markers("一、总体要求\n二、主要任务") == ["一、", "二、"]
    assert markers("（一）抓学习\n(二)抓落实") == ["（一）", "（二）"]
    assert markers("1. 制定计划\n2、开展培训") == ["1.", "2、"]
    assert markers("①学习；②落实") == ["①", "②"]
    assert markers("一要认真学习;二要深入对接") == ["一要", "二要"]
    assert markers("要抓好三件事：一是精简会议；二是规范督查") == ["一是", "二是"]
    assert markers("首先，要学。其次，要做。最后，要总结。") == ["首先", "其次", "最后"]


def test_latin_letters_enumerate_a_lowest_list_but_not_grades_inside_a_clause():
    assert markers("做好开学准备:\nA、分发教材;B、分发卫生用具;C、布置教室") == ["A、", "B、", "C、"]
    assert markers("考核分为A、B、C三个等次。") == []


def test_look_alikes_are_not_markers():
    assert markers("坚持安全第一。第一批评定已启动，第二批评定即将开展。") == []
    assert markers("市委第八次全会和部务会第八次会议") == []
    assert markers("报送数据要一是一、二是二，实事求是。") == []
    assert markers("最后，各位副部长作了很好总结点评。") == []
    assert markers("增长2.5%，完成3.2万人次") == []


def test_levels_titles_and_spans():
    text = "一、深化理论武装\n（一）抓好学习\n1. 制定计划。\n2. 开展轮训。\n二、建设干部队伍\n（二）选好干部"
    nodes = tree(text)
    assert [(n.text, n.level) for n in nodes] == [
        ("一、", 1),
        ("（一）", 2),
        ("1.", 3),
        ("2.", 3),
        ("二、", 1),
        ("（二）", 2),
    ]
    first = nodes[0]
    assert (
        text[first.start : first.end].startswith("一、深化理论武装")
        and "二、" not in text[first.start : first.end]
    )


def test_whole_speech_on_one_line_and_mixed_punctuation():
    text = (
        "这里讲三点:一要认真学习,深刻领会。"
        "各科室要组织学习;二要抓好落实;三要强化督查。第一,要坚持标准。第二,要严格程序。"
    )
    nodes = tree(text)
    assert [n.text for n in nodes] == ["一要", "二要", "三要", "第一", "第二"]
    third = nodes[2]
    assert text[third.start : third.end].rstrip("。") == "三要强化督查"


def test_inline_enumeration_restarts_within_a_paragraph():
    text = "值得肯定：一是总结好；二是思考深。需要改进：一是深度不够；二是高度不够。"
    assert [n.level for n in tree(text)] == [1, 1, 1, 1]


def test_a_heading_line_is_structure_without_its_second_sibling():
    text = "一、围绕中心推进工作\n（一）完善工作台账\n对台账进行动态调整，每月更新一次。"
    assert markers(text) == ["一、", "（一）"]
    assert [m.level for m in tree(text)] == [1, 2]
    # a lone marker inside a sentence, or opening a sentence-long line, is no heading
    assert markers("一、各科室要在月底前报送总结。") == []
    assert markers("会议强调一、要抓好落实") == []


def test_an_excerpt_may_start_inside_a_sequence():
    text = (
        "（二）排查阶段（7月1日至7月15日）。各乡镇要全面排查。\n"
        "（三）整治阶段（7月16日至8月31日）。各乡镇要集中整治。"
    )
    assert markers(text) == ["（二）", "（三）"]
    assert markers("他说（二）班的同学要参加。") == []


def test_a_list_item_whose_line_is_a_heading_runs_to_its_next_sibling():
    text = "1、建立组织\n成立领导小组。组长：张三\n2、建设队伍\n组建教师队伍。"
    nodes = tree(text)
    t = normalize(text)
    assert [t[m.start : m.end].rstrip("\n") for m in nodes] == [
        "1、建立组织\n成立领导小组。组长：张三",
        "2、建设队伍\n组建教师队伍。",
    ]
    # a list item with a sentence on its line still ends with its paragraph
    assert tree("1. 制定计划。\n说明文字\n2. 开展培训。")[0].end == len("1. 制定计划。")


def test_parenthesised_markers_a_scraped_page_ran_into_the_text_before_them():
    text = "重点做好以下整治工作（一）道路整治:对破损路面进行修补。（二）绿化整治:做好树木修剪。"
    assert markers(text) == ["（一）", "（二）"]
    assert markers("按照第三条（一）项和（二）项的规定办理。") == []
    # the number of a named event, closing its element, heads nothing
    assert markers("十月份：\n1、举办教工书法比赛（一）。\n2、开展消防演练。") == ["1、", "2、"]


def test_a_list_item_runs_over_the_lines_its_paragraph_wraps_at_a_fixed_width():
    # a PDF's text: the paragraph's lines broken mid-sentence, a closing quote opening the next
    text = (
        "1.深入学习宣传党的十九届四中全会精神。有效开展集中宣讲，抓好理论宣讲人才\n"
        "培育储备，推进党的创新理论“飞入寻常百姓家\n”。在两新组织开展读书活动。\n"
        "2.持续有效开展理论中心组学习。精心制定学习计划。\n"
    )
    t = normalize(text)
    first = tree(text)[0]
    assert t[first.start : first.end].endswith("开展读书活动。")


def test_the_last_section_ends_at_the_contact_block_after_it():
    text = (
        "一、开展自查\n各单位要开展自查。\n二、及时报送\n各单位于5月1日前报送总结。\n"
        "联 系 人：市局办公室 张三\n联系电话：1234567\n市市场监督管理局\n2022年4月19日"
    )
    t = normalize(text)
    last = tree(text)[-1]
    assert t[last.start : last.end].rstrip("\n") == "二、及时报送\n各单位于5月1日前报送总结。"
    # a contact line inside a section that goes on is no closing
    inner = "一、报送\n联系人：张三\n二、要求\n各单位要按时报送。"
    assert tree(inner)[-1].end == len(normalize(inner))


def test_yao_jinjin_opens_a_point_but_yao_jin_is_no_marker():
    assert markers("一要高度重视；二要紧紧把握工作重点；三要做好谋划。") == ["一要", "二要", "三要"]
    assert markers("这一要紧的事情，二要紧的事情") == []

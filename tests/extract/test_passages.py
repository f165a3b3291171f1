from luoshi.extract.passages import span_cues, topic_list


def test_a_task_names_its_addressee_and_an_action_with_its_object():
    cues = span_cues("各科室要在6月底前报送半年工作总结。")
    assert "cue:addressee" in cues and "cue:act" in cues
    assert "cue:bare" not in cues
    assert "cue:addressee" not in span_cues("要进一步提高认识。")


def test_a_role_asked_or_forbidden_is_an_addressee():
    assert "cue:addressee" in span_cues("请值班医生在巡查本上签署姓名。")
    assert "cue:addressee" in span_cues("全体行政人员也应保持通讯畅通。")
    cues = span_cues("放假期间如无特殊情况，任何学校（单位）不准组织师生进行集体活动。")
    assert "cue:addressee" in cues and "cue:bare" not in cues
    assert "cue:addressee" not in span_cues("我们也要保持清醒头脑。")


def test_review_cognition_reasons_exhortation_and_questions_are_told_apart():
    assert "cue:past" in span_cues("去年共培训干部6900余人次。")
    assert "cue:cognition" in span_cues("全县上下要充分认识做好防汛工作的重要意义和严峻形势。")
    assert "cue:reason" in span_cues("第一，加快重点镇建设，是落实科学发展观，促进全面协调可持续发展的需要。")
    assert "cue:exhort" in span_cues("要以钉钉子精神推动各项工作，作出新的更大贡献。")
    assert "cue:question" in span_cues("为什么我们还要花大力气去创建国家卫生镇？")
    assert "cue:praise" in span_cues("这些成绩的取得，全县宣传系统功不可没。")
    assert "cue:speaker" in span_cues("下面，我讲四点意见。")
    assert "cue:soon" in span_cues("再过二十多天，党的二十大就要胜利召开。")


def test_a_list_of_short_topic_names_is_told_from_a_list_of_directives():
    assert topic_list(["师德建设", "党员档案管理", "严格控制人员聚集"])
    assert not topic_list(["各科室要报送总结", "师德建设"])
    assert not topic_list(["加快重点镇、示范镇建设，是落实科学发展观的需要"])
    assert not topic_list([])


def test_a_finding_describes_a_defect():
    assert "cue:defect" in span_cues("1.小区内杂物、废弃物乱堆乱放")
    assert "cue:defect" in span_cues("部分单位整改不到位，台账不规范")
    assert "cue:defect" in span_cues("（4）小区内有多个卫生死角、卫生差")
    assert "cue:defect" not in span_cues("各科室要在6月底前报送半年工作总结。")
    assert "cue:defect" not in span_cues("要加强差异化管理。")


def test_a_request_for_no_one_to_do_nothing_by_no_time_is_hollow():
    assert "cue:hollow" in span_cues("团结要有圆心，固守圆心才能万众一心")
    assert "cue:hollow" in span_cues("同时也要增强“能为”的本领")
    assert "cue:hollow" not in span_cues("各科室要在6月底前报送半年工作总结。")  # an addressee and an action
    assert "cue:hollow" not in span_cues("要于5月底前完成。")  # a time
    assert "cue:hollow" not in span_cues("去年完成投资12亿元。")  # asks nothing

import datetime as dt

import pytest

from luoshi.extract import extract
from luoshi.extract.soft import soft_reason


@pytest.mark.parametrize(
    "text",
    [
        "希望大家珍惜机会，努力工作",
        "请认真贯彻执行",
        "请结合实际，认真抓好贯彻落实",
        "请同志们认真抓好贯彻落实",
        "同志们，新征程上，我们要以钉钉子精神推动各项工作落地见效，为全市高质量发展提供坚强组织保证",
        "第一、要认识到成绩来之不易，切实增强使命感",
        "完成工业总产值47.1亿元，增长25.5%",
        "“该提案针对性强，提出建议切实可行",
        "五、如有疑问，请及时与教务处考试科联系",
        "成立校园安全工作领导小组，由校长任组长，分管副校长任副组长",
        "领导小组下设办公室，办公室设在政教处，负责日常联络工作",
        "下一步，全县要从五个方面下功夫",
        "借此机会，我讲三点意见：",
        "结合这段时间的调研和思考，就做好学校2025年工作谈四点意见",
        "下面，结合大家的发言，我再强调三点意见。",
        "根据上级通知精神，现将2026年端午节放假安排通知如下：",
        "通过精细管理、特色发展，实现内涵式发展，谱写学校发展新篇章",
        "县委今天召开这次会议的主要任务之一，就是全面贯彻落实省委的部署，确保换届顺利",
        "之所以叫推进会，就是现在正是建设的关键时期，要通过这次会议，进一步统一思想",
        "所以我要说，今天这个会，不只是下任务，更是一次重新对焦的过程",
        "按照会议安排，下面由我传达全市召开的两个重要会议精神，并对全区工作进行安排部署",
        "第一，加快重点镇建设，是落实科学发展观，促进经济社会全面协调可持续发展的需要。统筹兼顾的首要任务就是统",
        "一是创建文明县城是提升我县综合竞争力的客观需要",
        "再过二十多天，党的二十大就要胜利召开",
        "一直以来，省委省政府对本市发展寄予厚望，明确提出本市作为全省六强市之一，要“为全省发展大局作出更大贡献”",
    ],
)
def test_soft_passages_have_a_reason(text):
    assert soft_reason(text)


@pytest.mark.parametrize(
    "text",
    [
        "各科室要在6月底前报送总结",
        "同志们，各县（市、区）委组织部要在6月底前完成村级党组织书记轮训",
        "请市卫健委认真研究，推动产业发展",
        "完成档案扫描500卷",
        "各单位要加强学习，这是做好工作的需要",
        "会议要求，各县区要在第三季度全面完成换届工作，确保会议即将召开前准备就绪",
        "市委书记强调，各县市区要在第三季度全面完成乡镇党委换届工作",
        "下面，各科室要在6月底前报送总结",
    ],
)
def test_requirements_are_not_soft(text):
    assert soft_reason(text) is None


def test_soft_items_are_not_tasks_but_are_reported_with_the_reason():
    text = (
        "关于做好总结的通知\n一、各科室要在6月底前报送总结。\n二、"
        "希望大家珍惜机会，努力工作。\n三、各单位要认真贯彻执行。\n"
    )
    res = extract(text, base_date=dt.date(2026, 6, 1)).to_dict()
    assert [i["text"] for i in res["items"]] == ["一、各科室要在6月底前报送总结"]
    assert {n["text"]: n["reason"] for n in res["not_tasks"]} == {
        "三、各单位要认真贯彻执行": "转发语，不是具体任务",
        "二、希望大家珍惜机会，努力工作": "希望与号召，不是交办的任务",
    }
    for n in res["not_tasks"]:
        assert text[n["start"] : n["end"]] == n["text"]


def test_a_task_that_counts_its_parts_is_still_a_task():
    assert soft_reason("各单位要在三个方面开展自查，6月底前报送自查报告") is None


def test_a_directive_that_ends_on_a_vision_is_still_a_task():
    assert soft_reason("各单位要狠抓落实，努力开创工作新局面") is None

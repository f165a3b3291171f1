"""What a candidate span itself does: features of the learned decision (``features.features``) meant to
carry to unseen text rather than name its words.

Whether it names an addressee, an action with its object, a past or a cognition, a reason, an
exhortation of attitudes, praise, a defect; and whether its list is one of short topic names.
"""

from __future__ import annotations

import re

from .classifier import _QUESTION, _YAO

# what a span does, from its own words
# 各部门要…, 三办主任请于…, 任何学校（单位）不准…, 值班人员应…: a body or a role the notice addresses, then
# what it must, may not or is asked to do
_ADDRESSEE = re.compile(
    r"(?:^|[，。；：\s])(?:各[\u4e00-\u9fff（()）、]{1,14}|全[\u4e00-\u9fff]{1,3}上下|[\u4e00-\u9fff]{1,8}(?:部门|单位|小组|党委|党组|支部|委员会|办公室|局|办|处|科|室|院|校|镇|村|街道"
    r"|人员|主任|负责人|同志|干部|教师|班主任|党员|居民|群众|医生|护士))(?:[（(][\u4e00-\u9fff]{1,8}[）)])?"
    r"(?:也|均|都)?(?:要|须|必须|务必|应|应当|负责|牵头|配合|于|在|将|请|不准|不得|严禁)"
)
_ACT = re.compile(
    r"(?:制定|完成|开展|组织|建立|健全|上报|报送|报|提交|召开|举办|落实|整改|排查|检查|修订|印发|编制|启动|实施|部署|"
    r"推进|建设|改造|培训|考核|评选|申报|审核|清理|完善|征集)(?:好|完)?[^，。；、]{2,}"
)
_COGNITION = re.compile(r"认识|领会|意识|站位|重要性|紧迫性|责任感|使命感|紧迫感|重大意义|重要意义|信心|决心")
_EXHORT = re.compile(
    r"以[^，。；]{1,16}(?:精神|姿态|作风|状态|干劲|决心|勇气)|作出[^，。；]{0,6}(?:贡献|成绩)|奋力|凝心聚力|"
    r"团结奋斗|开创[^，。；]{0,8}新局面|再创|新的更大|勇往直前|砥砺前行"
)
_REASON = re.compile(
    r"(?:的|之)(?:需要|要求|举措|选择|关键|保证|基础)[。；]?$|是[^。；]{2,40}的(?:需要|重要举措|必然要求|必然选择)|基于|之所以"
)
_PAST = re.compile(
    r"了[^解]|已经|已|去年|上年|过去|一年来|(?<!\d)\d+余|取得|实现了|完成了|获得|荣获|以来|累计|同比|增长\d|(?<![\d.])\d+(?:\.\d+)?%"
)
_PRAISE = re.compile(r"值得肯定|功不可没|表示(?:热烈的)?祝贺|表示感谢|充分肯定|很好|显著|良好态势|圆满")
# 广告牌破损, 杂物乱堆乱放, 制度不健全, 整改不到位, 卫生死角: a defect a finding describes
_DEFECT = re.compile(
    r"未(?:按|及时|落实|整改|建立|设置|配备|清理)|不到位|不及时|不规范|不健全|不彻底|不严|乱[堆放扔贴拉停倒搭建摆]|"
    r"脏|破损|缺失|缺少|残缺|死角|积存|滞后|较差|[^较]差$"
)
# 6月底, 年内, 每月: a time the work is due or recurs
_WHEN = re.compile(
    r"[\d一二三四五六七八九十]{1,2}月|年底|年内|月底|季度|(?<!\d)\d+日|前完成|之前|以前|每[周月年季]"
)
_SOON = re.compile(r"就要|即将|快要|将要")  # 二十大就要胜利召开: what is about to happen, no modal
_SPEAKER = re.compile(r"^(?:下面|现在|今天|这次|本次|刚才|同志们)")
_MODAL = re.compile(r"要|必须|务必|确保|应当|应|须|需|请|负责|不准|不得|严禁")


def span_cues(span: str) -> list[str]:
    """What the span does, as feature names: addressee, action with an object, cognition,
    exhortation, reason, past, praise, question mood, what is about to happen, the speaker's own
    framing, a defect a finding describes, and a request that names no addressee, no action with its
    object and no time (``hollow``: an exhortation or a creed)."""
    s = span.strip()
    out = []
    if _ADDRESSEE.search(s):
        out.append("cue:addressee")
    if _ACT.search(s):
        out.append("cue:act")
    for name, rx in (
        ("cognition", _COGNITION),
        ("exhort", _EXHORT),
        ("reason", _REASON),
        ("past", _PAST),
        ("praise", _PRAISE),
        ("question", _QUESTION),
        ("soon", _SOON),
        ("speaker", _SPEAKER),
        ("defect", _DEFECT),
    ):
        if rx.search(s):
            out.append(f"cue:{name}")
    if not _MODAL.search(s) and "cue:act" not in out:
        out.append("cue:bare")
    if _ASKS.search(s) and not ({"cue:act", "cue:addressee"} & set(out) or _WHEN.search(s)):
        out.append("cue:hollow")  # 团结要有圆心, 也要增强本领: asks, but no one, for nothing, by no time
    return out


def topic_list(titles: list[str]) -> bool:
    """Whether a list's elements are short topic names (``党建“八化”品牌建设``, ``师德建设``): titles of
    at most ten characters, none with a modal word."""
    return bool(titles) and all(len(t) <= 10 and not _MODAL.search(t) for t in titles)


# a word that asks someone to act: 要 as a modal (not 主要, 重要, 需要, 要求), 必须, 应, 请, 不得…
_ASKS = re.compile(rf"{_YAO}|必须|务必|确保|应当|应|须|请|负责|牵头|不准|不得|严禁|禁止")

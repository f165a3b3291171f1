"""Soft items: what reads like a requirement but is not a task a staff member would hand in.

Hopes addressed to an audience, the transmittal formula of a notice, a speaker's call to study
another leader's speech, statements of cognition, praise and the figures of a review are kept out
of the candidate tasks and reported under ``not_tasks`` with the reason, so that nothing the
engine read is silently dropped.
"""

from __future__ import annotations

import re

_MARK = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+[、.．]|\d+[、.．]"
    r"|第[一二三四五六七八九十]+[、，,]?)\s*"
)
# 成立…领导小组，由…任组长; 领导小组下设办公室，办公室设在…: how the work is organised, who sits where
ORGANISED = re.compile(
    r"^(?:组织领导)?(?:成立[^，。；]{0,30}(?:领导小组|工作小组|指挥部|工作专班)[^。；]{0,20}由[^。；]{2,40}任(?:组长|总指挥)"
    r"|[^，。；]{0,12}(?:领导小组|指挥部)下设(?:办公室|[^，。；]{0,6}组)，[^，。；]{0,6}(?:设在|挂靠))"
)
# a clause of cognition or attitude: 提高认识, 统一思想, 增强…紧迫感, 正视问题 (顾全大局 is a task)
_COG = re.compile(
    r"认识|意识|站位|统一思想|思想统一|重要性|紧迫性|必要性|(?:危机|紧迫|责任|使命|荣誉)感|正视|重大意义|重要意义|重要地位"
)
# an actor named before what he must do: 各乡镇各部门尤其是各级领导干部一定要…, 全体后勤人员必需…, 县发改局要…
ACTOR_MUST = re.compile(
    r"(?:^|[，。；：\s])(?:各|全|每)[^，。；：]{0,24}?(?:一定|都|也|均)?(?:要|务必|必[须需]|须|应当?)(?!求)"
    r"|[\u4e00-\u9fff]{1,10}(?:部门|单位|局|办|委|组|站|所|中心|学员|干部|同志|负责人|班子)"
    r"(?:一定|都|也|均)?(?:要|务必|必[须需]|须|应当?)(?!求)"
)
# a clause that names a concrete act is more than cognition (以高度的责任感完成各项筹备工作)
_ACT = re.compile(r"完成|开展|组织|落实|制定|上报|报送|召开|排查|检查|整改|建立|列入")
COGNITION = "认识性表述，不是任务"
_CLAUSE = re.compile(r"[，,；;。！!？?]")


def cognition_only(text: str) -> bool:
    """Whether every clause of ``text`` states a cognition or an attitude (提高认识，增强紧迫感), none
    an act."""
    clauses = [c for c in _CLAUSE.split(text) if c.strip()]
    return bool(clauses) and all(_COG.search(c) and not _ACT.search(c) for c in clauses)


# the attitude a speech exhorts inside its points: 要敢于担当, 要增强“能为”的本领, 鼓足干劲
_ATTITUDE = re.compile(
    rf"{_COG.pattern}|担当|敢于|勇于|善于|本领|干劲|斗志|精气神|精神状态|作风|解放思想|观念|思维|共识|信心|定力"
    r"|迎难而上|头脑|树立|统一到|(?:发扬|弘扬)[^，。；]{0,12}精神"
)
# what a concrete act on an object is called, beyond those of _ACT: 学习传达, 部署推进, 巡查整治
_WORK = re.compile(
    rf"{_ACT.pattern}|学习|传达|宣传|培训|部署|推进|实施|建设|整治|督查|督导|调度|考核|报告|印发|签订|清理|摸排|巡查|\d"
)
ATTITUDE = "态度与能力的号召，不是任务"
# 要坚持以…为指导: the creed a point opens with
_CREED = re.compile(r"^[^，。；]{0,20}?坚持(?:以)?[^，。；]{2,40}?为(?:指导|统领|引领|根本遵循|遵循)")
CREED = "指导思想的表述，不是任务"


def _asks_no_act(text: str) -> str | None:
    """Why ``text`` asks no concrete act: every clause an attitude or an ability (要敢于担当，增强本领),
    or a creed (要坚持以…为指导) whose clauses name no act on an object (完成, 开展, 制定, 检查…)."""
    clauses = [c for c in _CLAUSE.split(text) if c.strip()]
    if not clauses or any(_WORK.search(c) for c in clauses):
        return None
    if all(_ATTITUDE.search(c) for c in clauses):
        return ATTITUDE
    return CREED if _CREED.search(clauses[0]) and len(clauses) <= 3 else None


# a word that directs someone (the 要 of 需要, 就要, 将要, 重要, 主要, 首要 or 要求 does not)
_DIRECTS = r"(?:(?<![需就快将重主只首])要(?!求)|必须|务必|确保|应当|须|负责|牵头|力争)"
_RULES: list[tuple[re.Pattern, str]] = [
    # 希望大家…; 说句掏心窝子的话，真的挺希望…: a hope, after at most a clause that directs no one
    (
        re.compile(rf"^(?:(?![^。；]*{_DIRECTS})[^。；]{{0,20}}，)?[^，。；]{{0,12}}希望"),
        "希望与号召，不是交办的任务",
    ),
    (
        re.compile(
            r"^(?:请|望)?(?:各[^，。；]{1,12})?(?:结合实际，)?(?:认真|一并|切实)?(?:抓好)?"
            r"(?:贯彻|组织)(?:落实|执行|实施)(?:到位)?$"
        ),
        "转发语，不是具体任务",
    ),
    # 刚才，县气象局…分别作了专题汇报，大家要抓好落实; …出席会议并要作重要讲话，请…认真贯彻落实: the
    # formula that closes the report of what others said or sent
    (
        re.compile(
            r"^[^。；]*?(?:刚才|会后|传达|作了?[^，。；]{0,8}(?:汇报|讲话|报告)|通报了)[^。；]*，(?:请|望)?[^，。；]{0,20}?(?:要|务必)?"
            r"(?:认真|切实)?(?:抓好(?:贯彻)?|贯彻)落实(?:到位)?[。；！]?$"
        ),
        "转发语，不是具体任务",
    ),
    # 会议指出，今年是…具有极其重要的意义: what a speaker or meeting points out, no one directed
    (
        re.compile(
            r"^[^，。；]{0,12}指出，(?![^。；]*(?:(?<![需就快将重主只首])要(?!求)|必须|务必|应当))[^。；]+[。；]?$"
        ),
        "讲话的背景论述，不是任务",
    ),
    # 同志们，新征程上，我们要以钉钉子精神…: the speech's closing call, asked of everyone and no one
    (
        re.compile(
            r"^(?:[^。；]{0,20}，)?(?:请同志们|请大家|大家要|同志们要|让我们"
            r"|同志们[，,！!][^。；]{0,20}?(?:我们|大家)(?:一定|都)?要)"
        ),
        "对与会者的号召，不是具体任务",
    ),
    # 县委今天召开这次会议的主要任务之一，就是…; 要通过这次会议，进一步统一思想: what the meeting is for
    (
        re.compile(
            r"^(?:[^，。；]{0,8}?(?:今天|这次|本次)[^。]{0,40}(?:召开|会议)[^。]{0,60}主要(?:目的|任务|内容)(?:之一)?，?就?是"
            r"|[^。；]{0,60}?通过(?:这次|本次|今天的?)(?:会议|大会)，)"
        ),
        "会议开场白，不是任务",
    ),
    # 所以我要说，…; 下面由我传达…会议精神: the speaker saying what he is doing, no one directed
    (
        re.compile(
            r"^(?:[^，。；]{0,6}，)?(?:所以|因此|下面|现在)，?(?:由)?我(?:要|想|来)?(?:说|讲|谈|传达|通报)"
        ),
        "讲话人的自述，不是任务",
    ),
    (re.compile(r"^要(?:充分|深刻|清醒|切实)?认识到"), COGNITION),
    # 首先，请杨市长与各县（区）长签订…责任书; 一、请安监局*局长宣读…: the chair's agenda, no one directed
    (
        re.compile(
            r"^(?:(?:首先|其次|然后|接着|接下来|下面|现在|最后)，?(?:请|由)(?!各)[^，。；]{1,24}?"
            r"|请(?!各)[^，。；]{1,16}?)(?:长|书记|主任|主席)(?:同志)?[^，。；]{0,20}?"
            r"(?:宣读|讲话|发言|致辞|传达|通报|介绍|签订|颁发|作[^，。；]{0,8}(?:讲话|报告|发言|部署))"
        ),
        "会议议程，不是任务",
    ),
    # 对此，《中华人民共和国环境保护法》中有明确规定，严禁露天焚烧…: the law quoted as the reason
    (
        re.compile(
            rf"^(?:[^，。；]{{0,8}}，)?[^，。；]{{0,10}}《[^》]{{2,40}}》[^，。；]{{0,4}}?(?:中|里)?(?:早已|已经|已)?"
            rf"有(?:明确|严格|专门)?的?规定(?![^。；]*{_DIRECTS})"
        ),
        "引述法规作为依据，不是任务",
    ),
    # 下一步，全市要从六个方面下功夫；我讲三点意见；就做好全年工作谈四点意见: the points the speaker is
    # about to make
    (
        re.compile(
            r"^[^。；]{0,30}?(?:从|在|抓好|做好|突出|把握|讲|提|谈|说|强调)(?:以下|这|好)?[几两三四五六七八九十\d]+"
            r"(?:个方面|件事|点)[^，。；]{0,8}[。：]?$"
        ),
        "讲话要点的预告，不是任务",
    ),
    (
        re.compile(r"^“?[^，。；]{0,20}(?:针对性强|很有意义|具有重要(?:价值|意义)|值得肯定|调研深入)"),
        "肯定与评价，不是任务",
    ),
    # 省委省政府…明确提出…，要“为全省发展大局作出更大贡献”: a higher body's demand quoted as the reason
    (
        re.compile(
            r"^[^。；]{0,40}?(?:中央|国务院|省委|省政府|市委|市政府|上级|总书记)[^。；]{0,40}?(?:提出|要求|强调|指出)"
            r"[^。；“]{0,40}?要“[^”]{2,40}”[。；]?$"
        ),
        "引述上级的要求，不是交办的任务",
    ),
    (re.compile(r"^由[^，。；]{2,20}负责召集"), "制度安排的描述，不是任务"),
    (ORGANISED, "组织机构的设置，不是任务"),
    # 现将2023年清明节放假安排通知如下：: the notice announcing what follows
    (
        re.compile(r"^[^。；]{0,40}?现(?:将|就)[^。；]{0,40}(?:通知|规定|要求|明确)如下[：:]?$"),
        "通知的引语，不是任务",
    ),
    # 如有疑问，请及时与研究生院联系: the notice's own contact arrangement
    (
        re.compile(r"^如有(?:疑问|问题|不明|不清|变动|困难)[^。；]{0,30}(?:联系|咨询)[^。；]{0,12}$"),
        "联系方式，不是任务",
    ),
    # 给您带来的不便敬请谅解: the issuer's apology to those the work disturbs
    (re.compile(r"(?:不便|打扰)[^。；]{0,6}(?:敬请|请)(?:谅解|见谅|理解)"), "致歉，不是任务"),
    (re.compile(r"(?:任务艰巨|责任重大|意义重大|十分重要|至关重要|刻不容缓)$"), "形势与意义的表述，不是任务"),
    # …来之不易，然而要保持这一殊荣更不易: the 要 of what it takes, no one directed
    (
        re.compile(
            r"^(?!.*(?:必须|务必|确保))[^。；]*要[^，。；]{1,20}?(?:更|也|则)?(?:不易|不容易|更难)[。；！]?$"
        ),
        "形势与意义的表述，不是任务",
    ),
    # 召开片区现场推进会，是…的一次探索实践，…具有十分重要的意义: what a meeting means, no one directed
    (
        re.compile(
            rf"^(?!.*{_DIRECTS}).*具有[^，。；]{{0,6}}(?:重要|重大|深远)的?(?:现实|历史)?意义[。；]?$"
        ),
        "形势与意义的表述，不是任务",
    ),
    # 加快重点镇建设，是落实科学发展观的需要; 这是…的必然要求，也是…; 抓好安全生产，事关…大局; 党的二十大
    # 就要胜利召开: why the work matters, what is about to happen — the only 要 is the one of 需要, 要求 or
    # 就要, none directs
    (
        re.compile(
            rf"^(?!.*{_DIRECTS})(?:[^。；]{{1,30}}?，?是(?![：:])[^。；]{{2,60}}?的(?:客观|迫切|现实|内在|必然)?"
            r"(?:需要|要求|选择|举措)(?:[。；]|，(?:也|更|还|同时)是|$)|[^，。；]{2,30}，(?:事关|关系到|关乎)"
            r"|[^。；]{0,30}(?:就要|即将|快要)(?:胜利)?(?:召开|开幕|举行|到来|进入|结束|闭幕))"
        ),
        "形势与意义的表述，不是任务",
    ),
    # 团结要有圆心，固守圆心才能万众一心: a maxim, its subject a value, not someone who must act
    (
        re.compile(
            r"^(?![^，。；]*(?:各|全体|我们|大家|部门|单位|干部|同志|负责|班子|党员))[^，。；]{1,6}要[^，。；]{1,12}，"
            r"[^，。；]{0,16}才能[^。；]{1,30}[。；！]?$"
        ),
        "格言式的号召，不是任务",
    ),
    # 通过…多措并举，实现高质量发展，绘制出一幅…崭新画卷: the vision a plan closes on, asked of no one
    (
        re.compile(
            r"^(?!.*(?:要|必须|务必|确保|力争|应当|须|负责|牵头))"
            r".*(?:画卷|新篇章|新局面|新格局|新高度|新台阶|新面貌|新辉煌|新征程|再创辉煌)[。！!]?$"
        ),
        "愿景表述，不是任务",
    ),
    # …停车难、物业管理等矛盾突出，…，依法行政需要进一步加强: a problem stated, its remedy asked of no one
    (
        re.compile(
            rf"^(?!.*{_DIRECTS})[^。；]*(?:问题|矛盾|不足|差距|短板)[^。；]*(?:有待|仍需|还需|需要?)进一步"
            r"(?:加强|提高|改进|完善|提升|规范|强化)[^，。；]{0,8}[。；]?$"
        ),
        "问题与不足的表述，不是任务",
    ),
    (
        re.compile(r"^(?:完成|实现)[^，。；]{2,24}?\d[\d.]*(?:亿|万)?元，(?:同比)?增长"),
        "成绩回顾中的数据，不是任务",
    ),
    # 组织各类干部培训53期6900余人次, 成功创建“五星”支部3个: what was done, counted, without a modal
    (
        re.compile(
            r"^(?!.*(?:要|必须|务必|确保|力争|应当|须))"
            r".*(?:\d万?余(?:万)?(?:人次|人|个|家|场|期|次|项|名|户|篇|件|所|村|元)|成功创建)"
        ),
        "成绩回顾中的数据，不是任务",
    ),
]

# the reasons the engine gives; a person's own reason for 不作为任务 is never one of these
REASONS = frozenset({*(reason for _, reason in _RULES), ATTITUDE, CREED})


def soft_reason(text: str) -> str | None:
    """Why an item is not a task (a short Chinese reason), or None when it is one."""
    s = _MARK.sub("", text.strip(), count=1)
    for pattern, reason in _RULES:
        if pattern.search(s):
            return reason
    if ACTOR_MUST.search(s):
        return None
    return COGNITION if cognition_only(s) else _asks_no_act(s)

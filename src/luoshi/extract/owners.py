"""Owner mentions: who must act, as the grammar reads them (resolution against an org chart: orgchart.py)."""

from __future__ import annotations

import re

from .lexicon import AFTER_ACTOR, VERBS
from .model import Owner

# 会 names a body (工会, 学生会), not a meeting (家长会, 运动会, 座谈会, 班会)
ACTOR_SUFFIX = (
    r"(?:部(?!署|分)|科|室|处(?!理|置)|局(?!面|势)|委|办(?!理|好|法)|厅|组(?!织)|中心|站(?!位)|所(?!有|需|在|属)|"
    r"院|校|(?<![长动谈彰班晚例话])会(?!同|议)|队|单位|部门|科室|处室|县区|乡镇|街道|社区|"
    r"支部|党组|党委|党工委|总支|[党团]组织|区|县|领导|部长|书记|主任|同志|干部|负责人|班子|成员|机关|监委|政府|"
    r"集团|公司|人员|委员|村|地区|教师(?!节)|教职工|团委|工会|各方|行署|专署|各地|乡|镇|镇街|林场|农场|队伍|机构|"
    r"老师|学员|考生|管理员|秘书|员工|师生|园长|市长|专员|专班|系统|市府|申报人|教学点|(?<![训修习])班|年级|"
    # schools, enterprises and persons by their post (中小学、职业学校, 施工企业, 保育员, 信息员)
    r"[中小大]学(?![习生期年科术员])|幼儿园|企业|(?<![动全减裁满超党学成人委专议演官])员(?!工)|"
    # the head of a body (各工作组组长, 处长), persons named in the plural (居民们) or by their role (护士长)
    r"[组校院科处局队站所社厂]长|(?<![我你他她它咱志])们|护士长|护士|医生|医师|家长|居民|村民|"
    # a school's department (各系, 本系), people's bodies (区妇联, 市科协) and workers (党务工作者)
    r"(?<=[各本该院])系|(?<=[妇侨文商残])联|(?<=[科作])协|工作者|申请者|参与者|参会者|与会者|"
    # the media and public venues (县广播电视台, 市文化馆, 图书馆)
    r"电视台|电台|报社|(?<=[化书物术])馆)"
)
ACTOR_SUFFIX_AT = re.compile(ACTOR_SUFFIX)
# what opens a clause before its actor and is never part of a name: a time (2022年学院党委要…,
# 学期末教务办…), an adverb, or a verb of action (安排体育教研室负责…, 不断加强队伍建设) — but the verbs
# that name a unit's work (组织部, 研究室, 督查组, 考核办, 建设局) may open a name
WHEN = r"(?:\d{2,4}年度?|[今明本]年度?|(?:本|新|上|下)学[期年]|学期[初中末]|[上下]半年)"
_NAME_VERBS = set(
    re.findall("..", "组织研究检查督查考核编制建设改革整治评估指导审核统筹保障创新规范维护协助配合核查")
)
# …and a proposal verb (建议市发改委牵头…): who proposes is not part of who acts
_ACTION = "|".join(
    sorted(
        VERBS - _NAME_VERBS | {"要求", "责成", "委托", "提醒", "动员", "号召", "帮助", "通知", "建议", "提议"}
    )
)
_NOT_NAME_LEAD = rf"(?!{WHEN}|如有|如果|如需|如遇|若有|若遇|不断|继续|细致|进一步|促进|慰问|让|使|{_ACTION})"
_NP = (  # 所在系部, 所在单位: the unit one belongs to
    rf"(?:所在)?(?:（[^（）]{{1,8}}）|(?![的得是在对把将以向从按牵配于给为要]|(?<!各)地(?![市区方县州])|会同|协同|之[前后]|以[前后]|结束|期间|(?:{_ACTION})(?!{ACTOR_SUFFIX}))[\u4e00-\u9fffA-Za-z0-9])"
    rf"{{0,18}}?{ACTOR_SUFFIX}"
    r"(?:（[^（）]{1,8}）)?"
)
# the units a plan names by their role (各牵头单位, 各协作和配合单位, 主要责任单位, 协同配合单位), the levels
# of government acting together (市、县两级, 省市县三级) and the head of a unit acting for it (主要负责同志)
_ROLE_NP = (
    r"(?:各|有关|相关)?(?:主要|其他|其它|协同)?(?:牵头|配合|协作|协办|参与|责任)(?:和(?:牵头|配合|协作|参与))?"
    r"(?:单位|部门|科室|处室)"
)
LEVELS = r"[省市州县区乡镇](?:、?[市州县区乡镇]){1,3}[两三四五]级(?:党委|政府|党组织|组织部门)?"
# 学生、后勤、保卫、网络管理部门: bare names sharing the head noun of the last one; a 各 before the first
# distributes over them all (各牵头、施工单位, 各地工业、非煤矿山企业)
SHARED = (
    r"(?:各(?!级|有关|相关))?"
    r"(?:(?!各|有关|相关)[\u4e00-\u9fff]{2,4}(?<![部科室处局委办厅组站所院校会队镇乡区县村道])、){1,6}"
    r"[\u4e00-\u9fff]{0,6}(?:部门|单位|机构|科室|处室|企业)"
)
# 市、县政府: the levels of government sharing one head noun
ADMIN_SHARED = r"(?:[省市州县区乡镇]、){1,3}[省市州县区乡镇]级?(?:人民政府|政府|党委|党组织|组织部门|纪委)"
_NP = rf"{_NOT_NAME_LEAD}(?:{_ROLE_NP}|{LEVELS}|{SHARED}|{ADMIN_SHARED}|主要负责(?:同志|人)|{_NP})"
# ``各责任单位的主要负责同志``, ``各部门的负责同志``: the head of a unit acts for it
_HEAD = r"(?:的?(?:党政)?(?:主要)?负责(?:同志|人))?"
# names run together without a separator (各地区各单位), but never across a verb (市政府组织有关部门)
# …and never across a time adverb (编制单位会后与…): the actor ends where the adverbial starts
_GLUE = (
    r"(?:[、和及与]|(?!"
    + "|".join(
        sorted(
            VERBS | {"会同", "协同", "联合", "协助", "会后", "会前", "今后", "近期", "尽快", "立即", "随后"}
        )
    )
    + "))"
)
ACTOR = re.compile(rf"(?:各级、)?{_NP}{_HEAD}(?:{_GLUE}{_NP}{_HEAD})*")  # 各级、各部门: one addressee
_NOT_ACTOR_START = re.compile(
    r"^(?:对|在|把|将|从|以|通过|按照|根据|围绕|针对|为|由|向|就|当|随着|结合|面对)"
)
_ADVERBIALS = (
    r"(?:都|也|还|均|每人|每年|每月|一定|务必|必须|切实|要|进一步|带头|率先|尽快|抓紧|及时|"
    r"统一|分别|主动|认真|继续|始终|同时|今年|今后|在[^，。；]{0,16}?|[^，。；]{1,6}?(?:之前|以前|前|期间))*"
)
_ENUM = r"(?:（[一二三四五六七八九十\d]{1,3}）|[一二三四五六七八九十]{1,3}[、是]|\d{1,2}[.、．])"
# 存在消防安全隐患的单位, 乘车的同学, 新承担课程教学任务的教师: those a relative clause picks out
_RELATIVE_HEAD = r"(?:单位|部门|企业|学校|村庄|社区|教师|老师|同学|学生|人员|职工)"
_RELATIVE = rf"(?:(?![各我本全])[\u4e00-\u9fff]{{2,12}}的{_RELATIVE_HEAD})"
SUBJECT_BEFORE_MODAL = re.compile(
    rf"^{_ENUM}?(?:(?:同时|此外|另外|今年|今后|下一步|要求|督促|建议|提议|{WHEN})，?)?({ACTOR.pattern}|{_RELATIVE})"
    rf"{_ADVERBIALS}$"
)
# what a reporter or a time phrase puts before the actor: ``徐校长强调寒假开始前总务处要…``
_BEFORE_ACTOR = re.compile(
    r"^(?:[^，。；]{0,12}?(?:强调|要求|指出|提出|表示)，?)?"
    r"(?:[^，。；]{1,6}?(?:开始前|结束前|之前|前|期间|以后|之后|(?<=[会节假])后)，?)?"
)
# 并确定一名领导班子成员负责…: the person designated is the object of the clause, not its actor
_NOT_AN_ACTOR = re.compile(
    r"一系列|事关|有关(?![^，。；、]{0,5}(?:单位|部门))|相关工作|情况|^并|我们|(?:确定|指定|委托|明确)[一两\d]+[名位个]|[送报交寄发](?:（[^（）]*）)?至|.(?:协助|配合)(?!单位|部门|科室|处室)|.由"
)
_AS = re.compile(rf"^({ACTOR.pattern})(?:作为|是)")
_TOPIC = re.compile(r"[\u4e00-\u9fff]{2,8}(?:和[\u4e00-\u9fff]{2,8})?(?:都|也|还)?")


def _actor_before_topic(clause: str) -> str:
    """``各级各部门思想认识和政治站位``: the longest actor opening the clause, when a noun topic (what the
    modal is about) and nothing else follows it; never across a verb (市委组织部会同市委党校)."""
    for e in range(min(len(clause) - 2, 24), 1, -1):
        if clause[e - 1] not in _LAST_CHARS or not ACTOR.fullmatch(clause, 0, e):
            continue
        topic = clause[e:]
        if (
            clause.startswith(("各", "全体", "有关", "相关", "所有", "每个"))  # an addressee, not a name
            and _TOPIC.fullmatch(topic)
            and not _VERB_ANYWHERE.search(topic)
            and not _NOT_AN_ACTOR.search(clause, 0, e)
            and not ACTOR.fullmatch(topic)
        ):
            return clause[:e]
        return ""
    return ""


# 各单位党政主要负责人假期外出，要…: the actor and a short circumstance, then the modal's clause
_CIRCUMSTANCE = re.compile(rf"^({ACTOR.pattern})(?:假期|节日|节假日|期间|离岗|外出|出差|休假|在外){{1,2}}$")
_STEP_DONE = re.compile(r"[\u4e00-\u9fff]{2,4}(?:后|之后|以后)")


def _actor_then_step(clause: str) -> str:
    """``二级党组织审查后``: the longest actor followed by what it does first, then the modal's clause."""
    for e in range(len(clause) - 3, 1, -1):
        if clause[e - 1] in _LAST_CHARS and ACTOR.fullmatch(clause, 0, e) and _STEP_DONE.fullmatch(clause, e):
            return clause[:e]
    return ""


_KEYS = (
    r"牵头责任单位|主要责任单位|(?:主要)?(?:协作|协同)单位|牵头单位|牵头部门|牵头科室|牵头处室|责任单位|责任部门|责任科室|责任处室|负责单位|负责部门|"
    r"负责处室|负责科室|主责单位|主办单位|承办单位|配合单位|配合部门|配合科室|配合处室|协办单位|"
    r"参与单位|责任人|责任领导|分管领导|牵头领导|配合领导"
)
ATTR_KEY = rf"(?P<key>{_KEYS})"
# a value ends at a stop, at the next key after a comma, or at the next key glued to it
# (牵头领导:某副局长责任部门:建工科, as a scraped page runs the lines together)
# 【责任单位】县教育局: the key in brackets stands for the colon
ATTR = re.compile(
    rf"{ATTR_KEY}(?:\s*[：:]|[】〕](?=\S))\s*(?P<val>[^；;。\n）)〕】]*?(?:（[^）\n]*）[^；;。\n）)〕】]*?)*)"
    rf"(?=[；;。\n）)〕】]|，\S{{2,6}}[：:]|(?:{_KEYS})\s*[：:]|[【〔](?:{_KEYS})[】〕]|$)"
)
ATTR_LINE = re.compile(
    rf"\s*[（(〔【]?{ATTR_KEY}\s*[：:]|\s*(?:完成时限|完成时间|时间节点|时限要求|时间安排|时间)\s*[：:]"
)
# 由A牵头, B配合; never a key (配合部门：…)
_PAREN_ROLE = re.compile(
    rf"(?:由|安排|委托|指定|责成)?({ACTOR.pattern})(?P<r>牵头|负责|配合|协助|参与)(?!单位|部门|科室|处室|领导|人)"
)
_WITH = re.compile(rf"(?:会同|协同|联合)({ACTOR.pattern})")
_SPLIT = re.compile(r"[、，,和及与]")
_LEAD_IN = re.compile(
    r"^(?:（[一二三四五六七八九十\d]{1,3}）|[一二三四五六七八九十]{1,3}、|\d{1,2}[.、])?(?:由|请)?"
)
# the addressees the guide leaves without owner: 我们/大家, the cadres and members at large (各级领导干部,
# 党员), the whole place (全市) and the speaker's own unit (我镇, 我局)
_COLLECTIVE = re.compile(
    r"(?:各级|全体|广大)?(?:党员)?(?:领导)?干部|(?:各级|全体|广大)?党员|我们|大家|同志们|全体同志|全[市县区]"
    r"|我[镇县区市局校部委办乡村].*"
)


def collective(mention: str) -> bool:
    """The mention is an addressee that names no owner."""
    return bool(_COLLECTIVE.fullmatch(mention))


def role_of(key: str) -> str:
    """A person answers for the task (牵头领导, 配合领导, 责任人); a unit leads or helps."""
    if "人" in key or "领导" in key:
        return "owner"
    if re.search(r"配合|协办|参与|协作|协同", key):
        return "co"
    return "lead"


_NOTE = re.compile(  # and a role marked after a name: 市委组织部（牵头）, 市财政局(配合单位)
    r"（(?:详见|见附件|按职责|具体)[^（）]*）|（[^（）]*[，。；][^（）]*）|按职责(?:分工)?负责$|(?<=.)(?:分别)?(?:牵头|负责)$"
    r"|(?<=.)[（(](?:牵头|负责|主责|配合|协办|协助|参与)(?:单位|部门)?[）)]"
)
_LEVELS = re.compile(LEVELS)
_LEVEL_CHARS = set("省市州县区乡镇")  # 各行署、市、县政府: 市 shares 县政府's head noun
_SHARED = re.compile(SHARED)


# a part with no name of its own: a bare head noun after a named unit (各二级单位党委、党总支, 各有关部门、
# 单位) or a bare level before one (各级、各部门) — one mention with its neighbour, as written
_BARE_HEAD = re.compile(r"(?:单位|部门|党总支|党支部|支部|科室|处室|机构|[部处室科系])")
_BARE_LEVEL = re.compile(r"各级|各|有关|相关")


def _join_bare(names: list[str], value: str) -> list[str]:
    out: list[str] = []
    for n in names:
        bare = bool(n and _BARE_HEAD.fullmatch(n)) or bool(out and _BARE_LEVEL.fullmatch(out[-1]))
        if out and bare and f"{out[-1]}、{n}" in value:
            out[-1] = f"{out[-1]}、{n}"
        else:
            out.append(n)
    return out


def _shared_at(value: str) -> int:
    """The end of the names sharing one head noun that open ``value`` (0: none): no part before the
    last is a name of its own."""
    m = _SHARED.match(value)
    return m.end() if m and not any(ACTOR.fullmatch(n) for n in m.group(0).split("、")[:-1]) else 0


def split_actors(value: str) -> list[str]:
    """Split ``A、B和C`` into mentions, keeping ``各县（市、区）委组织部`` and ``市、县两级`` whole;
    notes such as ``（详见任务分工）`` or ``按职责分工负责`` are not part of a name."""
    value = _NOTE.sub("", value.strip(" \t〔〕【】"))
    shared = _shared_at(value)
    if _LEVELS.fullmatch(value) or 0 < shared == len(value) or re.fullmatch(ADMIN_SHARED, value):
        return [value]
    if shared and value[shared] in "、和及与":  # 各地工业、非煤矿山企业和人员密集场所: the shared list first
        return [value[:shared], *split_actors(value[shared + 1 :])]
    out, depth, cur = [], 0, ""
    for c in value:
        if c in "（(":
            depth += 1
        elif c in "）)":
            depth = max(0, depth - 1)
        if (
            depth == 0
            and _SPLIT.match(c)
            and cur.strip() not in _LEVEL_CHARS  # 区、乡森林消防队伍: a bare level shares the next head
            and (c not in "和及与" or ACTOR.fullmatch(cur.strip()))
        ):
            out.append(cur)  # 各协作和配合单位: a conjunction inside a name that is not whole yet
            cur = ""
        else:
            cur += c
    out.append(cur)
    # a part's line break and a cell's closing stop are no part of a name (各工段、科室\n, 街道办事处。)
    names = _join_bare([_NOTE.sub("", _LEAD_IN.sub("", o.strip(_AROUND))) for o in out], value)
    # 市卫生健康委等: the 等 closing a list is no part of the last name
    names = [
        n[: -len(e.group(0))] if (e := _ETC.search(n)) and ACTOR.fullmatch(n[: e.start()]) else n
        for n in names
    ]
    if _shares_person(names, value):
        return ["、".join(names)]
    return [n for n in names if n and not collective(n)]


# 各乡镇、各部门主要负责人: the persons who answer for each unit of a list, one owner (a shared head)
_PERSON_HEAD = re.compile(r"(?<=[^、的])(?:主要)?负责(?:人|同志)$")
_PERSON_END = re.compile(r"(?:人|同志|领导|干部|书记|主任|长|员|老师|教师)$")


def _shares_person(names: list[str], value: str) -> bool:
    """A ``、`` list of units whose last closes on the persons in charge: the head is every unit's."""
    return (
        len(names) > 1
        and bool(_PERSON_HEAD.search(names[-1]))
        and not any(_PERSON_END.search(n) for n in names[:-1])
        and "、".join(names) in value
    )


_AROUND = " \t\n\u3000：:〔〕【】。；，"
_ETC = re.compile(r"等(?:[\d一二三四五六七八九十]+个)?(?:单位|部门)?$")


def attribute_owners(t: str) -> list[Owner]:
    """``牵头单位：A；配合单位：B、C`` and ``（责任单位：A，完成时限：…）``."""
    owners: list[Owner] = []
    for m in ATTR.finditer(t):
        role = role_of(m.group("key"))
        for name in split_actors(m.group("val")):
            owners.append(Owner(name, role))
    return owners


def subject_owners(clause_before_modal: str, previous_clause: str = "") -> list[Owner]:
    """The actor named right before a modal (``干部一科、干部二科要…``), or before ``作为…，就是要``."""
    # 各级党组织特别是基层党组织要…: the whole acts, the part after 特别是 only stresses
    parts = re.split(r"特别是|尤其是", clause_before_modal.strip(" \t"), maxsplit=1)
    c = parts[0] or parts[-1]
    if c and not _NOT_ACTOR_START.match(c):
        for cand in dict.fromkeys((_BEFORE_ACTOR.sub("", c, count=1), c)):
            m = SUBJECT_BEFORE_MODAL.match(cand) if cand else None
            if m and not _NOT_AN_ACTOR.search(m.group(1)):
                return [Owner(n, "lead") for n in split_actors(m.group(1))]
            topical = _actor_before_topic(cand)
            if topical:
                return [Owner(n, "lead") for n in split_actors(topical)]
    if c in ("", "就是", "更", "也", "就", "都", "还") and previous_clause:
        m = _AS.match(previous_clause.strip()) or (
            _CIRCUMSTANCE.match(previous_clause.strip()) if c == "" else None
        )
        if m and not _NOT_AN_ACTOR.search(m.group(1)):
            return [Owner(n, "lead") for n in split_actors(m.group(1))]
        stepped = _actor_then_step(previous_clause.strip()) if c == "" else ""
        if stepped and not _NOT_AN_ACTOR.search(stepped):
            return [Owner(n, "lead") for n in split_actors(stepped)]
    return []


# 由戴世雄副局长带领, 由副校长王明负责: a person who leads, named without the title (a unit never:
# 由办公室主任负责 names no person)
_TITLE = r"副?(?:[县市区镇乡局校院处科部厅所站组]长|书记|主任|主席|经理|老师)"
_LED_BY = re.compile(
    rf"由(?:{_TITLE}(?P<a>[\u4e00-\u9fff]{{2,3}})|(?P<b>[\u4e00-\u9fff]{{2,3}}){_TITLE})(?=牵头|负责|带领|主抓)"
)


def led_by(t: str) -> list[Owner]:
    """The persons a clause says lead the work (``由戴世雄副局长带领`` → 戴世雄)."""
    out = []
    for m in _LED_BY.finditer(t):
        name = m.group("a") or m.group("b")
        if not ACTOR.fullmatch(name) and name[-1] not in "室处科局部委办院校组心会":
            out.append(Owner(name, "lead"))
    return out


_PROPOSER = re.compile(rf"同意({ACTOR.pattern})(?:提出|提交|上报|报送|起草)的")


# 经二级党组织书记签字, 经系部主任审核签字: the one whose signature the step requires (经…审核后实施 is a
# review of the issuer's, not a task)
_SIGNED = re.compile(rf"(?:^|(?<=[，、；：。须需]))经({ACTOR.pattern})(?:审核)?(?:签字|签章|签名)")


def phrase_owners(t: str) -> list[Owner]:
    """``由A牵头``, ``A负责``, ``会同B``: roles stated by a verb; ``同意A提出的…，作进一步修改完善后…``:
    the unit whose proposal a meeting approved carries it on."""
    owners: list[Owner] = []
    owners.extend(led_by(t))
    for m in _SIGNED.finditer(t):
        if len(m.group(1)) > 2:  # 经领导批准 names no one
            owners.extend(Owner(n, "lead") for n in split_actors(m.group(1)))
    for m in _PROPOSER.finditer(t):
        owners.extend(Owner(n, "lead") for n in split_actors(m.group(1)))
    for m in _PAREN_ROLE.finditer(t) if _ROLE_WORD.search(t) else ():
        if m.start() and t[m.start() - 1] not in "（(，；：、\n " or _NOT_AN_ACTOR.search(m.group(1)):
            continue
        role = "co" if m.group("r") in ("配合", "协助", "参与") else "lead"
        owners.extend(Owner(n, role) for n in split_actors(m.group(1)))
    for m in re.finditer(r"(?<!原则上)(?<!一般)(?<!通常)由", t):  # 原则上由…领取: a standing rule
        if t.rfind("（", 0, m.start()) > t.rfind("）", 0, m.start()):
            continue  # （纸质介绍信由校党委组织部统一开具）: a note in brackets names no actor of the item
        owners.extend(Owner(n, "lead") for n in split_actors(longest_actor(t, m.end())))
    for m in _WITH.finditer(t):
        owners.extend(Owner(n, "co") for n in split_actors(longest_actor(t, m.start(1), m.end(1))))
    return owners


_NOT_FIRST = set("每全要将把对在从以为并须需")  # 须经X审核: a modal never opens a name
_ROLE_WORD = re.compile(r"牵头|负责|配合|协助|参与")
# 各乡镇政府组织有关部门: a verb taking 有关部门 as its object ends the actor before it
_VERB_ANYWHERE = re.compile("|".join(sorted(VERBS | {"会同", "协同", "联合", "按照", "根据"})))
_VERB_PHRASE = re.compile(rf"(?:{'|'.join(sorted(VERBS))})(?:有关|相关|各|全体|广大)")
# a suffix character that opens a word (组织, 所需): read up to ``e`` alone, a name would end inside it
_OPENS_WORD = {c: set(after.replace("|", "")) for c, after in re.findall(r"(\w)\(\?!([^)]*)\)", ACTOR_SUFFIX)}


def opens_word(t: str, e: int) -> bool:
    """Whether a name ending at ``e`` would end inside a word (各班照常组|织, 新学期所|需)."""
    return 0 < e < len(t) and t[e] in _OPENS_WORD.get(t[e - 1], ())


# the characters an actor is written in outside a bracket (（牵头）): an actor opening before a
# character of none of them ends before it, unless a bracket opens first
_NOT_IN_ACTOR = re.compile(r"[^\u4e00-\u9fffA-Za-z0-9、]")


def actor_reach(t: str, p: int, most: int) -> int:
    """How far an actor opening at ``p`` and at most ``most`` characters long may reach: where the
    characters an actor is written in stop (a comma, a stop), or ``most`` on when a bracket opens there."""
    stop = _NOT_IN_ACTOR.search(t, p)
    e = stop.start() if stop else len(t)
    return min(len(t), p + most) if t.startswith("（", e) else min(e, p + most)


# the last character of every suffix an actor may end with (its suffix, a bracket, a head: 负责同志)
_SUFFIXES = re.findall(r"[\u4e00-\u9fff]+", re.sub(r"\(\?<?!.*?\)", "", ACTOR_SUFFIX))
_LAST_CHARS = set("".join(w[-1] for w in _SUFFIXES)) | set("）)人志府委门位室组织署")


# verbs and modals that open a clause whose actor is elsewhere: 监督农机作业人员落实…, 必须依托网站…
_NOT_ACTOR_OPENER = VERBS | {
    "监督",
    "普及",
    "统一",
    "必须",
    "务必",
    "动员",
    "依托",
    "帮助",
    "通过",
    "确定",
    "方可",
    "成立",
}


# heads that name an actor only after a qualifier (全市组织系统要…); alone, before a verb, they say how
# (系统谋划工作, 系统推进)
_NOT_ALONE = {"系统"}


def longest_actor(t: str, start: int, end: int | None = None, need_verb: bool = False) -> str:
    """``会同市纪委监委机关健全…``: the longest actor that a verb follows, not the first suffix."""
    if t[start : start + 2] in _NOT_ACTOR_OPENER or t[start : start + 1] in _NOT_FIRST:
        return ""
    if t[start : start + 1] in "与和跟" and t[start : start + 2] != "与会":  # 与兄弟学校进行…: a partner
        return ""
    # a preposition, a one-character modal or adverb, a list's 等 (各教研室可根据…, 各市府每单月…, A、B等单位)
    after = "以在对于从向与和按将把可每均都也等" + ("" if need_verb else "，。；、")
    for e in range(min(len(t), start + 24), max(start + 1, (end or start) - 1), -1):  # 所: no name alone
        if (
            e < len(t)
            and t[e - 1] in _LAST_CHARS  # cheap: an actor ends like one of its suffixes
            and (t[e : e + 2] in VERBS or t[e : e + 2] in AFTER_ACTOR or t[e] in after)
            and ACTOR.fullmatch(t, start, e)
            and not opens_word(t, e)
            and not _NOT_AN_ACTOR.search(t, start, e)
            and not _VERB_PHRASE.search(t, start, e)
            and t[start:e] not in _NOT_ALONE
        ):
            return t[start:e]
    return ""


_RELATIVE_AT = re.compile(_RELATIVE)


def relative(t: str, pos: int) -> str:
    """``请有申报计划的单位于…``: those a relative clause at ``pos`` names, up to a preposition or verb."""
    m = _RELATIVE_AT.match(t, pos)
    after = t[m.end() : m.end() + 2] if m else ""
    acts = after[:1] in "于在将把按从向对，" or after in VERBS or after in AFTER_ACTOR
    return m.group(0) if m and acts else ""


def addressee(t: str, pos: int) -> str:
    """Who a 要求/责成 addresses: a named actor, or 各X up to the verb (要求各条块做好…)."""
    m = ACTOR.match(t, pos)
    if m:
        return m.group(0)
    if t[pos : pos + 1] == "各":
        for e in range(pos + 2, min(len(t), pos + 9)):
            if t[e : e + 2] in VERBS or t[e : e + 2] in AFTER_ACTOR:
                return t[pos:e]
    return ""


_TIME_LEAD = re.compile(rf"(?:{WHEN}|[^，。；]{{1,6}}?(?:结束|开始)?(?:之前|以前|前|之后|以后|后|期间))，?")


def clause_actors(t: str) -> list[Owner]:
    """Actors that open a clause and act without a modal (``部办公室本周内完成…``) — list items, minutes."""
    out: list[Owner] = []
    # a clause opens after a stop, never inside a clock time (下午3:30全体教师…)
    for m in re.finditer(rf"(?:^|(?<=[，。；\n])|(?<![\d０-９]：)(?<=：))\s*{_ENUM}?", t):
        name = longest_actor(t, m.end(), need_verb=True)
        when = None if name else _TIME_LEAD.match(t, m.end())
        if when:  # 学期末教务办汇总…, 考试结束后阅卷老师及时…: the actor after the time
            name = longest_actor(t, when.end(), need_verb=True)
        if name:
            out.extend(Owner(n, "lead") for n in split_actors(name))
    return out


def requested(t: str, pos: int) -> list[Owner]:
    """Who a request at ``pos`` names (要求该镇辖区各村强化…): an actor a verb follows."""
    return [Owner(n, "lead") for n in split_actors(longest_actor(t, pos, need_verb=True))]


_PARTNER = re.compile(rf"(?:^|(?<=[，。；：\n]))\s*{_ENUM}?(?:积极|主动|协助|全力)?配合(?=[^，。；]{{2}})")


def partner_owners(t: str) -> list[Owner]:
    """``（一）配合区执法局做好…``: a clause that opens by helping names the unit it helps, whose work it
    is; the helper is the item's own actor, named elsewhere (a section's unit line)."""
    out: list[Owner] = []
    for m in _PARTNER.finditer(t):
        out.extend(Owner(n, "lead") for n in split_actors(longest_actor(t, m.end())))
    return out

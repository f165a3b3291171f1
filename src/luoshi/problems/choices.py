from luoshi.core.choices import ChoiceSet


class ProblemSource(ChoiceSet):
    """Where a problem was found."""

    INSPECTION = "inspection"
    VISIT = "visit"
    PATROL = "patrol"
    AUDIT = "audit"
    PUBLIC = "public"
    SELF_CHECK = "self_check"
    MONTHLY_MEETING = "monthly_meeting"
    CHOICES = [
        (INSPECTION, "督查发现", "danger"),
        (VISIT, "一线走访", "primary"),
        (PATROL, "巡视巡察反馈", "danger"),
        (AUDIT, "审计", "warning"),
        (PUBLIC, "群众反映", "info"),
        (SELF_CHECK, "自查", "secondary"),
        (MONTHLY_MEETING, "月例会", "secondary"),
    ]


class Severity(ChoiceSet):
    NORMAL = "normal"
    SERIOUS = "serious"
    GRAVE = "grave"
    CHOICES = [(NORMAL, "一般", "secondary"), (SERIOUS, "较重", "warning"), (GRAVE, "严重", "danger")]


class ProblemStatus(ChoiceSet):
    """A problem's way from being recorded to 销号: confirmed into the ledger with its measures, closed
    once they are and the evidence is accepted; a 回头看 that finds it came back reopens it."""

    RECORDED = "recorded"
    RECTIFYING = "rectifying"
    CLOSED = "closed"
    DISMISSED = "dismissed"
    CHOICES = [
        (RECORDED, "待确认", "warning"),
        (RECTIFYING, "整改中", "primary"),
        (CLOSED, "已销号", "success"),
        (DISMISSED, "不予认定", "dark"),
    ]
    OPEN = [RECORDED, RECTIFYING]


class MeasureKind(ChoiceSet):
    """治标: a quick fix of this case; 治本: a lasting rule or mechanism (建章立制) so it does not recur."""

    QUICK = "quick"
    LASTING = "lasting"
    CHOICES = [(QUICK, "治标", "info"), (LASTING, "治本", "primary")]


class Novelty(ChoiceSet):
    """新/旧: a problem like one found before (or one that came back) is an old problem."""

    NEW = "new"
    OLD = "old"
    CHOICES = [(NEW, "新问题", "info"), (OLD, "旧问题", "warning")]


class Commonality(ChoiceSet):
    """共性/个性: the same problem in three or more units is rectified as one common problem."""

    COMMON = "common"
    INDIVIDUAL = "individual"
    CHOICES = [(COMMON, "共性问题", "danger"), (INDIVIDUAL, "个性问题", "secondary")]


class ProblemEventKind(ChoiceSet):
    RECORDED = "recorded"
    CONFIRMED = "confirmed"
    DISMISSED = "dismissed"
    MEASURE_ADDED = "measure_added"
    GROUPED = "grouped"
    CLOSED = "closed"
    RECHECKED = "rechecked"
    REBOUNDED = "rebounded"
    URGED = "urged"
    CHOICES = [
        (RECORDED, "登记问题", "info"),
        (CONFIRMED, "确认整改", "primary"),
        (DISMISSED, "不予认定", "dark"),
        (MEASURE_ADDED, "增加整改措施", "primary"),
        (GROUPED, "归入共性问题", "warning"),
        (CLOSED, "销号", "success"),
        (RECHECKED, "回头看：未反弹", "success"),
        (REBOUNDED, "回头看：发现反弹", "danger"),
        (URGED, "督办", "warning"),
    ]


# named for the OpenAPI schema (drf-spectacular ENUM_NAME_OVERRIDES)
PROBLEM_STATUS_CHOICES = ProblemStatus.choices()
MEASURE_KIND_CHOICES = MeasureKind.choices()

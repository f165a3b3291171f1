from luoshi.core.choices import ChoiceSet


class Dimension(ChoiceSet):
    """过程 and 效果: each top-level indicator counts in one of them, by the scheme's two weights."""

    PROCESS = "process"
    EFFECT = "effect"
    CHOICES = [(PROCESS, "过程", "primary"), (EFFECT, "效果", "success")]


class IndicatorKind(ChoiceSet):
    """A group holds indicators; an automatic one is computed from the data; a judged one is scored by
    named assessors on its rubric."""

    GROUP = "group"
    AUTO = "auto"
    JUDGED = "judged"
    CHOICES = [(GROUP, "指标组", "secondary"), (AUTO, "自动计算", "info"), (JUDGED, "评议打分", "warning")]


class Aspect(ChoiceSet):
    """What a judged indicator asks: 落实了没有、解决了没有、改变了没有、提升了没有."""

    CARRIED_OUT = "carried_out"
    SOLVED = "solved"
    CHANGED = "changed"
    IMPROVED = "improved"
    CHOICES = [
        (CARRIED_OUT, "落实", "primary"),
        (SOLVED, "解决", "success"),
        (CHANGED, "改变", "info"),
        (IMPROVED, "提升", "warning"),
    ]


class PeriodKind(ChoiceSet):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
    CHOICES = [(MONTH, "月度", "info"), (QUARTER, "季度", "primary"), (YEAR, "年度", "success")]


class PeriodStatus(ChoiceSet):
    """Open: scores may be (re)computed, judged and adjusted; published: the head approved the ranking and
    the period is locked until the head reopens it."""

    OPEN = "open"
    PUBLISHED = "published"
    CHOICES = [(OPEN, "考核中", "warning"), (PUBLISHED, "已发布", "success")]


class AdjustmentKind(ChoiceSet):
    BONUS = "bonus"
    DEDUCTION = "deduction"
    CHOICES = [(BONUS, "加分", "success"), (DEDUCTION, "扣分", "danger")]


class AdjustmentStatus(ChoiceSet):
    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"
    CHOICES = [
        (PENDING, "待审批", "warning"),
        (APPROVED, "已批准", "success"),
        (REFUSED, "未批准", "secondary"),
    ]


class Board(ChoiceSet):
    """红榜 and 黑榜 of a published ranking."""

    RED = "red"
    BLACK = "black"
    NONE = ""
    CHOICES = [(RED, "红榜", "danger"), (BLACK, "黑榜", "dark"), (NONE, "—", "secondary")]

    @classmethod
    def shown(cls, board: str, published: bool) -> str:
        """How a unit's board reads: 红榜/黑榜 once the head has approved and published the period, 暂列红榜
        /暂列黑榜 while it is open — the head reviews what he is to approve, and a section sees where it
        stands while there is time to move, but nobody takes a working figure for the verdict."""
        if not board:
            return ""
        return cls.label(board) if published else f"暂列{cls.label(board)}"


class EventKind(ChoiceSet):
    """Everything that happens to a scheme or a period, in the assessment's one trail."""

    SCHEME_CREATED = "scheme_created"
    WEIGHTS_CHANGED = "weights_changed"
    PERIOD_OPENED = "period_opened"
    COMPUTED = "computed"
    JUDGED = "judged"
    ADJUSTMENT_PROPOSED = "adjustment_proposed"
    ADJUSTMENT_DECIDED = "adjustment_decided"
    PUBLISHED = "published"
    REOPENED = "reopened"
    OVERDUE_EXPLAINED = "overdue_explained"
    OVERDUE_DECIDED = "overdue_decided"
    CHOICES = [
        (SCHEME_CREATED, "制定考核方案", "info"),
        (WEIGHTS_CHANGED, "调整权重", "warning"),
        (PERIOD_OPENED, "开设考核期", "info"),
        (COMPUTED, "计算得分", "primary"),
        (JUDGED, "评议打分", "warning"),
        (ADJUSTMENT_PROPOSED, "提出加减分", "warning"),
        (ADJUSTMENT_DECIDED, "审批加减分", "success"),
        (PUBLISHED, "审定发布", "success"),
        (REOPENED, "解除锁定", "danger"),
        (OVERDUE_EXPLAINED, "说明逾期原因", "info"),
        (OVERDUE_DECIDED, "逾期问责决定", "danger"),
    ]


class Sanction(ChoiceSet):
    """逾期问责's decisions, lightest first; only the last one changes a score (a deduction item)."""

    EXPLAIN = "explain"
    TALK = "talk"
    CRITICIZE = "criticize"
    DEDUCT = "deduct"
    CHOICES = [
        (EXPLAIN, "说明情况", "secondary"),
        (TALK, "约谈", "warning"),
        (CRITICIZE, "通报批评", "danger"),
        (DEDUCT, "纳入考核扣分", "dark"),
    ]


class MatterStatus(ChoiceSet):
    """Where an overdue matter stands in the ledger (derived from what is filled in, never stored)."""

    AWAITING_REASON = "awaiting_reason"
    AWAITING_DECISION = "awaiting_decision"
    DECIDED = "decided"
    CHOICES = [
        (AWAITING_REASON, "待说明原因", "warning"),
        (AWAITING_DECISION, "待问责决定", "primary"),
        (DECIDED, "已决定", "success"),
    ]

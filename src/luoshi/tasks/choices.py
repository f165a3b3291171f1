from luoshi.core.choices import ChoiceSet


class TaskStatus(ChoiceSet):
    DRAFT = "draft"
    ASSIGNED = "assigned"
    ACKNOWLEDGED = "acknowledged"
    IN_PROGRESS = "in_progress"
    CLOSE_REQUESTED = "close_requested"
    CLOSED = "closed"
    RETURNED = "returned"
    CANCELLED = "cancelled"
    CHOICES = [
        (DRAFT, "草稿", "secondary"),
        (ASSIGNED, "已交办", "info"),
        (ACKNOWLEDGED, "已签收", "primary"),
        (IN_PROGRESS, "推进中", "primary"),
        (CLOSE_REQUESTED, "申请销号", "warning"),
        (CLOSED, "已销号", "success"),
        (RETURNED, "已退回", "danger"),
        (CANCELLED, "已撤销", "dark"),
    ]
    OPEN = [ASSIGNED, ACKNOWLEDGED, IN_PROGRESS, CLOSE_REQUESTED, RETURNED]
    FINISHED = [CLOSED, CANCELLED]
    UNSIGNED = [DRAFT, ASSIGNED, RETURNED]  # nobody has signed for the lead unit (yet, or any more)


class Light(ChoiceSet):
    RED = "red"
    YELLOW = "yellow"
    GREEN = "green"
    NONE = "none"
    CHOICES = [
        (RED, "红灯", "danger"),
        (YELLOW, "黄灯", "warning"),
        (GREEN, "绿灯", "success"),
        (NONE, "—", "secondary"),
    ]


class TaskLevel(ChoiceSet):
    """The levels a decision policy tells apart."""

    ROUTINE = "routine"
    KEY = "key"
    CHOICES = [(ROUTINE, "一般任务", "secondary"), (KEY, "重点任务", "danger")]


class PartStatus(ChoiceSet):
    """Where a co-unit's part (协办) of a task stands, as the co-unit reports it."""

    PENDING = "pending"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CHOICES = [
        (PENDING, "未报送", "secondary"),
        (IN_PROGRESS, "推进中", "primary"),
        (DONE, "已完成", "success"),
    ]


class ExtensionStatus(ChoiceSet):
    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"
    CHOICES = [(PENDING, "待审批", "warning"), (APPROVED, "已批准", "success"), (REFUSED, "未批准", "danger")]


class EventKind(ChoiceSet):
    """Every thing that happens to a task, in its timeline and history API."""

    CREATED = "created"
    UPDATED = "updated"
    ASSIGNED = "assigned"
    ACKNOWLEDGED = "acknowledged"
    RETURNED = "returned"
    FEEDBACK = "feedback"
    EXTENSION_REQUESTED = "extension_requested"
    EXTENSION_APPROVED = "extension_approved"
    EXTENSION_REFUSED = "extension_refused"
    CLOSE_REQUESTED = "close_requested"
    CLOSE_REVIEWED = "close_reviewed"
    CLOSE_APPROVED = "close_approved"
    CLOSE_REJECTED = "close_rejected"
    CLOSE_WITHDRAWN = "close_withdrawn"
    REOPENED = "reopened"
    RECHECKED = "rechecked"
    CANCELLED = "cancelled"
    PART_REPORTED = "part_reported"
    REMINDED = "reminded"
    ESCALATED = "escalated"
    CHOICES = [
        (CREATED, "创建", "secondary"),
        (UPDATED, "修改", "secondary"),
        (ASSIGNED, "交办", "info"),
        (ACKNOWLEDGED, "签收", "primary"),
        (RETURNED, "退回", "danger"),
        (FEEDBACK, "复命", "success"),
        (EXTENSION_REQUESTED, "申请延期", "warning"),
        (EXTENSION_APPROVED, "批准延期", "success"),
        (EXTENSION_REFUSED, "不批准延期", "danger"),
        (CLOSE_REQUESTED, "申请销号", "warning"),
        (CLOSE_REVIEWED, "审核销号申请", "info"),
        (CLOSE_APPROVED, "销号", "success"),
        (CLOSE_REJECTED, "退回销号", "danger"),
        (CLOSE_WITHDRAWN, "撤回销号申请", "secondary"),
        (REOPENED, "重新打开", "warning"),
        (RECHECKED, "回头看", "success"),
        (CANCELLED, "撤销", "dark"),
        (PART_REPORTED, "协办报送", "success"),
        (REMINDED, "催办", "warning"),
        (ESCALATED, "督办", "danger"),
    ]

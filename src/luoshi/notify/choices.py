from luoshi.core.choices import ChoiceSet


class NotificationKind(ChoiceSet):
    ASSIGNED = "assigned"
    ACKNOWLEDGED = "acknowledged"
    ACKNOWLEDGE_DUE = "acknowledge_due"
    FEEDBACK_DUE = "feedback_due"
    FEEDBACK_OVERDUE = "feedback_overdue"
    ESCALATED = "escalated"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    EXTENSION_REQUESTED = "extension_requested"
    EXTENSION_DECIDED = "extension_decided"
    CLOSE_REQUESTED = "close_requested"
    CLOSE_APPROVED = "close_approved"
    CLOSE_REJECTED = "close_rejected"
    CLOSE_WITHDRAWN = "close_withdrawn"
    RETURNED = "returned"
    REOPENED = "reopened"
    RECHECK_DUE = "recheck_due"
    PART_REPORTED = "part_reported"
    URGED = "urged"
    PROBLEM = "problem"
    ASSESSMENT = "assessment"
    MEETING = "meeting"
    CHOICES = [
        (ASSIGNED, "新交办任务", "info"),
        (ACKNOWLEDGED, "已签收", "success"),
        (ACKNOWLEDGE_DUE, "待签收", "warning"),
        (FEEDBACK_DUE, "待复命", "warning"),
        (FEEDBACK_OVERDUE, "复命逾期", "danger"),
        (ESCALATED, "督办", "danger"),
        (DUE_SOON, "即将到期", "warning"),
        (OVERDUE, "已逾期", "danger"),
        (EXTENSION_REQUESTED, "延期申请", "warning"),
        (EXTENSION_DECIDED, "延期审批结果", "info"),
        (CLOSE_REQUESTED, "销号申请", "warning"),
        (CLOSE_APPROVED, "已销号", "success"),
        (CLOSE_REJECTED, "销号被退回", "danger"),
        (CLOSE_WITHDRAWN, "销号申请已撤回", "secondary"),
        (RETURNED, "任务被退回", "danger"),
        (REOPENED, "任务重新打开", "warning"),
        (RECHECK_DUE, "回头看", "info"),
        (PART_REPORTED, "协办报送", "info"),
        (URGED, "催办", "danger"),
        (PROBLEM, "问题整改", "warning"),
        (ASSESSMENT, "考核评价", "info"),
        (MEETING, "月例会", "primary"),
    ]
    # What the tick makes (the rest follow a person's action); the minimum interval applies to these.
    REMINDERS = [ACKNOWLEDGE_DUE, FEEDBACK_DUE, FEEDBACK_OVERDUE, DUE_SOON, OVERDUE, RECHECK_DUE]
    # Sent at once instead of waiting for the day's digest.
    URGENT = [ESCALATED, URGED]


class Channel(ChoiceSet):
    EMAIL = "email"
    DINGTALK = "dingtalk"
    WECOM = "wecom"
    CHOICES = [
        (EMAIL, "邮件", "info"),
        (DINGTALK, "钉钉群机器人", "primary"),
        (WECOM, "企业微信群机器人", "success"),
    ]
    ROBOTS = [DINGTALK, WECOM]

    @classmethod
    def robot_choices(cls) -> list[tuple[str, str]]:
        return [c for c in cls.choices() if c[0] in cls.ROBOTS]


class DeliveryStatus(ChoiceSet):
    HELD = "held"
    MERGED = "merged"
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
    CHOICES = [
        (HELD, "待汇总", "secondary"),
        (MERGED, "已并入汇总", "light"),
        (PENDING, "待发送", "warning"),
        (SENT, "已发送", "success"),
        (FAILED, "发送失败", "danger"),
    ]


NOTIFICATION_KIND_CHOICES = NotificationKind.choices()  # named for the OpenAPI schema

from luoshi.core.choices import ChoiceSet


class MeetingStatus(ChoiceSet):
    """Open: sections report (late ones marked) and leaders comment; closed: the reports are filed and
    take no more changes, while leaders may still comment."""

    OPEN = "open"
    CLOSED = "closed"
    CHOICES = [(OPEN, "汇报中", "warning"), (CLOSED, "已结束", "secondary")]


class ReportStatus(ChoiceSet):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    CHOICES = [(DRAFT, "未报送", "warning"), (SUBMITTED, "已报送", "success")]


class CommentAspect(ChoiceSet):
    """What a leader's 点评 speaks to: the report's 深度 (thinking), 高度 (standing), 力度 (drive)."""

    DEPTH = "depth"
    HEIGHT = "height"
    FORCE = "force"
    CHOICES = [(DEPTH, "深度", "primary"), (HEIGHT, "高度", "info"), (FORCE, "力度", "danger")]


class EventKind(ChoiceSet):
    CREATED = "created"
    REPORT_SAVED = "report_saved"
    REPORT_SUBMITTED = "report_submitted"
    COMMENTED = "commented"
    DECISIONS = "decisions"
    CLOSED = "closed"
    CHOICES = [
        (CREATED, "召开月例会", "info"),
        (REPORT_SAVED, "保存汇报", "secondary"),
        (REPORT_SUBMITTED, "报送汇报", "success"),
        (COMMENTED, "领导点评", "warning"),
        (DECISIONS, "录入议定事项", "primary"),
        (CLOSED, "会议结束", "secondary"),
    ]


MEETING_STATUS_CHOICES = MeetingStatus.choices()  # named for the OpenAPI schema
REPORT_STATUS_CHOICES = ReportStatus.choices()
COMMENT_ASPECT_CHOICES = CommentAspect.choices()

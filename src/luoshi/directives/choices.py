from luoshi.core.choices import ChoiceSet


class DirectiveKind(ChoiceSet):
    SPEECH = "speech"
    DOCUMENT = "document"
    MINUTES = "minutes"
    INSTRUCTION = "instruction"
    CHOICES = [
        (SPEECH, "讲话", "primary"),
        (DOCUMENT, "文件", "info"),
        (MINUTES, "会议纪要", "success"),
        (INSTRUCTION, "领导批示", "danger"),
    ]


class DirectiveLevel(ChoiceSet):
    CENTRAL = "central"
    PROVINCIAL = "provincial"
    MUNICIPAL = "municipal"
    INTERNAL = "internal"
    CHOICES = [
        (CENTRAL, "中央", "danger"),
        (PROVINCIAL, "省", "warning"),
        (MUNICIPAL, "市", "primary"),
        (INTERNAL, "本部门", "secondary"),
    ]


class RequirementStatus(ChoiceSet):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    CHOICES = [
        (PROPOSED, "待确认", "warning"),
        (ACCEPTED, "已转为任务", "success"),
        (REJECTED, "不作为任务", "secondary"),
    ]


class JobStatus(ChoiceSet):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CHOICES = [
        (QUEUED, "排队中", "secondary"),
        (RUNNING, "正在分解", "primary"),
        (DONE, "已完成", "success"),
        (FAILED, "分解失败", "danger"),
    ]


DIRECTIVE_KIND_CHOICES = DirectiveKind.choices()  # named for the OpenAPI schema

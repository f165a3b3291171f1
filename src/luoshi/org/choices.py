from luoshi.core.choices import ChoiceSet


class UnitKind(ChoiceSet):
    DEPARTMENT = "department"
    SECTION = "section"
    SUBORDINATE = "subordinate"
    CHOICES = [
        (DEPARTMENT, "部机关", "primary"),
        (SECTION, "科室", "info"),
        (SUBORDINATE, "下级组织部", "success"),
    ]


class Role(ChoiceSet):
    """Business roles; they decide which units' work a person sees and manages."""

    HEAD = "head"
    DEPUTY = "deputy"
    SECTION_HEAD = "section_head"
    STAFF = "staff"
    INSPECTOR = "inspector"
    CHOICES = [
        (HEAD, "部长", "danger"),
        (DEPUTY, "副部长", "warning"),
        (SECTION_HEAD, "科室负责人", "primary"),
        (STAFF, "干部", "secondary"),
        (INSPECTOR, "督查员", "info"),
    ]


class ProposalStatus(ChoiceSet):
    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"
    CHOICES = [
        (PENDING, "待审批", "warning"),
        (APPROVED, "已批准", "success"),
        (REFUSED, "未批准", "secondary"),
    ]


class ProposalKind(ChoiceSet):
    """What a proposal changes: a person's role or 分管 (GRANT), a unit's place in the tree or its type
    (MOVE), which change whose heads and leaders reach its work and what the roles in it are, or a
    business user's password (RESET), which lets whoever reads it whole sign in as that user, or a
    group robot's webhook address (ROBOT), where every notification's title then goes, or another user's
    e-mail address (EMAIL), where his notifications then go, or a business user's home unit (HOME_UNIT),
    whose work and tasks he then reaches as its staff."""

    GRANT = "grant"
    MOVE = "move"
    RESET = "reset"
    ROBOT = "robot"
    EMAIL = "email"
    HOME_UNIT = "home_unit"
    CHOICES = [
        (GRANT, "角色/分管", "primary"),
        (MOVE, "单位隶属/类型", "warning"),
        (RESET, "重置密码", "danger"),
        (ROBOT, "群机器人地址", "danger"),
        (EMAIL, "电子邮箱", "warning"),
        (HOME_UNIT, "所在单位", "warning"),
    ]


UNIT_KIND_CHOICES = UnitKind.choices()  # named for the OpenAPI schema (drf-spectacular ENUM_NAME_OVERRIDES)

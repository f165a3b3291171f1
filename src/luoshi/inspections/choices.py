from luoshi.core.choices import ChoiceSet


class CampaignKind(ChoiceSet):
    SURVEY = "survey"
    INSPECTION = "inspection"
    CHOICES = [(SURVEY, "大调研", "info"), (INSPECTION, "大督查", "primary")]


class FindingResult(ChoiceSet):
    MET = "met"
    PROBLEM = "problem"
    CHOICES = [(MET, "符合要求", "success"), (PROBLEM, "发现问题", "danger")]


class DocumentKind(ChoiceSet):
    """The documents luoshi writes for a matter or a campaign, each with its own number sequence per year."""

    SUPERVISION = "supervision"
    URGING = "urging"
    BULLETIN = "bulletin"
    CHOICES = [
        (SUPERVISION, "督办单", "danger"),
        (URGING, "催办函", "warning"),
        (BULLETIN, "督查通报", "primary"),
    ]
    # 发文字号 without the year and serial: 督办〔2026〕3号.
    NUMBER_WORD = {SUPERVISION: "督办", URGING: "催办", BULLETIN: "督查通报"}


class CampaignEventKind(ChoiceSet):
    CREATED = "created"
    TEAM_ADDED = "team_added"
    FINDING = "finding"
    FINDING_CHANGED = "finding_changed"
    PROBLEM_RAISED = "problem_raised"
    BULLETIN = "bulletin"
    CHOICES = [
        (CREATED, "创建", "secondary"),
        (TEAM_ADDED, "增加检查组", "info"),
        (FINDING, "记录检查结果", "primary"),
        (FINDING_CHANGED, "修改检查结果", "warning"),
        (PROBLEM_RAISED, "问题转入问题清单", "danger"),
        (BULLETIN, "印发督查通报", "success"),
    ]


CAMPAIGN_KIND_CHOICES = CampaignKind.choices()  # named for the OpenAPI schema (ENUM_NAME_OVERRIDES)

from luoshi.core.choices import ChoiceSet


class DayKind(ChoiceSet):
    """Only the exceptions are stored: a weekday off, or a weekend day worked."""

    HOLIDAY = "holiday"
    WORKDAY = "workday"
    CHOICES = [
        (HOLIDAY, "放假", "danger"),
        (WORKDAY, "调休上班", "secondary"),
    ]


class YearSource(ChoiceSet):
    """Where a year's arrangement came from; the seed refreshes only the library's own years."""

    LIBRARY = "library"
    ADMIN = "admin"
    IMPORT = "import"
    CHOICES = [
        (LIBRARY, "内置日历库", "secondary"),
        (ADMIN, "手工录入", "primary"),
        (IMPORT, "Excel导入", "info"),
    ]

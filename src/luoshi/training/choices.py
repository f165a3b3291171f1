from luoshi.core.choices import ChoiceSet


class Attendance(ChoiceSet):
    """An enrolment's attendance: marked once the training has begun; attending credits its hours."""

    ENROLLED = "enrolled"
    ATTENDED = "attended"
    ABSENT = "absent"
    CHOICES = [(ENROLLED, "已报名", "info"), (ATTENDED, "已参训", "success"), (ABSENT, "缺训", "danger")]


ATTENDANCE_CHOICES = Attendance.choices()  # named for the OpenAPI schema (ENUM_NAME_OVERRIDES)

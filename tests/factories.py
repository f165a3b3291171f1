"""factory-boy factories for rows the tests need outside the demo organization."""
from __future__ import annotations

import factory
from django.contrib.auth import get_user_model

from luoshi.core.trees import child_path
from luoshi.org.choices import UnitKind
from luoshi.org.models import Person, Unit


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "luoshi-demo")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    code = factory.Sequence(lambda n: f"u{n}")
    name = factory.Sequence(lambda n: f"测试科室{n}")
    kind = UnitKind.SECTION
    parent = None

    @factory.post_generation
    def tree(unit, create, extracted, **kwargs):
        unit.tree_path = child_path(unit.parent.tree_path if unit.parent else None, unit.pk)
        Unit.objects.filter(pk=unit.pk).update(tree_path=unit.tree_path)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"测试人员{n}")
    unit = None


def office_file(suffix: str) -> bytes:
    """A real, small .docx or .xlsx, for uploads whose content is checked."""
    import io

    buffer = io.BytesIO()
    if suffix == ".docx":
        import docx

        document = docx.Document()
        document.add_paragraph("测试")
        document.save(buffer)
    else:
        import openpyxl

        openpyxl.Workbook().save(buffer)
    return buffer.getvalue()

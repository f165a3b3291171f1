# A reset proposal says whether it gives a new account its first password; the waiting ones are marked
# from their accounts, which have no usable password yet (a decided one's account no longer tells).

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import migrations, models


def mark_waiting_first_passwords(apps, schema_editor):
    proposals = apps.get_model("org", "RightsProposal")
    proposals.objects.filter(
        kind="reset", status="pending", person__user__password__startswith=UNUSABLE_PASSWORD_PREFIX
    ).update(first_password=True)


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0012_home_unit_proposals"),
    ]

    operations = [
        migrations.AddField(
            model_name="rightsproposal",
            name="first_password",
            field=models.BooleanField(default=False, verbose_name="新账号初始密码"),
        ),
        migrations.RunPython(mark_waiting_first_passwords, migrations.RunPython.noop),
    ]

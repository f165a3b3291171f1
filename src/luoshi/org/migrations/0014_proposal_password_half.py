# A reset proposal keeps the first half of the password, shown to its proposer, until it is decided. A
# reset waiting from before has none: its approval is refused until it is proposed again.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0013_proposal_first_password"),
    ]

    operations = [
        migrations.AddField(
            model_name="rightsproposal",
            name="password_half",
            field=models.CharField(blank=True, editable=False, max_length=16, verbose_name="密码前半段"),
        ),
    ]

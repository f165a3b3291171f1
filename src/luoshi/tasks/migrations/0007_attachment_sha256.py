import hashlib

from django.db import migrations, models


def record_hashes(apps, schema_editor):
    """Files uploaded before hashes were kept get theirs now, so each download can be checked."""
    Attachment = apps.get_model("tasks", "Attachment")
    for attachment in Attachment.objects.filter(sha256="").iterator():
        digest = hashlib.sha256()
        try:
            with attachment.file.open("rb") as handle:
                for chunk in iter(lambda: handle.read(65536), b""):
                    digest.update(chunk)
        except OSError:
            continue  # a file already missing: its download is refused like a changed one
        Attachment.objects.filter(pk=attachment.pk).update(sha256=digest.hexdigest())


class Migration(migrations.Migration):
    dependencies = [("tasks", "0006_ancestor_due_date")]

    operations = [
        migrations.AddField(
            model_name="attachment",
            name="sha256",
            field=models.CharField(default="", editable=False, max_length=64, verbose_name="SHA-256"),
            preserve_default=False,
        ),
        migrations.RunPython(record_hashes, migrations.RunPython.noop),
    ]

"""Task photos stored before uploads were stripped keep their camera's EXIF, the location included: each is
re-encoded as a new upload is (``core.photos.process``, no location), its size and SHA-256 recorded again.
A photo without EXIF is left as it is, so a second run changes nothing. A dry run unless ``--for-real``."""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction

from luoshi.core import photos
from luoshi.tasks.models import Attachment


def has_exif(attachment: Attachment) -> bool:
    from PIL import Image

    with attachment.file.open("rb") as f, Image.open(f) as opened:
        return bool(opened.getexif())


class Command(BaseCommand):
    help = "去除已存任务照片中的 EXIF（含位置信息）；默认只统计，加 --for-real 才改写"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--for-real", action="store_true", help="改写照片（否则只统计）")

    def handle(self, *args: Any, for_real: bool = False, **options: Any) -> None:
        found = 0
        for attachment in Attachment.objects.filter(content_type="image/jpeg").iterator():
            if not has_exif(attachment):
                continue
            found += 1
            if for_real:
                _strip(attachment)
        verb = "已去除" if for_real else "待去除（加 --for-real 改写）"
        self.stdout.write(f"带 EXIF 的任务照片 {found} 张，{verb}")


@transaction.atomic
def _strip(attachment: Attachment) -> None:
    with attachment.file.open("rb") as f:
        photo = photos.process(f, keep_location=False)
    storage, name = attachment.file.storage, attachment.file.name
    storage.delete(name)
    storage.save(name, ContentFile(photo.content))
    attachment.size = len(photo.content)
    attachment.sha256 = hashlib.sha256(photo.content).hexdigest()
    attachment.save(update_fields=["size", "sha256"])

"""What may be uploaded, decided by content: task attachments and directive documents alike.

A file's name says what it claims to be; its first bytes (magic numbers, read with ``filetype``) say what
it is, and both must agree, so a program renamed ``.pdf`` is refused. Plain text has no magic: it is
accepted only if it decodes as UTF-8 or GB18030 and holds no NUL byte. An archive (zip, and the Office
formats that are zips) is refused when its central directory announces more than
``LUOSHI_MAX_UNZIPPED_MB`` or an absurd compression ratio: a 1.5 MB zip bomb inflated to 3.2 GB when a
reader opened it. An Office file that carries VBA (declared in its content types or relationships) is
refused like a .docm. Nothing else is inflated here.
"""

from __future__ import annotations

import codecs
import hashlib
import logging
import re
import secrets
import threading
import zipfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import PurePath
from typing import Any, TypeVar

import filetype
from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage
from django.db import transaction

from .errors import Conflict, InvalidInput

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the compound file of .doc/.xls/.ppt and WPS's own formats
ZIP_KINDS = {"zip", "docx", "xlsx", "pptx"}
# What each allowed suffix must contain: a filetype extension, or "ole", "zip", "text".
CONTENT_OF_SUFFIX = {
    ".pdf": "pdf",
    ".jpg": "jpg",
    ".jpeg": "jpg",
    ".png": "png",
    ".gif": "gif",
    ".bmp": "bmp",
    ".rar": "rar",
    ".7z": "7z",
    ".zip": "zip",
    ".docx": "zip",
    ".xlsx": "zip",
    ".pptx": "zip",
    ".ofd": "zip",
    ".doc": "ole",
    ".xls": "ole",
    ".ppt": "ole",
    ".wps": "ole",
    ".et": "ole",
    ".dps": "ole",
    ".txt": "text",
    ".csv": "text",
}
ALLOWED_SUFFIXES = frozenset(CONTENT_OF_SUFFIX)
# The stored type of content that filetype names only as a family (a compound file, text), by the suffix the
# content was checked against; any other OLE file is a compound file of no type more precise.
FAMILY_TYPES = {
    ".doc": "application/msword",
    ".xls": "application/vnd.ms-excel",
    ".ppt": "application/vnd.ms-powerpoint",
    ".txt": "text/plain",
    ".csv": "text/csv",
}
OLE_TYPE = "application/x-ole-storage"
# An Office file's parts live in its own folder: a zip named .docx without word/ is not a document.
OOXML_FOLDER = {".docx": "word/", ".xlsx": "xl/", ".pptx": "ppt/"}
# Office XML compresses about 10:1; past this a member is built to inflate, not to be read.
MAX_RATIO = 200
RATIO_FLOOR = 1024 * 1024  # members smaller than this inflate to nothing worth refusing
HEAD = 8192
# What declares VBA in an Office file's content types and relationships (read up to MAX_DECLARATION).
MACRO_WORDS = (b"vbaproject", b"vbadata", b"macroenabled")
MAX_DECLARATION = 4 * 1024 * 1024
# A part an Office program loads from elsewhere when the file is opened (a template with macros, a
# frame, an image; a file:// or UNC target hands over the reader's Windows credentials): a
# relationship with TargetMode="External", of any type but a hyperlink, which only a click follows.
RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>", re.IGNORECASE)
EXTERNAL = re.compile(rb"""TargetMode\s*=\s*["']External["']""", re.IGNORECASE)
HYPERLINK = re.compile(rb"""Type\s*=\s*["'][^"']*/hyperlink["']""", re.IGNORECASE)
CHUNK = 64 * 1024

log = logging.getLogger(__name__)
_written = threading.local()  # per thread: the files written in transactions not yet committed


def suffix_of(name: str) -> str:
    """A file name's suffix in lower case (".xlsx"), by which every check judges what the file must hold."""
    return PurePath(name).suffix.lower()


def check_files(files: Sequence[Any], suffixes: Iterable[str] = ALLOWED_SUFFIXES) -> list[Any]:
    """Every file's suffix allowed, size within the limit and content what its suffix says; else a Chinese
    InvalidInput naming the file, before anything is written."""
    allowed = set(suffixes)
    for f in files:
        suffix = suffix_of(f.name)
        if suffix not in allowed:
            kinds = (
                "、".join(sorted(allowed))
                if allowed != ALLOWED_SUFFIXES
                else "PDF、Office/WPS文档、图片、文本、压缩包"
            )
            raise InvalidInput(f"不支持上传“{f.name}”这类文件。可上传：{kinds}", "file_type")
        if f.size > settings.LUOSHI_MAX_UPLOAD_MB * 1024 * 1024:
            raise InvalidInput(f"文件“{f.name}”超过{settings.LUOSHI_MAX_UPLOAD_MB}MB的上限", "file_too_big")
        _check_content(f, suffix)
    return list(files)


def _check_content(f: Any, suffix: str) -> None:
    f.seek(0)
    head = f.read(HEAD)
    f.seek(0)
    expected = CONTENT_OF_SUFFIX[suffix]
    if expected == "text":  # judged by decoding: a line of text may begin like a magic number ("BM…")
        if not _is_text(f):
            raise InvalidInput(
                f"“{f.name}”不是文本文件（应为UTF-8或GB18030编码的文字），请检查后重新上传", "file_content"
            )
    elif content_kind(head) != expected:
        raise InvalidInput(
            f"“{f.name}”的内容与文件类型{suffix}不符，请上传真实的{suffix}文件", "file_content"
        )
    if expected == "zip":
        _check_archive(f, suffix)
    f.seek(0)


def content_kind(head: bytes) -> str | None:
    """What the first bytes say a file is: a filetype extension, "zip" or "ole"; None if they say nothing."""
    if head.startswith(OLE_MAGIC):
        return "ole"
    kind = filetype.guess(head)
    if kind is None:
        return None
    return "zip" if kind.extension in ZIP_KINDS else kind.extension


def _is_text(f: Any) -> bool:
    decoders = [codecs.getincrementaldecoder(name)() for name in ("utf-8", "gb18030")]
    for chunk in iter(lambda: f.read(CHUNK), b""):
        if b"\x00" in chunk:
            return False
        for decoder in list(decoders):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                decoders.remove(decoder)
        if not decoders:
            return False
    return any(_finishes(decoder) for decoder in decoders)


def _finishes(decoder: codecs.IncrementalDecoder) -> bool:
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _check_archive(f: Any, suffix: str) -> None:
    """Sizes from the central directory only. Python's zipfile never inflates a member past the size the
    directory announces, so what is checked here is what any reader (python-docx, openpyxl) gets."""
    try:
        members = zipfile.ZipFile(f).infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise InvalidInput(f"“{f.name}”已损坏，无法打开，请检查后重新上传", "file_content") from None
    cap = settings.LUOSHI_MAX_UNZIPPED_MB * 1024 * 1024
    if sum(m.file_size for m in members) > cap:
        raise InvalidInput(
            f"“{f.name}”解压后超过{settings.LUOSHI_MAX_UNZIPPED_MB}MB的上限", "file_unzipped_too_big"
        )
    if any(m.file_size > RATIO_FLOOR and m.file_size > MAX_RATIO * max(m.compress_size, 1) for m in members):
        raise InvalidInput(f"“{f.name}”的压缩比异常（疑似压缩炸弹），已拒绝", "file_unzipped_too_big")
    folder = OOXML_FOLDER.get(suffix)
    if folder and not any(m.filename.startswith(folder) for m in members):
        raise InvalidInput(
            f"“{f.name}”的内容与文件类型{suffix}不符，请上传真实的{suffix}文件", "file_content"
        )
    f.seek(0)
    if folder and has_macros(zipfile.ZipFile(f)):
        raise InvalidInput(
            f"“{f.name}”含有宏（VBA代码），出于安全考虑不予上传。请另存为不含宏的 {suffix} 后重新上传",
            "file_macro",
        )
    f.seek(0)
    if folder and loads_external_parts(zipfile.ZipFile(f)):
        raise InvalidInput(
            f"“{f.name}”打开时会从外部地址加载模板或内容，出于安全考虑不予上传。"
            f"请在Office中另存为普通 {suffix} 文件（不链接外部模板）后重新上传",
            "file_external",
        )


def has_macros(archive: zipfile.ZipFile) -> bool:
    """An Office file carrying VBA, whatever its parts are called: a vbaProject part is found by the
    content types and relationships that declare it (a macro-enabled main part, a vbaProject or vbaData
    type or relationship), not only by the name ``vbaProject.bin`` that a crafted file need not use."""
    for info in archive.infolist():
        name = info.filename.lower()
        if name.endswith(("vbaproject.bin", "vbadata.xml")):
            return True
        if name == "[content_types].xml" or name.endswith(".rels"):
            with archive.open(info) as part:
                text = part.read(MAX_DECLARATION).lower()
            if any(word in text for word in MACRO_WORDS):
                return True
    return False


def loads_external_parts(archive: zipfile.ZipFile) -> bool:
    """An Office file that fetches a part from outside itself when opened: any relationship marked
    external except a hyperlink (attached templates, frames, linked images and objects)."""
    for info in archive.infolist():
        if info.filename.lower().endswith(".rels"):
            with archive.open(info) as part:
                text = part.read(MAX_DECLARATION)
            for relationship in RELATIONSHIP.findall(text):
                if EXTERNAL.search(relationship) and not HYPERLINK.search(relationship):
                    return True
    return False


def content_type_of(f: Any) -> str:
    """The MIME type of a file that passed ``check_files``, from its content: a browser's or client's
    declared type is whatever it chose to send, so it is never stored."""
    suffix = suffix_of(f.name)
    f.seek(0)
    head = f.read(HEAD)
    f.seek(0)
    kind = None if head.startswith(OLE_MAGIC) else filetype.guess(head)
    if kind is not None and CONTENT_OF_SUFFIX.get(suffix) != "text":
        return str(kind.mime)
    return FAMILY_TYPES.get(suffix) or (
        OLE_TYPE if head.startswith(OLE_MAGIC) else "application/octet-stream"
    )


def sha256_of(f: Any) -> str:
    """The hex SHA-256 of a file read in chunks, left at its start."""
    digest = hashlib.sha256()
    f.seek(0)
    for chunk in iter(lambda: f.read(CHUNK), b""):
        digest.update(chunk)
    f.seek(0)
    return digest.hexdigest()


# ---------------------------------------------------------------- stored files, served only unchanged

Row = TypeVar("Row")


def store_files(files: Sequence[Any], uploaded_by: Any, row_for: Callable[..., Row]) -> list[Row]:
    """Store files already passed by ``check_files``, each as the row ``row_for(**fields)`` builds (the
    caller adds what the row belongs to) with its name, size, type, uploader, token and SHA-256; the file
    is owner-only on disk (FILE_UPLOAD_PERMISSIONS) and deleted again if the transaction rolls back."""
    stored = []
    for f in files:
        row: Any = row_for(
            name=PurePath(f.name).name[:255],
            size=f.size,
            uploaded_by=uploaded_by,
            content_type=content_type_of(f),
            token=secrets.token_urlsafe(24),
            sha256=sha256_of(f),
        )
        row.file.save(row.token, f, save=False)
        removed_on_rollback(row.file.storage, row.file.name)
        row.save()
        stored.append(row)
    return stored


def open_verified(row: Any) -> File:
    """The stored file, open, once its content still hashes to what was recorded at upload: a file changed
    or replaced on disk is refused (and logged), never handed out as the original."""
    handle = row.file.open("rb")
    if sha256_of(handle) != row.sha256:
        handle.close()
        log.error(
            "%s %s (%s) does not match its SHA-256 recorded at upload",
            type(row).__name__,
            row.pk,
            row.file.name,
        )
        raise Conflict(
            f"文件“{row.name}”与上传时的校验值不符，可能已被篡改，已停止下载。请联系系统管理员",
            "file_tampered",
        )
    return handle


# ---------------------------------------------------------------- files written inside a transaction


def removed_on_rollback(storage: Storage, name: str, using: str | None = None) -> None:
    """Have a file just written under ``name`` deleted again if the transaction around it rolls back, so a
    refused change leaves no orphan on disk.

    Django runs commit hooks but has no rollback hook; a rolled-back transaction discards its
    ``on_commit`` callbacks instead. So the file is listed as pending, its transaction's commit takes it
    off the list, and ``remove_uncommitted`` — at the end of every request, and in the tick — deletes
    what is still listed once no transaction is open.
    """
    if not transaction.get_connection(using).in_atomic_block:
        return  # autocommit: the row that names the file is already saved
    entry = (storage, name, using)
    pending = _pending()
    pending.append(entry)
    transaction.on_commit(
        lambda: pending.remove(entry) if entry in pending else None, using=using, robust=True
    )


def remove_uncommitted(**_: Any) -> int:
    """Delete the files whose transactions rolled back; a file whose transaction is still open waits."""
    pending, removed = _pending(), 0
    for entry in list(pending):
        storage, name, using = entry
        if transaction.get_connection(using).in_atomic_block:
            continue
        pending.remove(entry)
        try:
            storage.delete(name)
            removed += 1
        except OSError:
            log.exception("could not remove %s, written by a transaction that rolled back", name)
    return removed


def _pending() -> list[tuple[Storage, str, str | None]]:
    if not hasattr(_written, "files"):
        _written.files = []
    return _written.files

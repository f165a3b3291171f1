"""Readers: bytes or a path in, the normalised text out, or an ExtractError in Chinese."""

from __future__ import annotations

import io
import os
import zipfile
import zlib
from pathlib import Path

from luoshi.core.wordml import blocks, local, paragraph_text, table_rows

from .errors import ExtractError
from .normalize import clean_source

MAX_BYTES = 50 * 1024 * 1024
MACROS = "该文件是含宏（VBA代码）的文档，出于安全考虑不予读取。请在 Word 或 WPS 中另存为 .docx 后再试。"


def decode_text(raw: bytes) -> str:
    """UTF-8 (with or without BOM) first, then GB18030 (a superset of GBK); binary is refused."""
    if not raw.strip():
        raise ExtractError("文件为空，没有可以分解的内容。")
    if b"\x00" in raw[:4096]:
        if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
            try:
                return clean_source(raw.decode("utf-16"))
            except UnicodeDecodeError:
                pass
        raise ExtractError("文件不是文本文件（疑似二进制文件），请提供 .txt 或 .docx 文件。")
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(enc)
        except UnicodeDecodeError:
            continue
        if _looks_binary(text):
            break
        return clean_source(text)
    raise ExtractError("无法识别文件编码，请另存为 UTF-8 或 GB18030 编码的文本文件。")


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    bad = sum(1 for c in sample if (ord(c) < 32 and c not in "\t\n\r\f") or 0xE000 <= ord(c) <= 0xF8FF)
    return bad > max(2, len(sample) // 50)


def docx_text(raw: bytes) -> str:
    """Body paragraphs and table rows in document order (core.wordml: content controls opened, tracked
    changes accepted); a row is its cells joined with a tab."""
    if raw[:4] != b"PK\x03\x04":
        if raw[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
            raise ExtractError("该 .docx 文件已加密或是旧版 .doc 格式，请解除密码或另存为 .docx 后再试。")
        raise ExtractError("该 .docx 文件已损坏，无法打开。")
    from luoshi.core.uploads import has_macros  # Django's: loaded only when a .docx is read

    try:
        macros = has_macros(zipfile.ZipFile(io.BytesIO(raw)))
    except (zipfile.BadZipFile, zlib.error, OSError) as exc:
        raise ExtractError("该 .docx 文件已损坏或不是 Word 文档，无法打开。") from exc
    if macros:  # never handed to anything that could run it
        raise ExtractError(MACROS)
    try:
        import docx

        document = docx.Document(io.BytesIO(raw))
        lines: list[str] = []
        for block in blocks(document.element.body):
            if local(block) == "p":
                lines.append(paragraph_text(block))
            else:
                lines += ["\t".join(row) for row in table_rows(block)]
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ExtractError("该 .docx 文件已损坏或不是 Word 文档，无法打开。") from exc
    except Exception as exc:
        raise ExtractError(
            f"该 .docx 文件无法解析（{type(exc).__name__}），请用 Word 重新保存后再试。"
        ) from exc
    text = clean_source("\n".join(lines))
    if not text.strip():
        raise ExtractError("文档中没有文字内容。")
    return text


def read_document(source: str | os.PathLike | bytes, filename: str | None = None) -> str:
    """Read a .txt/.docx file, raw bytes (``filename`` tells the kind) or pasted text.

    A ``str`` that names no existing file is taken as pasted text.
    """
    if isinstance(source, str) and not _is_path(source):
        text = clean_source(source)
        if not text.strip():
            raise ExtractError("文本为空，没有可以分解的内容。")
        return text
    if isinstance(source, bytes):
        raw = source
    else:
        path = Path(source)
        filename = filename or path.name
        if not path.is_file():
            raise ExtractError(f"找不到文件：{path}")
        if path.stat().st_size > MAX_BYTES:
            raise ExtractError("文件过大（超过 50 MB），请拆分后再处理。")
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise ExtractError(f"无法读取文件：{path}（{exc.strerror}）") from exc
    name = (filename or "").lower()
    if name.endswith((".docm", ".dotm")):
        raise ExtractError(MACROS)
    if name.endswith(".doc") and raw[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ExtractError("不支持旧版 .doc 格式，请在 Word 中另存为 .docx 后再试。")
    if name.endswith(".docx") or (not name.endswith(".txt") and raw[:4] == b"PK\x03\x04"):
        return docx_text(raw)
    return decode_text(raw)


def _is_path(s: str) -> bool:
    if "\n" in s or len(s) > 1024 or not s.strip():
        return False
    try:
        return Path(s).is_file()
    except (OSError, ValueError):
        return False

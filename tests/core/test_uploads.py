"""Uploads are judged by content: the suffix must agree with the magic bytes, text must decode, and an
archive announcing too much once unzipped is refused from its central directory, never inflated."""

import io
import os
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from luoshi.core.errors import InvalidInput
from luoshi.core.uploads import check_files, sha256_of
from tests.factories import macro_office_file, office_file

PE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600


def upload(name, content):
    return SimpleUploadedFile(name, content)


def zipped(**members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name.replace("__", "/"), data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name, content",
    [
        ("报告.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"),
        ("照片.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF"),
        ("图.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 16),
        ("进展.docx", office_file(".docx")),
        ("摸底表.xlsx", office_file(".xlsx")),
        ("旧表.xls", OLE),
        ("旧稿.wps", OLE),
        ("材料.zip", zipped(a__b="材料")),
        ("说明.txt", "各科室要在6月底前完成自查。".encode()),
        ("说明.txt", "各科室要在6月底前完成自查。".encode("gb18030")),
        ("名单.csv", "姓名,单位\n张三,干部一科\n".encode("gbk")),
        ("空.txt", b""),
        ("车型.txt", "BMW 报告".encode()),
    ],
)
def test_a_file_whose_content_matches_its_name_passes(settings, name, content):
    f = upload(name, content)
    assert check_files([f]) == [f] and f.tell() == 0


@pytest.mark.parametrize(
    "name, content",
    [
        ("报告.pdf", PE),
        ("照片.jpg", PE),
        ("进展.docx", PE),
        ("说明.txt", PE),
        ("报告.pdf", office_file(".docx")),
        ("进展.docx", b"%PDF-1.7\n"),
        ("进展.docx", zipped(a="x")),
        ("摸底表.xlsx", office_file(".docx")),
        ("旧表.xls", office_file(".xlsx")),
        ("图.png", b"\xff\xd8\xff\xe0"),
        ("材料.zip", b"PK\x03\x04broken"),
    ],
)
def test_a_file_whose_content_disagrees_with_its_name_is_refused(name, content):
    with pytest.raises(InvalidInput, match=f"“{name}”") as error:
        check_files([upload(name, content)])
    assert error.value.code == "file_content"


@pytest.mark.parametrize(
    "content",
    [b"abc\x00def", b"\xff\xfe\xfd\x80\x81" * 10, bytes(range(1, 256, 4)) + b"\x00"],
    ids=["nul", "undecodable", "binary"],
)
def test_text_that_does_not_decode_or_holds_nul_bytes_is_refused(content):
    with pytest.raises(InvalidInput, match="不是文本文件"):
        check_files([upload("说明.txt", content)])


def test_a_suffix_outside_the_list_is_refused_whatever_the_content():
    with pytest.raises(InvalidInput, match="不支持上传“run.exe”这类文件") as error:
        check_files([upload("run.exe", b"%PDF-1.7\n")])
    assert error.value.code == "file_type"


def test_a_caller_may_allow_fewer_suffixes():
    with pytest.raises(InvalidInput, match="可上传：.docx、.txt"):
        check_files([upload("讲话.pdf", b"%PDF-1.7\n")], {".txt", ".docx"})


def test_an_archive_announcing_more_than_the_cap_is_refused_without_inflating(settings, monkeypatch):
    settings.LUOSHI_MAX_UNZIPPED_MB = 1
    data = zipped(word__document=os.urandom(700 * 1024), word__media=os.urandom(700 * 1024))

    def inflate(*args, **kwargs):
        raise AssertionError("a member was inflated")

    monkeypatch.setattr(zipfile.ZipFile, "open", inflate)
    with pytest.raises(InvalidInput, match="解压后超过1MB的上限") as error:
        check_files([upload("进展.docx", data)])
    assert error.value.code == "file_unzipped_too_big"


def test_a_zip_bomb_is_refused_by_its_compression_ratio(monkeypatch):
    data = zipped(xl__bomb=b"\x00" * (20 * 1024 * 1024))
    assert len(data) < 100 * 1024
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda *a, **k: pytest.fail("a member was inflated"))
    with pytest.raises(InvalidInput, match="压缩比异常"):
        check_files([upload("摸底表.xlsx", data)])


def test_sha256_reads_from_the_start_and_leaves_the_file_there():
    f = upload("说明.txt", b"abc")
    f.read(2)
    assert (
        sha256_of(f) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" and f.tell() == 0
    )


# ---------------------------------------------------------------- files written inside a transaction


@pytest.mark.django_db(transaction=True)
def test_a_file_written_in_a_transaction_that_rolls_back_is_removed(tmp_path):
    from django.core.files.base import ContentFile
    from django.core.files.storage import FileSystemStorage
    from django.db import transaction

    from luoshi.core.uploads import remove_uncommitted, removed_on_rollback

    remove_uncommitted()  # files left by earlier tests, whose transactions rolled back
    storage = FileSystemStorage(location=tmp_path)
    with pytest.raises(RuntimeError), transaction.atomic():
        lost = storage.save("lost.txt", ContentFile(b"x"))
        removed_on_rollback(storage, lost)
        raise RuntimeError("the change is refused after its file was written")
    with transaction.atomic():
        kept = storage.save("kept.txt", ContentFile(b"y"))
        removed_on_rollback(storage, kept)
        with transaction.atomic():
            inner = storage.save("inner.txt", ContentFile(b"z"))
            removed_on_rollback(storage, inner)
            transaction.set_rollback(True)  # the savepoint rolls back, the outer transaction commits
    assert remove_uncommitted() == 2
    assert not storage.exists(lost) and not storage.exists(inner) and storage.exists(kept)
    assert remove_uncommitted() == 0


@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
@pytest.mark.parametrize("how", ["named", "main", "disguised"])
def test_an_office_file_carrying_vba_is_refused_whatever_its_parts_are_called(suffix, how):
    with pytest.raises(InvalidInput) as refused:
        check_files([upload(f"材料{suffix}", macro_office_file(suffix, how))])
    assert refused.value.code == "file_macro" and "含有宏" in refused.value.message


def with_relationship(suffix: str, relationship: bytes) -> bytes:
    """A real .docx or .xlsx whose main part has one more relationship."""
    rels = "word/_rels/document.xml.rels" if suffix == ".docx" else "xl/_rels/workbook.xml.rels"
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(office_file(suffix))) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == rels:
                data = data.replace(b"</Relationships>", relationship + b"</Relationships>")
            dst.writestr(item, data)
    return out.getvalue()


OFFICE = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
@pytest.mark.parametrize(
    "relationship",
    [
        b'<Relationship Id="rId90" Type="' + OFFICE + b'attachedTemplate" '
        b'Target="http://169.254.169.254/evil.dotm" TargetMode="External"/>',
        b"<Relationship TargetMode='external' Target='file://10.0.0.66/share/normal.dotm' "
        b"Type='" + OFFICE + b"frame' Id='rId91'/>",
        b'<Relationship Id="rId92" Type="'
        + OFFICE
        + b'image" Target="\\\\host\\a.png" TargetMode="External"/>',
    ],
)
def test_an_office_file_that_loads_a_part_from_elsewhere_is_refused(suffix, relationship):
    with pytest.raises(InvalidInput) as refused:
        check_files([upload(f"材料{suffix}", with_relationship(suffix, relationship))])
    assert refused.value.code == "file_external" and "外部地址" in refused.value.message


@pytest.mark.parametrize(
    "relationship",
    [
        b'<Relationship Id="rId93" Type="'
        + OFFICE
        + b'hyperlink" Target="http://www.gov.cn/" TargetMode="External"/>',
        b'<Relationship Id="rId94" Type="' + OFFICE + b'image" Target="media/image1.png"/>',
    ],
)
def test_links_a_reader_clicks_and_parts_inside_the_file_pass(relationship):
    assert check_files([upload("材料.docx", with_relationship(".docx", relationship))])


# ---------------------------------------------------------------- the stored type


class _FieldFile:
    def __init__(self, storage):
        self.storage, self.name = storage, ""

    def save(self, name, content, save=False):
        self.name = self.storage.save(name, content)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("完成情况报告.pdf", b"%PDF-1.4 demo", "application/pdf"),
        (
            "工作机制.docx",
            office_file(".docx"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("照片.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
        ("旧表.xls", OLE, "application/vnd.ms-excel"),
        ("名单.csv", "姓名,单位\n".encode(), "text/csv"),
        ("说明.txt", "各科室要在6月底前完成自查。".encode(), "text/plain"),
    ],
)
def test_a_stored_file_has_the_type_its_content_says_not_the_one_it_was_sent_with(
    tmp_path, name, content, expected
):
    from types import SimpleNamespace

    from django.core.files.storage import FileSystemStorage

    from luoshi.core.uploads import store_files

    storage = FileSystemStorage(location=tmp_path)

    def row_for(**fields):
        return SimpleNamespace(**fields, file=_FieldFile(storage), save=lambda: None)

    sent = SimpleUploadedFile(name, content, content_type="text/html")
    [row] = store_files(check_files([sent]), None, row_for)
    assert row.content_type == expected

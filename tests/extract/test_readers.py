import io
import zipfile

import pytest

from luoshi.extract import ExtractError, read_document

TEXT = "各科室要在6月底前完成任务。\n"


def test_utf8_with_and_without_bom_and_crlf(tmp_path):
    for raw in (TEXT.encode("utf-8"), b"\xef\xbb\xbf" + TEXT.replace("\n", "\r\n").encode("utf-8")):
        p = tmp_path / "a.txt"
        p.write_bytes(raw)
        assert read_document(p) == TEXT


def test_gb18030_and_gbk_detected(tmp_path):
    p = tmp_path / "g.txt"
    p.write_bytes(TEXT.encode("gbk"))
    assert read_document(p) == TEXT
    assert read_document(TEXT.encode("gb18030"), filename="x.txt") == TEXT


def test_pasted_text_is_read_as_text():
    assert read_document("各单位要抓好落实。\r\n") == "各单位要抓好落实。\n"


def test_docx_paragraphs_and_table_rows(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("任务分工表")
    t = d.add_table(rows=2, cols=3)
    for cell, text in zip(t.rows[0].cells, ("序号", "具体措施", "牵头单位")):
        cell.text = text
    for cell, text in zip(t.rows[1].cells, ("1", "制定培训计划", "干部教育科")):
        cell.text = text
    d.add_paragraph("各科室要抓好落实。")
    p = tmp_path / "t.docx"
    d.save(p)
    assert (
        read_document(p)
        == "任务分工表\n序号\t具体措施\t牵头单位\n1\t制定培训计划\t干部教育科\n各科室要抓好落实。"
    )


@pytest.mark.parametrize(
    "raw,name,needle",
    [
        (b"", "e.txt", "为空"),
        (b"   \n\n", "e.txt", "为空"),
        (bytes(range(256)) * 20, "b.bin", "二进制"),
        (b"PK\x03\x04garbage-not-a-zip", "c.docx", "损坏"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "enc.docx", "加密"),
        (b"just text", "c.docx", "损坏"),
    ],
)
def test_bad_input_gives_chinese_error(tmp_path, raw, name, needle):
    p = tmp_path / name
    p.write_bytes(raw)
    with pytest.raises(ExtractError) as exc:
        read_document(p)
    assert needle in str(exc.value)


def _macro_document() -> bytes:
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        dst.writestr("word/vbaProject.bin", b"\0" * 100)
    return out.getvalue()


@pytest.mark.parametrize("name", ["讲话.docm", "讲话.docx"])
def test_a_document_with_macros_is_refused_unread(name):
    with pytest.raises(ExtractError, match="含宏"):
        read_document(_macro_document(), filename=name)


def test_a_form_s_content_controls_and_tracked_changes_are_read():
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    d = docx.Document()
    body = (
        "<w:sdt><w:sdtContent><w:p><w:r><w:t>各科室要</w:t></w:r>"
        "<w:ins w:id='1' w:author='a'><w:r><w:t>认真</w:t></w:r></w:ins>"
        "<w:del w:id='2' w:author='a'><w:r><w:delText>随意</w:delText></w:r></w:del>"
        "<w:r><w:t>抓好落实。</w:t></w:r></w:p></w:sdtContent></w:sdt>"
    )
    for child in parse_xml(f"<w:body {nsdecls('w')}>{body}</w:body>"):
        d.element.body[-1].addprevious(child)
    buffer = io.BytesIO()
    d.save(buffer)
    assert read_document(buffer.getvalue(), filename="通知.docx") == "各科室要认真抓好落实。"


def test_zip_that_is_not_a_word_document(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(ExtractError, match="docx"):
        read_document(buf.getvalue(), filename="x.docx")


def test_unreadable_encoding(tmp_path):
    p = tmp_path / "u.txt"
    p.write_bytes("各科室要抓好落实".encode("utf-16-be").replace(b"\x00", b"\x81"))
    with pytest.raises(ExtractError):
        read_document(p)


def test_missing_file():
    with pytest.raises(ExtractError, match="找不到文件"):
        read_document(__import__("pathlib").Path("/nonexistent/x.txt"))


@pytest.mark.parametrize("how", ["main", "disguised"])
def test_a_document_whose_macros_are_not_named_vbaproject_is_refused_unread(how):
    from tests.factories import macro_office_file

    with pytest.raises(ExtractError, match="含宏"):
        read_document(macro_office_file(".docx", how), filename="讲话.docx")

import io

from openpyxl import Workbook


def sheet(*rows, header=("日期", "类型", "名称")) -> bytes:
    """An .xlsx with the header and the given rows on its first sheet."""
    wb = Workbook()
    ws = wb.active
    if header:
        ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()

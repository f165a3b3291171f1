"""Text as an XML document may hold it.

A Word document (python-docx, lxml) and an openpyxl workbook are XML, and XML 1.0 forbids the control
characters other than tab, line feed and carriage return (and U+FFFE, U+FFFF, lone surrogates): lxml
raises ``ValueError`` and openpyxl ``IllegalCharacterError`` on them. Typed text may hold one (an API
body, a pasted line with a vertical tab from a Word .doc, an imported cell), so the writers put every
text through ``xml_text`` rather than each form, serializer and import refusing it on the way in.
"""

from __future__ import annotations

import re

XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids."""
    return XML_FORBIDDEN.sub("", text)

"""A workbook cell's look as XlsxWriter format properties, read with openpyxl: fonts, solid fills (theme
colours resolved against the file's theme), borders, alignment and wrap, number formats."""

from __future__ import annotations

import colorsys
import re
from typing import Any

BORDERS = {
    "thin": 1,
    "medium": 2,
    "dashed": 3,
    "dotted": 4,
    "thick": 5,
    "double": 6,
    "hair": 7,
    "mediumDashed": 8,
    "dashDot": 9,
    "mediumDashDot": 10,
    "dashDotDot": 11,
    "mediumDashDotDot": 12,
    "slantDashDot": 13,
}
ALIGN = {"left": "left", "center": "center", "right": "right", "fill": "fill", "justify": "justify"}
ALIGN |= {"centerContinuous": "center_across", "distributed": "distributed"}
VALIGN = {"top": "top", "center": "vcenter", "bottom": "bottom", "justify": "vjustify"}
VALIGN |= {"distributed": "vdistributed"}
SCHEME = ("lt1", "dk1", "lt2", "dk2", "accent1", "accent2", "accent3", "accent4", "accent5", "accent6")


def theme_colours(xml: bytes | None) -> list[str]:
    """The theme's colours in the order cells name them (background 1, text 1, background 2, …)."""
    if not xml:
        return []
    colours = {}
    for name in SCHEME:
        found = re.search(
            rb"<(?:\w+:)?" + name.encode() + rb'>.*?(?:val|lastClr)="([0-9A-Fa-f]{6})"', xml, re.DOTALL
        )
        colours[name] = found[1].decode() if found else "000000"
    return [colours[name] for name in SCHEME]


def _colour(color: Any, theme: list[str]) -> str | None:
    """An openpyxl colour as #RRGGBB: its own, an indexed one, or the theme's with its tint."""
    from openpyxl.styles.colors import COLOR_INDEX

    if color is None:
        return None
    if color.type == "rgb" and isinstance(color.rgb, str) and len(color.rgb) == 8:
        return "#" + color.rgb[2:]
    if color.type == "indexed" and isinstance(color.indexed, int) and color.indexed < 64:
        return "#" + COLOR_INDEX[color.indexed][2:]
    if color.type == "theme" and isinstance(color.theme, int) and color.theme < len(theme):
        red, green, blue = (int(theme[color.theme][i : i + 2], 16) / 255 for i in (0, 2, 4))
        hue, light, sat = colorsys.rgb_to_hls(red, green, blue)
        tint = float(color.tint or 0)
        light = light * (1 + tint) if tint < 0 else light * (1 - tint) + tint
        return "#" + "".join(f"{round(v * 255):02X}" for v in colorsys.hls_to_rgb(hue, light, sat))
    return None


def font_style(font: Any, theme: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if font.name:
        out["font_name"] = font.name
    if font.sz:
        out["font_size"] = float(font.sz)
    if font.b:
        out["bold"] = True
    if font.i:
        out["italic"] = True
    if font.u:
        out["underline"] = 2 if font.u == "double" else 1
    if colour := _colour(font.color, theme):
        out["font_color"] = colour
    return out


def cell_style(cell: Any, theme: list[str]) -> dict[str, Any]:
    """A cell's style as XlsxWriter format properties; {} for a cell without one."""
    if not getattr(cell, "has_style", False):  # an empty cell of a streamed row has none
        return {}
    out = font_style(cell.font, theme)
    if cell.fill.fill_type == "solid" and (colour := _colour(cell.fill.fgColor, theme)):
        out["bg_color"] = colour
    for side in ("left", "right", "top", "bottom"):
        line = getattr(cell.border, side)
        if line is not None and line.style in BORDERS:
            out[side] = BORDERS[line.style]
            if colour := _colour(line.color, theme):
                out[f"{side}_color"] = colour
    align = cell.alignment
    if align.horizontal in ALIGN:
        out["align"] = ALIGN[align.horizontal]
    if align.vertical in VALIGN:
        out["valign"] = VALIGN[align.vertical]
    if align.wrap_text:
        out["text_wrap"] = True
    if align.shrink_to_fit:
        out["shrink"] = True
    if align.indent:
        out["indent"] = int(align.indent)
    if align.text_rotation:
        out["rotation"] = int(align.text_rotation)
    if cell.number_format and cell.number_format != "General":
        out["num_format"] = cell.number_format
    return out

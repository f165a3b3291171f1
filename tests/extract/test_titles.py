"""A requirement's task name: short, without its list marker, actor, lead-in or deadline phrase."""

import pytest

from luoshi.extract.titles import TITLE_LENGTH, short_title


@pytest.mark.parametrize(
    "text, phrase, title",
    [
        (
            "（一）要在明年1月底前完成全市干部档案专项审核工作，确保不漏一人。",
            "明年1月底前",
            "完成全市干部档案专项审核工作",
        ),
        ("1. 干部一科要开展年轻干部调研。", "", "开展年轻干部调研"),
        ("一是增强“复命”意识，通俗来讲就是要“扯回销”", "", "增强“复命”意识"),
        ("各科室要在年底前完成自查。", "年底前", "完成自查"),
        ("一要认真学习，深刻领会精髓。", "", "认真学习"),
        ("各分管副部长要组织分管科室专题学习，结合分管工作", "", "组织分管科室专题学习"),
        ("干部二科必须于6月底前完善考核办法", "6月底前", "完善考核办法"),
        ("重要指示精神要传达到每个支部", "", "重要指示精神要传达到每个支部"),
        ("由干部二科牵头，办公室配合，每月5日前报送进展", "", "由干部二科牵头"),
    ],
)
def test_short_title(text, phrase, title):
    assert short_title(text, phrase) == title


def test_a_long_clause_is_cut_with_an_ellipsis():
    title = short_title("要" + "认真" * 80)
    assert len(title) == TITLE_LENGTH and title.endswith("…")


def test_nothing_left_keeps_the_text():
    assert short_title("（一）") == "（一）"

from luoshi.extract.noise import noise_spans


def covered(text, part):
    s = text.index(part)
    return any(a <= s and s + len(part) <= b for a, b in noise_spans(text))


def test_the_half_sentence_where_the_page_store_cut_the_text():
    text = "一、总体要求\n各单位要在6月底前报送总结。\n各县(区)委组织部部长,市直各单位分管负责同志,市委"
    assert covered(text, "各县(区)委组织部部长,市直各单位分管负责同志,市委")
    assert not covered(text, "各单位要在6月底前报送总结")


def test_the_title_and_enquiry_fields_of_a_disclosure_catalogue_are_noise():
    text = "标 题: | 某县人民政府办公室关于印发年度任务的通知 | |\n政策咨询机关: | |\n各单位要认真落实。"
    assert covered(text, "标 题: | 某县人民政府办公室关于印发年度任务的通知 | |")
    assert covered(text, "政策咨询机关: | |")
    assert not covered(text, "各单位要认真落实")


def test_a_final_heading_or_table_row_is_not_a_cut():
    assert noise_spans("一、深化理论武装\n1. 制定计划。\n二、建设干部队伍\n") == []
    assert noise_spans("要点如下：\n1\t制定计划\t6月底前\t干部一科") == []
    assert noise_spans("周次 | 起止日期 | 主要工作 |\n第二周 | 3月4日-3月10日 | 召开家长会 |") == []
    assert noise_spans("序号  工作任务  完成时限\n1  制定计划  6月底前") == []


def test_the_sentence_before_a_paywall_across_blank_lines():
    text = "一要学习。大家要相互支持、相互补台,保\n\n---此处隐藏5422字,下载后查看---\n\n度非常高。"
    assert covered(text, "大家要相互支持、相互补台,保")


def test_the_title_line_of_the_document():
    text = "组织部长在组织部机关全体干部会议上的讲话\n\n一、树立八种意识\n要积极参与要点编制。"
    assert covered(text, "组织部长在组织部机关全体干部会议上的讲话")
    assert not covered(text, "一、树立八种意识")


def test_the_catalogue_of_a_disclosure_page_is_noise():
    text = (
        "索 引 号: | 0001/2023-01 | 信息分类: | |\n"
        "文 号: | 某府办发〔2023〕1号 |\n各单位要在6月底前报送总结。"
    )
    assert covered(text, "索 引 号: | 0001/2023-01 | 信息分类: | |")
    assert covered(text, "文 号: | 某府办发〔2023〕1号 |")
    assert not covered(text, "各单位要在6月底前报送总结")


def test_a_report_by_the_public_is_no_site_button():
    text = "各乡镇要对群众举报问题进行认真梳理。\n举报\n"
    assert not covered(text, "各乡镇要对群众举报问题进行认真梳理")
    button = text.rindex("举报")
    assert any(a <= button and button + 2 <= b for a, b in noise_spans(text))


def test_a_sites_copyright_statement_is_noise():
    from luoshi.extract.noise import noise_spans

    text = "各村要加强巡查。\n版权申明:“惠农网”的所有作品,未经本网书面授权不得全部或部分使用。\n"
    (span,) = noise_spans(text)
    assert text[span[0] : span[1]].startswith("版权申明")


def test_a_table_row_without_its_closing_cell_is_cut_whole():
    text = (
        "周次 | 日期 | 内容 |\n1 | 3.2—3.8 | 召开开学工作会议; 开展安全检查。 |\n"
        "2 | 3.9—3.15 | 组织教师培训; 启动读书"
    )
    assert covered(text, "2 | 3.9—3.15 | 组织教师培训; 启动读书")
    assert not covered(text, "召开开学工作会议")


def test_a_notice_that_says_where_to_download_its_form_is_no_site_button():
    text = "各党组织登陆党建网，点击下载附件“预审表”，认真填写后上报。\n点击下载文档\n"
    assert not covered(text, "各党组织登陆党建网")
    assert covered(text, "点击下载文档")


def test_the_lines_of_a_web_pages_frame_are_noise():
    from luoshi.extract.noise import frame_line

    for line in (
        "发布时间：2022-08-23 14：52 信息来源：寿县人民政府 阅读次数：2508",
        "|| 2021-08-05 16：21：14 编辑： 刘燕 审核人：叶玲玲 阅读次数：2508 |",
        "（来源：应城市杨河镇  通讯员：王梦瑜  一审编辑：唐会军）",
        "来源：红网邵阳站",
        "责任编辑：刘进",
        "打印本页   关闭窗口   返回顶部",
        "字体大小：【大】 【中】 【小】",
        "时间：2022-06-29 10：40：26",
        "- 发布日期： 2016-06-13 阅读次数：次 【关闭窗口】",
    ):
        assert frame_line(line), line
    text = "来源：县政府办  作者：张三  阅读次数：12\n各乡镇要加强巡查。\n分享到：\n"
    assert covered(text, "来源：县政府办  作者：张三  阅读次数：12")
    assert covered(text, "分享到：")
    assert not covered(text, "各乡镇要加强巡查")


def test_a_notices_own_times_and_a_sentence_that_names_a_button_are_no_frame():
    from luoshi.extract.noise import frame_line

    for line in (
        "活动时间：2015年3月9日下午（周一）",
        "时间：2009年9月28日（星期一）8：30",
        "二、时间：9月21日-11月30日",
        "领取已考试卷、打印空白成绩登记册、组织教师阅卷 |",
        "会议期间关闭手机或将手机调至静音状态。",
        "单位： 联系人： 联系电话： 日期：",
        "来源：各单位报送的材料，由办公室汇总",
    ):
        assert not frame_line(line), line


def test_a_table_row_cut_after_its_task_cell_keeps_the_task():
    # the page store cut the row's last cell (its progress), not the task closed before it
    text = (
        "序号 | 工作任务 | 牵头单位 | 落实进展情况 |\n"
        "1 | 提高城乡低保标准，将低保最低补差水平提高到每人每月609元。 | 市民政局 | 已完成。 |\n"
        "2 | 将困难残疾人生活补贴标准从每人每年2100元提高到每人每年2200元。 | 市民政局 | "
        "已完成。从2020年1月1日起,已将我市困难"
    )
    assert covered(text, "已完成。从2020年1月1日起,已将我市困难")
    assert not covered(text, "将困难残疾人生活补贴标准")

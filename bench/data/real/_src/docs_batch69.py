"""Sixty-ninth batch (2026-12-06): documents from web sites no earlier batch came from — a city government office's 2001
notice that sets up a 落实情况报告制度 (a page that mixes traditional characters and stray pinyin), a county's 调度会 on its
government report's key work, a county government's 全体会议 (traditional characters), and three companies' 安全生产月
meetings (a group's 启动会, a 动员会 with a site's runs of commas, a group's 安全例会). Found in the page store, checked
against index.tsv by the domain of the source address and by title, drawn by the hash of the source address (SHA-1,
first eight hex digits modulo 3; 0 -> test) and labelled by GUIDE.md and LABELLING.md before the engine ran on any of
them."""

_CHENGDU = """《成都市人民政府辦公廳關(guān)于建立政府工作落實(shí)情況報告制度的通知》
瀏覽量: 時(shí)間:2018-11-13 15:36:26
《成都市人民政府辦公廳關(guān)于建立政府工作落實(shí)情況報告制度的通知》
各區(市)縣政府,市政府各部門(mén):
根據省政府建立政府工作落實(shí)情況報告制度的決定和李春城市長(cháng)的批示要求,市政府決定建立政府工作落實(shí)情況報告制度?,F將有關(guān)事項通知如下:
一、報告內容:工業(yè)、對外開(kāi)放、科技、城市環(huán)境綜合整治、基礎設施建設、農業(yè)、教育、三大基本國策實(shí)施、財政、社會(huì )保障、旅游、民政、文化、衛生、廣電、體育、新聞出版、婦女兒童、廉政建設等重要工作、重大項目的落實(shí)情況,包括進(jìn)度、經(jīng)驗、問(wèn)題及建議。
二、已經(jīng)完成的重要工作、重大項目要認真總結,向市政府專(zhuān)題報告。
三、各區(市)縣政府、市政府各部門(mén)及重點(diǎn)工程業(yè)主確定一名領(lǐng)導同志分管此項工作,并確定一名聯(lián)絡(luò )員。各單位聯(lián)系電話(huà)于4月15日前報送市政府研究室。
四、各區(市)縣政府、市政府各部門(mén)每月10日前要將上一個(gè)月或前一階段的工作情況書(shū)面報送市政府研究室,以便匯總上報省政府和市委、市政府。(聯(lián)系人:林曉勤、劉軼、蒲發(fā)友;聯(lián)系電話(huà):6633479;傳真:6693363)。
二○○一年四月四日

掃描二維碼 關(guān)注我們"""

_ZHONGHONG = """10月17日,我县召开2020年度县政府工作报告重点工作和民生实事专题调度会议。县领导刘卫忠、李刚、王春平、吴表辉参加会议。
刘卫忠要求,各级各部门要对照年初目标任务,把问题找准,把措施理清,把责任压实,以争创一流的定位推动各项重点工作争先进位。要聚焦重点,靶向发力,对重大项目、重要工作、重点事项务必紧盯不放,加快推进。要解放思想,开拓创新,精准施策,以攻坚克难的勇气破解发展难题。同时,要改进作风,提速提效,以奋发有为的状态确保各项工作落地落细落实,确保2020年圆满收官。"""

_ZHENKANG = """2月26日,縣委副書記、縣長張德花主持召開第十八屆縣人民政府第四次全體會議,強調(diào)全縣各級各部門要把思想和行動統(tǒng)一到黨中央、國務(wù)院、省委、省政府、市委、市政府及縣委的決策部署上來,堅定信心、迅速行動、苦干實干,確保既定目標(biāo)順利實現(xiàn),奮力推動鎮(zhèn)康經(jīng)濟(jì)社會高質(zhì)量發(fā)展。
張德花強調(diào),要認(rèn)清形勢、堅定信心,迅速抓落實,將鎮(zhèn)康的區(qū)位優(yōu)勢、比較優(yōu)勢、后發(fā)優(yōu)勢全面轉(zhuǎn)化為爭先進(jìn)位優(yōu)勢,贏得發(fā)展主動。要提升本領(lǐng),提高工作標(biāo)準(zhǔn),創(chuàng)新工作方式,用事實來說話、拿成果去檢驗、以實績論英雄。要樹立機遇意識,用好政策,抓住發(fā)展機遇,積極向上匯報爭取支持。要撲下身子抓落實,樹牢“一盤棋”思想,確保各項工作落地見效。要守牢底線抓落實,牢牢守住工作底線、安全底線、廉政底線,堅定不移推進(jìn)政府系統(tǒng)黨風(fēng)廉政建設(shè)和反腐敗斗爭向縱深發(fā)展。
會上,施金龍、王立琛、黎旭、楊學(xué)能、李天福、吳浩分別做工作安排。"""

_JIUZHOU = """為認真貫徹執行集團“永遠戰戰兢兢,如履薄冰,永遠警鐘長鳴,防范未然”的安全生產理念,壓緊壓實安全生產責任,5月27日上午,集團組織召開2023年“安全生產月”啟動會,安全生產月主題為“人人講安全、個個會應急”。
會議要求,各成員企業要根據集團方案,結合本單位實際情況開展安全生產月活動,要突出重點、精心組織、及時制定各成員企業的“安全生產月”活動方案,扎實開展安全生產月各項活動。"""

_GANXI = """今年6月是第21个全国“安全生产月”。。。。。。。为广泛传播安全知识,,,,,推动树牢安全发展理念,,,,,日前集团公司召开“安全生产月”系列活动动员会,,,,,对“安全生产月”专项活动进行动员布置。。。。。。。
会上指出,,,,,“安全生产月”期间成员单位要学习贯彻好上级安全指示及新《安全生产法》要求,,,,,各单位安全工作主要负责人要开展安全专题讲座,,,,,并调动一线员工积极讲述身边的安全故事,,,,,以活动促工作提升广大员工安全意识。。。。。。。同时,,,,,要结合企业实际,,,,,推动安全宣教培训和应急演练活动的开展。。。。。。。
会议强调,,,,,要以此次“安全生产月”系列活动开展为契机,,,,,提升企业安全工作管理水平,,,,,规范安全工作行为,,,,,巩固安全生产专项整治三年行动和安全大检查成效,,,,,为党的二十大胜利召开创造良好的安全环境。。。。。。。(集团公司行政管理部 王世华)"""

_JOANNA = """集團公司開展“安全生產月”系列活動
今年6月是全國第19個“安全生產月”,月初伊始,集團公司圍繞“消除事故隱患,筑牢安全防線”活動主題,開展了系列活動。
6月5日,在召開的6月安全例會上,舉辦了集團公司“安全生產月”活動啟動儀式,集團公司副總經理程文慶代表集團公司宣布活動開始后,就各單位深入扎實開展“安全生產月”活動做了動員講話,他強調各單位:一是要高度認識,提高政治站位。把“安全生產月”活動做為一項政治任務抓緊抓實;二是營造氛圍,確保全員參與。要制作條幅、標語、宣傳冊,并利用微信、抖音、快手等平臺,廣泛開展宣傳活動,努力營造氛圍,吸引廣大職工積極主動參與“安全生產月”活動,三是注重實效,推動安全工作上臺階。要通過“安全生產月”活動不斷提高本單位安全責任體系落實到位,不斷提高廣大職工安全經營意識,確保持續(xù)改善本單位安全經營環境。
6月9日,集團公司領導班子成員以及機關工作人員集體觀看了2020年“安全生產月”警示教育片《痛·思》,觀看結束后,舉辦了安全承諾宣誓活動,集團公司班子成員及機關各科室工作人員參加了安全承諾宣誓活動。"""


def _span(text: str, first: str, last: str) -> str:
    """The text from `first` through `last` (both included), `last` searched after `first`."""
    start = text.index(first)
    return text[start : text.index(last, start) + len(last)]


_CHENGDU_UNITS = ["各區(市)縣政府", "市政府各部門(mén)"]
_GANXI_MONTH = "2022-06-30|“安全生产月”期间"

DOCS = [
    dict(
        id="no-jumpstart-chengdu",
        genre="notice",
        split="dev",
        date="2001-04-04",
        base_date="2001-04-04",
        title="成都市人民政府办公厅关于建立政府工作落实情况报告制度的通知（2001年，转载页）",
        source="http://www.jumpstarthappiness.com/rule/45663.html",
        text=_CHENGDU,
        items=[
            (_span(_CHENGDU, "一、報告內容:", "問(wèn)題及建議。"), False, [], None),
            ("二、已經(jīng)完成的重要工作、重大項目要認真總結,向市政府專(zhuān)題報告。", True, [], None),
            (
                _span(_CHENGDU, "三、各區(市)縣政府", "于4月15日前報送市政府研究室。"),
                True,
                [*_CHENGDU_UNITS, "重點(diǎn)工程業(yè)主"],
                "2001-04-15|4月15日前",
            ),
            (
                _span(_CHENGDU, "四、各區(市)縣政府", "上報省政府和市委、市政府。"),
                True,
                _CHENGDU_UNITS,
                None,
            ),
        ],
    ),
    dict(
        id="ss-zhonghongnet-diaodu",
        genre="speech_summary",
        split="test",
        date="2020-10-20",
        base_date="2020-10-17",
        title="县政府工作报告重点工作和民生实事专题调度会议（2020年，县报）",
        source="https://szb.zhonghongnet.com/Html/2020-10-20/9733.html",
        text=_ZHONGHONG,
        items=[
            (
                _span(_ZHONGHONG, "刘卫忠要求,各级各部门要", "推动各项重点工作争先进位。"),
                True,
                ["各级各部门"],
                None,
            ),
            ("要聚焦重点,靶向发力,对重大项目、重要工作、重点事项务必紧盯不放,加快推进。", True, [], None),
            ("要解放思想,开拓创新,精准施策,以攻坚克难的勇气破解发展难题。", True, [], None),
            (_span(_ZHONGHONG, "同时,要改进作风", "确保2020年圆满收官。"), True, [], None),
        ],
    ),
    dict(
        id="ss-qrrfcrh-zhenkang",
        genre="speech_summary",
        split="dev",
        date="2022-02-26",
        base_date="2022-02-26",
        title="镇康县第十八届县人民政府第四次全体会议（年份未载，繁体转载页）",
        source="https://qrrfcrh.cn/artview/681/256595.html",
        text=_ZHENKANG,
        items=[
            (
                _span(_ZHENKANG, "強調(diào)全縣各級各部門要", "經(jīng)濟(jì)社會高質(zhì)量發(fā)展。"),
                False,
                [],
                None,
            ),
            (_span(_ZHENKANG, "張德花強調(diào),要認(rèn)清形勢", "贏得發(fā)展主動。"), True, [], None),
            (_span(_ZHENKANG, "要提升本領(lǐng)", "以實績論英雄。"), True, [], None),
            ("要樹立機遇意識,用好政策,抓住發(fā)展機遇,積極向上匯報爭取支持。", True, [], None),
            ("要撲下身子抓落實,樹牢“一盤棋”思想,確保各項工作落地見效。", True, [], None),
            (_span(_ZHENKANG, "要守牢底線抓落實", "反腐敗斗爭向縱深發(fā)展。"), True, [], None),
        ],
    ),
    dict(
        id="ss-jiuzhoutl-anquanyue",
        genre="speech_summary",
        split="test",
        date="2023-05-27",
        base_date="2023-05-27",
        title="集团2023年“安全生产月”启动会（繁体转载页）",
        source="http://www.jiuzhoutl.com/news_show/1434.html",
        text=_JIUZHOU,
        items=[
            (
                "各成員企業要根據集團方案,結合本單位實際情況開展安全生產月活動",
                True,
                ["各成員企業"],
                None,
            ),
            (
                "要突出重點、精心組織、及時制定各成員企業的“安全生產月”活動方案,扎實開展安全生產月各項活動。",
                True,
                ["各成員企業"],
                None,
            ),
        ],
    ),
    dict(
        id="ss-315ganxi-anquanyue",
        genre="speech_summary",
        split="dev",
        date="2022-06-01",
        base_date="2022-06-01",
        title="集团公司“安全生产月”系列活动动员会（2022年，第21个安全生产月）",
        source="https://www.315ganxi.net/contents/230/3689.html",
        text=_GANXI,
        items=[
            (
                "“安全生产月”期间成员单位要学习贯彻好上级安全指示及新《安全生产法》要求",
                True,
                ["成员单位"],
                _GANXI_MONTH,
            ),
            (
                _span(_GANXI, "各单位安全工作主要负责人要开展安全专题讲座", "提升广大员工安全意识。"),
                True,
                ["各单位安全工作主要负责人"],
                _GANXI_MONTH,
            ),
            (_span(_GANXI, "同时,,,,,要结合企业实际", "应急演练活动的开展。"), True, [], None),
            (_span(_GANXI, "会议强调,,,,,要以此次", "创造良好的安全环境。"), True, [], None),
        ],
    ),
    dict(
        id="ss-joannaborromeo-anquanyue",
        genre="speech_summary",
        split="test",
        date="2020-06-11",
        base_date="2020-06-05",
        title="集团公司开展“安全生产月”系列活动（2020年6月安全例会上的动员讲话，繁体转载页）",
        source="http://joannaborromeo.com/xwdt/jtxw/202006/t20200611_1026910.html",
        text=_JOANNA,
        items=[
            (_span(_JOANNA, "一是要高度認識", "做為一項政治任務抓緊抓實;"), True, ["各單位"], None),
            (_span(_JOANNA, "二是營造氛圍", "積極主動參與“安全生產月”活動,"), True, ["各單位"], None),
            (_span(_JOANNA, "三是注重實效", "改善本單位安全經營環境。"), True, ["各單位"], None),
        ],
    ),
]

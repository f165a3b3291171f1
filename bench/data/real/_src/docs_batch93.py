"""Ninety-third batch (2026-12-07): speeches and speech summaries from web sites no earlier batch came from, to keep
the genre mix of batches 91 and 92 honest — a 乡's 秸秆禁烧 speech cut in its first point (a 范文 page), a city's
秸秆禁烧 meeting script whose host's words end where the site's paywall begins, a 乡党委书记's orders before a storm
and a district's 秸秆禁烧 meeting told by its 农业农村局. Found with the `pages` search, checked against index.tsv by
registered domain, drawn by the hash of the source address and labelled before the engine ran on them."""

_JINSHAO = "范文中心:在乡村秸秆禁烧动员会议上的讲话\n更新时间:2023-02-22 11:36:49 阅读: 评论:0\n范文中心:在乡村秸秆禁烧动员会议上的讲话范文中心:目前,夏收工作即将开始,秸秆禁烧工作又到了关键时刻。为切实做好今年的夏季秸秆综合利用和禁烧工作,乡党委、政府决定召开由全体机关干部、乡直部门负责人以及所有村干部参加的动员大会,主要目的就是要动员全乡广大党员、干部以及广大村民积极响应上级党委、政府的号召,自觉的遵守相关规定,圆满完成夏季禁烧工作任务。现就当前工作,我讲以下几点意见:一、提高认识,认清形势近年来,因为焚烧秸秆而引起火灾、造成人员受伤和财产损失的例子不在少数,秸秆乱堆乱放问题依然存在,焚烧现象仍时有发生,因禁烧工作不力受处分的乡村两级干部也有很多。我们xx乡去年也出现了几起小火点,好在及时进行了扑灭,但也浪费了我们不少人力、物力。可以说,秸秆焚烧害人害己,有百害而无一利。大家要知道,在焚烧秸秆的过程中,产生了大量有毒有害物质,尤其会对老年人、小孩身体健康造成极大损害,另外还造成了严重的大气污染、破坏了生态环境,损坏土壤结构,造成耕地质量下降。如果将秸秆粉碎还田,由其自然腐烂,无需焚烧还能作为生产的有机肥料,达到优化土壤的效果。所以,大家要充分认识到焚烧秸秆的危害性,尤其是我们在座的这些人,要做好宣传的表率,向老百姓做好宣传,积极响应和动员群众共同参与这项工作,确保我们xx乡没有一处火点,营造安全、洁净的空气环境。因此,我们必须牢固树立禁烧的责任意识、大局意识,牢固树立全局观念、整体观念,切实增强推进禁烧工作的压力感、紧迫感和责任感,力戒麻痹思想,要按照“依法治理、属地管理、责任到人、统一"

_ZHUCHI = "同志们:\n现在开会。焚烧秸秆是中央提出的大气污染防治攻坚战中的重要一环,也是一个长期存在的老大难问题,群众反映强烈、社会关注度高。眼下秋收在即,又正值国庆,做好秸秆禁烧工作尤为重要。因此,我们组织大家召开这次生态环境保护工作领导小组第二次会议暨秸秆禁烧和综合利用工作会议,主要任务是对我市生态环境保护工作和秋季农作物秸秆禁烧和综合利用工作进行安排部署,动员全市上下,特别是各乡镇(街)提高认识,迅速行动,以更坚决的态度、更强力的措施,扎实做好全市范围内的秸秆禁烧和综合利用工作,确保今年尤其是秋收期间禁烧区内实现“不着一把火、不冒一处烟、不留一处黑”;限烧区内实现“科学组织,有序焚烧”。参加今天会议的有:在家的副市级以上领导,各乡镇(街)党政负责同志及分管副职,市生态环境保护领导小组成员单位主要负责同志。今天的会议共有三项议程:一是副市长XXX同志宣读《XX市201x年秋季农作物秸秆禁烧和综合利用工作实施方案》;二是乡镇(街)主要领导递交目标责任状;三是市委书记XX同志讲话。下面,请XX市长宣读秋季农作物秸秆禁烧和综合利用工作实施方案。\n刚才,XX市长宣读了工作方案,对秋季农作物秸秆禁烧和综合利用工作做了详细安排,提出了工作目标和具体要求。乡镇(街)代表递交了目标责任状,这标志着我市秋季农作物秸秆禁烧和综合利用工作已经全面启动。接下来,我们将进入第三个议程,请市委书记XX同志讲话,大家欢迎!\nXX书记深刻分析了我市秸秆禁烧工作的现状和面临的挑战,指出了当前工作中存在的不足和需要改进的地方。他强调,秸秆禁......\n预览结束,免费获取全文或定制代笔此类文章!\n请点击👉 mbgs777 👈联系老师\n请点击👉 mbgs777 👈联系老师"

_QIANGDUILIU = "6月24日下午,我乡召开了未来两天强对流天气的紧急会议,全体乡干部、包村干部和各村村书记、主任参加。会上,乡党委书记任立冬同志强调:全体乡干部、包村干部和各村负责人要坚决克服麻痹思想,密切监视天气变化情况,强化值班值守,做好这次强降雨过程的防范工;对低洼村庄要高度重视,做好学校、施工现场、危房等隐患排查,坚决避免群众的生命财产安全受到威胁;加强防汛值守力量,严格执行24小时“领导带班,专人值守”,做好防汛物资、装备和抢险队伍准备,遇有突发情况确保能够第一时间紧急响应,迅速赶赴现场开展救援处置工作。 |"

_SHUNHE = "顺河回族区召开秋季秸秆禁烧工作会议\n- 来源:区农业农村局\n- 时间:2020-09-14\n为认真贯彻执行省市秋季禁烧电视电话会议精神,9月11日下午,顺河回族区召开了秸秆禁烧工作会议,重点安排部署秋季禁烧工作,分析形势,对全区禁烧工作进行再强调、再安排、再部署。各乡主管副职参加了会议,会议由区农业农村局局长连伟主持。\n会上,区农业农村局副局长刘克文传达了省市秋季禁烧电视电话会议精神,并对秋季秸秆禁烧具体工作进行了安排部署。\n会议强调,各乡镇要高度重视,多措并举,蓝天卫士24小时值班不松懈,应急小分队随时随地待命,火情第一时间发现,火点第一时间扑灭。要求各乡和相关单位持续提升思想认识,狠抓责任落实,深入一线、靠前指挥,全力以赴打好打赢秋季秸秆禁烧攻坚战,确保粮食颗粒归仓,秸秆不冒一股烟。"


def _span(text: str, first: str, last: str) -> str:
    """The text from ``first`` through the next ``last``: long spans are written by their two ends."""
    start = text.index(first)
    return text[start : text.index(last, start) + len(last)]


DOCS = [
    dict(
        id="sp-wtabcd-jinshao",
        genre="speech",
        split="dev",
        date="2023-02-22",
        base_date="2023-02-22",
        title="在乡村秸秆禁烧动员会议上的讲话(范文站,截断)",
        source="https://wtabcd.cn/fanwen/meiwen/167687355121529.html",
        text=_JINSHAO,
        items=[
            ("一、提高认识,认清形势", False, [], None),
            (_span(_JINSHAO, "所以,大家要充分认识到", "营造安全、洁净的空气环境。"), True, [], None),
            (_span(_JINSHAO, "因此,我们必须牢固树立", "责任到人、统一"), False, [], None),
        ],
    ),
    dict(
        id="sp-huaboedu-zhuchi",
        genre="speech",
        split="test",
        date="2019-09-25",
        base_date="2019-09-25",
        title="秸秆禁烧和综合利用工作会议主持词(范文站,付费截断)",
        source="https://m.huaboedu.com/news/1688.html",
        text=_ZHUCHI,
        items=[
            (_span(_ZHUCHI, "主要任务是对我市生态环境保护工作", "“科学组织,有序焚烧”。"), False, [], None),
        ],
    ),
    dict(
        id="ss-fzxyjz-qiangduiliu",
        genre="speech_summary",
        split="dev",
        date="2018-06-28",
        base_date="2018-06-24",
        title="乡党委书记在强对流天气紧急会议上的要求",
        source="https://fzxyjz.com/html/article20180628746899294-2018-33851.html",
        text=_QIANGDUILIU,
        items=[
            (
                _span(_QIANGDUILIU, "全体乡干部、包村干部和各村负责人要", "强降雨过程的防范工"),
                True,
                ["全体乡干部", "包村干部", "各村负责人"],
                None,
            ),
            (_span(_QIANGDUILIU, "对低洼村庄要高度重视", "生命财产安全受到威胁"), True, [], None),
            (_span(_QIANGDUILIU, "加强防汛值守力量", "开展救援处置工作。"), True, [], None),
        ],
    ),
    dict(
        id="ss-shunhequ-jinshao",
        genre="speech_summary",
        split="dev",
        date="2020-09-14",
        base_date="2020-09-11",
        title="顺河回族区召开秋季秸秆禁烧工作会议",
        source="http://shunhequ.gov.cn/zwgk/zfxxgkml/zdlyxxgk/nync/snpt/2020/09/phone1680975879656616.htm",
        text=_SHUNHE,
        items=[
            (_span(_SHUNHE, "各乡镇要高度重视", "火点第一时间扑灭。"), True, ["各乡镇"], None),
            (_span(_SHUNHE, "各乡和相关单位持续提升", "秸秆不冒一股烟。"), True, ["各乡", "相关单位"], None),
        ],
    ),
]

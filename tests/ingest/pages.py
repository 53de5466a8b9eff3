"""Invented page texts for ingest tests (our own wording, in the styles of real OCR pages)."""

HEADER_PAGE = """
JIAOZUO DAILY
B03│博爱新闻2022年5月6日 星期五

■新闻热线：1234567│■编辑：赵 甲│校对：钱 乙

本报讯 5月3日上午，博爱县在
县城广场举办春季植树活动，近
千名干部群众参加。

活动现场，大家挥锹铲土、扶苗
培土，种下了一片新绿。（周 一 吴二）

博爱县举办春季植树活动

本报讯 近日，博爱县图书馆
开展读书月活动，吸引众多市民
走进图书馆阅读。

读书月期间，图书馆每周举办
一场讲座。（郑三）

博爱县图书馆开展读书月活动
"""

PLAIN_PAGE = """
河边新村建起文化广场

本报讯 4月12日，河边新村文化广场建成开放，村民们在广场上跳起了欢快的舞蹈。

广场占地二十亩，配有健身器材和露天舞台。(村宣)
"""

# Headlines printed after their bodies; a headline glued to the next opener; letter-spaced
# OCR; column breaks in the middle of sentences; a vertical headline.
AFTER_STYLE_PAGE = """
本报讯 3月8日上午，河西镇召
开春耕生产动员会，部署今年
的 春 耕 备 耕 工 作 。 镇 干 部 和
各村负责人参加会议。

会议要求，各村要抓紧检修农
机，备足种子化肥，确保春耕

不误农时。（马 六）

河西镇部署春耕生产工作本报讯 近日，河西镇卫生院
组织医生走进敬老院，为老人
们测量血压、讲解健康知识。

医生们还为每位老人建立了健
康档案。（牛七 杨八）

医
生
进
敬
老
院

本报讯 1 月 5 日，河西镇第二
小学举办冬季运动会，全校师
生参加了跳绳、拔河等比赛。

运动会持续两天，孩子们在比
赛中增强了体质。（朱九）

河西镇第二小学
举办冬季运动会
"""

# Headlines printed before their bodies: kicker above the title, a byline line, a
# continuation from another page, a photo with its credit, two headlines stacked above
# two reports.
BEFORE_STYLE_PAGE = """
南山乡

果园里的新技术

本报记者 王 颖

春天到了，南山乡的果园里一片忙碌。果农们在技术员指导下修剪果树、施用有机肥。

技术员说，新技术能让苹果产量提高两成。（南宣）

南山乡新修三条通村路

南山乡卫生室完成改造

本报讯 今年以来，南山乡新修三条通村道路，总长十二公里，方便了群众出行。(乡宣)

本报讯 近日，南山乡十个村卫生室完成改造，配齐了常用药品和诊疗设备。(乡宣)

（上接A01版）去年，全县粮食总产量再创新高，农民人均收入稳步增长。

今年，全县将继续推进高标准农田建设。

3月1日，南山乡果农在果园里修剪果树。 本报记者 王 颖 摄
"""

MARKDOWN_PAGE = """
## 北湖区召开防汛工作会议

**本报讯** 7月2日，北湖区召开防汛工作会议，安排部署汛期各项工作。

会议要求，各街道要落实值班制度，确保安全度汛。(北宣)

## 北湖区举办青年歌手大赛

**本报讯** 7月3日，北湖区青年歌手大赛决赛在区文化馆举行，十二名选手进入决赛。(青宣)
"""

# Two half-page headers printed one after the other at the top, then the reports of both.
STACKED_HEADERS_PAGE = """
JIAOZUO DAILY
A06│沁阳新闻2022年9月1日 星期四

JIAOZUO DAILY
A06│武陟新闻2022年9月1日 星期四

本报讯 8月30日，沁阳市举行秋季
招聘会，三十家企业提供岗位。（甲 乙）

沁阳市举行秋季招聘会

本报讯 8月31日，武陟县新建的
图书馆对外开放，沁阳市民也来参观。

又讯 当天，武陟县还举办了读书分享会。（丙丁）

武陟县图书馆开放

□

——记武陟县图书馆管理员

武陟县图书馆里的守书人

本报通讯员 陈 一 本报记者 林 二

武陟县图书馆管理员老周在这里工作了二十年，熟悉每一本书的位置。
"""

# A report with numbered subheads on lines of their own (they stay inside the report).
SUBHEADS_PAGE = """
西岭村修通产业路

本报讯 近日，西岭村修通了一条产业路，果农运输更方便了。

一、群众出力

村民们自发投工投劳，义务清理路基。

二、干部领办

村干部分段包干，每天在工地上盯进度。（村宣）
"""

# A vertical headline set into the column in the middle of a sentence.
VERTICAL_MID_SENTENCE_PAGE = """
本报讯 4月2日，东岗村召开村民大会，
讨论村里的道路

东
岗
村
修
路

硬化方案，大家一致同意。（村委）
"""

# Headlines wider than the column above bodies without openers or credits.
NO_OPENER_PAGE = """
东山乡举办第三届农民运动会

九月二十日，东山乡第三届农
民运动会在乡中心小学开幕。

来自各村的两百余名选手参加
了拔河、跳绳等比赛项目。

东山乡卫生院开展免费义诊活动

近日，东山乡卫生院组织医生
走进各村，为群众免费体检。

义诊活动将持续到本月底。
"""

"""Domain vocabulary: position titles, organisation suffixes, award and programme words.

Only general vocabulary of Chinese union news lives here (titles, suffixes, national
honours and national bodies), never names of people, companies or local programmes.
"""

from __future__ import annotations

# Position titles, longest first when matched.
# Offices of which there is one in the country: a name with one of these is one person everywhere.
NATIONAL_OFFICES = ("总书记", "国家主席", "国务院总理", "全国人大常委会委员长", "全国政协主席", "全国总工会主席")

POSITION_TITLES = (
    "党组成员", "书记处书记", "党委委员", "经审会主任", "女职工委员会主任",
    "常务副主席", "副主席", "主席", "党组书记", "党组副书记", "党委书记", "党委副书记", "党总支书记",
    "纪检组长", "总书记", "副书记", "书记", "常务副主任", "副主任", "主任", "常务副市长", "副市长", "市长",
    "副省长", "省长", "副县长", "县长", "副区长", "区长", "副局长", "局长", "副厅长", "厅长", "副部长",
    "部长", "副院长", "院长", "副校长", "校长", "副董事长", "董事长", "副总经理", "总经理", "项目经理",
    "经理", "秘书长", "副秘书长", "理事长", "副会长", "会长", "副所长", "所长", "副站长", "站长", "厂长",
    "副厂长", "队长", "副队长", "行长", "副行长", "总裁", "副总裁", "总工程师", "主任委员", "副主任委员",
    "委员", "常委", "党支部书记", "村支书", "支部书记", "镇长", "乡长", "社长", "总编辑",
    "台长", "副台长", "检察长", "庭长", "副庭长", "首席技师",
)

# Occupations that introduce a named worker (employment, not office).
OCCUPATIONS = (
    "职工", "员工", "工人", "农民工", "务工人员", "司机", "驾驶员", "售货员", "环卫工人", "环卫工",
    "技术员", "技师", "工程师", "教师", "老师", "医生", "护士", "焊工", "电工", "钳工", "车工",
    "快递员", "外卖员", "保洁员", "护林员", "收费员", "操作工", "班长", "组长", "职员", "农民",
    "退休职工", "困难职工", "一线职工", "劳模", "志愿者", "社工", "工会干部", "会员",
    "护士长", "护工", "主任医师", "主治医师", "医师", "护师", "主管护师", "药师", "列车长", "乘务员", "骑手",
    "农机手", "挡车工", "装配工", "采煤工", "采油工", "仪表工", "安装工", "维修工", "钢筋工", "架子工",
    "木工", "瓦工", "水电工", "检修工", "巡线工", "养路工", "炼钢工", "纺织工", "学员", "学生", "教练",
    "高级技师", "工匠", "匠人", "船长", "机长", "厨师", "保安", "店员", "营业员", "导游", "网格员",
    "辅警", "民警", "律师", "会计", "出纳", "工长", "队长", "站长", "项目经理", "项目负责人", "负责人",
    "获奖者",
)
# Words for a group of people: after them a surname-shaped word is rarely a name (职工冷暖).
GROUP_WORDS = ("职工", "员工", "工人", "农民工", "务工人员", "劳模", "会员", "职工群众", "群众", "困难职工",
               "一线职工", "退休职工", "志愿者", "工会干部", "农民", "学员", "学生")
# Endings of occupation words not in the list above (桥吊司机, 电焊工, 变电检修班班长).
OCCUPATION_ENDINGS = ("工", "员", "师", "长", "手", "司机")

BYLINE_WORDS = ("全媒体记者", "本报记者", "记者", "通讯员", "实习生", "特约记者", "见习记者", "摄影",
                "撰文", "策划", "编辑", "责任编辑", "文/图", "文", "图", "摄")

SPEECH_VERBS = ("强调", "介绍说", "介绍", "表示", "说道", "说", "指出", "认为", "坦言", "感慨道",
                "感慨", "告诉记者", "透露", "要求", "提出", "谈到", "回忆", "激动地说", "深情地说道",
                "笑着说", "同志")

UNION_SUFFIXES = ("工会联合会", "联合工会", "工会委员会", "总工会", "工会")
COMPANY_SUFFIXES = ("股份有限公司", "有限责任公司", "有限公司", "集团公司", "集团", "公司", "银行",
                    "发电厂", "电厂", "制药厂", "工厂", "厂", "商场", "超市", "市场", "酒店", "宾馆",
                    "门店", "店", "商行", "农场", "矿业", "合作社")
ORGANIZATION_SUFFIXES = (
    "人大常委会", "常委会", "人民代表大会", "人民政府", "政府", "政协", "人大", "委员会", "党委",
    "纪委", "监委", "人民法院", "法院", "人民检察院", "检察院", "公安局", "局", "厅", "人力资源和社会保障部",
    "部", "大学", "学院", "职业技术学院", "中学", "小学", "学校", "幼儿园", "医院", "卫生院", "中心",
    "广播电视台", "电视台", "广播电台", "日报社", "报社", "日报", "晚报", "大队", "支队", "中队",
    "养护所", "研究所", "研究院", "科学院", "事务所", "所", "管养队", "团队", "工作室", "服务站", "服务点",
    "驿站", "工人文化宫", "文化宫", "协会", "学会", "基金会", "联合会", "办公室", "项目经理部", "经理部", "项目部",
    "处", "站", "馆", "院",
)
# Suffixes too generic to make an organisation without a place or another name before them.
# Government department stems whose standard names contain 和 (人力资源和社会保障局).
DEPARTMENT_STEMS_WITH_AND = ("人力资源和社会保障", "住房和城乡建设", "工业和信息化", "文化和旅游", "自然资源和规划",
                             "农业农村和水利", "商务和投资促进", "科学技术和工业信息化", "卫生和计划生育",
                             "新闻出版广电和", "教育和体育", "文化广电和旅游", "发展和改革", "国土资源和房屋")

WEAK_ORGANIZATION_SUFFIXES = ("中心", "局", "厅", "部", "所", "处", "站", "馆", "院", "办公室", "委员会",
                              "大队", "支队", "中队", "团队", "工作室", "服务站", "服务点", "驿站",
                              "协会", "学会", "联合会", "项目部", "经理部")

# Prefixes that only say "some" union/organisation, never a name.
GENERIC_PREFIX_WORDS = (
    "基层", "各级", "各", "企业", "公司", "产业", "行业", "区域", "街镇", "乡镇", "镇街", "镇", "街道",
    "县(区)", "市县", "省市", "市、县", "上级", "全国", "中国", "全省", "全市", "全县", "全区", "我市",
    "我省", "我县", "本", "该", "这", "那", "其", "所在", "相关", "有关", "单位", "非公", "非公企业",
    "机关", "社区", "村", "两新", "小微企业", "小微", "新", "同级", "地方", "部门", "系统", "女职工",
    "职工", "工会", "市级", "县级", "省级", "区级", "一家", "这家", "广大", "我国", "兄弟", "建会",
)

# National bodies that appear without a place in their name.
NATIONAL_ORGANIZATIONS = {
    "中国共产党": "Organization", "党中央": "Organization", "中共中央": "Organization",
    "国务院": "Organization", "全国人大": "Organization", "全国人大常委会": "Organization",
    "全国政协": "Organization", "人力资源和社会保障部": "Organization", "人社部": "Organization",
    "中华全国总工会": "Union", "全总": "Union", "中国海员建设工会": "Union",
    "中国教育工会": "Union", "中国农林水利气象工会": "Union", "中国能源化学地质工会": "Union",
    "中国机械冶金建材工会": "Union", "中国国防邮电工会": "Union", "中国财贸轻纺烟草工会": "Union",
    "中国金融工会": "Union", "中国铁路工会": "Union", "中国民航工会": "Union",
    "中国医务工会": "Union", "中华全国妇女联合会": "Organization", "共青团中央": "Organization",
}
NATIONAL_ALIASES = {"全总": "中华全国总工会", "人社部": "人力资源和社会保障部", "中共中央": "党中央"}

# Honours: the core words an award name ends with.
AWARD_CORES = (
    "五一劳动奖状", "五一劳动奖章", "五一巾帼奖", "五一巾帼标兵岗", "五一巾帼标兵", "工人先锋号",
    "青年文明号", "巾帼文明岗", "劳动模范", "劳模集体", "劳模", "先进工作者", "先进个人", "先进集体",
    "先进单位", "先进组织单位", "示范单位", "示范点", "示范岗", "示范企业", "工匠", "技术能手",
    "岗位能手", "技术标兵", "标兵", "金牌职工", "优秀职工", "文明单位", "创新奖", "劳动奖", "奖状",
    "奖章", "十佳平台", "志愿服务项目", "先进建设者", "先进建设单位", "先进职工之家", "模范职工之家",
    "职工书屋示范点", "星级单位", "三八红旗手", "红旗手", "道德模范", "优秀共产党员", "驻村干部",
    "优秀驻村干部", "和谐企业", "先进女职工集体", "优秀工会工作者", "优秀工会干部", "优秀会员",
    "大工匠", "首席技师", "技能大师", "劳动奖状", "劳动奖章",
)
# Level words an award name may start with.
AWARD_LEVEL_WORDS = ("全国", "全省", "全市", "全县", "省级", "市级", "县级", "区级", "国家级", "省",
                     "市", "县", "区", "中国", "首届", "第一届", "首都", "自治区")
AWARD_TRIGGERS = ("被评为", "评为", "荣获", "获得", "获评", "被授予", "授予", "被表彰为", "表彰为",
                  "被命名为", "命名为", "获", "评选出", "当选为", "当选")

# Words a programme name is followed by or ends with.
PROGRAMME_NOUNS = (
    "主题竞赛系列活动", "主题实践活动", "系列活动", "主题活动", "实践活动", "专项行动", "活动", "行动",
    "工程", "计划", "项目", "竞赛", "大赛", "比赛", "比武", "热线", "平台", "App", "APP", "app",
    "小程序", "服务", "文艺演出", "演出", "特别报道", "专栏", "培训班", "提升班", "文化节", "运动会",
    "联欢会", "晚会", "月", "品牌建设", "工作法", "评选",
)
PROGRAMME_VERBS = ("开展", "举办", "举行", "实施", "推出", "启动", "组织", "组织开展", "主办", "承办",
                   "牵头主办", "联合举办", "创办", "建设", "建成", "打造", "推进", "发起", "参与",
                   "持续推进", "深化", "深入开展", "积极开展", "认真开展", "开设", "上线", "通过")
# Nationwide union programmes known by a fixed name.
NATIONAL_PROGRAMMES = ("金秋助学", "送温暖", "冬送温暖", "夏送清凉", "送清凉", "春送岗位", "春风行动",
                       "安康杯竞赛", "职工互助保障", "网上工会")

# Chinese surnames, single and compound, for person-name shapes.
SURNAMES_DOUBLE = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "长孙",
                   "宇文", "司徒", "夏侯", "轩辕", "端木", "独孤", "南宫", "西门", "申屠", "万俟")
SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔"
    "向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌"
    "毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦"
    "麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩"
    "明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强"
    "帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓"
    "修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵩帖琚揭展代信傅蔚钮富晏习丘赖"
)
# Characters that never appear inside a Chinese given name in our texts' context.
NON_NAME_CHARS = set("的了和与及在是为对向等从把被将让使就都也还又并而或其该这那每各个年月日时分秒元万亿"
                     "名人家次场项条件位户届期第")

# --- organisations, media, government bodies, studios, venues ---
# Endings of a newspaper's, website's, app's or broadcaster's name (…网, …日报, …客户端).
MEDIA_SUFFIXES = ("新闻网", "日报", "晚报", "早报", "商报", "时报", "法治报", "工人报", "报", "网", "电视台",
                  "广播电台", "电台", "新闻", "客户端", "通讯社", "社", "杂志", "发布", "融媒")
# Words after which a name is a byline or source line's medium: 来源：X, X讯, X记者.
MEDIA_SOURCE_WORDS = ("来源", "稿源", "转自", "转载自", "出处", "当前位置", "您的位置", "当前的位置")
# Stems of government departments, written short or in full before 局/厅/委/办/部 (人社局, 住建厅).
GOVERNMENT_DEPARTMENT_STEMS = (
    "人力资源和社会保障", "人力资源社会保障", "人社", "公安", "住房和城乡建设", "住建", "经济和信息化", "经信",
    "工业和信息化", "工信", "教育", "农业农村", "农业", "科学技术", "科技", "财政", "民政", "司法", "商务",
    "文化和旅游", "文化广电旅游", "文旅", "文广旅", "卫生健康", "卫健", "应急管理", "市场监督管理", "市场监管",
    "统计", "审计", "税务", "交通运输", "交通", "水利", "水务", "自然资源", "生态环境", "发展和改革", "发改",
    "国有资产监督管理", "国资", "退役军人事务", "医疗保障", "医保", "信访", "林业", "体育", "城市管理", "城管",
    "人防", "国土资源", "环保", "规划", "粮食", "安监", "工商", "气象", "民族宗教", "外事", "侨务", "扶贫",
    "乡村振兴", "行政审批", "大数据", "机关事务管理", "住房保障", "劳动和社会保障", "劳动保障", "编制",
)
# Endings of a department's name after its stem.
GOVERNMENT_DEPARTMENT_ENDINGS = ("局", "厅", "委", "办", "部", "委员会", "办公室")
# Departments of a party committee (市委组织部, 自治区党委宣传部) and the committee's own offices.
PARTY_DEPARTMENTS = ("组织部", "宣传部", "统战部", "政法委", "办公室", "网信办", "编办", "巡察办", "老干部局",
                     "党校", "机关工委", "社会工作部", "政策研究室", "农办")
# Mass organisations named with a level word or a place (省妇联, 市慈善总会).
MASS_ORGANISATIONS = ("妇联", "团委", "工商联", "残联", "科协", "文联", "侨联", "社科联", "作协", "关工委",
                      "慈善总会", "红十字会", "慈善会", "贸促会", "扶贫办", "台办", "个私协会")
# Bodies of a development zone or new district (…新区党工委, …开发区管委会).
ZONE_BODIES = ("党工委", "工委", "管委会", "管理委员会")
# Named studios, rooms and stations: an organisation with any distinctive name before them,
# a place or not (毛某某技能大师工作室, 某某工会驿站).
NAMED_UNIT_SUFFIXES = ("劳模创新工作室", "技能大师工作室", "职工创新工作室", "工匠创新工作室", "创新工作室",
                       "大师工作室", "工匠工作室", "劳模工作室", "职工书屋", "工会驿站", "爱心驿站",
                       "户外劳动者驿站", "劳动者港湾", "职工之家", "调解中心", "调解委员会", "仲裁院",
                       "仲裁委员会", "仲裁委", "法律援助工作站", "法律援助中心", "服务中心", "工作站",
                       "孵化基地", "产业园", "领导小组", "顾问团", "志愿服务队", "服务队", "突击队", "先锋队")
# Venues: a named building or hall is a Place (海某会堂, 某某会议中心).
VENUE_SUFFIXES = ("人民大会堂", "大会堂", "会堂", "大剧院", "剧院", "大礼堂", "礼堂", "会议中心", "会展中心",
                  "展览中心", "体育馆", "体育中心", "体育场", "文化大楼", "大楼", "大厦", "广场", "发布厅",
                  "展览馆", "博物馆", "纪念馆")
# Programme nouns beyond PROGRAMME_NOUNS: a quoted name before them is a programme (“某某”访谈).
MORE_PROGRAMME_NOUNS = ("访谈", "栏目", "节目", "服务券", "消费券", "专线", "云平台", "相亲会", "联谊会", "选树活动",
                        "疗休养", "救助")
# Competitions and courses named by a modifier before them (某某劳动竞赛, 某某职业技能竞赛).
NAMED_EVENT_NOUNS = ("职业技能大赛", "职业技能竞赛", "技术技能大赛", "技能大赛", "技能竞赛", "劳动竞赛", "岗位练兵",
                     "培训班", "提升班", "改造工程", "建设工程", "工程", "行动", "计划")
# Modifiers that say only what kind of activity it is: 专项行动, 攻坚行动 are no names.
GENERIC_PROGRAMME_MODIFIERS = ("专项", "攻坚", "集中", "系列", "主题", "相关", "各项", "各类", "多项", "一系列", "帮扶",
                               "慰问", "宣传", "志愿服务", "联合", "执法", "整治", "重点", "民生", "实事", "惠民",
                               "培训", "技能培训", "健康", "系统", "基础", "工作")
# Occasions written before a nationwide programme's name (春节送温暖, 元旦送温暖).
PROGRAMME_OCCASIONS = ("春节", "新春", "元旦", "两节", "中秋", "国庆", "端午", "五一", "岁末", "年终")

# --- Hong Kong, Macau and Taiwan (Simplified forms: the detectors match on the Simplified view) ---
# Union name endings used there (香港某某职工会, 某某雇员协会, 某某工会联合总会), 工联会 for a federation.
REGIONAL_UNION_SUFFIXES = ("工会联合总会", "职工总会", "职工会", "雇员协会", "专业人员总会", "工联会")
UNION_SUFFIXES = UNION_SUFFIXES + REGIONAL_UNION_SUFFIXES
# Offices of unions, legislatures and governments there.
REGIONAL_TITLES = ("永远荣誉会长", "荣誉会长", "荣誉主席", "总干事", "副总干事", "监事长", "常务理事", "理事",
                   "议员", "立法委员", "县议员", "市议员", "司长", "副司长", "署长", "副署长", "特派员", "副特派员",
                   "行政长官", "特首", "司令员", "副司令员", "政委", "小组长")
POSITION_TITLES = POSITION_TITLES + REGIONAL_TITLES
# Legislatures, governments and their departments, named by themselves.
REGIONAL_BODIES = ("立法会", "立法院", "行政会议", "行政院", "监察院", "考试院", "司法院", "特区政府", "劳工处",
                   "劳工及福利局", "劳动部", "经济部", "财政司", "经济财政司", "政务司", "律政司", "劳工事务局",
                   "社会福利署", "卫生署", "劳工局", "教育局", "外交部", "驻港部队", "驻澳部队", "中新社", "新华社")
NATIONAL_ORGANIZATIONS = {**NATIONAL_ORGANIZATIONS, **{body: "Organization" for body in REGIONAL_BODIES + ("县府", "市府")}}
# Taiwan's councils, township offices and county governments in short form (高雄市议会, 苗栗市公所, 苗县府).
ORGANIZATION_SUFFIXES = ORGANIZATION_SUFFIXES + ("议会", "公所", "县府", "市府")
# Taiwan's labour honours (模范劳工, 优秀劳工).
AWARD_CORES = AWARD_CORES + ("模范劳工", "优秀劳工")

# --- relations: job phrases written between a unit and a person -----------------------
# Office words not in POSITION_TITLES that end a job phrase (研发中心副主任, 安全总监, 一级调研员).
OFFICE_ENDINGS = ("总监", "主管", "副处长", "处长", "副科长", "科长", "调研员", "总工", "总师", "主任",
                  "班长", "组长", "负责人", "机组长", "车间主任")
# Job words that end a job phrase besides OCCUPATIONS (揽投员, 飞防机手, 继电保护专责, 艺术顾问).
JOB_ENDINGS = ("员", "工", "师", "手", "专责", "顾问", "专家", "劳动者")
# Offices that stack in front of another without 、 (市委常委组织部部长 = 常委 + 组织部部长).
STACKED_OFFICES = ("党组成员", "党组副书记", "党组书记", "党委委员", "常委")
# Words inside a job phrase that show it names another body (县政协主席, 工会主席): the phrase
# then belongs to that body, not to the unit written before it.
OTHER_BODY_WORDS = ("工会", "公司", "集团", "政府", "人大", "政协", "银行", "大学", "学院", "医院", "法院",
                    "检察院", "省委", "市委", "县委", "区委", "州委", "党委", "党工委", "管委会", "局", "厅")
# Back-references to the organisation named before (该公司党委副书记X).
BACK_REFERENCES = ("该公司", "该企业", "该集团", "该单位", "该厂", "该医院", "该学校", "该院")
# Government offices and the level of government they belong to (济宁市副市长 → 济宁市人民政府).
GOVERNMENT_OFFICES = {"省长": "省", "副省长": "省", "常务副省长": "省", "市长": "市", "副市长": "市",
                      "常务副市长": "市", "县长": "县", "副县长": "县", "常务副县长": "县", "区长": "区",
                      "副区长": "区", "常务副区长": "区", "州长": "州", "副州长": "州"}

# --- people: words around names, beyond the titles and occupations above ---
# Titles and roles that introduce a named person (技术总监X, 首席专家X, 职工代表X, 省领导X、Y).
PERSON_INTRO_WORDS = (
    "技术总监", "艺术总监", "总监", "艺术顾问", "顾问", "首席专家", "专家", "教授", "副教授", "研究员",
    "总酿酒师", "酿酒师", "设计师", "工艺师", "指导工", "领导", "省领导", "市领导", "县领导", "区领导",
    "代表", "职工代表", "劳模代表", "党员", "个体劳动者", "获奖者", "选手", "嘉宾", "主持人",
    "科长", "副科长", "股长", "主管", "总工", "监理", "技术骨干", "骨干", "带头人", "传承人", "创始人",
    "法人", "律师", "法官", "检察官", "干部", "户主", "村民", "居民", "师傅", "老人", "家属",
)
# Words after a name that end it: verbs of leading, speaking, attending, handing over.
PERSON_FOLLOW_WORDS = (
    "率", "带领", "率领", "带队", "宣读", "分别", "出席", "参加", "发放", "送上", "送去", "代表", "教授",
    "先生", "女士", "老师", "师傅", "同志", "告诉", "回忆", "坦言", "透露", "提出", "要求", "希望", "称",
    "来到", "走进", "前往", "看望", "慰问", "向", "被授予", "被", "将", "也", "还", "则", "已", "就",
    "领取", "接受", "作为", "今年", "现年", "生前", "到", "把", "反映", "颁发", "一直", "对", "给", "现任", "曾",
    "多年", "当场", "亲自", "随后", "同时", "送", "担任", "兼任", "入选", "获评", "荣膺",
)
# Words that close a byline credit (作者:A B 文章来源…, (单位 A 报道)).
CREDIT_END_WORDS = ("文章来源", "来源", "发布时间", "发表时间", "发布", "发表", "报道", "责编", "编辑", "审核",
                    "校对", "时间", "日期", "摄")
# Credit words in bylines and colophons, written before the names (编辑:A, 责任编辑:A, 作者:A B).
CREDIT_WORDS = ("全媒体记者", "本报记者", "本网记者", "特约记者", "见习记者", "记者", "通讯员", "实习生", "作者",
                "撰文", "摄影", "责任编辑", "责编", "编辑", "审核", "校对", "主编", "文/图", "文图", "图/文",
                "文", "图", "摄")
# More surnames of the common-surname tables (single characters).
SURNAMES_MORE = set("纳洪萧元贝茅凤昌荀糜蓟濮庾暨衡钦琴墨汝桓竺蒯玄亓禤佴逄訾笪郗蹇麴郦芈眭阴巢殳厍谯扶揭贲宓嵇郏邴鄂"
                    "戎暴宦乜郇缑粘")
# Common words that have the shape of a name (a surname, then one or two characters).
NAME_SHAPED_WORDS = ("荣誉", "原标题", "标题", "文明", "安全", "党建", "党员", "和谐", "全面", "方面", "成功", "成果",
                     "成绩", "时间", "时代", "高级", "高新", "高质量", "金牌", "龙头", "万元", "向上", "明年", "平安",
                     "江河", "黄金", "石油", "宁静", "温暖", "温馨", "关爱", "关心", "关怀", "申请", "严格", "于是",
                     "任务", "任何", "曾经", "常态", "常年", "程序", "时期", "华为", "周年", "周边", "江苏", "管理",
                     "包括", "罗列", "乔迁", "关于", "代表", "满意", "权益", "权利", "华丽", "金融", "金额", "万家", "于心")
# Award titles worn before a name (全国劳动模范A, 全国先进工作者B).
PERSON_AWARD_TITLES = ("劳动模范", "先进工作者", "五一劳动奖章获得者", "劳模", "工匠", "技术能手", "岗位能手", "标兵",
                       "三八红旗手", "道德模范", "优秀共产党员", "最美职工")

# --- awards: local honours and titles beyond the national cores above ---
AWARD_CORES_MORE = (
    "五一劳动奖", "先进生产者", "优秀组织单位", "组织单位", "示范项目", "技术状元", "首席工匠", "大工匠",
    "劳动模范集体", "最美职工", "最美劳动者", "巾帼建功标兵", "巾帼建功先进集体", "巾帼标兵", "技术能手",
    "岗位能手", "服务能手", "能手", "岗位标兵", "先锋号", "先进女职工", "工会积极分子", "优秀工会积极分子",
    "优秀工会工作者", "模范单位", "示范岗位", "一等奖", "二等奖", "三等奖", "金奖", "银奖", "铜奖", "特等奖",
    "优秀奖", "创新成果奖", "模范职工之家", "模范职工小家", "先进生产(工作)者", "先进生产（工作）者",
    "技能大奖", "优秀农民工", "最美奋斗者", "青年奖章", "五四青年奖章", "优秀党务工作者", "金牌工人", "首席员工",
    "示范性劳模和工匠人才创新工作室", "示范性劳模创新工作室", "示范性职工创新工作室",
)
# After an award name: words that show it is one (云岭工匠荣誉获得者, “某某工匠”称号).
AWARD_TAILS = ("荣誉称号", "称号", "荣誉", "获得者", "获奖者", "获奖代表", "评选", "表彰名单", "候选人", "奖牌")

# --- tagger profile (kg/extract/detect/tagged.py) ---
# Short endings of government and public bodies that the pretrained tagger finds (省妇联, 市扶贫办,
# 区仲裁委, 市慈善总会); the rules' own suffixes are checked first.
TAGGED_ORGANIZATION_ENDINGS = ("妇联", "残联", "侨联", "文联", "科协", "工商联", "团委", "团市委", "团县委",
                               "扶贫办", "办", "仲裁委", "总会", "商会", "联社", "省委", "市委", "县委", "区委")
# Venues are places (GUIDELINES: 会堂, 剧院, 大楼, 广场, 体育馆).
VENUE_SUFFIXES = tuple(dict.fromkeys(VENUE_SUFFIXES + ("公园",)))

# --- Hong Kong, Macau and Taiwan (part 2): honours, offices and bodies named there ---
# Honours that are names on their own, with no level word before them (模范劳工, 优秀劳工).
REGIONAL_AWARDS = ("模范劳工", "优秀劳工", "绩优劳工", "杰出劳工")
# Venues there: restaurants and halls used for meetings and banquets (某某大酒楼, 某某会馆, 某某火车站).
VENUE_SUFFIXES = VENUE_SUFFIXES + ("大酒楼", "酒楼", "酒家", "婚宴会馆", "会馆", "火车站", "会议展览中心")
# Offices of councils, agencies and halls there (高雄市议会副议长, 某分署分署长, 某馆馆长).
POSITION_TITLES = POSITION_TITLES + ("副议长", "议长", "分署长", "副分署长", "副馆长", "馆长", "召集人")
# Taiwan's agencies and task forces (某县税捐稽征处, 某某分署, 疫情指挥中心), and the Politburo.
ORGANIZATION_SUFFIXES = ORGANIZATION_SUFFIXES + ("税捐稽征处", "稽征处", "分署", "指挥中心", "指挥部", "政治局")
# Legislators' titles that name no legislature: a person, and no office in the body before them.
LEGISLATOR_TITLES_ALONE = ("立法委员", "立委")
# Endings of agencies named from their place or after a preposition (某县税捐稽征处, 某某指挥部).
REGIONAL_AGENCY_SUFFIXES = ("税捐稽征处", "稽征处", "分署", "指挥中心", "指挥部", "劳工局", "劳工处", "公所")

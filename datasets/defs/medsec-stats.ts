import { months, type DatasetDef } from './types.js';

const chains = '国胜大药房*25,百姓缘大药房*15,丰原大药房*10,华康大药房*8,天济大药房*6,同济堂药房*5,德信大药房*6,健民大药房*6,益丰大药房*5,老百姓大药房*5,仁和堂药店*5,万家福药店*4';
const drugs = '阿莫西林,头孢呋辛酯,阿托伐他汀钙,苯磺酸氨氯地平,盐酸二甲双胍,缬沙坦,厄贝沙坦,奥美拉唑,雷贝拉唑钠,硫酸氢氯吡格雷,瑞舒伐他汀钙,左氧氟沙星,阿卡波糖,格列美脲,恩替卡韦,孟鲁司特钠,布洛芬,对乙酰氨基酚,硝苯地平,酒石酸美托洛尔,蒙脱石,利伐沙班,达格列净,西格列汀,坎地沙坦酯,替格瑞洛,盐酸多奈哌齐,磷酸奥司他韦,甲钴胺,塞来昔布';
/** [service item, category, unit, price at tertiary hospitals] */
const services: [string, string, string, number][] = [
  ['普通门诊诊查费', '综合医疗服务类', '次', 10], ['副主任医师诊查费', '综合医疗服务类', '次', 18], ['主任医师诊查费', '综合医疗服务类', '次', 25],
  ['急诊诊查费', '综合医疗服务类', '次', 12], ['住院诊查费', '综合医疗服务类', '日', 15], ['床位费（三人间）', '综合医疗服务类', '日', 40],
  ['一级护理', '综合医疗服务类', '日', 36], ['静脉输液', '综合医疗服务类', '组', 12], ['肌肉注射', '综合医疗服务类', '次', 4],
  ['换药（中）', '综合医疗服务类', '次', 25], ['血常规检查', '医技诊疗类', '次', 20], ['尿常规检查', '医技诊疗类', '次', 8],
  ['肝功能检测', '医技诊疗类', '项', 45], ['常规心电图检查', '医技诊疗类', '次', 25], ['彩色多普勒超声', '医技诊疗类', '部位', 120],
  ['X线摄影', '医技诊疗类', '部位', 60], ['CT平扫', '医技诊疗类', '部位', 150], ['磁共振平扫', '医技诊疗类', '部位', 480],
  ['胃镜检查', '医技诊疗类', '次', 220], ['肠镜检查', '医技诊疗类', '次', 280], ['清创缝合（小）', '临床诊疗类', '次', 90],
  ['阑尾切除术', '临床诊疗类', '次', 1100], ['胆囊切除术（腹腔镜）', '临床诊疗类', '次', 2600], ['剖宫产术', '临床诊疗类', '次', 1800],
  ['白内障超声乳化摘除术', '临床诊疗类', '次', 1500], ['血液透析', '临床诊疗类', '次', 400], ['经皮冠状动脉支架置入术', '临床诊疗类', '次', 3800],
  ['关节镜检查', '临床诊疗类', '次', 1200], ['气管插管术', '临床诊疗类', '次', 150], ['心肺复苏术', '临床诊疗类', '次', 180],
  ['普通针刺', '中医及民族医诊疗类', '次', 25], ['艾灸', '中医及民族医诊疗类', '次', 30], ['拔罐', '中医及民族医诊疗类', '次', 15],
  ['推拿治疗', '中医及民族医诊疗类', '次', 45], ['中药熏洗', '中医及民族医诊疗类', '次', 35], ['小针刀治疗', '中医及民族医诊疗类', '次', 90],
  ['穴位贴敷', '中医及民族医诊疗类', '次', 20], ['刮痧治疗', '中医及民族医诊疗类', '次', 30], ['中医辨证论治', '中医及民族医诊疗类', '次', 20],
  ['耳针', '中医及民族医诊疗类', '次', 15],
];
/** [statistical yearbook item, unit, 2019 value, yearly growth] */
const yearbook: [string, string, number, number][] = [
  ['地区生产总值', '亿元', 2111, 0.06], ['第一产业增加值', '亿元', 95, 0.03], ['第二产业增加值', '亿元', 1030, 0.055],
  ['第三产业增加值', '亿元', 986, 0.068], ['人均地区生产总值', '元', 92000, 0.058], ['年末户籍人口', '万人', 229, -0.003],
  ['年末常住人口', '万人', 218, 0.003], ['常住人口城镇化率', '%', 69.1, 0.008], ['一般公共预算收入', '亿元', 185, 0.04],
  ['一般公共预算支出', '亿元', 305, 0.035], ['规模以上工业增加值', '亿元', 760, 0.07], ['社会消费品零售总额', '亿元', 690, 0.05],
  ['进出口总额', '亿美元', 52, 0.07], ['实际使用外资', '亿美元', 27, 0.04], ['城镇居民人均可支配收入', '元', 49500, 0.055],
  ['农村居民人均可支配收入', '元', 25500, 0.075], ['粮食总产量', '万吨', 73, 0.01], ['全社会用电量', '亿千瓦时', 205, 0.045],
  ['普通高校在校学生', '万人', 4.3, 0.03], ['卫生技术人员', '人', 13500, 0.04], ['民用汽车保有量', '万辆', 38, 0.08],
  ['国内旅游人次', '万人次', 3900, 0.05], ['金融机构本外币存款余额', '亿元', 3300, 0.09], ['金融机构本外币贷款余额', '亿元', 2800, 0.11],
];
const regions = '马鞍山市,花山区,雨山区,博望区,当涂县,含山县,和县';
const cpiCategories = '食品烟酒,衣着,居住,生活用品及服务,交通通信,教育文化娱乐,医疗保健,其他用品及服务';
/** [product, unit, monthly output in 2019] */
const products: [string, string, number][] = [
  ['生铁', '万吨', 160], ['粗钢', '万吨', 168], ['钢材', '万吨', 172], ['铁矿石原矿', '万吨', 95], ['水泥', '万吨', 58],
  ['商品混凝土', '万立方米', 42], ['发电量', '亿千瓦时', 12.5], ['汽车', '辆', 7800], ['化学肥料', '万吨', 3.2],
  ['饲料', '万吨', 6.1], ['纱', '万吨', 1.4], ['服装', '万件', 420],
];
const econMonths = months('2019-01', '2026-10');

export const medsecStats: DatasetDef[] = [
  {
    id: 'designated-medical-institutions', zh: '定点医疗机构', en: 'Medical insurance designated institutions', dept: 'healthcare-security', theme: 'health', freq: 'monthly', rows: 980,
    sum: ['纳入基本医疗保险协议管理的定点医疗机构，含医保编码、等级、门诊统筹和异地就医直接结算开通情况。', 'Medical institutions contracted by basic medical insurance with code, grade, outpatient pooling and cross-province settlement.'],
    kw: '医保定点 医疗机构 异地就医 门诊统筹', kwEn: 'designated institutions, medical insurance, cross-province settlement, outpatient pooling', ind: '卫生和社会工作',
    related: ['medical-institutions'],
    fields: [
      'code|医保机构编码|Insurance code|string*|tpl:H{distcode}{d:5}|国家医保信息业务编码',
      'name|机构名称|Name|string!|uniq:tpl:{dist}{brand}{@type}',
      'type|机构类型|Type|string!|enum:医院*18,社区卫生服务中心*12,卫生院*10,门诊部*12,诊所*30,村卫生室*18',
      'grade|等级|Grade|string|enum:三级*2,二级*8,一级*40,未定级*50',
      '@district!', '@address!', '@phone',
      'designated_on|纳入定点日期|Designated on|date!|date:2015-01-01,now',
      'outpatient_pooling|开通门诊统筹|Outpatient pooling|boolean|bool:0.7',
      'cross_province|开通跨省直接结算|Cross-province settlement|boolean|bool:0.35',
    ],
  },
  {
    id: 'designated-pharmacies', zh: '定点零售药店', en: 'Designated retail pharmacies', dept: 'healthcare-security', theme: 'health', freq: 'monthly', rows: 1240,
    sum: ['医保定点零售药店名录，含所属连锁企业、门诊统筹开通和“双通道”药店情况。', 'Retail pharmacies contracted by medical insurance with chain, outpatient pooling and dual-channel status.'],
    kw: '定点药店 医保 零售药店 双通道', kwEn: 'designated pharmacies, medical insurance, retail pharmacies, dual channel', ind: '批发和零售业',
    versions: [['2025-11-10', '首次发布'], ['2026-05-12', '新增2026年上半年纳入医保定点的零售药店，更新部分药店名称和地址'], ['2026-11-11', '新增第三季度定点药店，删除解除协议药店，更新门诊统筹开通情况']],
    related: ['drug-retailers'],
    fields: [
      'code|医保药店编码|Insurance code|string*|tpl:P{distcode}{d:5}',
      'name|药店名称|Name|string!|uniq:tpl:{@chain}{community}店',
      `chain|所属连锁|Chain|string!|enum:${chains}`,
      '@district!', '@address!', '@lng!', '@lat!', '@phone',
      'outpatient_pooling|开通门诊统筹|Outpatient pooling|boolean|bool:0.55',
      'dual_channel|“双通道”药店|Dual-channel pharmacy|boolean|bool:0.06',
      'designated_on|纳入定点日期|Designated on|date!|date:2016-01-01,now',
    ],
  },
  {
    id: 'medical-insurance-fund-stats', zh: '医保基金收支统计', en: 'Medical insurance fund statistics', dept: 'healthcare-security', theme: 'health', freq: 'monthly', rows: 2 * months('2021-01', '2026-10'), conditional: true,
    sum: ['职工基本医疗保险和城乡居民基本医疗保险的月度参保人数、基金收入、支出和结算人次。', 'Monthly insured persons, fund income, spending and settlements of employee and resident medical insurance.'],
    kw: '医保基金 参保 基金收支 医疗保障', kwEn: 'insurance fund, insured persons, income and spending, healthcare security', ind: '公共管理、社会保障和社会组织',
    fields: [
      'record_id|记录编号|Record ID|string*|seq:YBJJ{4}',
      'month|月份|Month|string!|month:2021-01,2|格式YYYY-MM',
      'scheme|险种|Scheme|string!|cycle:职工基本医疗保险,城乡居民基本医疗保险',
      'insured_10k|参保人数（万人）|Insured (10k)|number!|by:@scheme,2,0.005,62/158,@month,0.01/-0.012',
      'income|基金收入（亿元）|Income (100m CNY)|number!|by:@scheme,2,0.1,3.2/2.6,@month,0.06',
      'spending|基金支出（亿元）|Spending (100m CNY)|number!|by:@scheme,2,0.12,2.8/2.4,@month,0.07',
      'settlements_10k|结算人次（万）|Settlements (10k)|number|by:@scheme,1,0.1,118/96,@month,0.08',
    ],
  },
  {
    id: 'centralized-procurement-drugs', zh: '集中带量采购药品', en: 'Volume-based procurement drugs', dept: 'healthcare-security', theme: 'health', freq: 'irregular', rows: 650,
    sum: ['本市执行的国家和省际联盟集中带量采购中选药品，含规格、生产企业、中选价格和执行日期。', 'Drugs selected in national and alliance volume-based procurement: specification, maker, price and start date.'],
    kw: '集采 带量采购 中选药品 药价', kwEn: 'volume-based procurement, selected drugs, drug prices, medical insurance', ind: '卫生和社会工作',
    fields: [
      'record_id|记录编号|Record ID|string*|seq:JC{5}',
      'drug|药品通用名|Generic name|string!|tpl:{@ingredient}{@form}',
      `ingredient|成分|Ingredient|string!|enum:${drugs}`,
      'form|剂型|Form|string!|enum:片*45,胶囊*20,分散片*10,缓释片*10,注射液*10,颗粒*5',
      'spec|规格|Specification|string|tpl:{0.25g/0.5g/5mg/10mg/20mg/40mg}×{7/14/28/30/48}',
      'maker|生产企业|Manufacturer|string!|tpl:{浙江/江苏/山东/四川/安徽/湖北/广东/河北}{brand}{制药/药业}有限公司',
      'batch|采购批次|Batch|string!|enum:国家第七批*15,国家第八批*15,国家第九批*15,国家第十批*10,安徽省联盟*25,长三角联盟*20',
      'price|中选价格（元/盒）|Price (CNY per pack)|number!|numlog:0.8,260,2',
      'start_date|执行日期|Start date|date!|date:2022-03-01,now',
    ],
  },
  {
    id: 'medical-service-prices', zh: '医疗服务价格项目', en: 'Medical service prices', dept: 'healthcare-security', theme: 'health', freq: 'yearly', rows: services.length * 4, stale: true,
    sum: ['公立医疗机构医疗服务价格项目及三级、二级、一级医院执行价格（含儿童、急诊、夜间加收）。', 'Medical service items and prices at tertiary, secondary and primary public hospitals, with child, emergency and night supplements.'],
    kw: '医疗服务价格 收费标准 公立医院 医保', kwEn: 'medical service prices, fees, public hospitals, medical insurance', ind: '卫生和社会工作',
    fields: [
      'item_code|项目编码|Item code|string*|seq:31{7}',
      `item|项目名称|Item|string!|cycle:${services.map((s) => s[0]).join(',')}`,
      `variant|计价情形|Variant|string!|cycle(${services.length}):标准,儿童加收,急诊加收,夜间加收`,
      `category|项目类别|Category|string!|map:@item,${services.map((s) => s[1]).join('/')}`,
      `unit|计价单位|Unit|string!|map:@item,${services.map((s) => s[2]).join('/')}`,
      `price_tertiary|三级医院价格（元）|Tertiary price (CNY)|number!|product:1,0,@item,${services.map((s) => s[3]).join('/')},@variant,1/1.3/1.2/1.1`,
      'price_secondary|二级医院价格（元）|Secondary price (CNY)|number|scale:@price_tertiary,0.9,0.9,1',
      'price_primary|一级医院价格（元）|Primary price (CNY)|number|scale:@price_tertiary,0.8,0.8,1',
      'effective_date|执行日期|Effective date|date!|const:2024-07-01',
    ],
  },
  {
    id: 'main-economic-indicators', zh: '主要经济指标月度数据', en: 'Monthly main economic indicators', dept: 'statistics', theme: 'economy', freq: 'monthly', rows: econMonths,
    sum: ['全市规模以上工业增加值增速、社会消费品零售总额、固定资产投资增速、财政收入、进出口、存贷款余额、居民消费价格和用电量等月度指标，2019年1月起。', 'Monthly industrial growth, retail sales, investment growth, fiscal revenue, trade, deposits and loans, CPI and electricity use since January 2019.'],
    kw: '经济指标 月度数据 工业增加值 社会消费品零售总额 统计', kwEn: 'economic indicators, monthly data, industry, retail sales, statistics', ind: '公共管理、社会保障和社会组织',
    related: ['statistical-yearbook', 'gdp-quarterly'],
    fields: [
      'month|统计月份|Month|string*|month:2019-01,1|格式YYYY-MM',
      'region|地区|Region|string!|const:马鞍山市',
      'industry_growth|规上工业增加值增速（%）|Industrial value added growth (%)|number!|normal:7.6,3.2,1,-12,18',
      'retail_sales|社会消费品零售总额（亿元）|Retail sales (100m CNY)|number!|trend:@month,58,0.05,0.12,0.04,2,12',
      'investment_growth|固定资产投资增速（%）|Fixed asset investment growth (%)|number!|normal:6.5,5,1,-20,25',
      'budget_revenue|一般公共预算收入（亿元）|General budget revenue (100m CNY)|number|trend:@month,17.5,0.04,0.25,0.08,2,3',
      'exports|出口总额（亿元）|Exports (100m CNY)|number|trend:@month,17,0.08,0.1,0.08,2,12',
      'deposits|金融机构存款余额（亿元）|Deposits (100m CNY)|number|trend:@month,3300,0.09,0,0.004,1',
      'loans|金融机构贷款余额（亿元）|Loans (100m CNY)|number|trend:@month,2800,0.11,0,0.004,1',
      'cpi|居民消费价格指数（上年同月=100）|CPI (same month last year = 100)|number|normal:101.6,0.9,1,98.5,104.5',
      'electricity|全社会用电量（亿千瓦时）|Electricity use (100m kWh)|number|trend:@month,17,0.045,0.1,0.04,2,8',
    ],
  },
  {
    id: 'statistical-yearbook', zh: '统计年鉴分项', en: 'Statistical yearbook items', dept: 'statistics', theme: 'economy', freq: 'yearly', rows: yearbook.length * 7, published: '2025-12-18',
    sum: ['《马鞍山统计年鉴》主要指标分项数据，2018-2024年。', 'Main indicators of the Ma\'anshan Statistical Yearbook, 2018-2024.'],
    kw: '统计年鉴 国民经济 社会发展 年度数据', kwEn: 'statistical yearbook, economy, social development, annual data', ind: '公共管理、社会保障和社会组织',
    fields: [
      'record_id|记录编号|Record ID|string*|seq:NJ{4}',
      `year|年份|Year|integer!|year:2018,${yearbook.length}`,
      `item|指标名称|Indicator|string!|cycle:${yearbook.map((y) => y[0]).join(',')}`,
      `unit|计量单位|Unit|string!|map:@item,${yearbook.map((y) => y[1]).join('/')}`,
      `value|数值|Value|number!|by:@item,2,0.01,${yearbook.map((y) => y[2]).join('/')},@year,${yearbook.map((y) => y[3]).join('/')}`,
      'region|地区|Region|string!|const:马鞍山市',
    ],
  },
  {
    id: 'gdp-quarterly', zh: '地区生产总值季度数据', en: 'Quarterly GDP', dept: 'statistics', theme: 'economy', freq: 'quarterly', rows: 7 * 31, published: '2026-10-28',
    sum: ['全市及各区县季度地区生产总值（当季）和可比价增速，2019年一季度起。', 'Quarterly GDP of the city and districts and real growth rate since 2019 Q1.'],
    kw: 'GDP 地区生产总值 季度 经济增长', kwEn: 'GDP, gross regional product, quarterly, growth', ind: '公共管理、社会保障和社会组织',
    fields: [
      'record_id|记录编号|Record ID|string*|seq:GDP{4}',
      'quarter|季度|Quarter|string!|quarter:2019-1,7|格式YYYYQn',
      `region|地区|Region|string!|cycle:${regions}`,
      'gdp|地区生产总值（亿元）|GDP (100m CNY)|number!|by:@region,2,0.04,528/86/112/44/118/58/64,@quarter,0.055',
      'growth|可比价增速（%）|Real growth (%)|number|normal:5.8,1.4,1,-8,12',
    ],
  },
  {
    id: 'population-statistics', zh: '年末户籍人口统计', en: 'Registered population', dept: 'statistics', theme: 'livelihood', freq: 'yearly', rows: 6 * 8, published: '2026-03-12',
    sum: ['各区县年末户籍户数、人口数、出生和死亡人数及自然增长率，2018-2025年。', 'Year-end registered households, population, births, deaths and natural growth by district, 2018-2025.'],
    kw: '人口 户籍 出生率 自然增长率', kwEn: 'population, household registration, births, natural growth', ind: '公共管理、社会保障和社会组织',
    fields: [
      'record_id|记录编号|Record ID|string*|seq:RK{3}',
      'year|年份|Year|integer!|year:2018,6',
      'district|区县|District|string!|cycle:花山区,雨山区,博望区,当涂县,含山县,和县',
      'households_10k|户数（万户）|Households (10k)|number!|by:@district,2,0.005,13.2/10.9/6.1/21.4/15.6/19.8,@year,0.004',
      'population_10k|户籍人口（万人）|Population (10k)|number!|by:@district,2,0.004,34.1/28.2/16.2/57.4/41.3/52.9,@year,-0.004',
      'births|出生人数|Births|integer|by:@district,0,0.06,2600/2200/1100/3900/2700/3500,@year,-0.08',
      'deaths|死亡人数|Deaths|integer|by:@district,0,0.05,2300/1900/1300/4300/3200/4000,@year,0.02',
      'natural_growth|自然增长率（‰）|Natural growth (‰)|number|normal:-1.5,2,2',
    ],
  },
  {
    id: 'cpi-monthly', zh: '居民消费价格指数', en: 'Consumer price index', dept: 'statistics', theme: 'economy', freq: 'monthly', rows: 8 * months('2021-01', '2026-10'),
    sum: ['按八大类商品和服务分类的居民消费价格同比、环比指数。', 'Year-on-year and month-on-month consumer price indices by the eight categories of goods and services.'],
    kw: 'CPI 居民消费价格 物价 通胀', kwEn: 'CPI, consumer prices, prices, inflation', ind: '公共管理、社会保障和社会组织',
    fields: [
      'record_id|记录编号|Record ID|string*|seq:CPI{4}',
      'month|月份|Month|string!|month:2021-01,8|格式YYYY-MM',
      `category|类别|Category|string!|cycle:${cpiCategories}`,
      'yoy|同比指数（上年同月=100）|Year-on-year (=100)|number!|by:@category,1,0.012,102.2/100.6/100.5/100.4/99.4/101.5/100.8/102',
      'mom|环比指数（上月=100）|Month-on-month (=100)|number!|normal:100.1,0.45,1',
    ],
  },
  {
    id: 'industrial-output-products', zh: '规模以上工业主要产品产量', en: 'Output of main industrial products', dept: 'statistics', theme: 'economy', freq: 'monthly', rows: products.length * months('2021-01', '2026-10'),
    sum: ['规模以上工业企业主要产品的月度产量，含钢铁、建材、能源、汽车和消费品。', 'Monthly output of main industrial products: steel, building materials, energy, vehicles and consumer goods.'],
    kw: '工业产品 产量 钢铁 规上工业', kwEn: 'industrial products, output, steel, industry', ind: '制造业',
    fields: [
      'record_id|记录编号|Record ID|string*|seq:CL{4}',
      `month|月份|Month|string!|month:2021-01,${products.length}|格式YYYY-MM`,
      `product|产品名称|Product|string!|cycle:${products.map((p) => p[0]).join(',')}`,
      `unit|计量单位|Unit|string!|map:@product,${products.map((p) => p[1]).join('/')}`,
      `output|当月产量|Output this month|number!|by:@product,2,0.08,${products.map((p) => p[2]).join('/')},@month,0.02`,
      'growth|同比增长（%）|Year-on-year (%)|number|normal:3,6,1,-25,30',
    ],
  },
];

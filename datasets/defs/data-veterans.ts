import { months, type DatasetDef } from './types.js';
import { districts } from '../gen/places.js';
import { townRows } from './towns.js';

/** [service item, department, item type] */
const items: [string, string, string][] = [
  ['企业设立登记', '市场监督管理局', '行政许可'], ['食品经营许可', '市场监督管理局', '行政许可'], ['药品零售企业许可', '市场监督管理局', '行政许可'],
  ['特种设备使用登记', '市场监督管理局', '行政许可'], ['建筑工程施工许可证核发', '住房和城乡建设局', '行政许可'], ['商品房预售许可', '住房和城乡建设局', '行政许可'],
  ['建设工程规划许可证核发', '自然资源和规划局', '行政许可'], ['不动产登记', '自然资源和规划局', '行政确认'], ['取水许可', '水务局', '行政许可'],
  ['排污许可', '生态环境局', '行政许可'], ['建设项目环境影响评价审批', '生态环境局', '行政许可'], ['道路货物运输经营许可', '交通运输局', '行政许可'],
  ['出租汽车驾驶员从业资格证核发', '交通运输局', '行政许可'], ['户口迁移', '公安局', '行政确认'], ['居民身份证办理', '公安局', '行政确认'],
  ['机动车驾驶证换证', '公安局', '行政许可'], ['社会保险参保登记', '人力资源和社会保障局', '公共服务'], ['失业保险金申领', '人力资源和社会保障局', '行政给付'],
  ['职业技能等级认定', '人力资源和社会保障局', '公共服务'], ['就业登记', '人力资源和社会保障局', '公共服务'], ['最低生活保障审核确认', '民政局', '行政给付'],
  ['婚姻登记', '民政局', '行政确认'], ['社会团体成立登记', '民政局', '行政许可'], ['养老机构备案', '民政局', '行政备案'],
  ['医师执业注册', '卫生健康委员会', '行政许可'], ['医疗机构执业登记', '卫生健康委员会', '行政许可'], ['公共场所卫生许可', '卫生健康委员会', '行政许可'],
  ['出生医学证明办理', '卫生健康委员会', '公共服务'], ['医保参保登记', '医疗保障局', '公共服务'], ['异地就医备案', '医疗保障局', '公共服务'],
  ['门诊慢特病待遇认定', '医疗保障局', '行政确认'], ['住房公积金提取', '住房公积金管理中心', '公共服务'], ['住房公积金个人贷款', '住房公积金管理中心', '公共服务'],
  ['民办学校设立审批', '教育局', '行政许可'], ['教师资格认定', '教育局', '行政许可'], ['校外培训机构审批', '教育局', '行政许可'],
  ['旅行社业务经营许可', '文化和旅游局', '行政许可'], ['娱乐场所经营许可', '文化和旅游局', '行政许可'], ['林木采伐许可', '林业局', '行政许可'],
  ['植物检疫证书核发', '林业局', '行政许可'], ['农药经营许可', '农业农村局', '行政许可'], ['动物防疫条件合格证核发', '农业农村局', '行政许可'],
  ['危险化学品经营许可', '应急管理局', '行政许可'], ['优待证申领', '退役军人事务局', '公共服务'], ['发票领用', '税务局', '其他行政权力'],
];
const variants = '新办,变更,延续,注销';
/** Government service centres: the city's, one per district or county, one per town. [name, district, level] */
const halls: [string, string, string][] = [
  ['马鞍山市政务服务中心', '雨山区', '市级政务服务中心'],
  ...districts.map((d): [string, string, string] => [`${d.name}政务服务中心`, d.name, '县级政务服务中心']),
  ...townRows.map((t): [string, string, string] => [`${t.district}${t.stem}${t.urban ? '街道' : ''}便民服务中心`, t.district, '乡镇（街道）便民服务中心']),
];
/** Veterans service centres of each district or county and stations of each town. [name, district, level] */
const veteranOffices: [string, string, string][] = [
  ...districts.map((d): [string, string, string] => [`${d.name}退役军人服务中心`, d.name, '县级服务中心']),
  ...townRows.map((t): [string, string, string] => [`${t.district}${t.stem}退役军人服务站`, t.district, '乡镇（街道）服务站']),
];
const implementers = '马鞍山市,花山区,雨山区,博望区,当涂县,含山县,和县';
const hotlineCategories = '城乡建设,市场监管,交通运输,教育,医疗卫生,社会保障,生态环境,公安,民政,农业农村,文化旅游,其他';
const orgs = '马鞍山市人民政府,马鞍山市发展和改革委员会,马鞍山市教育局,马鞍山市公安局,马鞍山市人力资源和社会保障局,马鞍山市自然资源和规划局,马鞍山市生态环境局,马鞍山市住房和城乡建设局,马鞍山市城市管理局,马鞍山市交通运输局,马鞍山市卫生健康委员会,马鞍山市市场监督管理局,马鞍山市文化和旅游局,马鞍山市数据资源管理局,马鞍山市应急管理局,花山区人民政府,雨山区人民政府,博望区人民政府,当涂县人民政府,含山县人民政府,和县人民政府';

export const dataVeterans: DatasetDef[] = [
  {
    id: 'govt-service-items', zh: '政务服务事项清单', en: 'Government service items', dept: 'data-resources', theme: 'livelihood', freq: 'monthly', rows: items.length * 4 * 7,
    sum: ['市、县两级政务服务事项实施清单，含事项类型、办理情形、实施主体、网办深度和承诺办结时限。', 'Government service items implemented at city and county level with type, case, body, online depth and promised time limit.'],
    kw: '政务服务 事项清单 一网通办 办事指南', kwEn: 'government services, service catalogue, one-stop online, guides', ind: '公共管理、社会保障和社会组织',
    related: ['service-halls'],
    fields: [
      'item_code|事项编码|Item code|string*|seq:3405000{6}',
      `item|事项名称|Item|string!|cycle:${items.map((i) => i[0]).join(',')}`,
      `variant|办理情形|Case|string!|cycle(${items.length}):${variants}`,
      'title|事项全称|Full title|string!|tpl:{@item}（{@variant}）',
      `implementer|实施主体所在地|Implementing level|string!|cycle(${items.length * 4}):${implementers}`,
      `department|实施部门|Department|string!|map:@item,${items.map((i) => i[1]).join('/')}`,
      `item_type|事项类型|Type|string!|map:@item,${items.map((i) => i[2]).join('/')}`,
      'online_depth|网办深度|Online depth|string!|enum:全程网办*62,最多跑一次*30,窗口办理*8',
      'legal_limit|法定时限（工作日）|Statutory limit (working days)|integer|int:5,30',
      'promised_limit|承诺时限（工作日）|Promised limit (working days)|integer|scale:@legal_limit,0.2,0.6,0',
      'fee|是否收费|Charged|boolean|bool:0.08',
      '@updated',
    ],
  },
  {
    id: 'govt-websites-media', zh: '政府网站与新媒体名录', en: 'Government websites and social media accounts', dept: 'data-resources', theme: 'organizations', freq: 'quarterly', rows: orgs.split(',').length * 5,
    sum: ['全市政府网站和政务新媒体（微信公众号、政务微博、抖音号、移动客户端）名录及运行状态。', 'Government websites and official social media accounts (WeChat, Weibo, Douyin, apps) with status.'],
    kw: '政府网站 政务新媒体 公众号 政务公开', kwEn: 'government websites, social media, WeChat accounts, transparency', ind: '公共管理、社会保障和社会组织',
    fields: [
      'record_id|记录编号|Record ID|string*|seq:XMT{4}',
      `organization|主办单位|Organisation|string!|cycle:${orgs}`,
      `type|类型|Type|string!|cycle(${orgs.split(',').length}):门户网站,微信公众号,政务微博,抖音号,移动客户端`,
      'name|名称|Name|string!|tpl:{@organization}{@type}',
      'account|网址或账号|URL or account|string|tpl:mas{d:4}',
      'status|运行状态|Status|string!|enum:正常运行*85,关停整合*15',
      'opened_on|开设日期|Opened on|date|date:2012-01-01,now',
    ],
  },
  {
    id: 'service-halls', zh: '政务服务中心及便民服务中心', en: 'Government service centres', dept: 'data-resources', theme: 'livelihood', freq: 'irregular', rows: halls.length,
    sum: ['市、县政务服务中心和乡镇（街道）便民服务中心的地址、办公时间、窗口数和咨询电话。', 'City and county service centres and township convenience centres with address, hours, counters and phone.'],
    kw: '政务服务中心 便民服务中心 办事大厅 一站式', kwEn: 'service centres, convenience centres, service halls, one-stop', ind: '公共管理、社会保障和社会组织',
    fields: [
      'hall_id|中心编号|Centre ID|string*|seq:ZWZX{3}',
      `name|名称|Name|string!|cycle:${halls.map((h) => h[0]).join(',')}`,
      `district|所属区县|District|string!|map:@name,${halls.map((h) => h[1]).join('/')}`,
      `level|层级|Level|string!|map:@name,${halls.map((h) => h[2]).join('/')}`,
      'windows|窗口数|Counters|integer|by:@level,0,0.25,150/60/8',
      '@address!', '@hours', '@phone', '@lng', '@lat',
    ],
  },
  {
    id: 'hotline-12345-stats', zh: '12345热线诉求统计', en: '12345 hotline statistics', dept: 'data-resources', theme: 'livelihood', freq: 'monthly', rows: 12 * months('2021-01', '2026-10'), conditional: true,
    sum: ['12345政务服务便民热线按月、按诉求类别统计的受理量、办结率和满意率。', 'Monthly calls to the 12345 hotline by category with resolution and satisfaction rates.'],
    kw: '12345 热线 诉求 满意率', kwEn: '12345 hotline, citizen requests, complaints, satisfaction', ind: '公共管理、社会保障和社会组织',
    fields: [
      'record_id|记录编号|Record ID|string*|seq:RX{5}',
      'month|月份|Month|string!|month:2021-01,12|格式YYYY-MM',
      `category|诉求类别|Category|string!|cycle:${hotlineCategories}`,
      'received|受理量|Requests|integer!|by:@category,0,0.15,5200/3100/2200/1800/1900/2600/1400/1700/900/800/600/2400,@month,0.04',
      'resolved_rate|按时办结率（%）|Resolved on time (%)|number|num:95,100,2',
      'satisfaction|满意率（%）|Satisfaction (%)|number|num:88,99.5,2',
    ],
  },
  {
    id: 'open-data-apps', zh: '开放数据应用成果', en: 'Apps built on open data', dept: 'data-resources', theme: 'livelihood', freq: 'irregular', rows: 48,
    sum: ['利用本平台开放数据开发的应用成果，含开发单位、应用领域、使用的数据集和发布形式。', 'Applications built with the portal\'s open data: developer, field, datasets used and form.'],
    kw: '数据应用 开放数据 创新大赛 数据利用', kwEn: 'data apps, open data, innovation contest, data reuse', ind: '信息传输、软件和信息技术服务业',
    fields: [
      'app_id|成果编号|App ID|string*|seq:YY{3}',
      'name|应用名称|Name|string!|uniq:tpl:{brand}{@field}{助手/通/宝/地图}',
      'field|应用领域|Field|string!|enum:出行*20,就业*15,医疗*15,教育*10,企业服务*20,生活服务*20',
      'developer|开发单位|Developer|string!|company:信息技术/网络科技/软件/数据科技',
      'datasets_used|使用数据集|Datasets used|string|tpl:{公交站点/医疗机构名录/招聘岗位信息/企业登记信息/中小学校名录/公共停车场}、{空气质量日报/定点零售药店/公共厕所/幼儿园基本信息/A级景区名录}',
      'form|发布形式|Form|string!|enum:微信小程序*45,手机应用*25,网站*30',
      'award|获奖情况|Award|string|enum:无*60,市数据创新应用大赛一等奖*5,市数据创新应用大赛二等奖*10,市数据创新应用大赛三等奖*15,优秀奖*10',
      'released_on|发布日期|Released on|date!|date:2021-06-01,now',
    ],
  },
  {
    id: 'veteran-service-stations', zh: '退役军人服务站', en: 'Veterans service stations', dept: 'veterans-affairs', theme: 'livelihood', freq: 'yearly', rows: veteranOffices.length,
    sum: ['县（区）退役军人服务中心和乡镇（街道）退役军人服务站的地址和联系方式。', 'Veterans service centres of the districts and counties and stations of the towns, with address and contact.'],
    kw: '退役军人 服务站 双拥 优抚', kwEn: 'veterans, service stations, military support, preferential treatment', ind: '公共管理、社会保障和社会组织',
    fields: [
      'station_id|站点编号|Station ID|string*|seq:TY{3}',
      `name|名称|Name|string!|cycle:${veteranOffices.map((v) => v[0]).join(',')}`,
      `district|所属区县|District|string!|map:@name,${veteranOffices.map((v) => v[1]).join('/')}`,
      `level|层级|Level|string!|map:@name,${veteranOffices.map((v) => v[2]).join('/')}`,
      '@address!', '@contact', '@phone', '@hours', '@lng', '@lat',
    ],
  },
  {
    id: 'preferential-policies', zh: '优抚政策目录', en: 'Preferential treatment policies', dept: 'veterans-affairs', theme: 'social-employment', freq: 'irregular', rows: 46,
    sum: ['退役军人和其他优抚对象适用的政策文件目录，含文号、发布机关、政策类别和发布日期。', 'Policy documents for veterans and other entitled groups with number, issuer, category and date.'],
    kw: '优抚 退役军人 政策文件 优待', kwEn: 'preferential treatment, veterans, policy documents, benefits', ind: '公共管理、社会保障和社会组织',
    fields: [
      'policy_id|政策编号|Policy ID|string*|seq:YF{3}',
      'title|政策名称|Title|string!|uniq:tpl:关于{进一步做好/加强/落实}{@category}{工作/服务}的{通知/实施意见/办法}',
      'category|政策类别|Category|string!|enum:退役军人就业创业*20,优抚对象医疗保障*15,军人军属教育优待*15,退役军人住房保障*10,军人军属交通优待*10,军人军属文化旅游优待*10,烈士褒扬*10,退役军人安置*10',
      'doc_no|文号|Document No.|string|tpl:马退役军人发〔{y:@issued_on}〕{n:1-60}号',
      'issuer|发布机关|Issuer|string!|enum:马鞍山市退役军人事务局*60,马鞍山市人民政府办公室*25,马鞍山市双拥工作领导小组*15',
      'issued_on|发布日期|Issued on|date!|date:2019-01-01,now',
      'in_force|是否有效|In force|boolean!|bool:0.9',
    ],
  },
  {
    id: 'martyrs-memorials', zh: '烈士纪念设施', en: 'Martyrs\' memorials', dept: 'veterans-affairs', theme: 'culture-leisure', freq: 'irregular', rows: 38,
    sum: ['烈士陵园、纪念碑、纪念馆等烈士纪念设施的保护级别、位置和开放时间。', 'Martyrs\' cemeteries, monuments and memorial halls with protection level, location and opening hours.'],
    kw: '烈士纪念设施 烈士陵园 红色教育 褒扬', kwEn: 'martyrs memorials, cemeteries, patriotic education, commemoration', ind: '公共管理、社会保障和社会组织',
    fields: [
      'memorial_id|设施编号|Memorial ID|string*|seq:LS{3}',
      'name|名称|Name|string!|uniq:tpl:{dist}{townstem}{@type}',
      'type|设施类型|Type|string!|enum:烈士陵园*20,革命烈士纪念碑*35,烈士墓*30,革命纪念馆*15',
      'level|保护级别|Protection level|string!|enum:国家级*3,省级*10,市级*25,县级*62',
      'built_year|始建年份|Year built|integer|int:1950,2015',
      '@district!', '@address', '@hours', '@lng!', '@lat!',
    ],
  },
  {
    id: 'veteran-employment-bases', zh: '退役军人就业创业基地', en: 'Veterans employment bases', dept: 'veterans-affairs', theme: 'social-employment', freq: 'yearly', rows: 24,
    sum: ['认定的退役军人就业创业孵化和实训基地，含提供岗位数和联系人。', 'Recognised employment, incubation and training bases for veterans with jobs offered and contact.'],
    kw: '退役军人 就业创业 基地 岗位', kwEn: 'veterans, employment, bases, jobs', ind: '公共管理、社会保障和社会组织',
    fields: [
      'base_id|基地编号|Base ID|string*|seq:JD{2}',
      'name|基地名称|Name|string!|tpl:{@operator}退役军人就业创业基地',
      'operator|依托单位|Host company|string!|company',
      'level|级别|Level|string!|enum:省级*20,市级*50,县级*30',
      'positions|提供岗位数|Jobs offered|integer|intlog:10,300',
      '@district!', '@address', '@contact', '@phone',
    ],
  },
  {
    id: 'preferential-merchants', zh: '拥军优属优待商户', en: 'Merchants offering military discounts', dept: 'veterans-affairs', theme: 'livelihood', freq: 'quarterly', rows: 260,
    sum: ['承诺为现役军人、退役军人和军属提供优惠的商户及优待内容。', 'Merchants offering discounts to service members, veterans and their families.'],
    kw: '优待证 拥军优属 商户 优惠', kwEn: 'preferential cards, military families, merchants, discounts', ind: '批发和零售业',
    fields: [
      'merchant_id|商户编号|Merchant ID|string*|seq:YD{4}',
      'name|商户名称|Merchant|string!|uniq:tpl:{dist}{brand}{@outlet}',
      'outlet|门店类型|Outlet|string!|enum:餐馆*12,火锅店*8,超市*12,便利店*10,眼镜店*5,口腔诊所*5,药房*5,影城*4,健身房*6,理发店*10,洗车行*8,酒店*8,农家乐*7',
      'type|行业类别|Sector|string!|map:@outlet,餐饮/餐饮/零售/零售/零售/医疗/医疗/文旅/生活服务/生活服务/生活服务/文旅/文旅',
      'offer|优待内容|Offer|string|tpl:凭优待证享受{9/8.8/8.5/8}折优惠',
      '@district!', '@address!', '@phone', '@lng', '@lat',
    ],
  },
];

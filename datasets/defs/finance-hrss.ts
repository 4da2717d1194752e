import { months, type DatasetDef } from './types.js';
import { townFields, townRows } from './towns.js';

const budgetUnits = [
  '马鞍山市发展和改革委员会', '马鞍山市教育局', '马鞍山市科学技术局', '马鞍山市经济和信息化局', '马鞍山市公安局', '马鞍山市民政局',
  '马鞍山市司法局', '马鞍山市财政局', '马鞍山市人力资源和社会保障局', '马鞍山市自然资源和规划局', '马鞍山市生态环境局',
  '马鞍山市住房和城乡建设局', '马鞍山市城市管理局', '马鞍山市交通运输局', '马鞍山市水务局', '马鞍山市农业农村局', '马鞍山市商务局',
  '马鞍山市文化和旅游局', '马鞍山市卫生健康委员会', '马鞍山市医疗保障局', '马鞍山市市场监督管理局', '马鞍山市统计局',
  '马鞍山市应急管理局', '马鞍山市林业局', '马鞍山市住房公积金管理中心', '马鞍山市数据资源管理局', '马鞍山市退役军人事务局',
  '马鞍山市审计局', '马鞍山市体育局', '马鞍山市信访局', '马鞍山市机关事务管理局', '马鞍山市人民防空办公室', '马鞍山市档案馆',
  '马鞍山市图书馆', '马鞍山市博物馆', '马鞍山市疾病预防控制中心', '马鞍山市第二中学', '马鞍山市第二十二中学', '马鞍山市人民医院',
  '马鞍山市中医院',
];
const budgetYears = 8;
const employmentMonths = months('2021-01', '2026-10');
const wageBatches = '2018-11-01/2021-12-01/2024-10-01';
const monthlyWage = '1550/1550/1550/1380/1380/1380/1650/1650/1650/1500/1500/1500/2060/2060/2060/1930/1930/1930';
const hourlyWage = '16/16/16/14/14/14/17/17/17/16/16/16/21/21/21/20/20/20';
/** [title, share of postings, typical starting monthly pay] */
const jobs: [string, number, number][] = [
  ['普工', 14, 4200], ['操作工', 10, 4500], ['焊工', 4, 6500], ['电工', 3, 6000], ['数控车床操作工', 3, 5800],
  ['仓库管理员', 3, 4300], ['叉车司机', 2, 5200], ['货车司机', 3, 6800], ['质检员', 3, 4600], ['机械设计工程师', 2, 8500],
  ['软件工程师', 1, 11000], ['电气工程师', 2, 9000], ['销售代表', 8, 5500], ['客服专员', 4, 4200], ['电商运营', 3, 5800],
  ['行政文员', 4, 4000], ['人事专员', 2, 4800], ['会计', 3, 5200], ['出纳', 2, 3900], ['厨师', 3, 5600], ['服务员', 5, 3800],
  ['保安', 4, 3500], ['保洁员', 3, 2900], ['护士', 2, 5200], ['幼儿教师', 2, 4200], ['平面设计', 1, 5500], ['施工员', 2, 6200],
  ['造价员', 1, 6000], ['快递员', 3, 6500], ['营业员', 3, 3900],
];
const subsidies = '耕地地力保护补贴,稻谷生产者补贴,农机购置补贴,城乡居民基本养老保险待遇,特困人员救助供养金,残疾人两项补贴,高龄津贴,农村危房改造补助';

export const financeHrss: DatasetDef[] = [
  {
    id: 'procurement-agencies', zh: '政府采购代理机构', en: 'Government procurement agencies', dept: 'finance', theme: 'finance-tax', freq: 'quarterly', rows: 132,
    sum: ['在安徽省政府采购网登记并在本市开展业务的政府采购代理机构名录。', 'Procurement agencies registered on the Anhui procurement platform and active in the city.'],
    kw: '政府采购 代理机构 招标 财政', kwEn: 'government procurement, agencies, tendering, public finance', ind: '租赁和商务服务业',
    fields: [
      'agency_id|机构编号|Agency ID|string*|seq:CGDL{4}',
      'name|机构名称|Name|string!|uniq:company:招标代理/工程咨询/项目管理/造价咨询',
      '@uscc!', '@legal_rep', '@district', '@address', '@contact', '@phone',
      'registered_on|登记日期|Registered on|date!|date:2015-01-01,now',
      'credit_rating|信用评价|Credit rating|string|enum:A*50,B*35,C*10,未评价*5',
    ],
  },
  {
    id: 'budget-disclosure-catalog', zh: '预决算公开目录', en: 'Budget and final accounts disclosure index', dept: 'finance', theme: 'finance-tax', freq: 'yearly', rows: budgetUnits.length * 2 * budgetYears,
    sum: ['市直部门（单位）部门预算和部门决算公开情况目录，含支出总额、“三公”经费和公开日期。', 'Index of departmental budgets and final accounts disclosed by municipal bodies, with totals, "three public expenses" and dates.'],
    kw: '预算公开 决算公开 三公经费 财政透明', kwEn: 'budget disclosure, final accounts, official expenses, fiscal transparency', ind: '公共管理、社会保障和社会组织',
    fields: [
      'record_id|记录编号|Record ID|string*|seq:YJS{4}',
      `year|公开年度|Disclosure year|integer!|year:2018,${budgetUnits.length * 2}|当年部门预算和上年部门决算均在该年度公开`,
      `doc_type|公开类型|Document|string!|cycle(${budgetUnits.length}):部门预算,部门决算`,
      `unit|部门（单位）|Body|string!|cycle:${budgetUnits.join(',')}`,
      'total|支出总额（万元）|Total spending (10k CNY)|number!|numlog:300,90000,2',
      'official_expenses|“三公”经费（万元）|Official expenses (10k CNY)|number|scale:@total,0.002,0.012,2',
      'published_on|公开日期|Published on|date!|inyear:@year,20,150',
    ],
  },
  {
    id: 'procurement-contracts', zh: '政府采购合同公告', en: 'Government procurement contracts', dept: 'finance', theme: 'finance-tax', freq: 'monthly', rows: 4000,
    sum: ['政府采购合同签订后公告的主要信息，含采购人、供应商、采购方式、合同金额和签订日期。', 'Published government procurement contracts: purchaser, supplier, method, amount and signing date.'],
    kw: '政府采购 合同公告 中标 供应商', kwEn: 'government procurement, contracts, awards, suppliers', ind: '公共管理、社会保障和社会组织',
    fields: [
      'contract_no|合同编号|Contract No.|string*|seq:MASCG{6}',
      'project|项目名称|Project|string!|tpl:{@purchaser}{y:@signed_on}年{办公设备采购/物业管理服务/信息化系统运维/食材配送服务/公务用车租赁/绿化养护服务/道路维修工程/教学设备采购/医疗设备采购/印刷服务/档案数字化/网络安全服务}项目{/（一标段）/（二标段）}',
      `purchaser|采购人|Purchaser|string!|enum:${budgetUnits.join(',')}`,
      'supplier|供应商|Supplier|string!|company',
      'category|采购类别|Category|string!|enum:货物*45,服务*40,工程*15',
      'method|采购方式|Method|string!|enum:公开招标*40,竞争性磋商*25,竞争性谈判*8,询价*7,单一来源*5,框架协议采购*15',
      'amount|合同金额（万元）|Amount (10k CNY)|number!|numlog:1,5000,2',
      'signed_on|签订日期|Signed on|date!|date:2022-01-01,now',
      'published_on|公告日期|Published on|date!|after:@signed_on,1,7,now',
    ],
  },
  {
    id: 'fiscal-revenue-expenditure', zh: '财政收支月报', en: 'Monthly fiscal revenue and expenditure', dept: 'finance', theme: 'finance-tax', freq: 'monthly', rows: months('2019-01', '2026-10'),
    sum: ['全市一般公共预算收支和政府性基金收入月度数据，2019年1月起。', 'Monthly general public budget revenue and expenditure and government fund revenue since January 2019.'],
    kw: '财政收入 财政支出 一般公共预算 政府性基金', kwEn: 'fiscal revenue, expenditure, general budget, government funds', ind: '公共管理、社会保障和社会组织',
    fields: [
      'stat_month|统计月份|Month|string*|month:2019-01,1|格式YYYY-MM',
      'region|地区|Region|string!|const:马鞍山市',
      'budget_revenue|一般公共预算收入（亿元）|General budget revenue (100m CNY)|number!|trend:@stat_month,17.5,0.04,0.25,0.08,2,3',
      'tax_revenue|其中：税收收入（亿元）|of which tax (100m CNY)|number!|scale:@budget_revenue,0.68,0.8,2',
      'budget_expenditure|一般公共预算支出（亿元）|General budget expenditure (100m CNY)|number!|trend:@stat_month,27,0.035,0.35,0.1,2,12',
      'fund_revenue|政府性基金收入（亿元）|Government fund revenue (100m CNY)|number|trend:@stat_month,16,-0.06,0.3,0.25,2,12',
    ],
  },
  {
    id: 'government-debt', zh: '政府债务限额和余额', en: 'Government debt limits and balances', dept: 'finance', theme: 'finance-tax', freq: 'yearly', rows: 20, stale: true,
    sum: ['全市政府一般债务和专项债务的年度限额、年末余额和当年新增债券发行额。', 'Annual limits, year-end balances and new issuance of general and special-purpose government debt.'],
    kw: '政府债务 专项债 债务限额 财政', kwEn: 'government debt, special bonds, debt limits, public finance', ind: '公共管理、社会保障和社会组织',
    fields: [
      'record_id|记录编号|Record ID|string*|seq:ZW{3}',
      'year|年度|Year|integer!|year:2016,2',
      'debt_type|债务类型|Debt type|string!|cycle:一般债务,专项债务',
      'limit_amount|债务限额（亿元）|Limit (100m CNY)|number!|by:@debt_type,2,0.02,210/160,@year,0.09',
      'balance|年末余额（亿元）|Year-end balance (100m CNY)|number!|scale:@limit_amount,0.9,0.99,2',
      'new_bonds|当年新增债券（亿元）|New bonds (100m CNY)|number|scale:@limit_amount,0.05,0.14,2',
    ],
  },
  {
    id: 'fiscal-subsidy-disbursements', zh: '惠民惠农财政补贴资金发放汇总', en: 'Subsidy disbursements to residents and farmers', dept: 'finance', theme: 'finance-tax', freq: 'quarterly', rows: 19 * 48, conditional: true, published: '2026-10-16',
    sum: ['通过“一卡通”发放的惠民惠农财政补贴资金，按季度、区县和补贴项目汇总。', 'Subsidies paid through the "one card" system, summed by quarter, district and programme.'],
    kw: '惠民惠农 一卡通 财政补贴 资金发放', kwEn: 'subsidies, one card, farmers, disbursement', ind: '公共管理、社会保障和社会组织',
    fields: [
      'record_id|记录编号|Record ID|string*|seq:BT{5}',
      'quarter|季度|Quarter|string!|quarter:2022-1,48|格式YYYYQn',
      'district|区县|District|string!|cycle:花山区,雨山区,博望区,当涂县,含山县,和县',
      `subsidy|补贴项目|Programme|string!|cycle(6):${subsidies}`,
      'recipients|发放人（户）数|Recipients|integer!|by:@subsidy,0,0.35,52000/31000/900/88000/2100/16000/21000/300',
      'amount|发放金额（万元）|Amount (10k CNY)|number!|by:@subsidy,1,0.35,1450/1100/520/6400/780/720/630/420',
    ],
  },
  {
    id: 'job-postings', zh: '招聘岗位信息', en: 'Job vacancies', dept: 'hrss', theme: 'social-employment', freq: 'daily', rows: 20000,
    sum: ['用人单位通过公共就业服务平台发布的招聘岗位，含岗位、学历与经验要求、薪资范围和有效期。', 'Vacancies posted by employers on the public employment service platform, with requirements, pay range and validity.'],
    kw: '招聘 岗位 就业 薪资 求职', kwEn: 'jobs, vacancies, employment, salary, recruitment', ind: '租赁和商务服务业',
    related: ['hr-service-agencies'],
    fields: [
      'post_id|岗位编号|Posting ID|string*|seq:ZP{7}',
      `job_title|岗位名称|Job title|string!|enum:${jobs.map(([t, w]) => `${t}*${w}`).join(',')}`,
      'employer|招聘单位|Employer|string!|company',
      '@district!',
      'education|学历要求|Education|string!|enum:不限*30,初中*10,高中/中专*25,大专*20,本科*13,硕士及以上*2',
      'experience|经验要求|Experience|string!|enum:不限*40,1年以下*10,1-3年*25,3-5年*15,5年以上*10',
      `salary_min|月薪下限（元）|Monthly pay from (CNY)|integer!|by:@job_title,-2,0.12,${jobs.map((j) => j[2]).join('/')}`,
      'salary_max|月薪上限（元）|Monthly pay to (CNY)|integer!|scale:@salary_min,1.2,1.8,-2',
      'headcount|招聘人数|Openings|integer!|intlog:1,30',
      'publish_date|发布日期|Published on|date!|date:2025-05-20,now',
      'valid_until|有效期至|Valid until|date!|after:@publish_date,30,90',
      'work_address|工作地点|Workplace|string|address',
      'contact|联系人|Contact|string|masked',
      '@phone',
    ],
  },
  {
    id: 'vocational-training-institutions', zh: '职业技能培训机构', en: 'Vocational training institutions', dept: 'hrss', theme: 'social-employment', freq: 'quarterly', rows: 145,
    sum: ['经人社部门许可的民办职业培训学校和补贴性培训定点机构，含培训工种和办学许可证号。', 'Licensed vocational training schools and designated subsidised-training providers, with trades taught.'],
    kw: '职业培训 技能培训 补贴性培训 人社', kwEn: 'vocational training, skills, subsidised training, human resources', ind: '教育',
    fields: [
      'school_id|机构编号|Institution ID|string*|seq:ZYPX{3}',
      'name|机构名称|Name|string!|uniq:tpl:马鞍山{市/}{brand}职业培训学校',
      'uscc|统一社会信用代码|Unified social credit code|string|uscc:52',
      'licence_no|办学许可证号|Licence No.|string|tpl:人社民1340500{d:8}号',
      'trades|培训工种|Trades|string|tpl:{电工/焊工/育婴员/养老护理员/中式烹调师/保育师/叉车司机/电子商务师}、{家政服务员/美容师/茶艺师/网络与信息安全管理员/健康管理师}',
      'designated|补贴性培训定点|Designated for subsidised training|boolean|bool:0.6',
      'director|校长|Director|string|person',
      '@district!', '@address!', '@phone',
    ],
  },
  {
    id: 'hr-service-agencies', zh: '人力资源服务机构', en: 'Human resources service agencies', dept: 'hrss', theme: 'social-employment', freq: 'quarterly', rows: 210, stale: true,
    sum: ['取得人力资源服务许可或备案的经营性人力资源服务机构名录。', 'Commercial HR service agencies holding a licence or filing, with permitted services.'],
    kw: '人力资源服务 职业中介 劳务派遣 许可', kwEn: 'HR services, job agencies, labour dispatch, licence', ind: '租赁和商务服务业',
    fields: [
      'licence_no|许可证编号|Licence No.|string*|tpl:（皖）人服证字〔{y:@issued_on}〕第3405{d:5}号',
      'name|机构名称|Name|string!|uniq:company:人力资源/人力资源服务/劳务/企业管理咨询',
      '@uscc!', '@legal_rep', '@district!', '@address', '@phone',
      'scope|服务范围|Services|string|tpl:{职业介绍/人力资源供求信息收集和发布/就业和创业指导}、{人力资源外包/劳务派遣/人才测评/高级人才寻访}',
      'issued_on|发证日期|Issued on|date!|date:2015-01-01,now',
    ],
  },
  {
    id: 'social-insurance-service-points', zh: '社保经办服务网点', en: 'Social insurance service points', dept: 'hrss', theme: 'social-employment', freq: 'irregular', rows: townRows.length,
    sum: ['办理社会保险登记、缴费、待遇领取资格认证等业务的经办服务网点。', 'Offices handling social insurance registration, contributions and benefit eligibility checks.'],
    kw: '社保 社会保险 经办 服务网点', kwEn: 'social insurance, pensions, service points, offices', ind: '公共管理、社会保障和社会组织',
    fields: [
      'point_id|网点编号|Point ID|string*|seq:SB{3}',
      ...townFields,
      'name|网点名称|Name|string!|tpl:{dist}{townstem}{便民服务中心社保窗口/人社服务站}',
      '@address!', '@phone', '@hours',
      'services|可办业务|Services|string|tpl:{参保登记/社保卡申领}、{城乡居民养老保险缴费/待遇资格认证}、{社保关系转移/个人权益记录查询}',
      '@lng', '@lat',
    ],
  },
  {
    id: 'minimum-wage-standards', zh: '最低工资标准', en: 'Minimum wage standards', dept: 'hrss', theme: 'social-employment', freq: 'irregular', rows: 18,
    sum: ['历次调整后各区县执行的月最低工资标准和非全日制用工小时最低工资标准。', 'Monthly and hourly minimum wages applied in each district after each adjustment.'],
    kw: '最低工资 工资标准 劳动保障 人社', kwEn: 'minimum wage, wage standards, labour protection, human resources', ind: '公共管理、社会保障和社会组织',
    fields: [
      'record_id|记录编号|Record ID|string*|seq:ZDGZ{2}',
      `effective_date|执行日期|Effective from|date!|list:6,${wageBatches}`,
      'district|区县|District|string!|cycle:花山区,雨山区,博望区,当涂县,含山县,和县',
      'tier|标准档次|Tier|string!|map:@district,一档/一档/一档/二档/二档/二档',
      `monthly|月最低工资（元）|Monthly minimum (CNY)|integer!|list:1,${monthlyWage}`,
      `hourly|小时最低工资（元）|Hourly minimum (CNY)|integer!|list:1,${hourlyWage}`,
    ],
  },
  {
    id: 'employment-monthly-stats', zh: '就业失业登记统计', en: 'Employment and unemployment registration', dept: 'hrss', theme: 'social-employment', freq: 'monthly', rows: employmentMonths * 6,
    sum: ['按月、区县统计的城镇新增就业、失业人员再就业和登记失业人数。', 'Monthly new urban jobs, re-employment and registered unemployment by district.'],
    kw: '就业 失业登记 再就业 人社统计', kwEn: 'employment, unemployment, re-employment, labour statistics', ind: '公共管理、社会保障和社会组织',
    fields: [
      'record_id|记录编号|Record ID|string*|seq:JY{5}',
      'stat_month|统计月份|Month|string!|month:2021-01,6|格式YYYY-MM',
      'district|区县|District|string!|cycle:花山区,雨山区,博望区,当涂县,含山县,和县',
      'new_jobs|城镇新增就业人数|New urban jobs|integer!|by:@district,0,0.25,820/760/240/560/380/430',
      'reemployed|失业人员再就业人数|Re-employed|integer|by:@district,0,0.25,210/190/60/140/90/110',
      'registered_unemployed|登记失业人数|Registered unemployed|integer|by:@district,0,0.06,3100/2800/900/2100/1500/1700,@stat_month,-0.02',
    ],
  },
  {
    id: 'labor-arbitration-institutions', zh: '劳动人事争议仲裁院', en: 'Labour dispute arbitration', dept: 'hrss', theme: 'social-employment', freq: 'irregular', rows: 7,
    sum: ['受理劳动人事争议仲裁申请的仲裁院（委员会）地址和联系电话。', 'Labour and personnel dispute arbitration bodies with address and phone.'],
    kw: '劳动仲裁 劳动争议 维权 人社', kwEn: 'labour arbitration, labour disputes, worker rights, human resources', ind: '公共管理、社会保障和社会组织',
    fields: [
      'office_id|机构编号|Office ID|string*|seq:ZC{2}',
      'name|名称|Name|string!|cycle:马鞍山市劳动人事争议仲裁院,花山区劳动人事争议仲裁院,雨山区劳动人事争议仲裁院,博望区劳动人事争议仲裁院,当涂县劳动人事争议仲裁院,含山县劳动人事争议仲裁院,和县劳动人事争议仲裁院',
      'district|所属区县|District|string!|map:@name,雨山区/花山区/雨山区/博望区/当涂县/含山县/和县',
      '@address!', '@phone', '@hours',
    ],
  },
];

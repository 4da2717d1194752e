import { months, type DatasetDef } from './types.js';

const taxAuthority = 'map:@district,国家税务总局马鞍山市花山区税务局/国家税务总局马鞍山市雨山区税务局/国家税务总局马鞍山市博望区税务局/国家税务总局当涂县税务局/国家税务总局含山县税务局/国家税务总局和县税务局';

export const taxation: DatasetDef[] = [
  {
    id: 'a-level-taxpayers', zh: '纳税信用A级纳税人名单', en: 'A-grade taxpayers', dept: 'taxation', theme: 'credit', freq: 'yearly', rows: 4800, published: '2026-04-28',
    sum: ['年度纳税信用评价为A级的纳税人名单（2025年度评价）。', 'Taxpayers rated A for tax credit in the 2025 evaluation year.'],
    kw: '纳税信用 A级纳税人 税务 守信', kwEn: 'tax credit, A-grade taxpayers, taxation, trustworthy', ind: '公共管理、社会保障和社会组织',
    fields: [
      'taxpayer_id|纳税人识别号|Taxpayer ID|string*|uscc',
      'name|纳税人名称|Taxpayer|string!|uniq:company',
      'year|评价年度|Evaluation year|integer!|const:2025',
      '@district!',
      `authority|主管税务机关|Tax office|string!|${taxAuthority}`,
    ],
  },
  {
    id: 'tax-service-halls', zh: '办税服务厅', en: 'Tax service halls', dept: 'taxation', theme: 'finance-tax', freq: 'irregular', rows: 14,
    sum: ['各级税务机关办税服务厅的地址、办公时间、咨询电话和可办业务。', 'Tax service halls with address, hours, helpline and services.'],
    kw: '办税服务厅 税务 纳税服务 办事指南', kwEn: 'tax service halls, taxation, taxpayer services, guides', ind: '公共管理、社会保障和社会组织',
    fields: [
      'hall_id|服务厅编号|Hall ID|string*|seq:BS{2}',
      'district|所属区县|District|string!|cycle:花山区,雨山区,博望区,当涂县,含山县,和县',
      'name|名称|Name|string!|uniq:tpl:{taxbureau}{办税服务厅/第一税务分局办税服务厅/第二税务分局办税服务厅/城区办税服务厅}',
      '@address!', '@phone', '@hours',
      'services|可办业务|Services|string|tpl:{发票领用/税务登记}、{申报纳税/出口退税}、{社保费缴纳/不动产交易税费}',
      'self_service|自助办税区|Self-service area|boolean|bool:0.85',
      '@lng', '@lat',
    ],
  },
  {
    id: 'major-tax-violations', zh: '重大税收违法失信案件', en: 'Major tax violation cases', dept: 'taxation', theme: 'credit', freq: 'quarterly', rows: 84,
    sum: ['依法公布的重大税收违法失信主体信息，含案件性质、主要违法事实和处理处罚情况。', 'Published major tax violation cases with nature, main facts and penalties.'],
    kw: '税收违法 失信 偷税 虚开发票', kwEn: 'tax violations, dishonesty, tax evasion, false invoices', ind: '公共管理、社会保障和社会组织',
    fields: [
      'case_id|案件编号|Case ID|string*|seq:SSWF{3}',
      'name|纳税人名称|Taxpayer|string!|company',
      '@uscc!', '@legal_rep',
      'nature|案件性质|Nature|string!|enum:偷税*45,虚开增值税专用发票*35,逃避追缴欠税*10,骗取出口退税*5,虚开普通发票*5',
      'facts|主要违法事实|Main facts|string|tpl:经检查，该单位于{n:2018-2024}年至{n:2020-2025}年间少缴或虚开税款合计{n:10-2000}万元',
      'penalty|处理处罚情况|Penalty|string|tpl:依法追缴税款、加收滞纳金并处{0.5/1/1.5/2}倍罚款{/，移送公安机关}',
      'published_on|公布日期|Published on|date!|date:2021-01-01,now',
      '@district!',
      `authority|检查机关|Inspecting office|string!|${taxAuthority}`,
    ],
  },
  {
    id: 'tax-revenue-monthly', zh: '税收收入月报', en: 'Monthly tax revenue', dept: 'taxation', theme: 'finance-tax', freq: 'monthly', rows: months('2019-01', '2026-10'), conditional: true,
    sum: ['税务部门组织的税收收入月度数据，按主要税种分列。', 'Monthly tax revenue collected, by main tax.'],
    kw: '税收收入 增值税 企业所得税 个人所得税', kwEn: 'tax revenue, VAT, corporate income tax, individual income tax', ind: '公共管理、社会保障和社会组织',
    fields: [
      'month|月份|Month|string*|month:2019-01,1|格式YYYY-MM',
      'region|地区|Region|string!|const:马鞍山市',
      'total|税收收入合计（亿元）|Total tax (100m CNY)|number!|trend:@month,26,0.035,0.2,0.08,2,5',
      'vat|国内增值税（亿元）|Domestic VAT (100m CNY)|number|scale:@total,0.36,0.42,2',
      'cit|企业所得税（亿元）|Corporate income tax (100m CNY)|number|scale:@total,0.16,0.24,2',
      'iit|个人所得税（亿元）|Individual income tax (100m CNY)|number|scale:@total,0.05,0.08,2',
    ],
  },
  {
    id: 'self-service-tax-terminals', zh: '自助办税终端', en: 'Self-service tax terminals', dept: 'taxation', theme: 'finance-tax', freq: 'quarterly', rows: 96, stale: true,
    sum: ['布设在办税服务厅、银行网点和政务服务中心的自助办税终端位置及功能。', 'Self-service tax terminals in tax halls, bank branches and government service centres.'],
    kw: '自助办税 终端 发票 便民', kwEn: 'self-service tax, terminals, invoices, convenience', ind: '公共管理、社会保障和社会组织',
    fields: [
      'terminal_id|终端编号|Terminal ID|string*|seq:ZZ{3}',
      'name|放置地点|Location|string!|uniq:tpl:{roadstem}{@host}',
      'host|放置场所|Host|string!|enum:办税服务厅*30,银行网点*35,政务服务中心*20,便民服务中心*15',
      'functions|主要功能|Functions|string|tpl:{发票领用/发票代开}、{完税证明打印/申报缴税}',
      '@district!', '@address!', '@hours', '@lng', '@lat',
    ],
  },
];

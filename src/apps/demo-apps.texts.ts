import type { AppKind, AppStatus } from './apps.types.js';

// The demo showcase: apps a city like this one has (数据开放平台的应用成果), each naming real catalog datasets.

export type DemoApp = {
  key: string; name_zh: string; name_en: string; kind: AppKind; description_zh: string; description_en: string; url: string | null;
  datasets: string[]; submitter: string; status: AppStatus; reject_reason?: string; daysAgo: number; colour: string; shots: number;
};

export const demoApps: DemoApp[] = [
  {
    key: 'bus', name_zh: '马上到公交实时查询小程序', name_en: 'Bus arrivals mini-program', kind: 'mini_program',
    description_zh: '基于公交线路和公交站点开放数据，查询附近站点、线路走向和首末班时间，支持换乘规划。',
    description_en: 'Nearby stops, route maps and first/last bus times from the open bus route and stop data, with transfer planning.',
    url: 'https://example.org/demo/bus', datasets: ['bus-routes', 'bus-stops'], submitter: 'demo-user-1', status: 'approved', daysAgo: 300, colour: '#1565c0', shots: 2,
  },
  {
    key: 'parking', name_zh: '停车充电一张图', name_en: 'Parking and charging map', kind: 'web_app',
    description_zh: '在地图上汇总公共停车场与电动汽车充电站的位置、泊位数和收费标准，出行前就能找到车位和充电桩。',
    description_en: 'Public car parks and EV charging stations on one map, with spaces and prices.',
    url: 'https://example.org/demo/parking', datasets: ['public-parking-lots', 'ev-charging-stations'], submitter: 'demo-user-2', status: 'approved', daysAgo: 240, colour: '#2e7d32', shots: 2,
  },
  {
    key: 'air', name_zh: '蓝天碧水环境质量看板', name_en: 'Air and water quality dashboard', kind: 'visualisation',
    description_zh: '把空气质量日报和地表水水质月报做成逐日、逐月的可视化图表，直观展示全市环境质量变化趋势。',
    description_en: 'Daily air quality and monthly surface water quality as charts of the city\'s trends.',
    url: 'https://example.org/demo/environment', datasets: ['air-quality-daily', 'surface-water-quality'], submitter: 'demo-user-3', status: 'approved', daysAgo: 200, colour: '#00838f', shots: 1,
  },
  {
    key: 'health', name_zh: '就医购药导航 App', name_en: 'Clinics and pharmacies app', kind: 'mobile_app',
    description_zh: '整合医疗机构名录与医保定点零售药店，按距离和科室查找医院、诊所和可刷医保的药店。',
    description_en: 'Find hospitals, clinics and pharmacies that take medical insurance, by distance and specialty.',
    url: 'https://example.org/demo/health', datasets: ['medical-institutions', 'designated-pharmacies'], submitter: 'demo-user-4', status: 'approved', daysAgo: 150, colour: '#c62828', shots: 2,
  },
  {
    key: 'schools', name_zh: '学区房与入学查询', name_en: 'School catchment finder', kind: 'web_app',
    description_zh: '输入小区名称即可查询对应的义务教育学区、中小学校和周边幼儿园，帮助家长了解入学政策。',
    description_en: 'Type a residential community to see its catchment primary and middle schools and nearby kindergartens.',
    url: 'https://example.org/demo/schools', datasets: ['school-enrollment-zones', 'primary-secondary-schools', 'kindergartens'], submitter: 'demo-user-5', status: 'approved', daysAgo: 120, colour: '#6a1b9a', shots: 1,
  },
  {
    key: 'hotline', name_zh: '12345 热线诉求热点分析（研究报告）', name_en: '12345 hotline complaints: a study', kind: 'research',
    description_zh: '利用 12345 热线诉求统计数据，分析市民诉求的类别、季节变化和办结时效，为改进政务服务提供参考。',
    description_en: 'What citizens call the 12345 hotline about, by category and season, and how fast it is settled.',
    url: null, datasets: ['hotline-12345-stats'], submitter: 'demo-user-6', status: 'approved', daysAgo: 90, colour: '#ef6c00', shots: 1,
  },
  {
    key: 'tourism', name_zh: '数说假日景区客流（新闻报道）', name_en: 'Holiday crowds at scenic spots (news story)', kind: 'news_story',
    description_zh: '本地媒体结合 A 级景区名录和景区接待人次数据，报道节假日热门景区客流变化。',
    description_en: 'A local news story on holiday visitor numbers at the A-rated scenic spots.',
    url: 'https://example.org/demo/news', datasets: ['scenic-visitor-counts', 'a-level-scenic-spots'], submitter: 'demo-user-7', status: 'approved', daysAgo: 45, colour: '#ad1457', shots: 1,
  },
  {
    key: 'elderly', name_zh: '养老服务设施布局辅助决策', name_en: 'Elderly care planning aid', kind: 'decision_support',
    description_zh: '民政部门结合户籍人口统计和养老机构名录，测算各区县养老床位缺口，辅助新建养老设施选址。',
    description_en: 'Population statistics and care homes together: the shortfall of care beds by district, for siting new homes.',
    url: null, datasets: ['elderly-care-institutions', 'population-statistics'], submitter: 'demo-user-civil-affairs-1', status: 'approved', daysAgo: 20, colour: '#4e342e', shots: 1,
  },
  {
    key: 'toilets', name_zh: '城市如厕地图', name_en: 'Public toilet map', kind: 'mini_program',
    description_zh: '基于公共厕所开放数据，查找最近的公厕及其开放时间、无障碍设施。',
    description_en: 'The nearest public toilet, its opening hours and accessibility.',
    url: 'https://example.org/demo/toilets', datasets: ['public-toilets'], submitter: 'demo-user-8', status: 'pending', daysAgo: 3, colour: '#37474f', shots: 1,
  },
  {
    key: 'companies', name_zh: '企业信息快查', name_en: 'Company lookup', kind: 'web_app',
    description_zh: '查询企业登记信息。',
    description_en: 'Look up registered companies.',
    url: 'https://example.org/demo/companies', datasets: ['enterprise-registry'], submitter: 'demo-user-9', status: 'rejected',
    reject_reason: '提交的链接无法访问，且说明过于简单，请补充应用功能介绍后重新提交。', daysAgo: 10, colour: '#455a64', shots: 0,
  },
];

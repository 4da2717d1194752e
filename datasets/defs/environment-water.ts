import { days, months, type DatasetDef } from './types.js';

const airSites = '湖东路四小,天平服装,市教育基地,慈湖二中,市监测站,采石';
const airDays = days('2020-11-26', '2026-11-24');
const noiseRoads = ['湖北路', '湖南路', '湖东路', '红旗中路', '花园路', '解放路', '九华西路', '佳山路', '雨山路', '印山东路', '太白大道', '江东大道', '天门大道', '霍里山大道'];
/** 42 fixed noise monitoring points: three on each of 14 roads, in four functional zone classes. */
const noisePoints = noiseRoads.flatMap((road) => ['东段', '中段', '西段'].map((part) => `${road}${part}`));
const noiseZones = noisePoints.map((_, k) => ['1类区', '2类区', '3类区', '4a类区'][k % 4]!);
const sections = '长江慈湖断面,长江采石断面,采石河入江口,慈湖河入江口,雨山河,姑溪河当涂段,青山河,石臼湖湖心,牛屯河,得胜河,裕溪河,太湖山水库';
const sectionTargets = 'Ⅱ类/Ⅱ类/Ⅲ类/Ⅳ类/Ⅳ类/Ⅲ类/Ⅲ类/Ⅲ类/Ⅲ类/Ⅲ类/Ⅲ类/Ⅱ类';
const plants = '马鞍山市第一水厂,马鞍山市第四水厂,马鞍山市慈湖水厂,当涂县自来水厂,含山县自来水厂,和县自来水厂';
const hydroStations = '马鞍山（长江）,采石河闸,姑溪河当涂,石臼湖博望,牛屯河和县';
const hydroDays = days('2024-11-26', '2026-11-24');

export const environmentWater: DatasetDef[] = [
  {
    id: 'air-quality-daily', zh: '空气质量日报', en: 'Daily air quality', dept: 'ecology-environment', theme: 'resources-environment', freq: 'daily', rows: 6 * airDays,
    sum: ['全市6个国控空气质量监测点位的逐日空气质量指数、首要污染物和主要污染物浓度。', 'Daily air quality index, primary pollutant and pollutant concentrations at the six national monitoring sites.'],
    kw: '空气质量 AQI PM2.5 环境监测', kwEn: 'air quality, AQI, PM2.5, environmental monitoring', ind: '水利、环境和公共设施管理业',
    fields: [
      'record_id|记录编号|Record ID|string*|seq:AQ{7}',
      'monitor_date|监测日期|Date|date!|day:2020-11-26,6',
      `site|监测点位|Site|string!|cycle:${airSites}`,
      'aqi|空气质量指数|AQI|integer!|aqi:@monitor_date|日均空气质量指数（HJ 633）',
      'level|空气质量级别|Level|string!|level:@aqi,50/100/150/200/300;优,良,轻度污染,中度污染,重度污染,严重污染',
      'primary_pollutant|首要污染物|Primary pollutant|string!|pollutant:@aqi,@monitor_date;无,PM2.5,PM10,O3,NO2',
      'pm25|PM2.5（微克/立方米）|PM2.5 (µg/m³)|integer|scale:@aqi,0.4,0.7,0',
      'pm10|PM10（微克/立方米）|PM10 (µg/m³)|integer|scale:@aqi,0.7,1.15,0',
      'o3_8h|O3日最大8小时（微克/立方米）|O3 max 8h (µg/m³)|integer|season:@monitor_date,95,40,18,0,190,10,260',
      'no2|NO2（微克/立方米）|NO2 (µg/m³)|integer|season:@monitor_date,30,10,7,0,15,5,95',
      'so2|SO2（微克/立方米）|SO2 (µg/m³)|integer|int:4,14',
      'co|CO（毫克/立方米）|CO (mg/m³)|number|num:0.4,1.4,1',
    ],
  },
  {
    id: 'environmental-noise', zh: '环境噪声监测', en: 'Environmental noise monitoring', dept: 'ecology-environment', theme: 'resources-environment', freq: 'quarterly', rows: 42 * 23, published: '2026-10-22',
    sum: ['城市功能区声环境质量监测点位的季度昼间、夜间等效声级。', 'Quarterly day and night equivalent sound levels at urban functional-zone noise monitoring points.'],
    kw: '噪声 声环境 功能区 环境监测', kwEn: 'noise, acoustic environment, functional zones, monitoring', ind: '水利、环境和公共设施管理业',
    fields: [
      'record_id|记录编号|Record ID|string*|seq:ZS{5}',
      'quarter|监测季度|Quarter|string!|quarter:2021-1,42|格式YYYYQn',
      `point|监测点位|Point|string!|cycle:${noisePoints.join(',')}`,
      `zone|功能区类别|Zone class|string!|map:@point,${noiseZones.join('/')}`,
      'day_leq|昼间等效声级（dB(A)）|Day Leq (dB(A))|number!|by:@zone,1,0.04,52/56/61/66',
      'night_leq|夜间等效声级（dB(A)）|Night Leq (dB(A))|number!|offset:@day_leq,-12,-6,1',
      'exceeded|是否超标|Above limit|boolean|bool:0.12',
    ],
  },
  {
    id: 'key-pollutant-units', zh: '重点排污单位名录', en: 'Key pollutant-discharging units', dept: 'ecology-environment', theme: 'resources-environment', freq: 'yearly', rows: 312,
    sum: ['年度环境监管重点单位名录，按水环境、大气环境、土壤污染和声环境等类别列出。', 'Annual list of key units under environmental supervision, by water, air, soil and noise category.'],
    kw: '重点排污单位 环境监管 污染源 自动监测', kwEn: 'key polluters, environmental supervision, pollution sources, monitoring', ind: '水利、环境和公共设施管理业',
    fields: [
      'record_id|记录编号|Record ID|string*|seq:ZDPW{4}',
      'name|单位名称|Name|string!|uniq:company:钢铁/化工/新材料/建材/污水处理/食品/医药',
      '@uscc!', '@district!',
      'category|重点类别|Category|string!|enum:水环境*35,大气环境*30,土壤污染*15,声环境*5,环境风险*15',
      'outlets|排放口数量|Outlets|integer|int:1,12',
      'online_monitoring|安装自动监测|Online monitoring|boolean|bool:0.8',
      'year|名录年度|Year|integer!|const:2026',
      '@address', '@lng', '@lat',
    ],
  },
  {
    id: 'eia-approvals', zh: '建设项目环评审批', en: 'Environmental impact approvals', dept: 'ecology-environment', theme: 'resources-environment', freq: 'monthly', rows: 1260,
    sum: ['建设项目环境影响评价文件审批结果，含项目、建设单位、环评类别和审批文号。', 'Decisions on environmental impact assessments of construction projects.'],
    kw: '环评 环境影响评价 审批 建设项目', kwEn: 'EIA, environmental impact, approvals, projects', ind: '水利、环境和公共设施管理业',
    fields: [
      'record_id|记录编号|Record ID|string*|seq:HP{5}',
      'doc_no|审批文号|Decision No.|string!|tpl:马环审〔{y:@approval_date}〕{n:1-400}号',
      'project|项目名称|Project|string!|tpl:{brand}{汽车零部件生产线/新材料生产线/污水处理厂扩建/仓储物流中心/冷链食品加工/光伏组件生产}项目',
      'builder|建设单位|Developer|string!|company',
      'eia_type|环评类别|Document|string!|enum:报告书*20,报告表*80',
      'investment|总投资（万元）|Investment (10k CNY)|number|numlog:200,300000,1',
      '@district!',
      'approval_date|审批日期|Approved on|date!|date:2020-01-01,now',
      'result|审批结果|Decision|string!|enum:批准*95,不予批准*5',
    ],
  },
  {
    id: 'surface-water-quality', zh: '地表水水质月报', en: 'Monthly surface water quality', dept: 'ecology-environment', theme: 'resources-environment', freq: 'monthly', rows: 12 * months('2021-01', '2026-10'),
    sum: ['国控、省控地表水监测断面的月度水质类别和主要指标浓度。', 'Monthly water quality class and key indicators at national and provincial surface water sections.'],
    kw: '地表水 水质 断面 河流', kwEn: 'surface water, water quality, monitoring sections, rivers', ind: '水利、环境和公共设施管理业',
    fields: [
      'record_id|记录编号|Record ID|string*|seq:SZ{5}',
      'month|监测月份|Month|string!|month:2021-01,12|格式YYYY-MM',
      `section|监测断面|Section|string!|cycle:${sections}`,
      `target|水质目标|Target class|string!|map:@section,${sectionTargets}`,
      'actual|水质类别|Class|string!|enum:Ⅱ类*40,Ⅲ类*45,Ⅳ类*12,Ⅴ类*3',
      'do|溶解氧（毫克/升）|Dissolved oxygen (mg/L)|number|season:@month,8,1.6,0.5,2,20,4',
      'codmn|高锰酸盐指数（毫克/升）|Permanganate index (mg/L)|number|num:1.5,5.5,2',
      'nh3n|氨氮（毫克/升）|Ammonia N (mg/L)|number|numlog:0.05,1.2,3',
      'tp|总磷（毫克/升）|Total P (mg/L)|number|numlog:0.02,0.25,3',
    ],
  },
  {
    id: 'emission-permits', zh: '排污许可证信息', en: 'Pollutant discharge permits', dept: 'ecology-environment', theme: 'resources-environment', freq: 'monthly', rows: 1800, stale: true,
    sum: ['核发的排污许可证信息，含管理类别、行业类别、有效期。', 'Pollutant discharge permits with management class, sector and validity.'],
    kw: '排污许可 许可证 固定污染源 环境管理', kwEn: 'discharge permits, licences, stationary sources, environmental management', ind: '水利、环境和公共设施管理业',
    fields: [
      'permit_no|许可证编号|Permit No.|string*|tpl:{@uscc}001{P/V/Q/U}|统一社会信用代码加流水号和类别码',
      'name|单位名称|Name|string!|company',
      '@uscc!', '@district!',
      'management|管理类别|Management class|string!|enum:重点管理*15,简化管理*35,登记管理*50',
      'sector|行业类别|Sector|string!|enum:金属制品*20,汽车制造*10,化学原料*10,非金属矿物制品*15,农副食品加工*12,畜禽养殖*8,污水处理*5,其他*20',
      'issued_on|发证日期|Issued on|date!|date:2019-01-01,now',
      'valid_until|有效期至|Valid until|date!|after:@issued_on,1825,1825',
    ],
  },
  {
    id: 'water-quality-bulletins', zh: '供水水质公告', en: 'Drinking water quality bulletins', dept: 'water', theme: 'livelihood', freq: 'monthly', rows: 6 * months('2021-01', '2026-10'),
    sum: ['城乡公共供水厂出厂水月度水质检测结果，含浑浊度、余氯、耗氧量和合格判定。', 'Monthly quality of treated water leaving public waterworks: turbidity, residual chlorine, oxygen consumption and compliance.'],
    kw: '供水 水质 自来水 饮用水安全', kwEn: 'water supply, water quality, tap water, drinking water safety', ind: '电力、热力、燃气及水生产和供应业',
    fields: [
      'record_id|记录编号|Record ID|string*|seq:GS{5}',
      'month|检测月份|Month|string!|month:2021-01,6|格式YYYY-MM',
      `plant|水厂|Waterworks|string!|cycle:${plants}`,
      'turbidity|浑浊度（NTU）|Turbidity (NTU)|number!|num:0.05,0.45,2',
      'chlorine|游离余氯（毫克/升）|Free chlorine (mg/L)|number!|num:0.3,0.8,2',
      'codmn|耗氧量（毫克/升）|Oxygen consumption (mg/L)|number|num:0.8,2.2,2',
      'ph|pH值|pH|number|num:6.9,7.8,2|出厂水pH值',
      'coliform|总大肠菌群|Total coliforms|string|const:未检出',
      'qualified|是否合格|Compliant|boolean!|bool:0.995',
    ],
  },
  {
    id: 'river-lake-chiefs', zh: '河湖长名录', en: 'River and lake chiefs', dept: 'water', theme: 'resources-environment', freq: 'quarterly', rows: 620,
    sum: ['市、县、乡、村四级河长湖长名单及其负责的河湖名称、起止点和监督电话。', 'River and lake chiefs at city, county, township and village level, with the water bodies in their charge.'],
    kw: '河长制 湖长制 河湖管理 水环境', kwEn: 'river chiefs, lake chiefs, river management, water environment', ind: '水利、环境和公共设施管理业',
    fields: [
      'record_id|记录编号|Record ID|string*|seq:HZ{4}',
      'water_body|河湖名称|River or lake|string!|tpl:{brand}{河/沟/塘/圩渠}',
      'chief|河湖长姓名|Chief|string!|person',
      'level|河湖长级别|Level|string!|enum:市级*3,县级*12,乡级*35,村级*50',
      'position|职务|Position|string|tpl:{dist}{townstem}{镇长/党委书记/村党组织书记/村委会主任/副镇长}',
      'reach|起止点|Reach|string|tpl:{village}至{village}',
      'length_km|长度（公里）|Length (km)|number|numlog:0.5,40,1',
      '@district!', '@town',
      'hotline|监督电话|Hotline|string|phone',
    ],
  },
  {
    id: 'water-permits', zh: '取水许可', en: 'Water abstraction permits', dept: 'water', theme: 'resources-environment', freq: 'yearly', rows: 310,
    sum: ['取水许可证信息，含取水单位、水源类型、取水用途、年许可取水量和有效期。', 'Water abstraction permits with holder, source, use, annual volume and validity.'],
    kw: '取水许可 水资源 用水 水务', kwEn: 'abstraction permits, water resources, water use, water affairs', ind: '水利、环境和公共设施管理业',
    fields: [
      'permit_no|取水许可证号|Permit No.|string*|tpl:取水（皖马）字〔{y:@issued_on}〕第{d:5}号',
      'holder|取水单位|Holder|string!|company:钢铁/化工/食品/农业发展/水务/建材',
      'source|水源类型|Source|string!|enum:地表水*80,地下水*20',
      'purpose|取水用途|Use|string!|enum:工业*55,生活*15,农业灌溉*25,其他*5',
      'annual_volume|年许可取水量（万立方米）|Annual volume (10k m³)|number!|numlog:1,8000,2',
      'issued_on|发证日期|Issued on|date!|date:2019-01-01,now',
      'valid_until|有效期至|Valid until|date|after:@issued_on,1825,1825',
      '@district!',
    ],
  },
  {
    id: 'reservoirs', zh: '水库名录', en: 'Reservoirs', dept: 'water', theme: 'resources-environment', freq: 'yearly', rows: 118,
    sum: ['全市中小型水库的规模、总库容、坝高、集水面积和管理单位。', 'Medium and small reservoirs with scale, storage, dam height, catchment and manager.'],
    kw: '水库 库容 防汛 水利工程', kwEn: 'reservoirs, storage, flood control, water works', ind: '水利、环境和公共设施管理业',
    fields: [
      'reservoir_id|水库编号|Reservoir ID|string*|seq:SK{3}',
      'name|水库名称|Name|string!|uniq:tpl:{brand}水库',
      'scale|规模|Scale|string!|enum:中型*8,小（1）型*30,小（2）型*62',
      'capacity|总库容（万立方米）|Storage (10k m³)|number!|by:@scale,1,0.35,2600/260/42',
      'dam_height|坝高（米）|Dam height (m)|number|num:6,32,1',
      'catchment|集水面积（平方千米）|Catchment (km²)|number|numlog:0.5,60,2',
      '@district!', '@town', '@lng', '@lat',
      'manager|管理单位|Manager|string|tpl:{dist}{townstem}水利站',
    ],
  },
  {
    id: 'hydrology-daily', zh: '水情站点日水位', en: 'Daily water levels', dept: 'water', theme: 'resources-environment', freq: 'daily', rows: 5 * hydroDays,
    sum: ['主要水文（水位）站的逐日8时水位和警戒水位。', 'Daily 8 a.m. water level and warning level at the main gauging stations.'],
    kw: '水位 水情 防汛 水文站', kwEn: 'water levels, hydrology, flood control, gauging stations', ind: '水利、环境和公共设施管理业',
    fields: [
      'record_id|记录编号|Record ID|string*|seq:SW{6}',
      'obs_date|日期|Date|date!|day:2024-11-26,5',
      `station|站点|Station|string!|cycle:${hydroStations}`,
      'warning_level|警戒水位（米）|Warning level (m)|number!|by:@station,2,0,9.8/8.5/9.2/10.5/9.6',
      'water_level|8时水位（米）|Level at 8:00 (m)|number!|wave:@obs_date,@warning_level,-2.3,1.4,0.15,2,200',
    ],
  },
  {
    id: 'drainage-outlets', zh: '入河排污口名录', en: 'Outfalls into rivers', dept: 'water', theme: 'resources-environment', freq: 'yearly', rows: 210, conditional: true,
    sum: ['经排查登记的入河（湖）排污口，含排入水体、排污口类型、排放方式和责任主体。', 'Registered outfalls into rivers and lakes with receiving water, type, discharge mode and responsible party.'],
    kw: '排污口 入河排污口 水污染 排查整治', kwEn: 'outfalls, discharges, water pollution, remediation', ind: '水利、环境和公共设施管理业',
    fields: [
      'outlet_id|排污口编码|Outlet ID|string*|seq:340500PWK{4}',
      'name|排污口名称|Name|string!|tpl:{@owner}{雨水/污水/混合}排口',
      'water_body|排入水体|Receiving water|string!|enum:长江*30,采石河*10,慈湖河*10,雨山河*8,姑溪河*12,青山河*8,牛屯河*8,裕溪河*8,石臼湖*6',
      'type|排污口类型|Type|string!|enum:工业排污口*35,城镇污水处理厂排污口*10,农业排口*20,其他排口*35',
      'mode|排放方式|Discharge|string|enum:连续*40,间歇*60',
      'owner|责任主体|Responsible party|string!|company:化工/钢铁/污水处理/食品/建材',
      '@district!', '@lng!', '@lat!',
    ],
  },
];

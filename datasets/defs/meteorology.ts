import { days, months, type DatasetDef } from './types.js';

const weatherStations = '58336,58338,58334,58233,58337,58339,58330,58335';
const weatherNames = '马鞍山国家基本气象站,当涂站,和县站,含山站,博望站,采石站,郑蒲港站,濮塘站';
const weatherDays = days('2019-11-26', '2026-11-24');

export const meteorology: DatasetDef[] = [
  {
    id: 'weather-daily-observations', zh: '气象站逐日观测', en: 'Daily weather observations', dept: 'meteorology', theme: 'weather', freq: 'daily', rows: 8 * weatherDays,
    sum: ['国家气象观测站和区域站的逐日平均、最高、最低气温，降水量，相对湿度，风速，气压和日照时数。', 'Daily mean, maximum and minimum temperature, precipitation, humidity, wind, pressure and sunshine at the weather stations.'],
    kw: '气象观测 气温 降水 逐日数据 气候', kwEn: 'weather observations, temperature, precipitation, daily data, climate', ind: '科学研究和技术服务业',
    fields: [
      'record_id|记录编号|Record ID|string*|seq:QX{7}',
      'obs_date|观测日期|Date|date!|day:2019-11-26,8',
      `station_id|区站号|Station ID|string!|cycle:${weatherStations}`,
      `station_name|站名|Station|string!|cycle:${weatherNames}`,
      'temp_avg|平均气温（℃）|Mean temperature (°C)|number!|season:@obs_date,16.4,12.6,2.2,1,200',
      'temp_max|最高气温（℃）|Maximum temperature (°C)|number!|offset:@temp_avg,2.5,8,1',
      'temp_min|最低气温（℃）|Minimum temperature (°C)|number!|offset:@temp_avg,-7,-2,1',
      'precipitation|降水量（毫米）|Precipitation (mm)|number!|rain:@obs_date',
      'rain_class|降水等级|Rain class|string!|level:@precipitation,0/9.9/24.9/49.9;无降水,小雨,中雨,大雨,暴雨',
      'humidity|平均相对湿度（%）|Relative humidity (%)|integer|normal:76,9,0,35,100',
      'wind_speed|平均风速（米/秒）|Wind speed (m/s)|number|normal:2.4,0.9,1,0.2,12',
      'pressure|平均气压（百帕）|Pressure (hPa)|number|season:@obs_date,1013,-10,3,1,200',
      'sunshine|日照时数（小时）|Sunshine (h)|number|season:@obs_date,5.3,1.8,2.6,1,200,0,12.5',
    ],
  },
  {
    id: 'weather-warnings', zh: '气象预警信号', en: 'Weather warning signals', dept: 'meteorology', theme: 'weather', freq: 'daily', rows: 1260, stale: true,
    sum: ['市、县气象台发布的气象灾害预警信号，含类型、级别、发布与解除时间和影响区域。', 'Weather warning signals issued by the city and county observatories with type, level, issue and lift time and area.'],
    kw: '预警信号 暴雨 高温 气象灾害', kwEn: 'weather warnings, rainstorm, heat, weather hazards', ind: '科学研究和技术服务业',
    fields: [
      'warning_id|预警编号|Warning ID|string*|seq:YJ{6}',
      'type|预警类型|Type|string!|enum:暴雨*18,大风*12,高温*18,雷电*15,大雾*12,寒潮*6,道路结冰*4,暴雪*3,霾*8,冰雹*2,干旱*2',
      'level|预警级别|Level|string!|enum:蓝色*40,黄色*40,橙色*17,红色*3',
      'title|标题|Title|string!|tpl:{@issuer}发布{@type}{@level}预警信号',
      'issuer|发布单位|Issuer|string!|enum:马鞍山市气象台*60,当涂县气象台*14,含山县气象台*13,和县气象台*13',
      'issued_at|发布时间|Issued at|datetime!|datetime:2019-01-01,now',
      'lifted_at|解除时间|Lifted at|datetime|after:@issued_at,1,2',
      'area|影响区域|Area|string|tpl:{市区/全市/当涂县/含山县/和县/博望区}{及周边/}',
    ],
  },
  {
    id: 'climate-monthly', zh: '月气候概况', en: 'Monthly climate summary', dept: 'meteorology', theme: 'weather', freq: 'monthly', rows: months('2019-01', '2026-10'),
    sum: ['马鞍山国家基本气象站逐月平均气温、极端气温、降水量和日照时数。', 'Monthly mean and extreme temperature, precipitation and sunshine at the Ma\'anshan national station.'],
    kw: '气候 月报 气温 降水 日照', kwEn: 'climate, monthly summary, temperature, precipitation, sunshine', ind: '科学研究和技术服务业',
    fields: [
      'month|月份|Month|string*|month:2019-01,1|格式YYYY-MM',
      'station|站名|Station|string!|const:马鞍山国家基本气象站',
      'temp_avg|月平均气温（℃）|Mean temperature (°C)|number!|season:@month,16.4,12.4,0.9,1,200',
      'temp_max|极端最高气温（℃）|Extreme maximum (°C)|number|offset:@temp_avg,7,12,1',
      'temp_min|极端最低气温（℃）|Extreme minimum (°C)|number|offset:@temp_avg,-13,-7,1',
      'precipitation|降水量（毫米）|Precipitation (mm)|number!|season:@month,95,70,35,1,185,4',
      'sunshine|日照时数（小时）|Sunshine (h)|number|season:@month,160,45,20,1,200,40',
      'anomaly|气温距平（℃）|Temperature anomaly (°C)|number|normal:0.5,0.9,1',
    ],
  },
  {
    id: 'auto-weather-stations', zh: '自动气象站名录', en: 'Automatic weather stations', dept: 'meteorology', theme: 'weather', freq: 'yearly', rows: 96,
    sum: ['国家站和区域自动气象站的站号、类型、观测要素、海拔和位置。', 'National and regional automatic weather stations with ID, type, elements observed, elevation and location.'],
    kw: '自动气象站 区域站 观测网 气象', kwEn: 'automatic weather stations, regional stations, observing network, meteorology', ind: '科学研究和技术服务业',
    fields: [
      'station_id|区站号|Station ID|string*|seq:M{4}',
      'name|站名|Name|string!|uniq:tpl:{dist}{townstem}{/东/西/南/北}',
      'type|站点类型|Type|string!|enum:区域自动站（四要素）*60,区域自动站（两要素）*25,交通气象站*6,农业气象站*8,国家基本站*1',
      'elevation|海拔（米）|Elevation (m)|number|numlog:6,280,1',
      '@district!', '@town', '@lng!', '@lat!',
      'since|建站年份|Year built|integer|int:2006,2024',
    ],
  },
  {
    id: 'lightning-monitoring', zh: '雷电监测统计', en: 'Lightning statistics', dept: 'meteorology', theme: 'weather', freq: 'monthly', rows: months('2019-01', '2026-07'), stale: true, published: '2026-08-12',
    sum: ['闪电定位系统监测的逐月地闪次数、正闪比例、最大雷电流强度和雷暴日数。', 'Monthly cloud-to-ground strokes, positive share, maximum current and thunderstorm days from the lightning location network.'],
    kw: '雷电 闪电定位 雷暴 防雷', kwEn: 'lightning, lightning location, thunderstorms, lightning protection', ind: '科学研究和技术服务业',
    fields: [
      'month|月份|Month|string*|month:2019-01,1|格式YYYY-MM',
      'region|地区|Region|string!|const:马鞍山市',
      'strokes|地闪次数|Strokes|integer!|season:@month,900,1100,250,0,200,0',
      'positive_share|正闪比例（%）|Positive share (%)|number|num:3,18,1',
      'max_current|最大雷电流（千安）|Max current (kA)|number|numlog:40,260,1',
      'storm_days|雷暴日数|Thunderstorm days|integer|season:@month,3,4,1,0,200,0,20',
    ],
  },
];

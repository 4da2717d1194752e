import type { Rng } from './rng.js';

export interface District {
  name: string;
  code: string;
  county: boolean;
  /** Centre used for coordinates, pulled inside the portal's bounding box where the real seat lies outside. */
  lng: number;
  lat: number;
  towns: readonly string[];
  roads: readonly string[];
}

const cityRoads = [
  '湖北路', '湖南路', '湖东路', '湖西路', '红旗中路', '红旗南路', '花园路', '解放路', '九华西路', '九华东路',
  '佳山路', '雨山路', '雨山东路', '印山东路', '印山西路', '太白大道', '江东大道', '天门大道', '霍里山大道', '勤俭路',
  '朝阳路', '幸福路', '团结路', '宁芜路', '雨田路', '金家庄路', '塘西路', '慈湖路', '采秀路', '恒兴路', '银塘路', '西湖路',
];

export const districts: readonly District[] = [
  { name: '花山区', code: '340503', county: false, lng: 118.52, lat: 31.71,
    towns: ['解放路街道', '桃源路街道', '金家庄街道', '塘西街道', '霍里街道', '江东街道', '慈湖街道', '濮塘镇'],
    roads: cityRoads },
  { name: '雨山区', code: '340504', county: false, lng: 118.49, lat: 31.65,
    towns: ['平湖街道', '雨山街道', '安民街道', '采石街道', '向山镇', '银塘镇', '佳山乡'],
    roads: cityRoads },
  { name: '博望区', code: '340506', county: false, lng: 118.82, lat: 31.56,
    towns: ['博望镇', '丹阳镇', '新市镇'],
    roads: ['博望大道', '丹阳路', '新博路', '石臼湖路', '横山路', '三山路', '兴业路'] },
  { name: '当涂县', code: '340521', county: true, lng: 118.50, lat: 31.55,
    towns: ['姑孰镇', '黄池镇', '乌溪镇', '石桥镇', '塘南镇', '护河镇', '太白镇', '年陡镇', '湖阳镇', '大陇镇'],
    roads: ['姑孰路', '青山路', '太白路', '护城路', '丹阳路', '滨河路', '长江路', '凌云路'] },
  { name: '含山县', code: '340522', county: true, lng: 118.27, lat: 31.72,
    towns: ['环峰镇', '运漕镇', '铜闸镇', '陶厂镇', '林头镇', '清溪镇', '仙踪镇', '昭关镇'],
    roads: ['环峰路', '褒禅山路', '含城路', '太湖山路', '昭关路', '文昌路', '人民路'] },
  { name: '和县', code: '340523', county: true, lng: 118.36, lat: 31.71,
    towns: ['历阳镇', '白桥镇', '姥桥镇', '功桥镇', '西埠镇', '香泉镇', '乌江镇', '善厚镇', '石杨镇'],
    roads: ['历阳路', '乌江路', '香泉路', '和州大道', '陋室路', '人民路', '城东路'] },
];

export const districtNames = districts.map((d) => d.name);
/** Rough population shares, used when a row has no district of its own. */
const districtCumulative = [25, 47, 55, 75, 87, 100];
const byName = new Map(districts.map((d) => [d.name, d]));

export function districtOf(value: unknown, r: Rng): District {
  const found = typeof value === 'string' ? byName.get(value) : undefined;
  return found ?? districts[r.weighted(districtCumulative)]!;
}

/** '马鞍山市' for urban districts, the county name for counties. */
export const placePrefix = (d: District) => (d.county ? d.name : '马鞍山市');

/** 九华西路 -> 九华, but 湖东路 -> 湖东 (a one-character stem would lose the name). */
export function roadStem(road: string): string {
  const stem = road.replace(/(中路|南路|北路|东路|西路)$/, '');
  return stem.length >= 2 && stem !== road ? stem : road.replace(/(大道|路)$/, '');
}
export const townStem = (town: string) => town.replace(/(街道|镇|乡)$/, '');

const communitySuffix = ['花园', '小区', '家园', '新村', '苑', '公馆', '佳苑', '雅居', '华府', '名城'];

/** A street address in the district (and in the town, when the row has one). */
export function address(d: District, r: Rng, town?: string): string {
  const road = r.pick(d.roads);
  const no = r.int(1, d.county ? 388 : 1288);
  const x = r.next();
  if (x < 0.45) return `马鞍山市${d.name}${road}${no}号`;
  if (x < 0.8) return `${d.name}${town ?? r.pick(d.towns)}${road}${no}号`;
  return `马鞍山市${d.name}${road}${no}号${r.int(1, 28)}栋${r.int(1, 3)}单元`;
}

export function community(d: District, r: Rng, brand: string): string {
  return r.chance(0.3) ? `${roadStem(r.pick(d.roads))}${r.pick(communitySuffix)}` : `${brand}${r.pick(communitySuffix)}`;
}

export function village(r: Rng, brand: string): string {
  return `${brand.slice(0, 1)}${r.pick(['桥', '庄', '塘', '岗', '圩', '湾', '山', '圩', '埠', '集'])}村`;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

export function lng(d: District, r: Rng): number {
  return Number(clamp(d.lng + (r.next() - 0.5) * (d.county ? 0.14 : 0.08), 118.2005, 118.8995).toFixed(6));
}

export function lat(d: District, r: Rng): number {
  return Number(clamp(d.lat + (r.next() - 0.5) * (d.county ? 0.12 : 0.07), 31.2005, 31.8995).toFixed(6));
}

import type { Rng } from './rng.js';
import type { District } from './places.js';
import { placePrefix, townStem } from './places.js';
import { surname, digits } from './people.js';

const brandHead = '华鑫恒金宏晨皖江瑞永嘉中腾新卓兴润安福顺通远天德鼎丰锦协众立博诚启明长荣佳盛联百宝万和凯振精盈昊星蓝绿青汇海君泰乐益惠同九翠';
const brandTail = '宇源达瑞图光江盛丰禾信联飞锐越业泽康成润鼎泰程力诚远航辉晟鹰升和世创川宝方顺华工科天辰桥通安民舟隆祥';

/** Two-character trade name (字号) such as 鑫源 or 恒达. */
export function brand(r: Rng): string {
  const a = brandHead[Math.floor(r.next() * brandHead.length)]!;
  let b = brandTail[Math.floor(r.next() * brandTail.length)]!;
  if (b === a) b = '达';
  return a + b;
}

export const industries = [
  '科技', '信息技术', '商贸', '建筑工程', '建材', '机械制造', '新材料', '物流', '餐饮管理', '电子科技', '环保科技', '贸易',
  '装饰工程', '汽车服务', '农业发展', '生物科技', '医药', '物业管理', '文化传媒', '人力资源', '网络科技', '钢结构',
  '金属制品', '模具', '智能装备', '教育咨询', '房地产开发', '劳务', '园林绿化', '健康管理', '包装材料', '化工',
] as const;

export function company(d: District, r: Rng, industry: string = r.pick(industries)): string {
  const b = brand(r);
  const x = r.next();
  if (d.county && x < 0.4) return `${d.name}${b}${industry}有限公司`;
  if (x < 0.55) return `马鞍山市${b}${industry}有限公司`;
  if (x < 0.8) return `马鞍山${b}${industry}有限公司`;
  if (x < 0.9) return `安徽${b}${industry}有限公司`;
  if (x < 0.95 || d.county) return `马鞍山${b}${industry}股份有限公司`;
  return `马鞍山市${d.name}${b}${industry}有限公司`;
}

const shopTypes = [
  '便利店', '小吃店', '理发店', '五金店', '超市', '水果店', '烟酒店', '服装店', '手机店', '面馆', '餐馆', '汽车修理部',
  '建材经营部', '副食品店', '茶叶店', '快餐店', '美容店', '家电维修部', '粮油店', '农资店', '洗车行', '干洗店', '早餐店',
  '烧烤店', '图文广告部', '电动车行', '家具店', '百货店', '水产店', '鲜肉店', '眼镜店', '母婴用品店',
] as const;

/** 个体工商户字号, e.g. 雨山区鑫源便利店 or 当涂县姑孰镇王记面馆. */
export function shop(d: District, r: Rng): string {
  const kind = r.pick(shopTypes);
  const x = r.next();
  if (x < 0.45) return `${d.name}${brand(r)}${kind}`;
  if (x < 0.75) return `${d.name}${surname(r)}记${kind}`;
  return `${d.county ? d.name : '马鞍山市'}${townStem(r.pick(d.towns))}${brand(r)}${kind}`;
}

export function schoolName(d: District, r: Rng, kind: string): string {
  return `${placePrefix(d)}${r.chance(0.5) ? townStem(r.pick(d.towns)) : brand(r)}${kind}`;
}

// GB 32100 character set (no I, O, S, V, Z) and weights for the 17 body characters.
const usccChars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const usccWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const orgWeights = [3, 7, 9, 10, 5, 8, 4, 2];

const charValue = (c: string) => (c >= '0' && c <= '9' ? c.charCodeAt(0) - 48 : c.charCodeAt(0) - 55);

/** Organisation code (GB 11714) with its check character. */
function orgCode(r: Rng): string {
  let body = r.chance(0.7) ? `MA${r.pick(['2', '2', '8', '4'])}` : String(r.int(1, 7));
  while (body.length < 8) body += r.chance(0.8) ? String(r.int(0, 9)) : usccChars[r.int(10, 30)]!;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += charValue(body[i]!) * orgWeights[i]!;
  const c = 11 - (sum % 11);
  return body + (c === 10 ? 'X' : c === 11 ? '0' : String(c));
}

/** 18-character 统一社会信用代码 with valid check characters; prefix 91 = enterprise, 92 = individual business, 52 = private non-enterprise unit... */
export function uscc(d: District, r: Rng, prefix = '91'): string {
  const region = r.chance(0.45) ? '340500' : d.code;
  const body = prefix + region + orgCode(r);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += usccChars.indexOf(body[i]!) * usccWeights[i]!;
  return body + usccChars[(31 - (sum % 31)) % 31];
}

export const licenceNo = (r: Rng, prefix: string, year: number) => `${prefix}${year}${digits(r, 4)}`;

import type { FieldSpec } from '../schema.js';

/**
 * A field line is `name|label_zh|label_en|type|gen|description`:
 * - type ends with `!` for required or `*` for the primary key (required too);
 * - `enum:A*80,B*5,C` and `cycle:A,B` / `cycle(8):A,B` declare the closed list inline (weights optional);
 * - any other gen may end with `;A,B,C` to declare the enum it draws from (level, pollutant);
 * - `map:@f,a/b/..` gets the distinct values of its list as enum;
 * - the description may be left out for self-explaining fields.
 * `@key` (or `@key!` for required) takes a shared field from `common` below.
 */
const common: Record<string, string> = {
  district: 'district|所属区县|District|string|enum:花山区*25,雨山区*22,博望区*8,当涂县*20,含山县*12,和县*13|所在区县（花山区、雨山区、博望区、当涂县、含山县、和县）',
  town: 'town|乡镇（街道）|Town or subdistrict|string|town|所在乡镇或街道',
  address: 'address|地址|Address|string|address|详细地址（区县、街道与门牌号）',
  lng: 'lng|经度|Longitude|number|lng|WGS84经度，保留6位小数',
  lat: 'lat|纬度|Latitude|number|lat|WGS84纬度，保留6位小数',
  phone: 'phone|联系电话|Phone|string|phone|对外联系电话（区号0555）',
  uscc: 'uscc|统一社会信用代码|Unified social credit code|string|uscc|18位统一社会信用代码（GB 32100）',
  legal_rep: 'legal_rep|法定代表人|Legal representative|string|person|法定代表人或负责人姓名',
  contact: 'contact|联系人|Contact person|string|person|业务联系人姓名',
  hours: 'open_hours|办公时间|Opening hours|string|tpl:{周一至周五/周一至周六/工作日} {8:30/9:00}-{17:00/17:30/18:00}|对外办公或开放时间（北京时间）',
  updated: 'updated_at|数据更新时间|Updated at|datetime|datetime:2024-06-01,now|该条记录最后更新时间（UTC）',
};

function parseEnum(spec: string): { gen: string; values?: string[] } {
  const semi = spec.indexOf(';');
  if (semi >= 0) return { gen: spec.slice(0, semi), values: spec.slice(semi + 1).split(',') };
  // A lookup yields a closed list too: its distinct values.
  const lookup = /^map:@[a-z0-9_]+,(.+)$/.exec(spec);
  if (lookup) return { gen: spec, values: [...new Set(lookup[1]!.split('/'))] };
  const m = /^(enum|cycle(?:\((\d+)\))?):(.+)$/.exec(spec);
  if (!m) return { gen: spec };
  const items = m[3]!.split(',').map((item) => item.split('*'));
  const values = items.map(([v]) => v!);
  if (m[1]!.startsWith('cycle')) return { gen: m[2] ? `cycle:${m[2]}` : 'cycle', values };
  const weighted = items.some((p) => p.length > 1);
  return { gen: weighted ? `enum:${items.map((p) => p[1] ?? '1').join(',')}` : 'enum', values };
}

function defaultDescription(label: string, type: string, primary: boolean, values?: string[]): string {
  if (primary) return `${label}，数据集内唯一`;
  if (values) return values.length <= 8 ? `${label}，取值：${values.join('、')}` : `${label}，共${values.length}个取值`;
  if (type === 'date') return `${label}，格式YYYY-MM-DD`;
  if (type === 'datetime') return `${label}，UTC时间，格式YYYY-MM-DDTHH:mm:ssZ`;
  if (type === 'boolean') return `是否${label.replace(/^是否/, '')}`;
  return label;
}

export function parseField(line: string, where: string): FieldSpec {
  if (line.startsWith('@')) {
    const required = line.endsWith('!');
    const key = line.slice(1).replace(/!$/, '');
    const base = common[key];
    if (!base) throw new Error(`${where}: unknown common field ${line}`);
    const spec = parseField(base, where);
    return { ...spec, required };
  }
  const parts = line.split('|');
  if (parts.length < 5 || parts.length > 6) throw new Error(`${where}: bad field line '${line}'`);
  const [name, labelZh, labelEn, rawType, rawGen, desc] = parts as [string, string, string, string, string, string?];
  const primary = rawType.endsWith('*');
  const required = primary || rawType.endsWith('!');
  const type = rawType.replace(/[!*]$/, '') as FieldSpec['type'];
  const { gen, values } = parseEnum(rawGen);
  const spec: FieldSpec = {
    name,
    label_zh: labelZh,
    label_en: labelEn,
    type,
    required,
    primary_key: primary,
    description: desc || defaultDescription(labelZh, type, primary, values),
    ...(values ? { enum: values } : {}),
    gen,
  };
  return spec;
}

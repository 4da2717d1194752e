import fs from 'node:fs';
import type { FieldSpec } from '../../lib/field-spec.js';

/** A ten-column company register of mixed types, for the publish benchmark and the crash test. */
export const companyFields: FieldSpec[] = [
  { name: 'id', label_zh: '编号', type: 'integer', required: true, primary_key: true },
  { name: 'name', label_zh: '名称', type: 'string', required: true, primary_key: false },
  { name: 'district', label_zh: '区县', type: 'string', required: true, primary_key: false, enum: ['花山区', '雨山区', '博望区', '当涂县', '含山县', '和县'] },
  { name: 'address', label_zh: '地址', type: 'string', required: false, primary_key: false },
  { name: 'capital', label_zh: '注册资本（万元）', type: 'number', required: false, primary_key: false },
  { name: 'staff', label_zh: '从业人数', type: 'integer', required: false, primary_key: false },
  { name: 'founded', label_zh: '成立日期', type: 'date', required: true, primary_key: false },
  { name: 'updated', label_zh: '更新时间', type: 'datetime', required: false, primary_key: false },
  { name: 'active', label_zh: '是否存续', type: 'boolean', required: true, primary_key: false },
  { name: 'lng', label_zh: '经度', type: 'number', required: false, primary_key: false },
];

export const companyDataset = (id: string, department: string, theme: string) => ({
  id, code: `${id}-code`, title_zh: `${id} 企业名录`, title_en: `${id} companies`, summary_zh: '测试用企业名录', summary_en: 'Companies for tests',
  department, theme, open_type: 'open' as const, share_type: '无条件共享' as const, update_frequency: 'monthly' as const, license: 'CC-BY-4.0',
  keywords: ['企业'], keywords_en: ['company'], spatial: '马鞍山市', industry: null, related_codes: [], fields: companyFields,
});

/** Writes `rows` rows as CSV (streamed in 1 MB chunks), deterministic. */
export function writeCompanyCsv(file: string, rows: number): void {
  const districts = companyFields[2]!.enum!;
  const out = fs.openSync(file, 'w');
  fs.writeSync(out, `${companyFields.map((f) => f.name).join(',')}\r\n`);
  let chunk = '';
  for (let i = 1; i <= rows; i++) {
    const d = districts[i % 6];
    chunk += `${i},马鞍山市${d}第${i}号科技有限公司,${d},"${d}湖南路${i % 500}号",${(i % 9973) * 1.5},${i % 800},20${10 + (i % 15)}-0${1 + (i % 9)}-1${i % 9},2026-11-0${1 + (i % 9)} 09:30:00,${i % 7 ? 'true' : 'false'},118.${String(500000 + i).slice(0, 6)}\r\n`;
    if (chunk.length > 1 << 20) {
      fs.writeSync(out, chunk);
      chunk = '';
    }
  }
  fs.writeSync(out, chunk);
  fs.closeSync(out);
}

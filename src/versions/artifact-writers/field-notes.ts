import type { FieldSpec } from '../../lib/field-spec.js';

/** The header of the 字段说明 sheet of a workbook (and of nothing else: it is part of the workbook's bytes). */
export const fieldNotesHeader = ['字段名', '中文名称', '英文名称', '类型', '单位', '说明'];

const typeNames: Record<FieldSpec['type'], string> = {
  string: '文本', integer: '整数', number: '数值', boolean: '是/否', date: '日期', datetime: '日期时间',
};

/**
 * The unit of a numeric field, as its label or description states it in a trailing bracket: 警戒水位（米） → 米,
 * 基准地价（元/平方米） → 元/平方米. Schemas have no unit of their own; text fields have none (乡镇（街道） is no unit).
 */
export function fieldUnit(field: FieldSpec): string {
  if (field.type !== 'integer' && field.type !== 'number') return '';
  const trailing = /[（(]([^（）()]{1,12})[）)]\s*$/;
  return trailing.exec(field.label_zh)?.[1] ?? trailing.exec(field.description ?? '')?.[1] ?? '';
}

/** One row of the 字段说明 sheet: name, Chinese label, English label, type (中文 (name)), unit, description. */
export const fieldNote = (f: FieldSpec): string[] =>
  [f.name, f.label_zh, f.label_en ?? '', `${typeNames[f.type]} (${f.type})`, fieldUnit(f), f.description ?? ''];

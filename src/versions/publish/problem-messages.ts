import type { ProblemDetail } from '../../lib/errors.js';

// Every problem a publish reports about a file, in Chinese and English. The validator records a problem's `code` and
// `params` (plain data: it crosses from the validation worker) with the English message; the API answers in the
// language of Accept-Language and the console in the page's, both from the code, so nothing is translated twice.

export type ProblemLang = 'zh' | 'en';
export type ProblemParams = Record<string, string | number>;
type Texts = Record<ProblemLang, (p: ProblemParams) => string>;

const s = (v: string | number | undefined) => String(v ?? '');

/** What a cell is not, after its field's label: 站点数（stops）不是整数 / Stops (stops) is not a whole number. */
const cellTexts = {
  required: { zh: () => '为必填项，不能为空', en: () => 'is required' },
  not_one_of: { zh: (p) => `必须是以下之一：${s(p.allowed)}`, en: (p) => `is not one of ${s(p.allowed)}` },
  not_integer: { zh: () => '不是整数', en: () => 'is not a whole number' },
  not_number: { zh: () => '不是数字', en: () => 'is not a number' },
  not_boolean: { zh: () => '不是“是/否”（或 true/false）', en: () => 'is not true/false (或 是/否)' },
  not_date: { zh: () => '不是日期（应为 YYYY-MM-DD）', en: () => 'is not a date (expected YYYY-MM-DD)' },
  not_real_date: { zh: () => '不是真实存在的日期', en: () => 'is not a real calendar date' },
  not_datetime: { zh: () => '不是日期时间（应为 YYYY-MM-DD HH:mm:ss 或 ISO 8601）', en: () => 'is not a date-time (expected YYYY-MM-DD HH:mm:ss or ISO 8601)' },
  not_real_datetime: { zh: () => '不是真实存在的日期时间', en: () => 'is not a real date-time' },
  invalid_date: { zh: () => '不是有效的日期', en: () => 'is not a valid date' },
  nested_value: { zh: () => '是嵌套的值（数组或对象）：一个单元格只能有一个值', en: () => 'is a nested value (an array or object): a cell holds one value' },
  control_character: {
    zh: (p) => `第 ${s(p.position)} 个字符是控制字符 ${s(p.char)}：请删除（只允许制表符、回车和换行）`,
    en: (p) => `holds the control character ${s(p.char)} at position ${s(p.position)}: remove it (tab, CR and LF are the only ones allowed)`,
  },
  not_text: {
    zh: () => '含有不属于文件编码的字节（U+FFFD）：文件是否混用了 UTF-8 和 GBK？请以同一种编码重新保存',
    en: () => "holds bytes that are not text in the file's encoding (U+FFFD): is the file a mix of UTF-8 and GBK? Save it again in one encoding",
  },
  utf8_in_gbk: {
    zh: (p) => `是按 GBK/GB18030 读取的 UTF-8 文本（按 UTF-8 读作“${s(p.reads)}”）：请以同一种编码保存整个文件`,
    en: (p) => `is UTF-8 text in a file read as GBK/GB18030 (it reads "${s(p.reads)}" as UTF-8): save the whole file in one encoding`,
  },
} satisfies Record<string, Texts>;

export type CellProblemCode = keyof typeof cellTexts;

/** What a cell is not, without its field: the words after the label. */
export const cellText = (lang: ProblemLang, code: CellProblemCode, params: ProblemParams = {}) => cellTexts[code][lang](params);

/** Problems of a row or of the file as a whole. */
const rowTexts = {
  unknown_column: { zh: () => '未知的列：数据集没有这个字段', en: () => 'unknown column' },
  missing_column: { zh: (p) => `缺少必填列（${s(p.label_zh)}）`, en: (p) => `missing required column (${s(p.label_zh)})` },
  extra_cells: { zh: () => '单元格比表头的列多', en: () => 'more cells than header columns' },
  no_data_rows: { zh: () => '文件只有表头，没有数据行', en: () => 'the file has a header but no data rows' },
  no_header: {
    zh: (p) => `前几行中没有能对应数据集字段的表头（字段：${s(p.fields)}）`,
    en: (p) => `No header row maps to the dataset's fields (${s(p.fields)}).`,
  },
  duplicate_key: { zh: (p) => `主键重复：第 ${s(p.rows)} 行的值都是 ${s(p.key)}`, en: (p) => `duplicate primary key: rows ${s(p.rows)} share ${s(p.key)}` },
} satisfies Record<string, Texts>;

export type RowProblemCode = keyof typeof rowTexts;

/** A cell's field as the reader names it: its Chinese label in Chinese, its English label (or name) in English. */
function fieldName(lang: ProblemLang, p: ProblemParams, column: string | undefined): string {
  if (lang === 'zh') return p.label_zh ? `${s(p.label_zh)}（${s(column)}）` : s(column);
  return p.label_en ? `${s(p.label_en)} (${s(column)})` : s(column);
}

/** The problem in `lang`, from its code; a problem without a known code keeps its own message. */
export function problemText(lang: ProblemLang, e: ProblemDetail): string {
  const params = e.params ?? {};
  if (e.code && e.code in cellTexts) {
    const text = cellTexts[e.code as CellProblemCode][lang](params);
    return lang === 'zh' ? `${fieldName(lang, params, e.column)}${text}` : `${fieldName(lang, params, e.column)} ${text}`;
  }
  if (e.code && e.code in rowTexts) return rowTexts[e.code as RowProblemCode][lang](params);
  return e.message;
}

/** A refusal's summary in `lang` (validation_failed, invalid_encoding), or null for the service's own words. */
export function refusalText(lang: ProblemLang, code: string, extra: { error_count?: unknown; encoding_count?: unknown; first_encoding_row?: unknown; errors?: ProblemDetail[] }, listed: number): string | null {
  const total = Number(extra.error_count ?? extra.errors?.length ?? 0);
  if (!total) return null;
  const more = total > listed;
  if (code === 'validation_failed') {
    return lang === 'zh' ? `文件中有 ${total} 处问题，未发布任何内容。${more ? `下面列出前 ${listed} 处。` : ''}` : `${total} problem(s) in the file; nothing was published.${more ? ` The first ${listed} are listed.` : ''}`;
  }
  if (code === 'invalid_encoding') {
    const cells = Number(extra.encoding_count ?? 0);
    const first = extra.first_encoding_row ? Number(extra.first_encoding_row) : null;
    return lang === 'zh'
      ? `文件的文字不是同一种编码：${cells} 个单元格不是有效文本${first ? `，第一个在第 ${first} 行` : ''}（是否混用了 UTF-8 和 GBK？）。请以同一种编码保存整个文件。共 ${total} 处问题，未发布任何内容。`
      : `The file's text is not all in one encoding: ${cells} cell(s) are not valid text${first ? `, the first in row ${first}` : ''} (a mix of UTF-8 and GBK rows?). Save the whole file in one encoding. ${total} problem(s) in all; nothing was published.${more ? ` The first ${listed} are listed.` : ''}`;
  }
  return null;
}

/** A problem with its code, parameters and English message (the API's default language). */
export function problemOf(code: RowProblemCode, params: ProblemParams, at: Omit<ProblemDetail, 'message' | 'code' | 'params'> = {}): ProblemDetail {
  const detail: ProblemDetail = { ...at, code, message: '' };
  if (Object.keys(params).length) detail.params = params;
  detail.message = problemText('en', detail);
  return detail;
}

export function cellProblemOf(code: CellProblemCode, params: ProblemParams, at: Omit<ProblemDetail, 'message' | 'code' | 'params'>): ProblemDetail {
  const detail: ProblemDetail = { ...at, code, message: '', params };
  detail.message = problemText('en', detail);
  return detail;
}

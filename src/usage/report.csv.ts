import { csvEncoder } from '../lib/csv.js';
import type { Scorecard } from './assessment.service.js';

/** The fixed columns' headers: ids for programs, Chinese names in the Excel variant (as the dataset files, issue 16). */
const fixedHeads = {
  ids: ['period', 'rank', 'department_id', 'department_zh', 'department_en', 'total'],
  zh: ['统计期', '排名', '部门标识', '部门名称', '部门英文名称', '总分'],
};

/**
 * The month's scorecard as one table: each indicator's value and score, the total and the rank. `bom` (the Excel
 * variant the reviewer pages link) also heads the columns with the indicators' Chinese names (共享频次, 共享频次得分…);
 * without it the header keeps the ids (`shares`, `shares_score`) for programs.
 */
export function scorecardCsv(card: Scorecard, bom: boolean): string {
  const head = bom
    ? [...fixedHeads.zh, ...card.indicators.flatMap((i) => [i.label_zh, `${i.label_zh}得分`])]
    : [...fixedHeads.ids, ...card.indicators.flatMap((i) => [i.id, `${i.id}_score`])];
  const rows = card.data.map((r) => [
    card.period, r.rank, r.department.id, r.department.name_zh, r.department.name_en, r.total,
    ...card.indicators.flatMap((i) => [r.indicators[i.id]?.value ?? null, r.indicators[i.id]?.score ?? null]),
  ]);
  // Opened in spreadsheets: our own names and numbers never start a formula, but neutralise them anyway, with or without the BOM.
  const csv = csvEncoder(head, { spreadsheet: true, bom });
  return csv.head() + rows.map(csv.line).join('');
}

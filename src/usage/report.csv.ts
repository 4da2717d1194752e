import { csvEncoder } from '../lib/csv.js';
import type { Scorecard } from './assessment.service.js';

/** The month's scorecard as one table: each indicator's value and score, the total and the rank. */
export function scorecardCsv(card: Scorecard, bom: boolean): string {
  const head = ['period', 'rank', 'department_id', 'department_zh', 'department_en', 'total', ...card.indicators.flatMap((i) => [i.id, `${i.id}_score`])];
  const rows = card.data.map((r) => [
    card.period, r.rank, r.department.id, r.department.name_zh, r.department.name_en, r.total,
    ...card.indicators.flatMap((i) => [r.indicators[i.id]?.value ?? null, r.indicators[i.id]?.score ?? null]),
  ]);
  // Opened in spreadsheets: our own names and numbers never start a formula, but neutralise them anyway, with or without the BOM.
  const csv = csvEncoder(head, { spreadsheet: true, bom });
  return csv.head() + rows.map(csv.line).join('');
}

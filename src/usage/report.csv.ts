import type { Scorecard } from './assessment.service.js';

/** RFC 4180: quoted when needed, CRLF rows; our own names and numbers never start a formula, but quote = + - @ anyway. */
const cell = (v: string | number | null) => {
  const s = v === null ? '' : String(v);
  return /^[=+\-@\t\r]/.test(s) && typeof v === 'string' ? `"'${s.replace(/"/g, '""')}"` : /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The month's scorecard as one table: each indicator's value and score, the total and the rank. */
export function scorecardCsv(card: Scorecard, bom: boolean): string {
  const head = ['period', 'rank', 'department_id', 'department_zh', 'department_en', 'total', ...card.indicators.flatMap((i) => [i.id, `${i.id}_score`])];
  const rows = card.data.map((r) => [
    card.period, r.rank, r.department.id, r.department.name_zh, r.department.name_en, r.total,
    ...card.indicators.flatMap((i) => [r.indicators[i.id]?.value ?? null, r.indicators[i.id]?.score ?? null]),
  ]);
  return (bom ? '\uFEFF' : '') + [head, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

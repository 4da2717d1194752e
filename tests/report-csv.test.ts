import { describe, expect, it } from 'vitest';
import { scorecardCsv } from '../src/usage/report.csv.js';
import type { Scorecard } from '../src/usage/assessment.service.js';

// A department whose names would run as formulas in a spreadsheet, or hold a comma and a quote.
const card = {
  period: '2026-10', from: '2026-10-01', to: '2026-10-31', as_of: '2026-11-01T00:00:00Z',
  indicators: [{ id: 'shares', label_zh: '共享', label_en: 'Shares', description: '', unit: null, higher_is_better: true, weight: 1 }],
  data: [{ rank: 1, department: { id: 'x', name_zh: '@SUM(A1:A9)', name_en: 'Roads, "north"' }, total: -3, indicators: { shares: { value: 7, score: null } }, shares_by_consumer: [] }],
} as unknown as Scorecard;

describe('monthly report CSV', () => {
  it('is written by the portal\'s one CSV writer: formulas neutralised as in data.csv?bom=1, quotes only where needed', () => {
    const line = `2026-10,1,x,'@SUM(A1:A9),"Roads, ""north""",-3,7,\r\n`;
    // The Excel variant is headed in Chinese, the indicators by their names (issue 16).
    expect(scorecardCsv(card, true)).toBe(`\uFEFF统计期,排名,部门标识,部门名称,部门英文名称,总分,共享,共享得分\r\n${line}`);
    // Without the BOM the header keeps the ids (for programs), and the formula stays neutralised.
    expect(scorecardCsv(card, false)).toBe(`period,rank,department_id,department_zh,department_en,total,shares,shares_score\r\n${line}`);
  });
});

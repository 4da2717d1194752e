import { type CachedDb, selectDepartmentIds } from '../catalog/index.js';
import type { Indicator, Period } from '../usage/index.js';
import { answeredInTimeSql, correctionsSql, departmentValues, medianHoursSql, onTimeSql, ratingSql, receivedSql } from './demand-indicators.sql.js';

// The demand board's part of the assessment; the SQL and why it is written so are in demand-indicators.sql.ts.

/** Runs an indicator's SQL; `absent` is what departments without a row get (0 for counts, null where it does not apply). */
function fromSql(sql: string, absent: 0 | null) {
  return async ({ db }: CachedDb, p: Period): Promise<Map<string, number | null>> => {
    const rows = await departmentValues(db, sql, p);
    const values = new Map<string, number | null>();
    if (absent === null) for (const id of await selectDepartmentIds(db)) values.set(id, null);
    for (const r of rows) values.set(r.department_id, r.value);
    return values;
  };
}

export const demandIndicators: Indicator[] = [
  {
    id: 'demands_received', label_zh: '收到的需求与申请', label_en: 'Applications and requests received', higherIsBetter: true,
    description: 'Orders, new-data requests and corrections addressed to the department, submitted in the period.',
    compute: fromSql(receivedSql, 0), sql: receivedSql,
  },
  {
    id: 'demands_answered_in_time', label_zh: '按时答复率', label_en: 'Answered in time', unit: '%', higherIsBetter: true,
    description: 'Of the demands submitted in the period that were answered, or whose 5 working days are over: the share first answered (accept, ask for information, reject, plan, fulfil) within 5 working days.',
    compute: fromSql(answeredInTimeSql, null), sql: answeredInTimeSql,
  },
  {
    id: 'demand_response_hours', label_zh: '首次答复用时中位数', label_en: 'Median hours to first answer', unit: 'h', higherIsBetter: false,
    description: 'Median hours from submission to the first answer, over the demands submitted in the period and answered so far.',
    compute: fromSql(medianHoursSql, null), sql: medianHoursSql,
  },
  {
    id: 'orders_delivered_on_time', label_zh: '按期交付率', label_en: 'Delivered on time', unit: '%', higherIsBetter: true,
    description: 'Of the orders submitted in the period that were delivered, or are past their due date undelivered (and not rejected or cancelled before it): the share delivered by the due date.',
    compute: fromSql(onTimeSql, null), sql: onTimeSql,
  },
  {
    id: 'order_rating', label_zh: '需求方平均评分', label_en: 'Average rating', unit: '1-5', higherIsBetter: true,
    description: 'Mean rating (1 to 5) the requesting departments gave when confirming receipt in the period.',
    compute: fromSql(ratingSql, null), sql: ratingSql,
  },
  {
    id: 'corrections_resolved', label_zh: '纠错办结率', label_en: 'Corrections resolved', unit: '%', higherIsBetter: true,
    description: 'Of the corrections reported in the period: the share fixed in a new version so far.',
    compute: fromSql(correctionsSql, null), sql: correctionsSql,
  },
];

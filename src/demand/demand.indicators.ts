import type { CachedDb } from '../catalog/catalog.cache.js';
import type { Indicator } from '../usage/assessment.indicators.js';
import type { Period } from '../usage/usage.period.js';

/**
 * The demand board's part of the assessment, every figure derived from demand_events (when a demand
 * came in, when it was first answered, delivered, confirmed, fixed), never typed in. A demand belongs
 * to the period in which it was submitted, and to its provider department. Timestamps are compared
 * through julianday() because events are stored to the second and the period bounds to the millisecond.
 */

const received = `
  SELECT d.id, d.kind, d.provider_department_id AS department_id, d.first_response_due_at, d.due_at, s.ts AS submitted_at
    FROM demands d JOIN demand_events s ON s.demand_id = d.id AND s.action = 'submit'
   WHERE d.provider_department_id IS NOT NULL
     AND julianday(s.ts) >= julianday(:start) AND julianday(s.ts) < julianday(:end)`;

const firstOf = (actions: string) =>
  `(SELECT MIN(e.ts) FROM demand_events e WHERE e.demand_id = r.id AND e.action IN (${actions}) AND julianday(e.ts) <= julianday(:as_of))`;

const firstResponse = firstOf(`'accept', 'request-info', 'reject', 'plan', 'fulfil'`);

const receivedSql = `WITH r AS (${received})
SELECT department_id, COUNT(*) AS value FROM r GROUP BY department_id`;

// Counted once answered, or once the 5 working days are over without an answer.
const answeredInTimeSql = `WITH r AS (${received}), a AS (SELECT r.*, ${firstResponse} AS answered_at FROM r)
SELECT department_id, ROUND(100.0 * SUM(answered_at IS NOT NULL AND julianday(answered_at) <= julianday(first_response_due_at)) / COUNT(*), 1) AS value
  FROM a WHERE answered_at IS NOT NULL OR julianday(first_response_due_at) < julianday(:as_of)
 GROUP BY department_id`;

const medianHoursSql = `WITH r AS (${received}),
  h AS (SELECT department_id, (julianday(${firstResponse}) - julianday(submitted_at)) * 24 AS hours FROM r),
  o AS (SELECT department_id, hours, ROW_NUMBER() OVER (PARTITION BY department_id ORDER BY hours) AS i, COUNT(*) OVER (PARTITION BY department_id) AS n
          FROM h WHERE hours IS NOT NULL)
SELECT department_id, ROUND(AVG(hours), 1) AS value FROM o WHERE i IN ((n + 1) / 2, (n + 2) / 2) GROUP BY department_id`;

// Orders delivered by now, or past their due date undelivered (unless rejected or cancelled before it).
const onTimeSql = `WITH r AS (${received}),
  o AS (SELECT r.*, ${firstOf(`'deliver'`)} AS delivered_at, ${firstOf(`'reject', 'cancel'`)} AS ended_at FROM r WHERE kind = 'order')
SELECT department_id, ROUND(100.0 * SUM(delivered_at IS NOT NULL AND julianday(delivered_at) <= julianday(due_at)) / COUNT(*), 1) AS value
  FROM o
 WHERE delivered_at IS NOT NULL
    OR (julianday(due_at) < julianday(:as_of) AND (ended_at IS NULL OR julianday(ended_at) > julianday(due_at)))
 GROUP BY department_id`;

// Ratings given in the period (the confirm step records the rating with its event).
const ratingSql = `SELECT d.provider_department_id AS department_id, ROUND(AVG(d.rating), 2) AS value
  FROM demands d JOIN demand_events c ON c.demand_id = d.id AND c.action = 'confirm'
 WHERE d.provider_department_id IS NOT NULL AND d.rating IS NOT NULL
   AND julianday(c.ts) >= julianday(:start) AND julianday(c.ts) < julianday(:end)
 GROUP BY d.provider_department_id`;

const correctionsSql = `WITH r AS (${received})
SELECT department_id, ROUND(100.0 * SUM(${firstOf(`'fix'`)} IS NOT NULL) / COUNT(*), 1) AS value
  FROM r WHERE kind = 'correction' GROUP BY department_id`;

/** Runs an indicator's SQL; `absent` is what departments without a row get (0 for counts, null where it does not apply). */
function fromSql(sql: string, absent: 0 | null) {
  return ({ db }: CachedDb, p: Period): Map<string, number | null> => {
    const rows = db.$client.prepare(sql).all({ start: p.start, end: p.end, as_of: p.asOf }) as { department_id: string; value: number | null }[];
    const values = new Map<string, number | null>();
    if (absent === null) for (const id of db.$client.prepare('SELECT id FROM departments').pluck().all() as string[]) values.set(id, null);
    for (const r of rows) values.set(r.department_id, r.value);
    return values;
  };
}

export const demandIndicators: Indicator[] = [
  {
    id: 'demands_received', label_zh: '收到的数据需求', label_en: 'Demands received', higherIsBetter: true,
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

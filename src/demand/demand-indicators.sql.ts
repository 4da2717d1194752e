import type { Db } from '../db/client.js';
import type { Period } from '../usage/index.js';

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

export const receivedSql = `WITH r AS (${received})
SELECT department_id, COUNT(*) AS value FROM r GROUP BY department_id`;

// Counted once answered, or once the 5 working days are over without an answer.
export const answeredInTimeSql = `WITH r AS (${received}), a AS (SELECT r.*, ${firstResponse} AS answered_at FROM r)
SELECT department_id, ROUND(100.0 * SUM(answered_at IS NOT NULL AND julianday(answered_at) <= julianday(first_response_due_at)) / COUNT(*), 1) AS value
  FROM a WHERE answered_at IS NOT NULL OR julianday(first_response_due_at) < julianday(:as_of)
 GROUP BY department_id`;

export const medianHoursSql = `WITH r AS (${received}),
  h AS (SELECT department_id, (julianday(${firstResponse}) - julianday(submitted_at)) * 24 AS hours FROM r),
  o AS (SELECT department_id, hours, ROW_NUMBER() OVER (PARTITION BY department_id ORDER BY hours) AS i, COUNT(*) OVER (PARTITION BY department_id) AS n
          FROM h WHERE hours IS NOT NULL)
SELECT department_id, ROUND(AVG(hours), 1) AS value FROM o WHERE i IN ((n + 1) / 2, (n + 2) / 2) GROUP BY department_id`;

// Orders delivered by now, or past their due date undelivered (unless rejected or cancelled before it).
export const onTimeSql = `WITH r AS (${received}),
  o AS (SELECT r.*, ${firstOf(`'deliver'`)} AS delivered_at, ${firstOf(`'reject', 'cancel'`)} AS ended_at FROM r WHERE kind = 'order')
SELECT department_id, ROUND(100.0 * SUM(delivered_at IS NOT NULL AND julianday(delivered_at) <= julianday(due_at)) / COUNT(*), 1) AS value
  FROM o
 WHERE delivered_at IS NOT NULL
    OR (julianday(due_at) < julianday(:as_of) AND (ended_at IS NULL OR julianday(ended_at) > julianday(due_at)))
 GROUP BY department_id`;

// Ratings given in the period (the confirm step records the rating with its event).
export const ratingSql = `SELECT d.provider_department_id AS department_id, ROUND(AVG(d.rating), 2) AS value
  FROM demands d JOIN demand_events c ON c.demand_id = d.id AND c.action = 'confirm'
 WHERE d.provider_department_id IS NOT NULL AND d.rating IS NOT NULL
   AND julianday(c.ts) >= julianday(:start) AND julianday(c.ts) < julianday(:end)
 GROUP BY d.provider_department_id`;

export const correctionsSql = `WITH r AS (${received})
SELECT department_id, ROUND(100.0 * SUM(${firstOf(`'fix'`)} IS NOT NULL) / COUNT(*), 1) AS value
  FROM r WHERE kind = 'correction' GROUP BY department_id`;

/** An indicator's value per department that has one, for the period. */
export const departmentValues = async (db: Db, sql: string, p: Period): Promise<{ department_id: string; value: number | null }[]> =>
  db.$client.prepare(sql).all({ start: p.start, end: p.end, as_of: p.asOf }) as { department_id: string; value: number | null }[];

import type { usageKinds } from './usage.table.js';

type Kind = (typeof usageKinds)[number];

/**
 * Which recorded events count in the figures (DESIGN section 6). Downloads and views by robots are
 * recorded with is_robot and left out. API calls count per 2xx response whatever the User-Agent: the
 * records API is for programs, and every call is tied to a registered key. Errors are recorded apart.
 */
export const countsInFigures = (e: { kind: Kind; status: number; isRobot: boolean }): boolean =>
  e.status >= 200 && e.status <= 299 && (e.kind === 'api' || e.kind === 'delivery' || !e.isRobot);

/** The same rule over usage_events, for the documented recomputation queries. */
export const countedSql = "status BETWEEN 200 AND 299 AND (kind IN ('api', 'delivery') OR is_robot = 0)";

/** A share: the consumer belongs to a department other than the one that owns the data. */
export const shareSql = "consumer_department_id IS NOT NULL AND consumer_department_id <> '' AND consumer_department_id <> owner_department_id";

/** Kinds whose repeats within 30 s are one use (a person clicking twice), as opposed to API calls. */
export const doubleClickKinds: ReadonlySet<Kind> = new Set<Kind>(['download', 'view']);

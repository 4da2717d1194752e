import { selectDepartmentIds, type CachedDb } from '../catalog/index.js';
import type { Indicator, Period } from '../usage/index.js';
import { rectifiedOnTimeSql, warningFigures } from './monitoring.figures.js';
import { selectWarningTimes } from './warnings.store.js';

/** Each department's warnings in the period, counted once for the indicator and the monthly report's section. */
export async function departmentWarningFigures({ db }: Pick<CachedDb, 'db'>, p: Pick<Period, 'start' | 'end' | 'asOf'>) {
  return warningFigures(await selectWarningTimes(db), p);
}

/** The monitoring loop's part of the assessment (README: "Monitoring loop"). */
export const monitoringIndicators: Indicator[] = [
  {
    id: 'warnings_rectified_on_time', label_zh: '预警按期整改率', label_en: 'Warnings rectified on time', unit: '%', higherIsBetter: true,
    description: 'Of the department\'s warnings due in the period (and already judged: past their due date, or closed by it), the share closed by their due date (a fixed version, corrected metadata, or an explanation a reviewer accepted); none due: does not apply.',
    compute: async (reads, p) => {
      const values = new Map<string, number | null>((await selectDepartmentIds(reads.db)).map((id) => [id, null]));
      for (const [id, f] of await departmentWarningFigures(reads, p)) values.set(id, f.rectified_on_time);
      return values;
    },
    sql: rectifiedOnTimeSql,
    figures: async (reads, p) => ({
      title_zh: '数据监测预警与整改', title_en: 'Monitoring warnings',
      columns: [
        { id: 'opened', label_zh: '本月发出预警', label_en: 'opened' },
        { id: 'closed_on_time', label_zh: '按期整改', label_en: 'closed on time' },
        { id: 'overdue', label_zh: '逾期未整改', label_en: 'overdue' },
      ],
      rows: [...(await departmentWarningFigures(reads, p)).values()].map((f) => ({ department_id: f.department_id, values: { opened: f.opened, closed_on_time: f.closed_on_time, overdue: f.overdue } })),
    }),
  },
];

// The monitoring loop's public face (监测-预警-整改-复核): everything other folders (and web/) may use. A daily check
// of every dataset (update punctuality, data quality of the latest version, integrity of files and rows tables) opens
// warnings addressed to the department, re-checks them, escalates overdue ones to reviewers and closes them when the
// finding is gone or a reviewer accepts an explanation. Its tables (warnings, warning_events) are touched only by its store files.
export { monitoringRoutes } from './monitoring.routes.js';
export { runMonitor, type MonitorSummary, warningDueWorkingDays } from './monitor.run.js';
export { describeSummary, startMonitor } from './monitor.job.js';
export { explainWarning, listWarnings, reviewWarning, type WarningView } from './warnings.service.js';
export { departmentWarningFigures, monitoringIndicators } from './monitoring.indicators.js';
export { type WarningFigures } from './monitoring.figures.js';
export { kindZh } from './monitoring.notify.js';
export { warningKinds, warningStatuses } from './monitoring.table.js';

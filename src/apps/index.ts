// The app showcase's public face (应用成果, issue 17): apps and results built on the data, their screenshots,
// moderation and evidence. Its tables (apps, app_datasets, app_screenshots) are touched only by its store files.
export { appKinds, appStatuses } from './apps.table.js';
export type {
  AppKind, AppStatus, AppViewer, AppDataset, AppScreenshot, AppSummary, AppEvidence, AppDetail, AppFilters, AppList,
  SubmitAppInput, ScreenshotUpload, ModerationDecision,
} from './apps.types.js';
export { canModerate, screenshotUrl } from './apps.policy.js';
export { listApps, getApp, submitApp, moderateApp, moderationQueue, appsUsingDataset, appCountsByDataset } from './apps.service.js';
export { appsRoutes, appsBodyLimits } from './apps.routes.js';
export { seedDemoApps } from './demo-apps.js';
export { appsIndicators } from './apps-indicators.sql.js';

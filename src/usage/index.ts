// The usage feature's public face: everything other folders (and web/) may use. Counting downloads, API calls and
// shares (DESIGN section 6), the statistics and the assessment; its tables are touched only by its store files.
export { usageRoutes } from './usage.routes.js';
export { createUsageRecorder, disabledUsageRecorder } from './usage.recorder.js';
export { type UsageEventInput, type UsageRecorder } from './usage.types.js';
export { requestConsumer, type RequestConsumer } from './usage.http.js';
export { countApiCalls, countedBody, noteRecordsUse } from './usage.records.js';
export { myUsage } from './usage.me.js';
export { selectUsageOverview, type UsageOverview } from './usage.overview.js';
export { defaultSeriesFrom, departmentStats, usageSeries } from './usage.stats.js';
export { type DatasetUsage, selectFirstDay, selectTopDatasets, type SeriesPoint } from './stats.sql.js';
export { parsePeriod, type Period, toRange, utcDay } from './usage.period.js';
export { builtinIndicators, createIndicatorRegistry, type Indicator, type IndicatorDetails } from './assessment.indicators.js';
export { utilisationIndicators } from './utilisation.indicators.js';
export { departmentFigureMap, departmentFigures, type IndicatorStatement, statement as indicatorStatement } from './utilisation-indicators.sql.js';
export { buildScorecard, type Scorecard, type ScorecardRow, sortScorecard } from './assessment.service.js';
export { departmentDrillDown } from './assessment.drill.js';
export { seedDemoUsage } from './demo-usage.js';
export { noteDatasetView } from './usage.views.js';
export { selectDatasetViews, type DatasetViews } from './usage-views.store.js';
export { normaliseQuery } from './search-log.js';
export { loadSearchReport, type SearchReport } from './search-report.js';
export { type DemoDeliveryUse, writeDemoDeliveries } from './demo-deliveries.js';

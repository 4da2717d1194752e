import type { AppDeps } from '../app-deps.js';
import type { TargetResolver, RecordsReader } from '../records/index.js';
import { loadCalendar, type WorkCalendar } from './demand.workdays.js';

/**
 * What the demand board's services share. `deps` is kept by reference (not spread), so a test that
 * swaps `deps.now` moves the board's clock too.
 */
export type DemandCtx = {
  deps: AppDeps;
  calendar: WorkCalendar;
  resolver: TargetResolver;
  reader: RecordsReader;
  /** Orders whose snapshot is being written right now: a second deliver is refused instead of racing. */
  delivering: Set<string>;
};

export function createDemandCtx(deps: AppDeps, calendar: WorkCalendar = loadCalendar()): DemandCtx {
  return { deps, calendar, resolver: deps.records.resolver, reader: deps.records.reader, delivering: new Set() };
}

// The records API's public face: everything other folders (and web/) may use. Filter, sort, select, page and
// search within a dataset version; it reads the versions' rows tables through the versions feature.
export { recordsRoutes } from './records.routes.js';
export { createRecordsReader, type RecordsReader } from './records.service.js';
export { createRecordsState, type RecordsState } from './records.state.js';
export { createTargetResolver, type RecordsTarget, type TargetResolver } from './records.target.js';
export { parseRecordsQuery, type RecordsQuery, reservedParams } from './records.query.js';
export { coerceValue } from './records.coerce.js';

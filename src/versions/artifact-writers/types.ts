import type { Readable } from 'node:stream';
import type { FieldSpec } from '../../lib/field-spec.js';
import type { Row } from '../../records/rows-table.js';

/** Rows of a version in primary-key order, in batches so writers can yield to the event loop between them. */
export type RowBatches = AsyncIterable<Row[]>;

/** Turns a version's rows into the bytes of one artifact. Must be deterministic: same rows, same bytes. */
export type ArtifactWriter = (batches: RowBatches, schema: FieldSpec[]) => Readable;

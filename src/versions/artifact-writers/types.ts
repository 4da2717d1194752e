import type { Readable } from 'node:stream';
import type { FieldSpec } from '../../lib/field-spec.js';
import type { Row } from '../rows/rows-table.js';
import type { Values } from './encoders.js';

/** Rows of a version in primary-key order, in batches so writers can yield to the event loop between them. */
export type RowBatches = AsyncIterable<Row[]>;

/** Turns rows into the bytes of one artifact. Must be deterministic: same rows, same bytes. */
export type ArtifactWriter = (batches: RowBatches, schema: FieldSpec[]) => Readable;

/** Where a writer's bytes go; `write` resolves when more may be written (backpressure). */
export type ByteSink = { write(chunk: Buffer): Promise<void> };

/** A writer fed value arrays (schema order) a batch at a time, so several artifacts can share one pass over the rows. */
export type ValuesWriter = { write(batch: Values[]): Promise<void>; end(): Promise<void> };
export type ValuesWriterFactory = (schema: FieldSpec[], sink: ByteSink) => Promise<ValuesWriter>;

import fs from 'node:fs';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { AnyDb } from '../db/engine.js';
import { lastAuditSummary, recordAudit } from '../audit/index.js';

export const assessmentConfigPath = fileURLToPath(new URL('../../config/assessment.json', import.meta.url));

const configSchema = z.object({
  description: z.string().optional(),
  weights: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/), z.number().min(0).max(1000)),
});

export type AssessmentConfig = z.infer<typeof configSchema>;

function parseConfig(text: string, file: string): AssessmentConfig {
  const parsed = configSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

/** Read on every assessment, so a changed weight applies to the next request without a restart. */
export function loadAssessmentConfig(file = assessmentConfigPath): AssessmentConfig {
  return parseConfig(fs.readFileSync(file, 'utf8'), file);
}

const weightsAction = 'assessment.weights_changed';
const lastSeenHash = new WeakMap<AnyDb, string>();

/**
 * As loadAssessmentConfig, and audits the file when its SHA-256 differs from the last one recorded (so a weight edited
 * by hand is on the trail, with old and new hash). Per database, the hash last seen is kept in memory: an unchanged
 * file costs a hash of a few hundred bytes, no query.
 */
export async function loadAuditedAssessmentConfig(db: AnyDb, file = assessmentConfigPath): Promise<AssessmentConfig> {
  const text = fs.readFileSync(file, 'utf8');
  const config = parseConfig(text, file);
  const hash = createHash('sha256').update(text).digest('hex');
  if (lastSeenHash.get(db) === hash) return config;
  lastSeenHash.set(db, hash); // before the awaits: a concurrent load of the same file does not record it twice
  const old = (await lastAuditSummary(db, weightsAction))?.match(/-> ([0-9a-f]{64})$/)?.[1] ?? null;
  if (old !== hash) await recordAudit(db, { actor: 'system', action: weightsAction, target: 'config/assessment.json', summary: `${old ?? 'none'} -> ${hash}` });
  return config;
}

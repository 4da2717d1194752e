import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const assessmentConfigPath = fileURLToPath(new URL('../../config/assessment.json', import.meta.url));

const configSchema = z.object({
  description: z.string().optional(),
  weights: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/), z.number().min(0).max(1000)),
});

export type AssessmentConfig = z.infer<typeof configSchema>;

/** Read on every assessment, so a changed weight applies to the next request without a restart. */
export function loadAssessmentConfig(file = assessmentConfigPath): AssessmentConfig {
  const parsed = configSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

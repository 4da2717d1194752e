import { z } from 'zod';

export const fieldTypes = ['string', 'integer', 'number', 'boolean', 'date', 'datetime'] as const;
export const frequencies = ['daily', 'weekly', 'monthly', 'quarterly', 'yearly', 'irregular'] as const;

const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'slug: lower-case letters, digits and single dashes');
const utc = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/, 'UTC timestamp YYYY-MM-DDTHH:mm:ssZ');
const hasCjk = (s: string) => /[\u4e00-\u9fff]/.test(s);
const zh = z.string().min(1).refine(hasCjk, 'must contain Chinese text');

export const departmentSchema = z.strictObject({
  id: slug,
  code: z.string().regex(/^\d{6}-\d{3}$/, 'provider code 340500-NNN'),
  name_zh: zh,
  name_en: z.string().min(1),
  contact: z.strictObject({
    phone: z.string().regex(/^0555-\d{7}$/, 'phone 0555-NNNNNNN'),
    email: z.email(),
  }),
});

export const themeSchema = z.strictObject({ id: slug, name_zh: zh, name_en: z.string().min(1) });

export const fieldSpecSchema = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'snake_case identifier'),
  label_zh: zh,
  label_en: z.string().min(1),
  type: z.enum(fieldTypes),
  required: z.boolean(),
  primary_key: z.boolean(),
  description: zh,
  enum: z.array(z.string().min(1)).min(1).optional(),
  /** Generator spec, see gen/dsl.ts. */
  gen: z.string().min(1),
});

export const versionSchema = z.strictObject({
  n: z.number().int().positive(),
  published_at: utc,
  change_note: zh,
});

export const manifestSchema = z.strictObject({
  id: slug,
  code: z.string().regex(/^\d{6}-\d{3}-\d{5}$/, 'resource code 340500-NNN-NNNNN'),
  title_zh: zh,
  title_en: z.string().min(1),
  summary_zh: zh,
  summary_en: z.string().min(1),
  department: slug,
  theme: slug,
  open_type: z.enum(['open', 'conditional']),
  share_type: z.enum(['无条件共享', '有条件共享']),
  update_frequency: z.enum(frequencies),
  keywords: z.array(z.string().min(1)).min(3).max(6).refine((k) => k.some(hasCjk), 'needs Chinese keywords'),
  keywords_en: z.array(z.string().min(1)).min(3).max(6),
  license: z.literal('CC-BY-4.0'),
  spatial: zh,
  industry: zh,
  created_at: utc,
  related_codes: z.array(z.string().regex(/^\d{6}-\d{3}-\d{5}$/)),
  rows: z.number().int().positive(),
  fields: z.array(fieldSpecSchema).min(2),
  versions: z.array(versionSchema).min(1),
});

export type Department = z.infer<typeof departmentSchema>;
export type Theme = z.infer<typeof themeSchema>;
export type FieldSpec = z.infer<typeof fieldSpecSchema>;
export type FieldType = FieldSpec['type'];
export type Frequency = (typeof frequencies)[number];
export type DatasetVersion = z.infer<typeof versionSchema>;
export type DatasetManifest = z.infer<typeof manifestSchema>;
export type Value = string | number | boolean | null;
export type Row = Record<string, Value>;

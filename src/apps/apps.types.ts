import type { SessionUser } from '../lib/context.js';
import type { appKinds, appStatuses } from './apps.table.js';

export type AppKind = (typeof appKinds)[number];
export type AppStatus = (typeof appStatuses)[number];

/** The signed-in person looking (the auth middleware's user), or null when signed out. */
export type AppViewer = SessionUser | null;

/** A dataset an app names. */
export type AppDataset = { id: string; code: string; title_zh: string; title_en: string | null; department_id: string; theme_id: string | null };

/** A re-encoded screenshot: `url` serves it (GET /api/v1/apps/{id}/screenshots/{n}). */
export type AppScreenshot = { position: number; url: string; width: number; height: number; content_type: string };

export type AppSummary = {
  id: string;
  name_zh: string;
  name_en: string | null;
  kind: AppKind;
  description_zh: string;
  description_en: string | null;
  url: string | null;
  status: AppStatus;
  is_demo: boolean;
  created_at: string;
  decided_at: string | null;
  datasets: AppDataset[];
  /** The departments whose datasets the app names (sorted, distinct). */
  department_ids: string[];
  theme_ids: string[];
  screenshots: AppScreenshot[];
};

/**
 * Claimed vs observed: the named datasets (ids) and those of them the submitter's API keys called successfully
 * in the 90 days before `checked_at`.
 */
export type AppEvidence = { claimed: string[]; observed: string[]; checked_at: string; has_keys: boolean };

export type AppDetail = AppSummary & {
  contact: string;
  submitted_by: string;
  submitter_name: string | null;
  decided_by: string | null;
  reject_reason: string | null;
  updated_at: string;
  /** Shown to the submitter and to those who may moderate the app; null to anyone else. */
  evidence: AppEvidence | null;
  /** Whether the viewer may approve or reject it (a decision can be revisited). */
  can_moderate: boolean;
};

export type AppFilters = {
  q?: string;
  themeId?: string;
  departmentId?: string;
  kind?: AppKind;
  datasetId?: string;
  /** Public lists are approved only; other statuses list only what the viewer submitted or may moderate. */
  status?: AppStatus;
  viewer?: AppViewer;
  /** 1-based. */
  page?: number;
  limit?: number;
};

export type AppList = { total: number; items: AppSummary[] };

export type SubmitAppInput = {
  name_zh: string;
  name_en?: string | null;
  kind: AppKind;
  description_zh: string;
  description_en?: string | null;
  url?: string | null;
  contact: string;
  /** Dataset ids (slugs), at least one. */
  datasets: string[];
};

export type ScreenshotUpload = { bytes: Uint8Array; filename?: string; type?: string };

export type ModerationDecision = { decision: 'approve' | 'reject'; reason?: string };

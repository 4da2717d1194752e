/** The actions reviewers may read in the trail: publishing and withdrawing data. */
export const AUDIT_PUBLISH_ACTIONS = ['versions.published', 'versions.withdrawn', 'datasets.withdrawn'] as const;

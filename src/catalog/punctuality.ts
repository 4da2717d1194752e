/**
 * How long a dataset may go without a new version before it is overdue for its declared update
 * frequency. Irregular datasets are never overdue. The slack (a day on top) absorbs publishing at
 * a different hour of the due day.
 */
export const allowedAgeDays: Record<string, number | null> = {
  daily: 2,
  weekly: 8,
  monthly: 32,
  quarterly: 93,
  yearly: 367,
  irregular: null,
};

/** True when the latest version is older than the declared frequency allows (or there is none). */
export function isOverdue(updateFrequency: string, latestPublishedAt: string | null, now: Date): boolean {
  const days = allowedAgeDays[updateFrequency];
  if (days === null || days === undefined) return false;
  if (!latestPublishedAt) return true;
  return now.getTime() - Date.parse(latestPublishedAt) > days * 86_400_000;
}

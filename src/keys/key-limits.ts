/** A new key's limits (the api_keys columns' defaults), which the anonymous 429 also names: what a free key gives. */
export const keyLimitDefaults = { ratePerMin: 600, dailyQuota: 50_000 } as const;

// The keys feature's public face: everything other folders (and web/) may use. API keys, their rate limits and
// quotas, and grants to conditional datasets; its tables are touched only by its store files.
export { keysRoutes } from './keys.routes.js';
export { anonymousClient, apiKeyAuth, keyRequired } from './keys.middleware.js';
export { createRateLimiter, type RateLimiter } from './keys.ratelimit.js';
export { createKey, findActiveKey, type KeyRow, listKeys, revokeKey, setKeyLimits } from './keys.service.js';
export { addGrant, conditionalAccess } from './grants.service.js';
export { grantExpiriesById } from './grant-expiry.store.js';

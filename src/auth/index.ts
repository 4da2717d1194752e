// The auth feature's public face.
export { canAdmin, canPublish, canPublishFor, canReadAllOf, canReview, canSeeEveryOrder, canUseConsole, type Viewer } from './policy.js';

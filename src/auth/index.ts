// The auth feature's public face: everything other folders (and web/) may use. Users, sessions, roles and who may
// do what; its tables (users, sessions) are touched only by its store files.
export { canAdmin, canManageUsersOf, canPublish, canPublishFor, canReadAllOf, canReview, canSeeEveryOrder, canUseConsole, type Viewer } from './policy.js';
export { authRoutes } from './auth.routes.js';
export { acceptInviteAsNewUser, acceptInviteAsUser, createInvite, departmentNames, listDepartmentUsers, managedUser, resetUserTwoFactor, setDepartmentRole, setUserDisabled, usableInvite, inviteRoles, departmentRoles } from './users-directory.service.js';
export { endAllSessions, endMySession, listMySessions, type ListedSession } from './sessions-list.js';
export { requireAllowed, requireUser, sessionMiddleware } from './auth.middleware.js';
export { bodyGuard, localPath, presentUser } from './auth.http.js';
export { UserSchema } from './auth.schemas.js';
export { readSessionCookie, writeSessionCookie } from './auth.cookie.js';
export { createUser, findUserByEmail, setUserPassword } from './auth.service.js';
export { createSession } from './auth.session.js';
export { randomToken, sha256Hex } from './auth.crypto.js';
export { type Role, roles } from './auth.table.js';
export { adminIds, departmentAnswererIds, reviewerIds, userNamesById } from './user-names.store.js';
export { preparedUserRole } from './user-roles.store.js';
export { type DemoUser, insertDemoUsers } from './demo-users.store.js';
export { createOidcClient, type OidcClient } from './oidc.flow.js';
export { assertPasswordSignInAllowed, clearIdTokenCookie, completeOidcSignIn, readIdTokenCookie, takeFlowCookie, writeFlowCookie } from './oidc.session.js';
// Two factors (TOTP): the sign-in's second step after any first factor (password, OIDC), enrolment and reset.
export { twoFactorRoutes } from './two-factor.routes.js';
export { beginSecondFactor, completeSecondFactor, readChallenge, startSession, attemptOf, type Challenge } from './two-factor.challenge.js';
export { confirmEnrolment, disableTwoFactor, pendingEnrolment, requireSecondFactor, resetTwoFactor, secondFactorRequired, startEnrolment, twoFactorStatus, type TwoFactorStatus } from './two-factor.service.js';

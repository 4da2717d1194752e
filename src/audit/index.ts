
// The audit trail's public face (issue 18). Any feature records its privileged actions with
//   await recordAudit(deps.db, { ...auditFrom(c), action: 'users.role_changed', target: `user:${id}`, summary: 'publisher -> dept_admin' });

export { auditFrom, auditContext, type AuditActor } from './audit.context.js';
export { AUDIT_PUBLISH_ACTIONS } from './audit.actions.js';
export { auditRoutes, auditRead, auditCsvColumns } from './audit.routes.js';
export { auditScopeOf, listAudit, auditJson, describeQuery, type AuditPage } from './audit.service.js';
export { type AuditScope } from './audit.query.js';
export { verifyChain, type ChainReport } from './audit.verify.js';
export { exportAudit, pruneAudit, verifyArchive, type ArchiveSignature } from './audit.archive.js';
export { runAuditRetention, startAuditRetention, auditArchiveDir } from './audit.job.js';

export { recordAudit, type AuditEventInput } from './audit.record.js';
export { lastAuditSummary } from './audit.store.js';

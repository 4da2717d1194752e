import os from 'node:os';
import type { AuditActor } from '../../src/audit/index.js';

/** The operator's CLI as an audit actor: `cli:<os user>`, no role, request or client (it runs on the server itself). */
export function cliActor(): AuditActor {
  let name = 'unknown';
  try {
    name = os.userInfo().username;
  } catch {
    // A container user without a passwd entry: the row still says it came from the CLI.
  }
  return { actor: `cli:${name}`, actorRole: null, actorDepartmentId: null, requestId: null, clientHash: null };
}

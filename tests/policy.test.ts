import { describe, expect, it } from 'vitest';
import { canAdmin, canManageUsersOf, canPublish, canPublishFor, canReadAllOf, canReview, canSeeEveryOrder, canUseConsole } from '../src/auth/index.js';

// DESIGN section 4 as a matrix: each role, in the department at stake ('own'), in another one, or in none.
const roles = ['user', 'publisher', 'dept_admin', 'reviewer', 'admin'] as const;
const at = 'transport';
const memberships = { own: at, other: 'health', none: null } as const;
type Membership = keyof typeof memberships;
type Expect = Record<(typeof roles)[number], Record<Membership, boolean>>;

const all = { own: true, other: true, none: true };
const nothing = { own: false, other: false, none: false };
const ownOnly = { own: true, other: false, none: false };
const inADepartment = { own: true, other: true, none: false };

const decisions: Record<string, [(user: { role: string; departmentId: string | null }) => boolean, Expect]> = {
  canAdmin: [canAdmin, { user: nothing, publisher: nothing, dept_admin: nothing, reviewer: nothing, admin: all }],
  canReview: [canReview, { user: nothing, publisher: nothing, dept_admin: nothing, reviewer: all, admin: all }],
  canPublish: [canPublish, { user: nothing, publisher: all, dept_admin: all, reviewer: nothing, admin: all }],
  canPublishFor: [(u) => canPublishFor(u, at), { user: nothing, publisher: ownOnly, dept_admin: ownOnly, reviewer: nothing, admin: all }],
  canUseConsole: [canUseConsole, { user: nothing, publisher: inADepartment, dept_admin: inADepartment, reviewer: nothing, admin: all }],
  // The department directory (invites, roles, disabling): only a department admin of that department, or an admin.
  canManageUsersOf: [(u) => canManageUsersOf(u, at), { user: nothing, publisher: nothing, dept_admin: ownOnly, reviewer: nothing, admin: all }],
  canSeeEveryOrder: [canSeeEveryOrder, { user: nothing, publisher: nothing, dept_admin: nothing, reviewer: all, admin: all }],
  // Its own department's data is never withheld from anyone in it, whatever the role.
  canReadAllOf: [(u) => canReadAllOf(u, at), { user: ownOnly, publisher: ownOnly, dept_admin: ownOnly, reviewer: ownOnly, admin: all }],
};

describe('auth policy', () => {
  for (const [name, [decide, expected]] of Object.entries(decisions)) {
    it(`${name}: every role in its own department, another one, or none`, () => {
      const got: Record<string, Record<string, boolean>> = {};
      for (const role of roles) {
        got[role] = {};
        for (const [membership, departmentId] of Object.entries(memberships)) got[role][membership] = decide({ role, departmentId });
      }
      expect(got).toEqual(expected);
    });
  }

  it('nobody signed in may do anything, and a role outside the list is a plain user', () => {
    for (const [decide, expected] of Object.values(decisions)) {
      expect(decide(null as never)).toBe(false);
      for (const [membership, departmentId] of Object.entries(memberships)) {
        expect(decide({ role: 'superuser', departmentId })).toBe(expected.user[membership as Membership]);
      }
    }
  });

  it('a department-less publisher publishes for no department, not even an unaddressed request', () => {
    expect(canPublishFor({ role: 'publisher', departmentId: null }, null)).toBe(false);
    expect(canPublishFor({ role: 'admin', departmentId: null }, null)).toBe(true);
  });
});

import fs from 'node:fs';
import { ApiError } from '../lib/errors.js';

export const minPasswordLength = 10;

/** The shipped list of the most common passwords, lower-cased (it is data: operators may add lines). */
const commonPasswords = new Set(
  fs
    .readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8')
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim().toLowerCase())
    .filter(Boolean),
);

export type PasswordProblem = { code: 'password_blank' | 'password_too_short' | 'password_too_common'; message: string };

/** Why a new password is refused, or null when it is acceptable. Length counts characters (code points), so 10 汉字 are 10. */
export function passwordProblem(password: string): PasswordProblem | null {
  if (!password.trim()) return { code: 'password_blank', message: 'must not be empty or only spaces' };
  if ([...password].length < minPasswordLength) return { code: 'password_too_short', message: `must be at least ${minPasswordLength} characters` };
  if (commonPasswords.has(password.trim().toLowerCase())) return { code: 'password_too_common', message: 'is one of the most common passwords; choose one that is harder to guess' };
  return null;
}

/** 422 with a field error naming `password` when a new password is refused. */
export function assertAcceptablePassword(password: string): void {
  const problem = passwordProblem(password);
  if (problem) throw new ApiError(422, problem.code, `Choose another password: it ${problem.message}.`, { errors: [{ field: 'password', message: problem.message }] });
}

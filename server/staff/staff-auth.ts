/**
 * Staff sign in on their own phones with their name and a PIN. A PIN is short, so guessing is stopped twice: the
 * account locks after MAX_FAILURES wrong PINs in a row (even the right PIN is refused until it unlocks or the admin
 * unlocks it), and the login route has its own per-address rate limit. A session is a bearer token (sha256 stored),
 * valid for one shift.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { hashPassword, verifyPassword } from '../auth/password.js';
import { AppError } from '../errors.js';
import type { AccessVerifier } from '../http/access.js';
import type { StaffRepository } from './staff-repository.js';

export const MAX_FAILURES = 5;
export const LOCK_MS = 15 * 60_000;
export const SESSION_MS = 12 * 3_600_000;
export const PIN_PATTERN = '^[0-9]{4,8}$';

const sha256 = (token: string): string => createHash('sha256').update(token).digest('hex');

declare module 'fastify' {
  interface FastifyRequest {
    /** The staff member behind a `staff` route's request. */
    staff?: { id: number; name: string };
  }
}

export function checkPin(pin: string): void {
  if (!new RegExp(PIN_PATTERN).test(pin)) throw new AppError('PIN_INVALID', 'A PIN is 4 to 8 digits.', 400);
}

export const hashPin = (pin: string): Promise<string> => {
  checkPin(pin);
  return hashPassword(pin);
};

export function createStaffAuth(deps: { staff: StaffRepository; now: () => number }) {
  const { staff } = deps;
  // Checked against when the name is unknown, so that an unknown name costs what a wrong PIN costs.
  const decoy = hashPassword(randomBytes(8).toString('hex'));

  return {
    async login(name: string, pin: string): Promise<{ token: string; name: string; expiresAt: number }> {
      const member = staff.credentials(name);
      const now = deps.now();
      if (!member || !member.active) {
        await verifyPassword(pin, await decoy);
        throw new AppError('STAFF_LOGIN_FAILED', 'Wrong name or PIN.', 401);
      }
      if (member.lockedUntil !== null && member.lockedUntil > now) {
        throw new AppError('STAFF_LOCKED', 'Too many wrong PINs: this account is locked for a while, or until the shop unlocks it.', 423, {
          until: member.lockedUntil,
        });
      }
      if (!(await verifyPassword(pin, member.pinHash))) {
        // A lock that expired starts a new count.
        if (member.lockedUntil !== null) staff.unlock(member.id);
        staff.recordFailure(member.id, MAX_FAILURES, now + LOCK_MS);
        const left = MAX_FAILURES - (member.lockedUntil !== null ? 0 : member.failedAttempts) - 1;
        if (left <= 0) {
          throw new AppError('STAFF_LOCKED', 'Too many wrong PINs: this account is locked for a while, or until the shop unlocks it.', 423, {
            until: now + LOCK_MS,
          });
        }
        throw new AppError('STAFF_LOGIN_FAILED', 'Wrong name or PIN.', 401, { attemptsLeft: left });
      }
      staff.recordSuccess(member.id);
      const token = randomBytes(32).toString('base64url');
      const expiresAt = now + SESSION_MS;
      staff.createSession(sha256(token), member.id, expiresAt);
      return { token, name: member.name, expiresAt };
    },
    logout(token: string): void {
      staff.endSession(sha256(token));
    },
    /** The `staff` access kind: `Authorization: Staff <token>` of a live session of an active account. */
    verifier(): AccessVerifier {
      return {
        stage: 'onRequest',
        verify(request: FastifyRequest, reply: FastifyReply) {
          const token = tokenOf(request);
          const session = token ? staff.session(sha256(token)) : undefined;
          if (!session) {
            reply.status(401).send({ code: 'STAFF_SESSION_REQUIRED', message: 'Sign in with your name and PIN.' });
            return false;
          }
          request.staff = { id: session.staffId, name: session.name };
          return true;
        },
      };
    },
  };
}

export function tokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const m = header ? /^Staff ([A-Za-z0-9_-]{20,100})$/.exec(header) : null;
  return m?.[1];
}

export type StaffAuth = ReturnType<typeof createStaffAuth>;

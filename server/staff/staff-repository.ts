/** Staff accounts and their sessions: the only SQL on `staff` and `staff_sessions`. */
import type { Db } from '../db/connection.js';
import { conflict, notFound } from '../errors.js';

export interface StaffMember {
  id: number;
  name: string;
  active: boolean;
  failedAttempts: number;
  lockedUntil: number | null;
  lastLoginAt: number | null;
  createdAt: number;
}

interface Row {
  id: number;
  name: string;
  pin_hash: string;
  active: number;
  failed_attempts: number;
  locked_until: number | null;
  last_login_at: number | null;
  created_at: number;
}

const toStaff = (r: Row): StaffMember => ({
  id: r.id,
  name: r.name,
  active: r.active === 1,
  failedAttempts: r.failed_attempts,
  lockedUntil: r.locked_until,
  lastLoginAt: r.last_login_at,
  createdAt: r.created_at,
});

export function createStaffRepository(db: Db, now: () => number = Date.now) {
  const all = db.prepare<[], Row>('SELECT * FROM staff ORDER BY name COLLATE NOCASE');
  const byId = db.prepare<[number], Row>('SELECT * FROM staff WHERE id = ?');
  const byName = db.prepare<[string], Row>('SELECT * FROM staff WHERE name = ?');
  const insert = db.prepare('INSERT INTO staff (name, pin_hash, created_at, updated_at) VALUES (?, ?, ?, ?)');
  const setPin = db.prepare('UPDATE staff SET pin_hash = ?, failed_attempts = 0, locked_until = NULL, updated_at = ? WHERE id = ?');
  const setActive = db.prepare('UPDATE staff SET active = ?, updated_at = ? WHERE id = ?');
  const unlock = db.prepare('UPDATE staff SET failed_attempts = 0, locked_until = NULL, updated_at = ? WHERE id = ?');
  const remove = db.prepare('DELETE FROM staff WHERE id = ?');
  const failure = db.prepare<[number, number, number, number]>(
    `UPDATE staff SET failed_attempts = failed_attempts + 1,
       locked_until = CASE WHEN failed_attempts + 1 >= ? THEN ? ELSE locked_until END
     WHERE id = ? AND ? > 0`,
  );
  const success = db.prepare('UPDATE staff SET failed_attempts = 0, locked_until = NULL, last_login_at = ? WHERE id = ?');
  const addSession = db.prepare('INSERT INTO staff_sessions (token_hash, staff_id, created_at, expires_at) VALUES (?, ?, ?, ?)');
  const session = db.prepare<[string, number], { staff_id: number; expires_at: number; name: string }>(
    `SELECT s.staff_id, s.expires_at, m.name FROM staff_sessions s JOIN staff m ON m.id = s.staff_id
     WHERE s.token_hash = ? AND s.expires_at > ? AND m.active = 1`,
  );
  const endSession = db.prepare('DELETE FROM staff_sessions WHERE token_hash = ?');
  const endSessionsOf = db.prepare('DELETE FROM staff_sessions WHERE staff_id = ?');
  const purge = db.prepare('DELETE FROM staff_sessions WHERE expires_at <= ?');

  return {
    list: (): StaffMember[] => all.all().map(toStaff),
    get(id: number): StaffMember | undefined {
      const r = byId.get(id);
      return r ? toStaff(r) : undefined;
    },
    /** With the PIN's hash, for the login check only. */
    credentials(name: string): (StaffMember & { pinHash: string }) | undefined {
      const r = byName.get(name.trim());
      return r ? { ...toStaff(r), pinHash: r.pin_hash } : undefined;
    },
    create(name: string, pinHash: string): StaffMember {
      if (byName.get(name.trim())) throw conflict('STAFF_NAME_TAKEN', 'A staff member already has this name.');
      const at = now();
      const id = Number(insert.run(name.trim(), pinHash, at, at).lastInsertRowid);
      return toStaff(byId.get(id)!);
    },
    setPin(id: number, pinHash: string): void {
      if (setPin.run(pinHash, now(), id).changes === 0) throw notFound('Staff member');
      endSessionsOf.run(id);
    },
    setActive(id: number, active: boolean): void {
      if (setActive.run(active ? 1 : 0, now(), id).changes === 0) throw notFound('Staff member');
      if (!active) endSessionsOf.run(id);
    },
    unlock(id: number): void {
      if (unlock.run(now(), id).changes === 0) throw notFound('Staff member');
    },
    delete(id: number): void {
      if (remove.run(id).changes === 0) throw notFound('Staff member');
    },
    /** One more wrong PIN; at `maxFailures` the account is locked until `lockUntil`. */
    recordFailure: (id: number, maxFailures: number, lockUntil: number): void => void failure.run(maxFailures, lockUntil, id, 1),
    recordSuccess: (id: number): void => void success.run(now(), id),
    createSession: (tokenHash: string, staffId: number, expiresAt: number): void => void addSession.run(tokenHash, staffId, now(), expiresAt),
    session(tokenHash: string): { staffId: number; name: string; expiresAt: number } | undefined {
      const r = session.get(tokenHash, now());
      return r ? { staffId: r.staff_id, name: r.name, expiresAt: r.expires_at } : undefined;
    },
    endSession: (tokenHash: string): void => void endSession.run(tokenHash),
    purgeExpired: (): number => purge.run(now()).changes,
  };
}

export type StaffRepository = ReturnType<typeof createStaffRepository>;

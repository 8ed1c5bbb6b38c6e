import type { Db } from '../db/connection.js';
import { randomToken, sha256Hex } from './tokens.js';

export const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;
export const LOGIN_TOKEN_TTL_MS = 24 * 3600 * 1000;

export interface SessionRow {
  token_hash: string;
  created_at: number;
  expires_at: number;
  user_agent: string | null;
}

/** Admin sessions and one-time login links. Only hashes are stored: a copy of the database opens no session. */
export function createSessionsRepository(db: Db, now: () => number = Date.now) {
  const insertSession = db.prepare(
    'INSERT INTO admin_sessions (token_hash, created_at, expires_at, user_agent) VALUES (?, ?, ?, ?)',
  );
  const findSession = db.prepare<[string, number], { created_at: number }>(
    'SELECT created_at FROM admin_sessions WHERE token_hash = ? AND expires_at > ?',
  );
  const deleteSession = db.prepare('DELETE FROM admin_sessions WHERE token_hash = ?');
  const sessionRow = db.prepare<[string, number], SessionRow>(
    'SELECT token_hash, created_at, expires_at, user_agent FROM admin_sessions WHERE token_hash = ? AND expires_at > ?',
  );
  const adopt = db.prepare<SessionRow>(
    `INSERT INTO admin_sessions (token_hash, created_at, expires_at, user_agent)
     VALUES (@token_hash, @created_at, @expires_at, @user_agent) ON CONFLICT (token_hash) DO NOTHING`,
  );
  const purge = db.prepare('DELETE FROM admin_sessions WHERE expires_at <= ?');
  const insertLogin = db.prepare('INSERT INTO login_tokens (token_hash, created_at, expires_at) VALUES (?, ?, ?)');
  const useLogin = db.prepare(
    'UPDATE login_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?',
  );

  return {
    createSession(userAgent: string | undefined): string {
      const token = randomToken();
      const t = now();
      purge.run(t);
      insertSession.run(sha256Hex(token), t, t + SESSION_TTL_MS, userAgent?.slice(0, 200) ?? null);
      return token;
    },
    isValidSession(token: string): boolean {
      return findSession.get(sha256Hex(token), now()) !== undefined;
    },
    endSession(token: string): void {
      deleteSession.run(sha256Hex(token));
    },
    /** The stored row of a live session (its hash, never the token), to carry it into a restored database. */
    sessionRow(token: string): SessionRow | undefined {
      return sessionRow.get(sha256Hex(token), now());
    },
    /** Keeps the person who restored a backup signed in: their session, taken from the database that was replaced. */
    adoptSession(row: SessionRow): void {
      adopt.run(row);
    },
    /** A login link's token: works once, within a day. The CLI makes one too (`passerelle login-link`). */
    createLoginToken(): string {
      const token = randomToken();
      const t = now();
      insertLogin.run(sha256Hex(token), t, t + LOGIN_TOKEN_TTL_MS);
      return token;
    },
    consumeLoginToken(token: string): boolean {
      return useLogin.run(now(), sha256Hex(token), now()).changes === 1;
    },
  };
}
export type SessionsRepository = ReturnType<typeof createSessionsRepository>;

/**
 * API keys: `pk_<public id>_<secret>`. The public id (12 characters) finds the row and is shown in lists; the secret
 * (43 characters, 256 random bits) is shown once and kept as its SHA-256: a slow hash adds nothing against a
 * secret nobody can guess, and every request pays for the check. Compared in constant time.
 */
import { randomBytes } from 'node:crypto';
import { safeEqual, sha256Hex } from '../../auth/tokens.js';
import { AppError, notFound } from '../../errors.js';
import { API_SCOPES, type ApiScope } from '../api-schemas.js';
import type { ApiKeyRow, ApiKeysRepository } from './api-keys-repository.js';

const KEY = /^pk_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/;
const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** last_used_at is written at most this often per key: a busy sync must not write a row per request. */
const TOUCH_EVERY_MS = 60_000;

export interface ApiKeyInfo {
  id: number;
  name: string;
  scopes: readonly ApiScope[];
}

export interface ApiKeyView {
  id: number;
  name: string;
  /** What lists show of the key: `pk_<public id>_…`. */
  prefix: string;
  scopes: ApiScope[];
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

function publicId(): string {
  const bytes = randomBytes(12);
  let out = '';
  for (const b of bytes) out += ALPHANUMERIC[b % ALPHANUMERIC.length];
  return out;
}

const view = (k: ApiKeyRow): ApiKeyView => ({
  id: k.id,
  name: k.name,
  prefix: `pk_${k.publicId}_…`,
  scopes: k.scopes,
  createdAt: k.createdAt,
  lastUsedAt: k.lastUsedAt,
  revokedAt: k.revokedAt,
});

/** "customers:read,purchases:write" (the CLI's form) → scopes, refusing unknown ones. */
export function parseScopes(text: string): ApiScope[] {
  const scopes = [...new Set(text.split(/[\s,]+/).filter(Boolean))];
  const unknown = scopes.filter((s) => !(API_SCOPES as readonly string[]).includes(s));
  if (scopes.length === 0 || unknown.length > 0) {
    throw new AppError('SCOPE_UNKNOWN', `Scopes are some of ${API_SCOPES.join(', ')}${unknown.length ? ` (not ${unknown.join(', ')})` : ''}.`, 400);
  }
  return scopes as ApiScope[];
}

export function createApiKeys(repo: ApiKeysRepository, now: () => number) {
  const touched = new Map<number, number>();
  return {
    /** A new key: the whole key is in the answer, and nowhere else ever again. */
    create(name: string, scopes: readonly ApiScope[]): { key: string; apiKey: ApiKeyView } {
      const trimmed = name.trim();
      if (!trimmed || trimmed.length > 60) throw new AppError('VALIDATION_ERROR', 'A key needs a name of 1 to 60 characters.', 400);
      if (scopes.length === 0) throw new AppError('SCOPE_UNKNOWN', 'A key needs at least one scope.', 400);
      const pub = publicId();
      const secret = randomBytes(32).toString('base64url');
      const id = repo.insert({ publicId: pub, secretHash: sha256Hex(secret), name: trimmed, scopes: [...new Set(scopes)], at: now() });
      return { key: `pk_${pub}_${secret}`, apiKey: view(repo.get(id)!) };
    },
    list: (): ApiKeyView[] => repo.list().map(view),
    revoke(id: number): ApiKeyView {
      if (!repo.get(id)) throw notFound('API key');
      repo.revoke(id, now());
      return view(repo.get(id)!);
    },
    /** The key's owner and scopes, or undefined for anything that is not a live key. */
    verify(key: string | undefined): ApiKeyInfo | undefined {
      const m = key ? KEY.exec(key) : null;
      if (!m) return undefined;
      const row = repo.byPublicId(m[1]!);
      if (!row || row.revokedAt !== null || !safeEqual(sha256Hex(m[2]!), row.secretHash)) return undefined;
      const at = now();
      if (at - (touched.get(row.id) ?? 0) >= TOUCH_EVERY_MS) {
        touched.set(row.id, at);
        repo.touch(row.id, at);
      }
      return { id: row.id, name: row.name, scopes: row.scopes };
    },
  };
}

export type ApiKeys = ReturnType<typeof createApiKeys>;

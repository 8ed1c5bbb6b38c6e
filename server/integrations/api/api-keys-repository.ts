/** The api_keys table: keys of the shop's other systems, kept as the SHA-256 of their secret (api-keys.ts). */
import type { Db } from '../../db/connection.js';
import type { ApiScope } from '../api-schemas.js';

export interface ApiKeyRow {
  id: number;
  publicId: string;
  secretHash: string;
  name: string;
  scopes: ApiScope[];
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

interface Row {
  id: number;
  public_id: string;
  secret_hash: string;
  name: string;
  scopes: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

const toKey = (r: Row): ApiKeyRow => ({
  id: r.id,
  publicId: r.public_id,
  secretHash: r.secret_hash,
  name: r.name,
  scopes: JSON.parse(r.scopes) as ApiScope[],
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
});

export function createApiKeysRepository(db: Db) {
  const insert = db.prepare<[string, string, string, string, number], { id: number }>(
    'INSERT INTO api_keys (public_id, secret_hash, name, scopes, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id',
  );
  const byPublicId = db.prepare<[string], Row>('SELECT * FROM api_keys WHERE public_id = ?');
  const byId = db.prepare<[number], Row>('SELECT * FROM api_keys WHERE id = ?');
  const all = db.prepare<[], Row>('SELECT * FROM api_keys ORDER BY revoked_at IS NOT NULL, created_at DESC, id DESC');
  const revoke = db.prepare<[number, number]>('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL');
  const touch = db.prepare<[number, number]>('UPDATE api_keys SET last_used_at = max(coalesce(last_used_at, 0), ?) WHERE id = ?');
  return {
    insert: (k: { publicId: string; secretHash: string; name: string; scopes: readonly ApiScope[]; at: number }): number =>
      insert.get(k.publicId, k.secretHash, k.name, JSON.stringify(k.scopes), k.at)!.id,
    byPublicId(publicId: string): ApiKeyRow | undefined {
      const r = byPublicId.get(publicId);
      return r ? toKey(r) : undefined;
    },
    get(id: number): ApiKeyRow | undefined {
      const r = byId.get(id);
      return r ? toKey(r) : undefined;
    },
    list: (): ApiKeyRow[] => all.all().map(toKey),
    revoke: (id: number, at: number): boolean => revoke.run(at, id).changes > 0,
    touch: (id: number, at: number): void => void touch.run(at, id),
  };
}

export type ApiKeysRepository = ReturnType<typeof createApiKeysRepository>;

/** crm_connections: one row per connected CRM (its API key, base URL, health). */
import type { Db } from '../../db/connection.js';

export type CrmProviderId = 'klaviyo' | 'brevo';

export interface CrmConnectionRow {
  provider: CrmProviderId;
  apiKey: string;
  baseUrl: string;
  enabled: boolean;
  lastTestAt: number | null;
  lastTestOk: boolean | null;
  lastTestMessage: string | null;
  lastSyncAt: number | null;
  lastError: string | null;
  lastErrorAt: number | null;
  synced: number;
}

interface Row {
  provider: CrmProviderId;
  api_key: string;
  base_url: string;
  enabled: number;
  last_test_at: number | null;
  last_test_ok: number | null;
  last_test_message: string | null;
  last_sync_at: number | null;
  last_error: string | null;
  last_error_at: number | null;
  synced: number;
}

const toRow = (r: Row): CrmConnectionRow => ({
  provider: r.provider,
  apiKey: r.api_key,
  baseUrl: r.base_url,
  enabled: r.enabled === 1,
  lastTestAt: r.last_test_at,
  lastTestOk: r.last_test_ok === null ? null : r.last_test_ok === 1,
  lastTestMessage: r.last_test_message,
  lastSyncAt: r.last_sync_at,
  lastError: r.last_error,
  lastErrorAt: r.last_error_at,
  synced: r.synced,
});

export function createCrmRepository(db: Db) {
  const one = db.prepare<[string], Row>('SELECT * FROM crm_connections WHERE provider = ?');
  const enabled = db.prepare<[], Row>('SELECT * FROM crm_connections WHERE enabled = 1 ORDER BY provider');
  const upsert = db.prepare<[string, string, string, number, number, number]>(
    `INSERT INTO crm_connections (provider, api_key, base_url, enabled, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (provider) DO UPDATE SET api_key = excluded.api_key, base_url = excluded.base_url, enabled = excluded.enabled,
       updated_at = excluded.updated_at`,
  );
  const remove = db.prepare<[string]>('DELETE FROM crm_connections WHERE provider = ?');
  const tested = db.prepare<[number, number, string, string]>(
    'UPDATE crm_connections SET last_test_at = ?, last_test_ok = ?, last_test_message = ? WHERE provider = ?',
  );
  const synced = db.prepare<[number, string]>('UPDATE crm_connections SET last_sync_at = ?, synced = synced + 1 WHERE provider = ?');
  const failed = db.prepare<[string, number, string]>('UPDATE crm_connections SET last_error = ?, last_error_at = ? WHERE provider = ?');
  return {
    get(provider: CrmProviderId): CrmConnectionRow | undefined {
      const r = one.get(provider);
      return r ? toRow(r) : undefined;
    },
    enabled: (): CrmConnectionRow[] => enabled.all().map(toRow),
    save: (provider: CrmProviderId, c: { apiKey: string; baseUrl: string; enabled: boolean }, at: number): void =>
      void upsert.run(provider, c.apiKey, c.baseUrl, c.enabled ? 1 : 0, at, at),
    remove: (provider: CrmProviderId): boolean => remove.run(provider).changes > 0,
    recordTest: (provider: CrmProviderId, ok: boolean, message: string, at: number): void => void tested.run(at, ok ? 1 : 0, message, provider),
    recordSync: (provider: CrmProviderId, at: number): void => void synced.run(at, provider),
    recordError: (provider: CrmProviderId, error: string, at: number): void => void failed.run(error.slice(0, 500), at, provider),
  };
}

export type CrmRepository = ReturnType<typeof createCrmRepository>;
